// npm run bench:sign — SoftHSM raw C_Sign rate vs kyso B-B PDF signatures/s with the same sessions,
// single-signature latency, and peak RSS while signing a 200 MB PDF. One run, figures and ratios.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromDist, machine, percentile, root } from './dist-require.mjs';

const SESSIONS = 4;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const BIG_MB = Number(process.env.BENCH_BIG_MB ?? 200);

const { ensureSoftHsmTokens, startTrustServices, testPki } = fromDist('certs-test/src/index.js');
const { measureRawSignRate } = fromDist('libs/pkcs11/src/index.js');
const { Pkcs11Signer, signPdf } = fromDist('libs/signing/src/index.js');
const { CrlClient, OcspClient } = fromDist('libs/cms/src/index.js');
const { PDFDocument } = await import('pdf-lib');

async function makePdf(padBytes) {
  const doc = await PDFDocument.create();
  doc.addPage([595.28, 841.89]).drawText('Quyet dinh so 05/QD-UBND', { x: 72, y: 760, size: 14 });
  const filler = Buffer.alloc(padBytes);
  for (let i = 0; i < filler.length; i++) filler[i] = (i * 2654435761) >>> 24;
  doc.context.register(doc.context.stream(filler));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

const hsm = ensureSoftHsmTokens();
process.env.SOFTHSM2_CONF = hsm.conf;
const trust = await startTrustServices({ port: 0 });
const pki = testPki();
const out = [];
const line = (s) => {
  out.push(s);
  console.log(s);
};

line(`machine: ${machine()}`);
// 1. Raw rate: pkcs11js C_Sign with CKM_SHA256_RSA_PKCS over 4 sessions, nothing else.
const raw = await measureRawSignRate({
  module: hsm.module,
  tokenLabel: 'org-hsm',
  pin: '1234',
  keyLabel: 'seal-c',
  sessions: SESSIONS,
  seconds: SECONDS,
});
line(`raw SoftHSM C_Sign RSA-2048, ${SESSIONS} sessions: ${raw.signaturesPerSecond.toFixed(0)} /s`);

// 2. kyso B-B on a 1 MB PDF through the same token with a 4-session pool, 4 documents in flight.
const signer = await Pkcs11Signer.open({
  module: hsm.module,
  token: { label: 'org-hsm' },
  key: { label: 'seal-c' },
  pin: '1234',
  chain: pki.chainOf('sealC'),
  sessions: SESSIONS,
});
// OCSP answers come from the test responder (its URL in the certificate's AIA is rewritten to this run's port);
// the client caches the answer, as the server does between requests.
const ocsp = new OcspClient();
const services = {
  ocsp: { check: (p) => ocsp.check({ ...p, url: trust.ocspUrl }) },
  crl: new CrlClient(),
  now: () => new Date(),
};
const pdf = await makePdf(1024 * 1024);
const latencies = [];
let done = 0;
const end = Date.now() + SECONDS * 1000;
const started = process.hrtime.bigint();
await Promise.all(
  Array.from({ length: SESSIONS * 2 }, async () => {
    while (Date.now() < end) {
      const t0 = process.hrtime.bigint();
      await (await signPdf(pdf, signer, services, { level: 'B-B' })).toBuffer();
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      done++;
    }
  }),
);
const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
const rate = done / elapsed;
line(
  `kyso B-B PDF signatures, 1 MB PDF, ${SESSIONS} sessions: ${rate.toFixed(0)} /s = ${((100 * rate) / raw.signaturesPerSecond).toFixed(0)} % of raw (goal ≥ 80 %)`,
);

// 3. Latency of one signature with nothing else running.
const single = [];
for (let i = 0; i < 200; i++) {
  const t0 = process.hrtime.bigint();
  await (await signPdf(pdf, signer, services, { level: 'B-B' })).toBuffer();
  single.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
single.sort((a, b) => a - b);
line(
  `one B-B signature, 1 MB PDF, sequential: p50 ${percentile(single, 50).toFixed(1)} ms, p99 ${percentile(single, 99).toFixed(1)} ms`,
);
await signer.close();

// 4. Peak RSS of a fresh process signing a big PDF from a path to a path (the CLI's way).
const dir = mkdtempSync(join(tmpdir(), 'kyso-bench-sign-'));
const big = join(dir, 'big.pdf');
writeFileSync(big, await makePdf(BIG_MB * 1024 * 1024));
const size = statSync(big).size;
const child = spawnSync(
  process.execPath,
  [
    '-e',
    `const { SoftwareSigner, signPdf } = require(${JSON.stringify(join(root, 'dist/libs/signing/src/index.js'))});
     (async () => {
       const signer = await SoftwareSigner.fromPkcs12(${JSON.stringify(pki.sealC.p12Path)}, 'kyso-test');
       const out = await signPdf(${JSON.stringify(big)}, signer, { ocsp: null, crl: null, now: () => new Date() }, { level: 'B-B', skipCertificateCheck: true });
       await out.writeTo(${JSON.stringify(join(dir, 'big-signed.pdf'))});
       // VmHWM, not resourceUsage().maxRSS: Linux carries ru_maxrss over exec, so it would show the parent's peak.
       const hwm = require('node:fs').readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\\s+(\\d+)/)[1];
       console.log(JSON.stringify({ maxRssKiB: Number(hwm) }));
     })().catch((e) => { console.error(e); process.exit(1); });`,
  ],
  { encoding: 'utf8' },
);
if (child.status !== 0) throw new Error(child.stderr);
const rssMb = JSON.parse(child.stdout.trim().split('\n').pop()).maxRssKiB / 1024;
const fileMb = size / 2 ** 20;
line(
  `peak RSS signing a ${fileMb.toFixed(0)} MB PDF (path → path): ${rssMb.toFixed(0)} MB = file size + ${(rssMb - fileMb).toFixed(0)} MB (goal ≤ file size + 150 MB)`,
);
rmSync(dir, { recursive: true, force: true });
await trust.close();
