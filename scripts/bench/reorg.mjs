// npm run bench:reorg — the two bulk operations of a reorganisation:
//  1. B-LTA augmentation of the signed PDFs of the communes that cease (DSS with fresh OCSP for every signature,
//     then a document timestamp), through the resumable run machinery, with a local TSA/OCSP: documents/s;
//  2. one RFC 4998 evidence-record tree over 1,000,000 file hashes (native core) and one timestamp of its root.
// BENCH_DOCS (default 10000) and BENCH_LEAVES (default 1000000) allow quick runs. Needs `npm run build`.
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromDist, machine, root } from './dist-require.mjs';

const DOCS = Number(process.env.BENCH_DOCS ?? 10_000);
const LEAVES = Number(process.env.BENCH_LEAVES ?? 1_000_000);
const SOURCES = Math.min(200, DOCS);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);

const { testPki } = fromDist('certs-test/src/index.js');
const { loadConfig } = fromDist('libs/config/src/index.js');
const { openDatabase } = fromDist('libs/database/src/index.js');
const { LocalBlobStore } = fromDist('libs/storage/src/index.js');
const { CrlClient, OcspClient, TsaClient } = fromDist('libs/cms/src/index.js');
const { SoftwareSigner, signPdf } = fromDist('libs/signing/src/index.js');
const { AuditTrail } = fromDist('libs/documents/src/index.js');
const { AugmentationService, buildAndTimestamp, reducedHashtree, reducedTreeRoot } =
  fromDist('libs/archive/src/index.js');
const { info } = fromDist('native/ts/index.js');
const { PDFDocument } = await import('pdf-lib');

const line = (s) => console.log(s);
line(
  `machine: ${machine()}; native core: ${info().native ? 'C++' : 'node:crypto fallback'} (${info().threads} threads)`,
);

/** The test TSA/OCSP in a process of their own (as a real TSA would be), on a free port. */
async function startLocalTrustServices() {
  const child = spawn(process.execPath, [join(root, 'certs-test/scripts/trust-services.js'), '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const baseUrl = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`trust services exited with ${code}: ${out}`)));
  });
  return {
    tsaUrl: `${baseUrl}/tsa`,
    ocspUrl: `${baseUrl}/ocsp`,
    close: () => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM'))),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'kyso-bench-reorg-'));
const trust = await startLocalTrustServices();
try {
  const pki = testPki();
  const config = loadConfig({
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? `sqlite:${join(dir, 'kyso.sqlite')}`,
    KYSO_DATA_DIR: dir,
  });
  const ds = await openDatabase(config.database, { entities: [] });
  const blobs = new LocalBlobStore(join(dir, 'blobs'));
  // The certificates' AIA names the shared test responder; this run's responder listens on its own port.
  const ocsp = new OcspClient();
  const services = {
    tsa: new TsaClient({ url: trust.tsaUrl }),
    ocsp: { check: (p) => ocsp.check({ ...p, url: trust.ocspUrl }) },
    crl: new CrlClient(),
    now: () => new Date(),
  };
  const signer = await SoftwareSigner.fromPkcs12(pki.sealA.p12Path, pki.p12Password, {
    extraChain: pki.chainOf('sealA'),
  });

  // Signed B-T decisions of a ceasing commune (a few hundred distinct files shared by the documents, as dispatch
  // shares one blob between sender and receivers; each document still gets its own augmented version).
  const pg = config.database.kind === 'postgres';
  const p = (i) => (pg ? `$${i}` : '?');
  const orgId = randomUUID();
  const now = new Date().toISOString();
  await ds.query(
    `INSERT INTO organisations (id, name, short_name, code, valid_from, created_at, updated_at) VALUES (${[1, 2, 3, 4, 5, 6, 7].map(p).join(', ')})`,
    [orgId, 'UBND xã Tân Lập', 'UBND', '000.00.31.H41', '2024-01-01', now, now],
  );
  const sources = [];
  let t0 = Date.now();
  for (let i = 0; i < SOURCES; i++) {
    const doc = await PDFDocument.create();
    doc.addPage([595.28, 841.89]).drawText(`Quyet dinh so ${i + 1}/QD-UBND`, { x: 72, y: 760, size: 14 });
    const signed = await (
      await signPdf(Buffer.from(await doc.save({ useObjectStreams: false })), signer, services, {
        level: 'B-T',
        skipCertificateCheck: true,
      })
    ).toBuffer();
    const sha256 = createHash('sha256').update(signed).digest('hex');
    const put = await blobs.put(`documents/sha256/${sha256.slice(0, 2)}/${sha256}.pdf`, signed);
    sources.push({ key: put.key, sha256, size: signed.length });
  }
  line(
    `prepared ${SOURCES} signed source PDFs (B-T, ~${Math.round(sources[0].size / 1024)} KiB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  const queryRunner = ds.createQueryRunner();
  await queryRunner.startTransaction();
  for (let i = 0; i < DOCS; i++) {
    const id = randomUUID();
    const src = sources[i % SOURCES];
    await queryRunner.query(
      `INSERT INTO documents (id, organisation_id, direction, status, type_code, subject, urgency, secrecy, search_text, created_at, updated_at) VALUES (${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map(p).join(', ')})`,
      [
        id,
        orgId,
        'outgoing',
        'dispatched',
        'quyet-dinh',
        `Quyết định ${i + 1}`,
        'normal',
        'none',
        '',
        now,
        now,
      ],
    );
    await queryRunner.query(
      `INSERT INTO document_files (id, document_id, version, kind, file_name, content_type, size, sha256, blob_key, created_at) VALUES (${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(p).join(', ')})`,
      [
        randomUUID(),
        id,
        1,
        'sealed',
        `qd-${i + 1}.pdf`,
        'application/pdf',
        src.size,
        src.sha256,
        src.key,
        now,
      ],
    );
  }
  await queryRunner.commitTransaction();
  await queryRunner.release();

  const augmentation = new AugmentationService({
    dataSource: ds,
    blobStore: blobs,
    trust: services,
    audit: new AuditTrail(),
    clock: { now: () => new Date() },
  });
  const run = await augmentation.startRun({ scope: { organisationIds: [orgId] }, reason: 'bench' });
  t0 = process.hrtime.bigint();
  let lastShown = 0;
  const report = await augmentation.run(run.id, {
    batchSize: 64,
    concurrency: CONCURRENCY,
    onProgress: (c) => {
      const done = c.total - c.pending;
      if (done - lastShown >= Math.max(500, DOCS / 10)) {
        lastShown = done;
        process.stderr.write(`  ${done}/${c.total}\n`);
      }
    },
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (report.counts.augmented !== DOCS)
    throw new Error(
      `expected ${DOCS} augmented, got ${JSON.stringify(report.counts)} ${JSON.stringify(report.failures.slice(0, 3))}`,
    );
  line(
    `B-LTA augmentation (DSS + OCSP + document timestamp, ${config.database.kind}, ${CONCURRENCY} in flight): ${DOCS} documents in ${seconds.toFixed(1)} s = ${(DOCS / seconds).toFixed(0)} documents/s`,
  );
  await ds.destroy();

  // 2. Evidence records: one tree over LEAVES file hashes, one timestamp for its root.
  const leaves = Array.from({ length: LEAVES }, () => randomBytes(32));
  t0 = process.hrtime.bigint();
  const { tree, tokenDer } = await buildAndTimestamp(leaves, 'sha256', new TsaClient({ url: trust.tsaUrl }));
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const sample = Math.floor(LEAVES / 3);
  const reduced = reducedHashtree(tree, sample);
  if (!reducedTreeRoot(reduced, 'sha256').equals(tree.root))
    throw new Error('reduced hash tree does not lead to the root');
  line(
    `RFC 4998 tree over ${LEAVES.toLocaleString('en')} file hashes + one timestamp of the root: ${ms.toFixed(0)} ms (${reduced.length} partial hash trees per record, token ${tokenDer.length} bytes)`,
  );
} finally {
  await trust.close();
  rmSync(dir, { recursive: true, force: true });
}
