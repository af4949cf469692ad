import type { Provider } from '@nestjs/common';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { AugmentationService, TimestampRenewalService } from '@kyso/archive';
import type { KysoConfig } from '@kyso/config';
import { ArrivalRouter, type DomainServices, OrganisationHoldingsRepository } from '@kyso/documents';
import { type Clock, LineageService, ReorganisationService, ScheduledReorganisations } from '@kyso/org';
import type { TrustServices } from '@kyso/signing';
import type { BlobStore } from '@kyso/storage';
import { systemClock } from '../core/clock';
import { BLOB_STORE, CLOCK, CONFIG, DATA_SOURCE, LOGGER } from '../core/tokens';
import { TRUST_SERVICES } from '../core/trust-services.provider';
import { DOMAIN } from '../domain/domain.module';
import { ArchiveRunLauncher } from './archive-run-launcher';

/** The lineage, continuity and archive services over the app's database, sharing the domain's audit trail. */
export const reorganisationProviders: Provider[] = [
  // One lineage, holdings repository and arrival router per process: the domain's, which its delivery paths use.
  {
    provide: OrganisationHoldingsRepository,
    inject: [DOMAIN],
    useFactory: (domain: DomainServices) => domain.holdings,
  },
  { provide: LineageService, inject: [DOMAIN], useFactory: (domain: DomainServices) => domain.lineage },
  {
    provide: ReorganisationService,
    inject: [DATA_SOURCE, CLOCK, DOMAIN, OrganisationHoldingsRepository],
    useFactory: (
      ds: DataSource,
      clock: Clock,
      domain: DomainServices,
      holdings: OrganisationHoldingsRepository,
    ) => new ReorganisationService(ds, clock, domain.audit, holdings),
  },
  {
    provide: ScheduledReorganisations,
    inject: [DATA_SOURCE, CLOCK, DOMAIN, ReorganisationService],
    useFactory: (ds: DataSource, clock: Clock, domain: DomainServices, continuity: ReorganisationService) =>
      new ScheduledReorganisations(ds, clock, domain.audit, continuity),
  },
  { provide: ArrivalRouter, inject: [DOMAIN], useFactory: (domain: DomainServices) => domain.router },
  {
    provide: ArchiveRunLauncher,
    inject: [CONFIG, DATA_SOURCE, BLOB_STORE, DOMAIN, LOGGER, TRUST_SERVICES],
    useFactory: (
      config: KysoConfig,
      ds: DataSource,
      blobStore: BlobStore,
      domain: DomainServices,
      logger: Logger,
      trust: TrustServices,
    ) => {
      // The archive works on real time (certificate and timestamp validity), never on a test clock: the
      // process's TSA/OCSP/CRL clients, read against the wall clock.
      const archiveTrust: TrustServices = { ...trust, now: () => systemClock.now() };
      const augmentation = archiveTrust.tsa
        ? new AugmentationService({
            dataSource: ds,
            blobStore,
            trust: archiveTrust,
            audit: domain.audit,
            clock: systemClock,
          })
        : undefined;
      const renewal = augmentation
        ? new TimestampRenewalService({ dataSource: ds, blobStore, clock: systemClock }, augmentation)
        : undefined;
      return new ArchiveRunLauncher(config, augmentation, renewal, logger);
    },
  },
];
