import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import type { KysoConfig } from '@kyso/config';
import { CONFIG } from '../core/tokens';
import { DocumentActionsController } from './document-actions.controller';
import { DocumentsController } from './documents.controller';
import { PublicDownloadsController } from './public-downloads.controller';

/** Incoming and outgoing documents, their files and state changes. Uploads are bounded by KYSO_MAX_UPLOAD_MB. */
@Module({
  imports: [
    MulterModule.registerAsync({
      inject: [CONFIG],
      useFactory: (config: KysoConfig) => ({
        storage: memoryStorage(),
        limits: { fileSize: config.http.maxUploadBytes, files: 1, fields: 50, fieldSize: 64 * 1024 },
      }),
    }),
  ],
  controllers: [DocumentsController, DocumentActionsController, PublicDownloadsController],
})
export class DocumentsModule {}
