import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import type { KysoConfig } from '@kyso/config';
import { AuthModule } from '../auth/auth.module';
import { CONFIG } from '../core/tokens';
import { SealSignerService } from './seal-signer.service';
import { SealSigningService } from './seal-signing.service';
import { SignController } from './sign.controller';

/** Server-side signing with the organisation's seal key; the leader's own token signs through the token agent. */
@Module({
  imports: [
    AuthModule,
    MulterModule.registerAsync({
      inject: [CONFIG],
      useFactory: (config: KysoConfig) => ({
        storage: memoryStorage(),
        limits: { fileSize: config.http.maxUploadBytes, files: 2, fields: 20 },
      }),
    }),
  ],
  controllers: [SignController],
  providers: [SealSignerService, SealSigningService],
  exports: [SealSignerService],
})
export class SigningModule {}
