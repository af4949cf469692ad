import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { loadConfig } from '@kyso/config';
import { type LineageGraph, lineageFromExport, readLineageGraph } from '@kyso/org';
import { CliError } from '../cli-error';
import type { CliIo } from '../program';
import { withDatabase } from './cli-database';

/**
 * The lineage `kyso verify` describes signers with: a lineage export (`--lineage FILE`, written by
 * `kyso org lineage export`), else the installation's database when there is one — `--data-dir DIR` or the same
 * settings as the CLI's other database commands (DATABASE_URL, KYSO_DATA_DIR), the SQLite file only if it exists, so
 * that verifying on a machine without kyso never creates a database. Undefined: no lineage, no note.
 */
export async function lineageForVerify(
  io: CliIo,
  o: { lineage?: string; dataDir?: string },
): Promise<LineageGraph | undefined> {
  if (o.lineage) {
    let text: string;
    try {
      text = await readFile(o.lineage, 'utf8');
    } catch (err) {
      throw new CliError(`cannot read --lineage ${o.lineage}: ${(err as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new CliError(`--lineage ${o.lineage} is not JSON (write it with \`kyso org lineage export\`)`);
    }
    return lineageFromExport(parsed);
  }
  const env = o.dataDir ? { ...io.env, KYSO_DATA_DIR: o.dataDir } : io.env;
  const database = loadConfig(env).database;
  const configured = env.DATABASE_URL !== undefined || o.dataDir !== undefined;
  if (database.kind === 'sqlite' ? !existsSync(database.file) : !configured) return undefined;
  return withDatabase({ ...io, env }, (ds) => readLineageGraph(ds.manager));
}
