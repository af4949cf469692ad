// npm run bench:verify — documents/s validating a directory of signed PDFs with kyso (library, and the CLI as
// one process), against poppler's pdfsig over the same files in the same run. Needs `npm run build`.
//
// The documents are kyso PAdES B-LT signatures (leader key, 2 pages + 100 KB of incompressible data): a
// realistic commune document. kyso validates them offline with the revocation data inside the files
// (what a recipient does years later); pdfsig asks the test OCSP responder (NSS cannot use a DSS).
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fromDist, machine, percentile, root } from './dist-require.mjs';

const execFileAsync = promisify(execFile);
const COUNT = Number(process.env.BENCH_DOCS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);

const { startTrustServices, testPki } = fromDist('certs-test/src/index.js');
const { SoftwareSigner, signPdf } = fromDist('libs/signing/src/index.js');
const { CrlClient, OcspClient, TsaClient } = fromDist('libs/cms/src/index.js');
const { TrustStore, createValidationCache, validatePdf } = fromDist('libs/validation/src/index.js');
const { PDFDocument, StandardFonts } = await import('pdf-lib');

const out = [];
const line = (s) => {
  out.push(s);
  console.log(s);
};

function tool(cmd, pkg) {
  if (spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0) {
    console.error(`${cmd} is not installed: apt-get install -y ${pkg}`);
    process.exit(3);
  }
}
tool('pdfsig', 'poppler-utils');
tool('certutil', 'libnss3-tools');

async function makePdf(i) {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (let p = 0; p < 2; p++) {
    doc
      .addPage([595.28, 841.89])
      .drawText(`Quyet dinh so ${i}/QD-UBND - trang ${p + 1}`, { x: 72, y: 760, size: 14, font });
  }
  const filler = Buffer.alloc(100 * 1024);
  for (let k = 0; k < filler.length; k++) filler[k] = ((k + i) * 2654435761) >>> 24;
  doc.context.register(doc.context.stream(filler));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

// The certificates name port 39080 in their AIA: pdfsig (NSS) goes there. Use the shared test daemon if it
// runs, else start the services on that port for this run.
let trust;
const health = await fetch('http://127.0.0.1:39080/admin/health')
  .then((r) => r.ok)
  .catch(() => false);
if (!health) trust = await startTrustServices({ port: 39080 });
const base = 'http://127.0.0.1:39080';

const pki = testPki();
const dir = mkdtempSync(join(tmpdir(), 'kyso-bench-verify-'));
const docs = join(dir, 'docs');
mkdirSync(docs);
const signer = await SoftwareSigner.fromPkcs12(pki.leaderRsa.p12Path, pki.p12Password);
const services = {
  tsa: new TsaClient({ url: `${base}/tsa` }),
  ocsp: new OcspClient(),
  crl: new CrlClient(),
  now: () => new Date(),
};
const genStart = Date.now();
for (let i = 0; i < COUNT; i++) {
  const signed = await signPdf(await makePdf(i + 1), signer, services, {
    level: 'B-LT',
    reason: 'Phê duyệt',
  });
  writeFileSync(join(docs, `qd-${String(i + 1).padStart(4, '0')}.pdf`), await signed.toBuffer());
}
const files = readdirSync(docs).map((f) => join(docs, f));
line(`machine: ${machine()}`);
line(
  `documents: ${COUNT} kyso B-LT PDFs (~${Math.round(files.reduce((n, f) => n + statSync(f).size, 0) / files.length / 1024)} KB each), generated in ${((Date.now() - genStart) / 1000).toFixed(1)} s`,
);

// 1. kyso as a library, one document at a time and CONCURRENCY in flight, caches shared across the run.
const trustAnchors = TrustStore.fromCertificates([pki.root.certPem]);
async function kysoRun(concurrency) {
  const cache = createValidationCache();
  const latencies = [];
  let next = 0;
  const verdicts = new Map();
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < files.length) {
        const file = files[next++];
        const t0 = process.hrtime.bigint();
        const r = await validatePdf(file, { trustAnchors, offline: true, cache });
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        verdicts.set(r.verdict, (verdicts.get(r.verdict) ?? 0) + 1);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return {
    rate: files.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    verdicts: Object.fromEntries(verdicts),
  };
}
await kysoRun(1); // warm-up (JIT, first parse of the certificates)
const seq = await kysoRun(1);
line(
  `kyso validatePdf, sequential: ${seq.rate.toFixed(1)} docs/s (p50 ${seq.p50.toFixed(1)} ms, p99 ${seq.p99.toFixed(1)} ms) ${JSON.stringify(seq.verdicts)}`,
);
const par = await kysoRun(CONCURRENCY);
line(
  `kyso validatePdf, ${CONCURRENCY} in flight: ${par.rate.toFixed(1)} docs/s ${JSON.stringify(par.verdicts)}`,
);

// 2. kyso CLI: one process for all files (what `kyso verify *.pdf` costs, start-up included). Until the
// command is registered in apps/cli/src/commands/index.ts, the same program is run with only `verify`.
const cliArgs = ['verify', ...files, '--trust', pki.root.certPath, '--offline', '--json'];
const runCliProcess = (argv) =>
  spawnSync(process.execPath, argv, {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, KYSO_TRUST: '' },
  });
let cliStart = process.hrtime.bigint();
let cli = runCliProcess([join(root, 'bin/kyso.js'), ...cliArgs]);
let how = 'bin/kyso.js';
if (/unknown command/.test(cli.stderr)) {
  const wrapper = `const { runCli } = require(${JSON.stringify(join(root, 'dist/apps/cli/src/program.js'))});
    const { registerVerify } = require(${JSON.stringify(join(root, 'dist/apps/cli/src/commands/verify.command.js'))});
    runCli(process.argv.slice(1), [registerVerify]).then((c) => { process.exitCode = c; });`;
  cliStart = process.hrtime.bigint();
  cli = runCliProcess(['-e', wrapper, ...cliArgs]);
  how = 'the CLI program with only `verify` registered';
}
const cliSeconds = Number(process.hrtime.bigint() - cliStart) / 1e9;
if (cli.status !== 0) throw new Error(`kyso verify exited ${cli.status}: ${cli.stderr.slice(0, 500)}`);
line(
  `kyso verify CLI (${how}), one process for ${COUNT} files: ${(COUNT / cliSeconds).toFixed(1)} docs/s (${cliSeconds.toFixed(1)} s, exit ${cli.status})`,
);

// 3. pdfsig (poppler 22.12 + NSS), one process per file as it must be run, trusting the same root.
const nss = join(dir, 'nss');
mkdirSync(nss);
spawnSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
spawnSync('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'root', '-t', 'CT,C,C', '-i', pki.root.certPath]);
let valid = 0;
const pdfsigStart = process.hrtime.bigint();
for (const file of files) {
  // Asynchronously: when this process serves the OCSP responder, a synchronous spawn would block it.
  const r = await execFileAsync('pdfsig', ['-nssdir', `sql:${nss}`, file], { encoding: 'utf8' }).catch(
    (err) => err,
  );
  if (/Signature is Valid\./.test(r.stdout) && /Certificate is Trusted\./.test(r.stdout)) valid++;
}
const pdfsigSeconds = Number(process.hrtime.bigint() - pdfsigStart) / 1e9;
line(
  `pdfsig -nssdir, one process per file: ${(COUNT / pdfsigSeconds).toFixed(1)} docs/s (${valid}/${COUNT} "valid + trusted")`,
);
line(`kyso library (sequential) / pdfsig: ${(seq.rate / (COUNT / pdfsigSeconds)).toFixed(1)}×`);

rmSync(dir, { recursive: true, force: true });
await trust?.close();
