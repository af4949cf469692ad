import { createWriteStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { type FileVerdict, type Lang, toJsonFileReport, type Validator } from '@kyso/validation';
import { CliError } from '../cli-error';
import type { CliIo } from '../program';

export interface BatchOptions {
  dir: string;
  jobs: number;
  /** Worker threads (default: one per core). */
  threads?: number;
  jsonLines?: string;
  lang: Lang;
  /** The run's validator: trust anchors, offline mode, and the cache used when the batch runs on this thread. */
  validator: Validator;
  at?: Date;
  /** Progress on stderr (a terminal): redrawn in place at most every 200 ms. */
  progress: boolean;
}

export interface BatchSummary {
  files: number;
  verdicts: Record<FileVerdict, number>;
  seconds: number;
  /** Worker threads that validated (0: this thread). */
  threads: number;
  failed: string[];
}

/** Every *.pdf under `dir`, sorted, so two runs over the same archive list files in the same order. */
export async function listPdfs(dir: string): Promise<string[]> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new CliError(`--batch needs a directory, "${dir}" is not one`);
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && e.name.toLowerCase().endsWith('.pdf')) out.push(p);
    }
  };
  await walk(dir);
  return out.sort();
}

/**
 * `kyso verify --batch DIR`: validates every PDF of an archive through the validator's batch (native core for
 * hashing and signature checks, chains cached across documents), writing one JSON line per file and drawing
 * progress on a terminal. Each result is the same as single-file `kyso verify`.
 */
export async function verifyBatch(o: BatchOptions, io: CliIo): Promise<BatchSummary> {
  const files = await listPdfs(o.dir);
  const lines = o.jsonLines ? createWriteStream(o.jsonLines, { flags: 'w' }) : undefined;
  const failed: string[] = [];
  const started = Date.now();
  let done = 0;
  let lastDraw = 0;
  const draw = (force = false) => {
    if (!o.progress || (!force && Date.now() - lastDraw < 200)) return;
    lastDraw = Date.now();
    const rate = done / Math.max(0.001, (Date.now() - started) / 1000);
    const width = 30;
    const filled = Math.round((width * done) / Math.max(1, files.length));
    io.stderr(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${files.length}  ${rate.toFixed(0)} tệp/s `,
    );
  };
  const summary = await o.validator.validateBatch(
    files.map((path) => ({ key: path, path })),
    { jobs: o.jobs, threads: o.threads, at: o.at },
    async ({ path }, result) => {
      if (result.verdict === 'TOTAL_FAILED' || result.verdict === 'ERROR') failed.push(path);
      if (
        lines &&
        !lines.write(`${JSON.stringify(toJsonFileReport(result, { file: path, lang: o.lang }))}\n`)
      )
        await once(lines, 'drain');
      done++;
      draw();
    },
  );
  draw(true);
  if (o.progress) io.stderr('\n');
  if (lines)
    await new Promise<void>((resolve, reject) =>
      lines.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
  return {
    files: summary.files,
    verdicts: summary.verdicts,
    seconds: summary.seconds,
    threads: summary.threads,
    failed,
  };
}

export function summaryTable(s: BatchSummary): string {
  const rows: Array<[string, string]> = [
    ['Tệp / files', String(s.files)],
    ['Hợp lệ / TOTAL_PASSED', String(s.verdicts.TOTAL_PASSED)],
    ['Không hợp lệ / TOTAL_FAILED', String(s.verdicts.TOTAL_FAILED)],
    ['Chưa xác định / INDETERMINATE', String(s.verdicts.INDETERMINATE)],
    ['Không có chữ ký / NO_SIGNATURE', String(s.verdicts.NO_SIGNATURE)],
    ['Lỗi / ERROR', String(s.verdicts.ERROR)],
    ['Thời gian / seconds', s.seconds.toFixed(1)],
    ['Tốc độ / documents/s', (s.files / Math.max(0.001, s.seconds)).toFixed(1)],
    ['Luồng / threads', String(s.threads)],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  return (
    rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n') +
    (s.failed.length ? `\n\nKhông hợp lệ / failed:\n${s.failed.map((f) => `  ${f}`).join('\n')}` : '') +
    '\n'
  );
}
