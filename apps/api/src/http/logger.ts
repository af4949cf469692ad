import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import type { KysoConfig } from '@kyso/config';

/** Structured JSON logs on stdout. Request bodies are never logged: they may carry PINs or documents. */
export function createLogger(config: Pick<KysoConfig, 'log'>): Logger {
  return pino({
    level: config.log.level,
    base: { service: 'kyso-api' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['*.pin', '*.password', '*.authorization', 'req.headers.authorization', 'req.headers.cookie'],
      censor: '[redacted]',
    },
  });
}

/** Lets Nest's own messages (module init, route mapping) go through the same JSON logger. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
