/* The judges of the interop matrix: kyso's validator (test root trusted, test OCSP online), poppler's pdfsig
 * (NSS database trusting the test root) and MuPDF's `mutool sign -v`. Each returns one short verdict string,
 * what the matrix compares with the cell's expectation and prints in its table. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  createValidationCache,
  type PdfValidationResult,
  type SignatureValidation,
  TrustStore,
  validatePdf,
} from '@kyso/validation';
import { testPki } from '@kyso/test-pki';
import { nssDbWithTestRoot, parseMutoolText, parsePdfsigText } from '../../support/verifiers';

const run = promisify(execFile);

export type JudgeName = 'kyso' | 'pdfsig' | 'mutool';
export const JUDGES: readonly JudgeName[] = ['kyso', 'pdfsig', 'mutool'];

export interface Verdict {
  /** What the cell compares, e.g. `TOTAL_PASSED,TOTAL_PASSED` or `valid×2`. */
  summary: string;
  /** The judge's own words, for the failure message. */
  detail: string;
  /** kyso's full result, for the negative cells that assert the reason too. */
  kyso?: PdfValidationResult;
}

async function withFile<T>(pdf: Buffer, fn: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'kyso-matrix-judge-'));
  try {
    const file = join(dir, 'f.pdf');
    await writeFile(file, pdf);
    return await fn(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Tools exit 0 on broken signatures, and some exit 1 on a damaged file while still printing a verdict. */
async function output(cmd: string, args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run(cmd, args, { maxBuffer: 16 * 1024 * 1024, timeout: 60_000 });
    return `${stdout}${stderr}`;
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stdout?: string; stderr?: string; signal?: string };
    if (e.code === 'ENOENT') throw new Error(`${cmd} is not installed`);
    return `${e.stdout ?? ''}${e.stderr ?? ''}${e.signal ? `\n${CRASHED} (${e.signal})` : ''}`;
  }
}

/** Marks the output of a judge that died on a signal (mutool on node-forge's CMS). */
const CRASHED = 'judge crashed';

/** One signature or time-stamp as the matrix names it: the indication, and the sub-indication when not passed. */
export function kysoEntry(s: Pick<SignatureValidation, 'indication' | 'subIndication'>): string {
  return s.subIndication ? `${s.indication}/${s.subIndication}` : s.indication;
}

let trust: TrustStore | undefined;
const cache = createValidationCache();
const offlineCache = createValidationCache();

/**
 * kyso with the test root trusted, the test OCSP online; `offline`: nothing but the validation data in the
 * file, what a B-LT/B-LTA extension is for (its own cache, so no online answer is reused).
 */
export async function judgeKyso(pdf: Buffer, options: { offline?: boolean } = {}): Promise<Verdict> {
  trust ??= TrustStore.fromCertificates([testPki().root.certPem]);
  const result = await validatePdf(pdf, {
    trustAnchors: trust,
    cache: options.offline ? offlineCache : cache,
    offline: options.offline,
  });
  const entries = result.signatures.map(kysoEntry);
  return {
    summary: entries.length ? entries.join(',') : result.verdict,
    detail: result.signatures
      .map(
        (s) =>
          `#${s.index} ${s.kind} ${s.fieldNames.join('/')}: ${kysoEntry(s)}; ` +
          `changes ${s.modifications.verdict} ${s.modifications.changes
            .filter((c) => !c.allowed)
            .map((c) => `${c.kind}${c.detail ? ` (${c.detail})` : ''}`)
            .join('; ')}; ${s.findings.map((f) => f.code).join(' ')}`,
      )
      .join('\n'),
    kyso: result,
  };
}

/**
 * pdfsig's verdict on the signatures it lists (empty fields and document time-stamps left out: pdfsig does
 * not check time-stamps, it calls their type "unknown"):
 * `valid×n` when every one verifies, else each status in order.
 */
export async function judgePdfsig(pdf: Buffer): Promise<Verdict> {
  const text = await withFile(pdf, (file) =>
    output('pdfsig', ['-nssdir', `sql:${nssDbWithTestRoot()}`, file]),
  );
  const entries = parsePdfsigText(text).entries.filter(
    (e) => e.signed && !/RFC3161/.test(e.subFilter ?? '') && e.subFilter !== 'unknown',
  );
  return { summary: countOrList(entries.map((e) => (e.signatureValid ? 'valid' : 'invalid'))), detail: text };
}

/**
 * mutool's verdict on the signed fields it lists: `valid` when every one verifies. It walks /Fields only, so
 * it never sees a signature widget that is only on a page's /Annots; the count is therefore not compared.
 */
export async function judgeMutool(pdf: Buffer): Promise<Verdict> {
  const text = await withFile(pdf, (file) => output('mutool', ['sign', '-v', file]));
  if (text.includes(CRASHED)) return { summary: 'crashed', detail: text };
  const statuses = parseMutoolText(text).signatures.map((s) => (s.valid ? 'valid' : 'invalid'));
  const same = statuses.length > 0 && statuses.every((s) => s === statuses[0]);
  return { summary: same ? statuses[0] : statuses.join(',') || 'none', detail: text };
}

function countOrList(statuses: string[]): string {
  if (statuses.length === 0) return 'none';
  if (statuses.every((s) => s === statuses[0])) return `${statuses[0]}×${statuses.length}`;
  return statuses.join(',');
}

export function judge(name: JudgeName, pdf: Buffer): Promise<Verdict> {
  return name === 'kyso' ? judgeKyso(pdf) : name === 'pdfsig' ? judgePdfsig(pdf) : judgeMutool(pdf);
}
