import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import type { Logger } from 'pino';
import type { KysoConfig } from '@kyso/config';
import { CONFIG, LOGGER } from '../core/tokens';
import { loadVerificationSettings, VERIFICATION_SETTINGS } from './verification-settings';
import {
  DEFAULT_VERIFY_RATE_LIMIT,
  VERIFY_RATE_LIMIT,
  VerifyRateLimitGuard,
} from './verify-rate-limit.guard';
import { VerifyController } from './verify.controller';
import { VerifyService } from './verify.service';

/**
 * `POST /api/v1/verify`: public PAdES validation of an uploaded PDF (JSON or PDF report). Exports the process's
 * verification settings (trust anchors, fetchers, cache) for batch verification.
 */
@Module({
  imports: [
    MulterModule.registerAsync({
      inject: [CONFIG],
      useFactory: (config: KysoConfig) => ({
        storage: memoryStorage(),
        limits: { fileSize: config.http.maxUploadBytes, files: 1, fields: 5 },
      }),
    }),
  ],
  controllers: [VerifyController],
  providers: [
    {
      // A configured but unreadable trust directory stops start-up here, rather than silently trusting nothing.
      provide: VERIFICATION_SETTINGS,
      inject: [CONFIG, LOGGER],
      useFactory: (config: KysoConfig, logger: Logger) => loadVerificationSettings(config.signing, logger),
    },
    VerifyService,
    VerifyRateLimitGuard,
    { provide: VERIFY_RATE_LIMIT, useValue: DEFAULT_VERIFY_RATE_LIMIT },
  ],
  exports: [VERIFICATION_SETTINGS],
})
export class VerifyModule {}
