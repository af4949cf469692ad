import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { PDFDocument } from 'pdf-lib';
import { loadConfig } from '@kyso/config';
import { describeSignerFromLineage, systemClock } from '@kyso/org';
import {
  createOnlineFetchers,
  createValidator,
  type FileVerdict,
  type Lang,
  type PdfValidationResult,
  toJsonReport,
  toPdfReport,
  toTextReport,
  TrustStore,
  ValidationError,
  ValidationErrorCode,
} from '@kyso/validation';
import { CliError, describeError, EXIT } from '../cli-error';
import type { CliIo, CommandRegistrar } from '../program';
import { summaryTable, verifyBatch } from './verify-batch';
import { lineageForVerify } from './verify-lineage';

interface VerifyOptions {
  batch?: string;
  jobs?: string;
  threads?: string;
  jsonLines?: string;
  trust: string[];
  at?: string;
  offline?: boolean;
  json?: boolean;
  lang: string;
  reportPdf?: string;
  lineage?: string;
  dataDir?: string;
}

/** Exit code of one file: 0 all signatures TOTAL_PASSED, 1 any TOTAL_FAILED, 2 anything else. */
const VERDICT_EXIT: Record<FileVerdict, number> = {
  TOTAL_PASSED: EXIT.OK,
  TOTAL_FAILED: EXIT.FAILED,
  INDETERMINATE: EXIT.INDETERMINATE,
  NO_SIGNATURE: EXIT.INDETERMINATE,
  ERROR: EXIT.INDETERMINATE,
};

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/**
 * `kyso verify FILE...`: ETSI-style PAdES validation of each file, as text (Vietnamese by default), JSON or
 * a one-page PDF report. Exit 0 when every signature of every file passed, 1 when any failed, 2 when
 * something is indeterminate or a file has no signature, 3 for usage and I/O errors.
 */
export const registerVerify: CommandRegistrar = (program: Command, io: CliIo, setExit) => {
  program
    .command('verify')
    .description('kiểm tra chữ ký số PDF / validate PDF signatures (PAdES, ETSI EN 319 102-1)')
    .argument('[files...]', 'PDF files to validate')
    .option('--batch <dir>', 'validate every PDF under a directory (native batch core, cached chains)')
    .option('--jobs <n>', 'documents in flight with --batch (default 32)')
    .option(
      '--threads <n>',
      'worker threads that parse and validate with --batch (default one per core; 0: none)',
    )
    .option('--json-lines <out>', 'with --batch: one JSON result per line to this file')
    .option(
      '--trust <pem|dir>',
      'trusted root certificates: PEM/DER file or directory (repeatable; default KYSO_TRUST)',
      collect,
      [],
    )
    .option('--at <iso-time>', 'validate as of this time (ISO 8601), default now')
    .option('--offline', 'no OCSP/CRL/AIA requests: only the validation data inside the documents')
    .option('--json', 'print one JSON document with every file result')
    .option('--lang <vi|en>', 'report language', 'vi')
    .option('--report-pdf <out.pdf>', 'also write a PDF report (one page per file)')
    .option(
      '--lineage <lineage.json>',
      'describe signers whose organisation merged or split, from `kyso org lineage export` (offline)',
    )
    .option(
      '--data-dir <dir>',
      'read the lineage from this installation (default: DATABASE_URL, or KYSO_DATA_DIR if it has a database)',
    )
    .action(async (files: string[], o: VerifyOptions) => {
      const lang = parseLang(o.lang);
      const at = o.at === undefined ? undefined : parseTime(o.at);
      const config = loadConfig(io.env);
      const trustPaths = o.trust.length > 0 ? o.trust : config.signing.trustDirs;
      const trustAnchors = await TrustStore.load(trustPaths);
      for (const s of trustAnchors.skipped) io.stderr(`kyso: bỏ qua / skipped ${s.path}: ${s.reason}\n`);
      const offline = o.offline ?? config.signing.offline;
      // This run's one validator. A batch leaves the network to each worker thread (functions cannot cross
      // threads); single files share one set of fetchers.
      const validator = createValidator(
        { trustAnchors, offline, fetchers: offline || o.batch ? undefined : createOnlineFetchers() },
        systemClock,
      );
      if (o.batch) {
        const jobs = o.jobs === undefined ? 32 : Number(o.jobs);
        if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256)
          throw new CliError(`--jobs must be 1..256, not "${o.jobs}"`);
        const threads = o.threads === undefined ? undefined : Number(o.threads);
        if (threads !== undefined && (!Number.isInteger(threads) || threads < 0 || threads > 64))
          throw new CliError(`--threads must be 0..64, not "${o.threads}"`);
        const summary = await verifyBatch(
          {
            dir: o.batch,
            jobs,
            threads,
            jsonLines: o.jsonLines,
            lang,
            validator,
            at,
            progress: process.stderr.isTTY === true,
          },
          io,
        );
        io.stdout(summaryTable(summary));
        const verdicts = Object.entries(summary.verdicts).flatMap(([v, n]) =>
          Array<FileVerdict>(n).fill(v as FileVerdict),
        );
        setExit(summary.files === 0 ? EXIT.INDETERMINATE : exitCodeOf(verdicts));
        return;
      }
      if (files.length === 0) throw new CliError('give PDF files to verify, or --batch DIR');
      // The note under a signer whose organisation has a successor, as the API's reports print it.
      const lineage = await lineageForVerify(io, o);
      const describeSigner = lineage && describeSignerFromLineage(lineage, () => systemClock.now(), lang);

      const results: { file: string; result: PdfValidationResult }[] = [];
      let ioFailure = false;
      for (const file of files) {
        try {
          const result = await validator.validate(file, { at, describeSigner });
          results.push({ file, result });
          if (!o.json) io.stdout(`${toTextReport(result, { file, lang })}\n`);
        } catch (err) {
          if (!(err instanceof ValidationError) || err.code !== ValidationErrorCode.FILE_UNREADABLE)
            throw err;
          ioFailure = true;
          io.stderr(`kyso: ${describeError(err, lang).line}\n`);
        }
      }
      if (o.json) io.stdout(`${JSON.stringify(toJsonReport(results, lang), null, 2)}\n`);
      if (o.reportPdf && results.length > 0) await writePdfReport(o.reportPdf, results, lang);
      setExit(ioFailure ? EXIT.USAGE : exitCodeOf(results.map((r) => r.result.verdict)));
    });
};

/** 1 if any file failed, else 2 if any is not a clean pass, else 0. */
export function exitCodeOf(verdicts: readonly FileVerdict[]): number {
  const codes = verdicts.map((v) => VERDICT_EXIT[v]);
  if (codes.includes(EXIT.FAILED)) return EXIT.FAILED;
  if (codes.includes(EXIT.INDETERMINATE)) return EXIT.INDETERMINATE;
  return EXIT.OK;
}

function parseLang(text: string): Lang {
  if (text !== 'vi' && text !== 'en') throw new CliError(`--lang must be vi or en, not "${text}"`);
  return text;
}

function parseTime(text: string): Date {
  // An ISO 8601 date-time; a bare date means midnight UTC.
  const d = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text) ? new Date(text) : new Date(NaN);
  if (Number.isNaN(d.getTime()))
    throw new CliError(`--at must be an ISO 8601 time such as 2025-07-01T09:00:00+07:00, not "${text}"`);
  return d;
}

async function writePdfReport(
  target: string,
  results: readonly { file: string; result: PdfValidationResult }[],
  lang: Lang,
): Promise<void> {
  const merged = await PDFDocument.create();
  for (const { file, result } of results) {
    const page = await PDFDocument.load(await toPdfReport(result, { file, lang }));
    for (const copied of await merged.copyPages(page, page.getPageIndices())) merged.addPage(copied);
  }
  try {
    await writeFile(target, await merged.save());
  } catch (err) {
    throw new CliError(`cannot write ${target}: ${(err as Error).message}`);
  }
}
