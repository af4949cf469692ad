/**
 * Crash safety of an augmentation run with the real worker (compiled, `npm run build`), BullMQ on the real Redis and
 * PostgreSQL: the worker is SIGKILLed in the middle of a run and started again; the run must finish with every
 * document augmented exactly once, and no stored PDF may ever be half-written.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrlClient, OcspClient, TsaClient } from '@kyso/cms';
import { loadConfig } from '@kyso/config';
import { openDatabase, rows, sqlWithLists } from '@kyso/database';
import { AuditTrail } from '@kyso/documents';
import { systemClock } from '@kyso/org';
import { SoftwareSigner, signPdf } from '@kyso/signing';
import { LocalBlobStore } from '@kyso/storage';
import { issueCertificate } from '@kyso/test-pki';
import { makePdf } from '../../../../test/support/pdf-fixtures';
import { testPostgresUrl } from '../../../../test/support/postgres';
import { assessProtection } from '../protection/protection-assessment';
import { AugmentationService } from './augmentation.service';

const REPO = resolve(__dirname, '..', '..', '..', '..');
const WORKER_MAIN = join(REPO, 'dist/apps/worker/src/main.js');
const TRUST = process.env.KYSO_TEST_TRUST_URL ?? 'http://127.0.0.1:39080';
const DOCUMENTS = 60;
/** A Redis database of its own, so that no other test's worker takes this run's job. */
const REDIS_URL = `redis://127.0.0.1:6379/${2 + (process.pid % 12)}`;

let dir: string;
let databaseUrl: string;
let ds: DataSource;
let runId: string;
let orgId: string;
const workers: ChildProcess[] = [];

function startWorker(): { child: ChildProcess; output: () => string } {
  let out = '';
  const child = spawn(process.execPath, [WORKER_MAIN], {
    cwd: REPO,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      KYSO_DATA_DIR: dir,
      KYSO_STORAGE_DIR: join(dir, 'blobs'),
      KYSO_TSA_URL: `${TRUST}/tsa`,
      KYSO_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  workers.push(child);
  return { child, output: () => out };
}

async function counts(): Promise<Record<string, number>> {
  const q = sqlWithLists(ds.manager);
  const found = await rows<{ state: string; n: string | number }>(
    ds.manager,
    q`SELECT state, COUNT(*) AS n FROM archive_run_items WHERE run_id = ${runId} GROUP BY state`,
  );
  return Object.fromEntries(found.map((r) => [r.state, Number(r.n)]));
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  worker?: { output: () => string },
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; worker said:\n${worker?.output() ?? ''}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** Every file stored under a final (content-addressed) key holds exactly the bytes its name promises. */
function checkStoredBlobs(): { files: number; temporary: number } {
  const root = join(dir, 'blobs', 'documents', 'sha256');
  let files = 0;
  let temporary = 0;
  for (const prefix of existsSync(root) ? readdirSync(root) : []) {
    for (const name of readdirSync(join(root, prefix))) {
      if (name.endsWith('.tmp')) {
        temporary++;
        continue;
      }
      const bytes = readFileSync(join(root, prefix, name));
      expect(`${createHash('sha256').update(bytes).digest('hex')}.pdf`).toBe(name);
      files++;
    }
  }
  return { files, temporary };
}

beforeAll(async () => {
  if (!existsSync(WORKER_MAIN))
    throw new Error(`${WORKER_MAIN} is missing: run \`npm run build\` first (npm test does it).`);
  if (!existsSync(join(REPO, 'dist/apps/worker/src/jobs/archive-augmentation.job.js'))) {
    throw new Error('the compiled worker has no archive jobs: run `npm run build` again');
  }
  dir = mkdtempSync(join(tmpdir(), 'kyso-crash-'));
  databaseUrl = await testPostgresUrl('archive_crash');
  ds = await openDatabase(loadConfig({ DATABASE_URL: databaseUrl, KYSO_DATA_DIR: dir }).database, {
    entities: [],
  });
  const blobs = new LocalBlobStore(join(dir, 'blobs'));
  const now = new Date().toISOString();
  orgId = randomUUID();
  await ds.query(
    `INSERT INTO organisations (id, name, short_name, code, valid_from, valid_to, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, NULL, $6, $6)`,
    [orgId, 'UBND xã Tân Lập', 'UBND', '000.00.31.H41', '2024-01-01', now],
  );

  // A few distinct sealed PDFs (1 MB each, so the run lasts long enough to be interrupted), spread over the documents.
  const cert = issueCertificate({
    subject: [
      ['C', 'VN'],
      ['O', 'UBND xã Tân Lập'],
      ['organizationIdentifier', '000.00.31.H41'],
      ['CN', 'UBND xã Tân Lập'],
    ],
    profile: 'seal',
  });
  const signer = new SoftwareSigner(cert.privateKey, cert.certDer, cert.chainDer);
  const trust = {
    tsa: new TsaClient({ url: `${TRUST}/tsa` }),
    ocsp: new OcspClient(),
    crl: new CrlClient(),
    now: () => new Date(),
  };
  const sources: Array<{ key: string; sha256: string; size: number }> = [];
  for (let i = 0; i < 4; i++) {
    const signed = await (
      await signPdf(await makePdf({ title: `Quyet dinh ${i}`, padBytes: 1024 * 1024 }), signer, trust, {
        level: 'B-T',
      })
    ).toBuffer();
    const sha256 = createHash('sha256').update(signed).digest('hex');
    const key = `documents/sha256/${sha256.slice(0, 2)}/${sha256}.pdf`;
    await blobs.put(key, signed);
    sources.push({ key, sha256, size: signed.length });
  }
  for (let i = 0; i < DOCUMENTS; i++) {
    const docId = randomUUID();
    const src = sources[i % sources.length];
    await ds.query(
      `INSERT INTO documents (id, organisation_id, direction, status, type_code, subject, urgency, secrecy, search_text, created_at, updated_at)
       VALUES ($1, $2, 'outgoing', 'dispatched', 'quyet-dinh', $3, 'normal', 'none', '', $4, $4)`,
      [docId, orgId, `Quyết định số ${i + 1}`, now],
    );
    await ds.query(
      `INSERT INTO document_files (id, document_id, version, kind, file_name, content_type, size, sha256, blob_key, created_at)
       VALUES ($1, $2, 1, 'sealed', $3, 'application/pdf', $4, $5, $6, $7)`,
      [randomUUID(), docId, `qd-${i + 1}.pdf`, src.size, src.sha256, src.key, now],
    );
  }
  const service = new AugmentationService({
    dataSource: ds,
    blobStore: blobs,
    trust,
    audit: new AuditTrail(),
    clock: systemClock,
  });
  // A short claim: the restarted worker takes over the killed worker's documents two seconds after the crash.
  const run = await service.startRun({
    scope: { organisationIds: [orgId] },
    reason: 'crash test',
    claimSeconds: 2,
  });
  runId = run.id;
  expect((await counts()).pending).toBe(DOCUMENTS);
}, 120_000);

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
  await ds?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('augmentation run interrupted by SIGKILL', () => {
  it('finishes after a restart without redoing, skipping or half-writing any document', async () => {
    // The worker finds the unfinished run at start-up and works on it through BullMQ.
    const first = startWorker();
    await until(
      'the first documents to be augmented',
      async () => ((await counts()).augmented >= 6 ? true : undefined),
      60_000,
      first,
    );
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const atCrash = await counts();
    expect(atCrash.pending, `the run finished before the kill: ${JSON.stringify(atCrash)}`).toBeGreaterThan(
      0,
    );
    checkStoredBlobs();

    const second = startWorker();
    await until(
      'the run to finish',
      async () => {
        const q = sqlWithLists(ds.manager);
        const [run] = await rows<{ status: string; report: string | null }>(
          ds.manager,
          q`SELECT status, report FROM archive_runs WHERE id = ${runId}`,
        );
        return run.status === 'done' ? run : undefined;
      },
      90_000,
      second,
    );
    second.child.kill('SIGTERM');

    const final = await counts();
    expect(final).toEqual({ augmented: DOCUMENTS });
    const q = sqlWithLists(ds.manager);
    const versions = await rows<{ document_id: string; n: string | number; max: string | number }>(
      ds.manager,
      q`SELECT document_id, COUNT(*) AS n, MAX(version) AS max FROM document_files GROUP BY document_id`,
    );
    expect(versions).toHaveLength(DOCUMENTS);
    // Exactly one new version per document: none augmented twice, none skipped.
    expect(versions.every((v) => Number(v.n) === 2 && Number(v.max) === 2)).toBe(true);
    const audits = await rows<{ entity_id: string }>(
      ds.manager,
      q`SELECT entity_id FROM audit_entries WHERE action = ${'archive.augmented'}`,
    );
    expect(new Set(audits.map((a) => a.entity_id)).size).toBe(DOCUMENTS);
    expect(audits).toHaveLength(DOCUMENTS);
    const attempts = await rows<{ attempts: string | number }>(
      ds.manager,
      q`SELECT attempts FROM archive_run_items WHERE run_id = ${runId}`,
    );
    expect(attempts.filter((a) => Number(a.attempts) > 1).length).toBeLessThanOrEqual(16);

    // Every stored PDF is whole, and every new version is B-LTA.
    const stored = checkStoredBlobs();
    expect(stored.files).toBeGreaterThanOrEqual(4 + DOCUMENTS);
    const latest = await rows<{ blob_key: string; sha256: string; size: string | number }>(
      ds.manager,
      q`SELECT blob_key, sha256, size FROM document_files WHERE version = ${2}`,
    );
    for (const f of latest.slice(0, 5)) {
      const path = join(dir, 'blobs', ...f.blob_key.split('/'));
      expect(statSync(path).size).toBe(Number(f.size));
      expect((await assessProtection(path)).level).toBe('B-LTA');
    }
  });
});
