import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { KysoConfig } from '@kyso/config';
import type { BlobStore } from '@kyso/storage';
import { type Clock, systemClock } from './clock';
import { BLOB_STORE, CLOCK, CONFIG, DATA_SOURCE, LOGGER } from './tokens';
import { trustServicesProvider } from './trust-services.provider';
import { validatorProvider } from './validator.provider';

export interface CoreDeps {
  config: KysoConfig;
  dataSource: DataSource;
  blobStore: BlobStore;
  logger: Logger;
  clock?: Clock;
}

/**
 * Makes the already-opened infrastructure (config, database, blobs, logger, clock) injectable everywhere, with the
 * services the process builds once from it (the trust services and the validator).
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(deps: CoreDeps): DynamicModule {
    const providers = [
      { provide: CONFIG, useValue: deps.config },
      { provide: DATA_SOURCE, useValue: deps.dataSource },
      { provide: BLOB_STORE, useValue: deps.blobStore },
      { provide: LOGGER, useValue: deps.logger },
      { provide: CLOCK, useValue: deps.clock ?? systemClock },
      trustServicesProvider,
      validatorProvider,
    ];
    return { module: CoreModule, providers, exports: providers.map((p) => p.provide) };
  }
}
