import { createWriteStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import {
  BatchingCryptoBackend,
  type FileVerdict,
  type Lang,
  type OnlineFetchers,
  toJsonFileReport,
  type TrustStore,
  type ValidationCache,
  validatePdf,
} from '@kyso/validation';
import { CliError } from '../cli-error';
import type { CliIo } from '../program';

export interface BatchOptions {
  dir: string;
  jobs: number;
  jsonLines?: string;
  lang: Lang;
  trustAnchors: TrustStore;
  at?: Date;
  offline: boolean;
  fetchers?: OnlineFetchers;
  cache: ValidationCache;
  /** Progress on stderr (a terminal): redrawn in place at most every 200 ms. */
  progress: boolean;
}

export interface BatchSummary {
  files: number;
  verdicts: Record<FileVerdict, number>;
  seconds: number;
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
 * `kyso verify --batch DIR`: validates every PDF of an archive with `jobs` documents in flight. Parsing stays in
 * TypeScript; byte-range hashing and signature checks of all documents in flight go to the native core in
 * batches; certificate chains and revocation answers are cached across documents (the same leader signs many).
 * Each result is the same as single-file `kyso verify`.
 */
export async function verifyBatch(o: BatchOptions, io: CliIo): Promise<BatchSummary> {
  const files = await listPdfs(o.dir);
  const crypto = new BatchingCryptoBackend();
  const lines = o.jsonLines ? createWriteStream(o.jsonLines, { flags: 'w' }) : undefined;
  const verdicts: Record<FileVerdict, number> = {
    TOTAL_PASSED: 0,
    TOTAL_FAILED: 0,
    INDETERMINATE: 0,
    NO_SIGNATURE: 0,
    ERROR: 0,
  };
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
  let next = 0;
  let drained: Promise<unknown> | undefined;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++];
      const result = await validatePdf(file, {
        trustAnchors: o.trustAnchors,
        at: o.at,
        offline: o.offline,
        fetchers: o.fetchers,
        cache: o.cache,
        crypto,
      });
      verdicts[result.verdict]++;
      if (result.verdict === 'TOTAL_FAILED' || result.verdict === 'ERROR') failed.push(file);
      if (lines && !lines.write(`${JSON.stringify(toJsonFileReport(result, { file, lang: o.lang }))}\n`)) {
        // Workers share one wait for the stream to drain instead of each adding a listener.
        drained ??= once(lines, 'drain').finally(() => (drained = undefined));
        await drained;
      }
      done++;
      draw();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.jobs, files.length)) }, worker));
  draw(true);
  if (o.progress) io.stderr('\n');
  if (lines)
    await new Promise<void>((resolve, reject) =>
      lines.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
  return { files: files.length, verdicts, seconds: (Date.now() - started) / 1000, failed };
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
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  return (
    rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n') +
    (s.failed.length ? `\n\nKhông hợp lệ / failed:\n${s.failed.map((f) => `  ${f}`).join('\n')}` : '') +
    '\n'
  );
}
