import { Global, Module, type Provider } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  AssignmentService,
  createDomainServices,
  DispatchService,
  DocumentQueryService,
  DocumentTypeService,
  DocumentVersionsService,
  type DomainServices,
  IncomingService,
  IssuingService,
  OutgoingDraftingService,
  RegisterExportService,
  RegisterService,
} from '@kyso/documents';
import { type Clock, OrganisationService, UnitService, UserService } from '@kyso/org';
import type { BlobStore } from '@kyso/storage';
import type { KysoConfig } from '@kyso/config';
import { BLOB_STORE, CLOCK, CONFIG, DATA_SOURCE } from '../core/tokens';
import { PadesIncomingChecker } from './pades-signature-checker';

export const DOMAIN = Symbol('kyso.domain');

/** Each domain service is injectable by its class; all come from one composition so they share the audit trail. */
const services: Array<[abstract new (...args: never[]) => unknown, keyof DomainServices]> = [
  [OrganisationService, 'organisations'],
  [UnitService, 'units'],
  [UserService, 'users'],
  [DocumentTypeService, 'types'],
  [RegisterService, 'registers'],
  [IncomingService, 'incoming'],
  [OutgoingDraftingService, 'drafting'],
  [IssuingService, 'issuing'],
  [DispatchService, 'dispatch'],
  [DocumentVersionsService, 'versions'],
  [DocumentQueryService, 'queries'],
  [AssignmentService, 'assignments'],
  [RegisterExportService, 'exports'],
];

const providers: Provider[] = [
  {
    provide: DOMAIN,
    inject: [DATA_SOURCE, BLOB_STORE, CLOCK, CONFIG],
    useFactory: (dataSource: DataSource, blobStore: BlobStore, clock: Clock, config: KysoConfig) =>
      createDomainServices({
        dataSource,
        blobStore,
        clock,
        signatureChecker: new PadesIncomingChecker(config, dataSource),
      }),
  },
  ...services.map(([token, key]) => ({
    provide: token,
    inject: [DOMAIN],
    useFactory: (d: DomainServices) => d[key],
  })),
];

/** The plain-TypeScript domain (libs/org, libs/documents) wired to the app's database, blob store and clock. */
@Global()
@Module({ providers, exports: providers.map((p) => (p as { provide: unknown }).provide as symbol) })
export class DomainModule {}
