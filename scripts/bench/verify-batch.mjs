// npm run bench:verify-batch — documents/s verifying a directory of signed 100 KiB B-LT PDFs with
// `kyso verify --batch` (native core, cached chains), against pdfsig over a sample of the same files, in one run.
// BENCH_DOCS (default 10000) files are written; BENCH_DISTINCT (default 200) of them are distinct signatures and
// the rest are copies (as dispatch copies one signed file to many recipients). BENCH_THREADS sets the validation
// threads (default one per core).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromDist, machine } from './dist-require.mjs';

const DOCS = Number(process.env.BENCH_DOCS ?? 10_000);
const DISTINCT = Math.min(DOCS, Number(process.env.BENCH_DISTINCT ?? 200));
const PDFSIG_SAMPLE = Math.min(DOCS, Number(process.env.BENCH_PDFSIG_SAMPLE ?? 100));

const { startTrustServices, testPki } = fromDist('certs-test/src/index.js');
const { SoftwareSigner, signPdf } = fromDist('libs/signing/src/index.js');
const { CrlClient, OcspClient, TsaClient } = fromDist('libs/cms/src/index.js');
const { createValidator, TrustStore, validatePdf } = fromDist('libs/validation/src/index.js');
const { verifyBatch } = fromDist('apps/cli/src/commands/verify-batch.js');
const native = fromDist('native/ts/index.js');
const { PDFDocument } = await import('pdf-lib');

// The certificates' AIA/CDP URLs name 127.0.0.1:39080; use the shared test services there, or start them.
let trust;
const base = 'http://127.0.0.1:39080';
try {
  await fetch(`${base}/admin/health`);
} catch {
  trust = await startTrustServices({ port: 39080 });
}
const pki = testPki();
const services = {
  tsa: new TsaClient({ url: `${base}/tsa` }),
  ocsp: new OcspClient(),
  crl: new CrlClient(),
  now: () => new Date(),
};
const signer = await SoftwareSigner.fromPkcs12(pki.leaderRsa.p12Path, pki.p12Password);

const dir = mkdtempSync(join(tmpdir(), 'kyso-bench-batch-'));
console.log(`machine: ${machine()}; native core: ${JSON.stringify(native.info())}`);
const t0 = Date.now();
const distinct = [];
for (let i = 0; i < DISTINCT; i++) {
  const doc = await PDFDocument.create();
  doc.addPage().drawText(`Van ban so ${i}`, { x: 72, y: 760, size: 14 });
  const filler = Buffer.alloc(100 * 1024 - 12_000);
  for (let j = 0; j < filler.length; j++) filler[j] = ((i + j) * 2654435761) >>> 24;
  doc.context.register(doc.context.stream(filler));
  const out = await signPdf(Buffer.from(await doc.save({ useObjectStreams: false })), signer, services, {
    level: 'B-LT',
  });
  const file = join(dir, `doc-${String(i).padStart(5, '0')}.pdf`);
  writeFileSync(file, await out.toBuffer());
  distinct.push(file);
}
for (let i = DISTINCT; i < DOCS; i++)
  copyFileSync(distinct[i % DISTINCT], join(dir, `doc-${String(i).padStart(5, '0')}.pdf`));
console.log(
  `prepared ${DOCS} signed B-LT PDFs (${DISTINCT} distinct) in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
);

const trustAnchors = await TrustStore.load([pki.root.certPath]);
const io = { stdout: () => undefined, stderr: () => undefined, env: {} };
const summary = await verifyBatch(
  {
    dir,
    jobs: 32,
    threads: process.env.BENCH_THREADS === undefined ? undefined : Number(process.env.BENCH_THREADS),
    lang: 'vi',
    validator: createValidator({ trustAnchors, offline: true }, { now: () => new Date() }),
    progress: false,
    jsonLines: join(dir, 'results.jsonl'),
  },
  io,
);
const kysoRate = summary.files / summary.seconds;
console.log(
  `kyso verify --batch: ${summary.files} documents in ${summary.seconds.toFixed(1)} s = ${kysoRate.toFixed(0)} documents/s on ${summary.threads} validation threads (passed ${summary.verdicts.TOTAL_PASSED})`,
);

// Same results as single-file validation, on a sample.
let same = 0;
const lines = (await import('node:fs'))
  .readFileSync(join(dir, 'results.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .slice(0, 50)
  .map((l) => JSON.parse(l));
for (const r of lines)
  if ((await validatePdf(r.file, { trustAnchors, offline: true })).verdict === r.verdict) same++;
console.log(`identical to single-file validatePdf: ${same}/${lines.length}`);

const s0 = Date.now();
for (let i = 0; i < PDFSIG_SAMPLE; i++)
  spawnSync('pdfsig', ['-nocert', distinct[i % DISTINCT]], { encoding: 'utf8' });
const pdfsigRate = PDFSIG_SAMPLE / ((Date.now() - s0) / 1000);
console.log(
  `pdfsig -nocert, one process per file, ${PDFSIG_SAMPLE} files: ${pdfsigRate.toFixed(1)} documents/s`,
);
console.log(
  `ratio kyso / pdfsig per document: ${(kysoRate / pdfsigRate).toFixed(1)}× (goals: ≥ 2,000 documents/s and ≥ 50× pdfsig)`,
);
rmSync(dir, { recursive: true, force: true });
await trust?.close();
process.exit(0);
