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
import type { Validator } from '@kyso/validation';
import { BLOB_STORE, CLOCK, DATA_SOURCE } from '../core/tokens';
import { VALIDATOR } from '../core/validator.provider';
import { PadesIncomingChecker } from './pades-incoming-checker';

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
    provide: PadesIncomingChecker,
    inject: [VALIDATOR, DATA_SOURCE],
    useFactory: (validator: Validator, dataSource: DataSource) =>
      new PadesIncomingChecker(validator, dataSource),
  },
  {
    provide: DOMAIN,
    inject: [DATA_SOURCE, BLOB_STORE, CLOCK, PadesIncomingChecker],
    useFactory: (
      dataSource: DataSource,
      blobStore: BlobStore,
      clock: Clock,
      signatureChecker: PadesIncomingChecker,
    ) => createDomainServices({ dataSource, blobStore, clock, signatureChecker }),
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
