import 'reflect-metadata';
import pino from 'pino';
import { ConfigError, loadConfig, settingHint } from '@kyso/config';
import { DatabaseUnavailableError, openDatabase } from '@kyso/database';
import { createJobQueue } from '@kyso/queue';
import { createBlobStore } from '@kyso/storage';
import { entities } from '../../api/src/entities';
import { createScheduler, startWorkers } from './start-workers';
import { createWorkerContext } from './worker-context';

/**
 * `npm run start:worker`: consumes background jobs from Redis (production mode). In the embedded mode the API
 * runs the same jobs in-process, so a worker is only needed with REDIS_URL.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.queue.kind !== 'redis') {
    throw new ConfigError(
      'REDIS_URL',
      'is not set',
      'The worker consumes jobs from Redis; in the embedded mode the API runs them itself.',
    );
  }
  const logger = pino({
    level: config.log.level,
    base: { service: 'kyso-worker' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
  const dataSource = await openDatabase(config.database, { entities });
  const queue = createJobQueue(config.queue);
  const ctx = await createWorkerContext({
    config,
    dataSource,
    blobStore: createBlobStore(config.storage),
    queue,
    logger,
  });
  const names = startWorkers(ctx);
  const scheduler = createScheduler(ctx);
  scheduler.start();
  logger.info({ jobs: names, scheduled: scheduler.jobNames }, 'kyso worker ready');
  const stop = async () => {
    logger.info('stopping: finishing running jobs');
    await scheduler.stop();
    await queue.close();
    await dataSource.destroy();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DatabaseUnavailableError) {
    const hint = err instanceof DatabaseUnavailableError ? settingHint(err.code) : undefined;
    process.stderr.write(`kyso-worker: ${err.message}${hint ? `. Check ${hint}.` : ''}\n`);
    process.exit(2);
  }
  process.stderr.write(`kyso-worker: failed to start: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
