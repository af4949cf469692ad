import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ErrorBody } from './http/error-body';

/** OpenAPI JSON at /api/docs-json, Swagger UI at /api/docs. */
export function setupOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('kyso API')
      .setDescription(
        'Ký số và quản lý văn bản cho UBND cấp xã — digital signatures and document management for commune governments',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
    // The error schema every route answers with (components/schemas/ErrorBody).
    { extraModels: [ErrorBody] },
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
