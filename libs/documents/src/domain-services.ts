import type { DataSource } from 'typeorm';
import { type Clock, LineageService, OrganisationService, UnitService, UserService } from '@kyso/org';
import type { BlobStore } from '@kyso/storage';
import { AssignmentService } from './assignments/assignment.service';
import { AuditTrail } from './audit/audit-trail';
import { OrganisationHoldingsRepository } from './continuity/organisation-holdings.repository';
import { DocumentTypeService } from './document-types/document-type.service';
import { DocumentQueryService } from './documents/document-query.service';
import { DocumentFileStore } from './files/document-file-store';
import { DocumentVersionsService } from './files/document-versions.service';
import { ArrivalRouter } from './incoming/arrival-router';
import { type IncomingSignatureChecker, notCheckedSignatures } from './incoming/incoming-signature-checker';
import { IncomingService } from './incoming/incoming.service';
import { DispatchService } from './outgoing/dispatch.service';
import { IssuingService } from './outgoing/issuing.service';
import { OutgoingDraftingService } from './outgoing/outgoing-drafting.service';
import { RegisterExportService } from './registers/export/register-export.service';
import { RegisterService } from './registers/register.service';

export interface DomainDeps {
  dataSource: DataSource;
  blobStore: BlobStore;
  clock: Clock;
  /** How received files' signatures are checked; without one they are recorded as "not checked". */
  signatureChecker?: IncomingSignatureChecker;
}

export type DomainServices = ReturnType<typeof createDomainServices>;

/**
 * Builds the organisation and document services over one data source, blob store and clock. The API, the CLI and
 * the tests all compose the domain here, so they run the same code with the same audit trail.
 */
export function createDomainServices(deps: DomainDeps) {
  const { dataSource: ds, blobStore: blobs, clock } = deps;
  const audit = new AuditTrail();
  const types = new DocumentTypeService(ds);
  const users = new UserService(ds, clock, audit);
  const registers = new RegisterService(ds, clock, audit);
  const fileStore = new DocumentFileStore(blobs);
  // Every delivery path routes mail addressed to a ceased organisation through the one lineage and router.
  const holdings = new OrganisationHoldingsRepository();
  const lineage = new LineageService(ds, clock, audit, holdings);
  const router = new ArrivalRouter(ds, clock, audit, lineage, holdings);
  const incoming = new IncomingService(
    ds,
    clock,
    audit,
    types,
    registers,
    fileStore,
    deps.signatureChecker ?? notCheckedSignatures,
    users,
    router,
  );
  return {
    audit,
    holdings,
    lineage,
    router,
    organisations: new OrganisationService(ds, clock, audit),
    units: new UnitService(ds, clock, audit),
    users,
    types,
    registers,
    incoming,
    drafting: new OutgoingDraftingService(ds, clock, audit, types, registers, fileStore, users, router),
    issuing: new IssuingService(ds, clock, audit, types, registers),
    dispatch: new DispatchService(ds, clock, audit, incoming, blobs, router),
    versions: new DocumentVersionsService(ds, clock, audit, fileStore, blobs),
    queries: new DocumentQueryService(ds),
    assignments: new AssignmentService(ds, clock, audit),
    exports: new RegisterExportService(ds, registers, types),
  };
}
