import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import type { KysoConfig } from '@kyso/config';
import { CONFIG } from '../core/tokens';
import {
  DEFAULT_VERIFY_RATE_LIMIT,
  VERIFY_RATE_LIMIT,
  VerifyRateLimitGuard,
} from './verify-rate-limit.guard';
import { VerifyController } from './verify.controller';
import { VerifyService } from './verify.service';

/** `POST /api/v1/verify`: public PAdES validation of an uploaded PDF (JSON or PDF report). */
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
    VerifyService,
    VerifyRateLimitGuard,
    { provide: VERIFY_RATE_LIMIT, useValue: DEFAULT_VERIFY_RATE_LIMIT },
  ],
})
export class VerifyModule {}
