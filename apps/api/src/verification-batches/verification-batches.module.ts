import { Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { VerificationBatchService } from '@kyso/archive';
import type { KysoConfig } from '@kyso/config';
import type { Clock } from '@kyso/org';
import { createJobQueue } from '@kyso/queue';
import type { BlobStore } from '@kyso/storage';
import type { Validator } from '@kyso/validation';
import { BLOB_STORE, CLOCK, CONFIG, DATA_SOURCE, LOGGER } from '../core/tokens';
import { VALIDATOR } from '../core/validator.provider';
import { VerificationBatchLauncher } from './verification-batch-launcher';
import { VerificationBatchesController } from './verification-batches.controller';

/**
 * `/api/v1/verification-batches`: re-verification of an organisation's signed documents as a background batch — run
 * by apps/worker through BullMQ in production, by this process in the embedded mode — with the same trust settings
 * as `POST /api/v1/verify` (the process's one validator).
 */
@Module({
  controllers: [VerificationBatchesController],
  providers: [
    {
      provide: VerificationBatchService,
      inject: [DATA_SOURCE, BLOB_STORE, CLOCK, VALIDATOR],
      useFactory: (dataSource: DataSource, blobStore: BlobStore, clock: Clock, validator: Validator) =>
        new VerificationBatchService({ dataSource, blobStore, clock, validator }),
    },
    {
      provide: VerificationBatchLauncher,
      inject: [VerificationBatchService, CONFIG, LOGGER],
      useFactory: (service: VerificationBatchService, config: KysoConfig, logger: Logger) =>
        new VerificationBatchLauncher(
          service,
          logger,
          config.queue.kind === 'redis' ? createJobQueue(config.queue) : undefined,
        ),
    },
  ],
})
export class VerificationBatchesModule {}
