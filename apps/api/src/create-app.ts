import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { KysoConfig } from '@kyso/config';
import { openDatabase } from '@kyso/database';
import { createBlobStore } from '@kyso/storage';
import { AppModule } from './app.module';
import type { Clock } from './core/clock';
import { entities } from './entities';
import { AllExceptionsFilter } from './http/all-exceptions.filter';
import { answerParserErrors } from './http/client-error';
import { JSON_BODY_LIMIT, malformedJson, verifyJsonBody } from './http/json-body';
import { createLogger, NestPinoLogger } from './http/logger';
import { requestContext } from './http/request-context.middleware';
import { createValidationPipe } from './http/validation.pipe';
import { setupOpenApi } from './openapi';

export interface KysoApp {
  app: NestExpressApplication;
  dataSource: DataSource;
  logger: Logger;
  close(): Promise<void>;
}

/**
 * Opens the database (running migrations) and blob storage, then builds the Nest application.
 * Infrastructure is opened before Nest so that a wrong setting fails with one clear line, not a DI stack trace.
 */
export async function createApp(
  config: KysoConfig,
  options: { clock?: Clock; logger?: Logger } = {},
): Promise<KysoApp> {
  const logger = options.logger ?? createLogger(config);
  const dataSource = await openDatabase(config.database, { entities });
  const blobStore = createBlobStore(config.storage);
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ config, dataSource, blobStore, logger, clock: options.clock }),
    { logger: new NestPinoLogger(logger), bodyParser: false },
  );
  app.disable('x-powered-by');
  answerParserErrors(app.getHttpServer());
  app.set('trust proxy', 'loopback');
  app.use(requestContext(logger));
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT, verify: verifyJsonBody });
  app.use(malformedJson);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(logger));
  app.enableShutdownHooks();
  setupOpenApi(app);
  return {
    app,
    dataSource,
    logger,
    close: async () => {
      await app.close();
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}
