import 'reflect-metadata';
import { ConfigError, loadConfig, settingHint } from '@kyso/config';
import { DatabaseUnavailableError } from '@kyso/database';
import { createApp } from './create-app';

/** `npm start`: the API on the configured database (SQLite under ./data by default). */
async function main(): Promise<void> {
  const config = loadConfig();
  const { app, logger } = await createApp(config);
  await app.listen(config.http.port, config.http.host);
  logger.info(
    {
      url: `http://${config.http.host}:${config.http.port}`,
      database: config.database.kind,
      queue: config.queue.kind,
    },
    'kyso API ready — docs at /api/docs',
  );
}

main().catch((err: unknown) => {
  // Configuration and infrastructure problems: one readable line, no stack trace.
  if (err instanceof ConfigError || err instanceof DatabaseUnavailableError) {
    const hint = err instanceof DatabaseUnavailableError ? settingHint(err.code) : undefined;
    process.stderr.write(`kyso: ${err.message}${hint ? `. Check ${hint}.` : ''}\n`);
    process.exit(2);
  }
  process.stderr.write(`kyso: failed to start: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
