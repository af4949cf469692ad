/**
 * The `verify.batch` job as production runs it: PostgreSQL, BullMQ on Redis, the worker's job definitions, real
 * signed PDFs checked online against the test TSA/OCSP. Communes A and C merged; a batch over C (with predecessors)
 * must verify every document of A and C — not B's — give each the verdict single-file verification gives, write one
 * result line per document, and stay idempotent when its job runs again or a crashed worker left it running.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BatchResultLine,
  VERIFY_BATCH_JOB,
  VerificationBatch,
  VerificationBatchService,
  type VerificationBatchView,
} from '@kyso/archive';
import { loadConfig } from '@kyso/config';
import { BullMqQueue, type JobQueue, type JobStatus } from '@kyso/queue';
import { SoftwareSigner, signPdf } from '@kyso/signing';
import { testPki } from '@kyso/test-pki';
import { type FileVerdict, validatePdf } from '@kyso/validation';
import {
  type BatchFixture,
  createBatchFixture,
  type FixtureOrganisation,
} from '../../../../libs/archive/testing/batch-fixture';
import { makePdf } from '../../../../test/support/pdf-fixtures';
import { testPostgresUrl } from '../../../../test/support/postgres';
import { loadVerificationSettings } from '../../../api/src/verify/verification-settings';
import { startWorkers } from '../start-workers';
import { createWorkerContext } from '../worker-context';
import type { WorkerContext } from './job-definition';
import { resumeUnfinishedBatches, verificationBatchService } from './verify-batch.job';
import { tamperSignedByte, testSigningServices } from '../../../../test/support/signing-services';

const REDIS = process.env.KYSO_TEST_REDIS ?? 'redis://127.0.0.1:6379';

let f: BatchFixture;
let ctx: WorkerContext;
let queue: JobQueue;
let api: VerificationBatchService; // what the API does: create the row, then enqueue
let a: FixtureOrganisation;
let b: FixtureOrganisation;
let c: FixtureOrganisation;
/** Each document of A and C with the file a batch must verify: its latest signed/received version. */
const expected = new Map<string, { version: number; bytes: Buffer }>();

async function untilEnded<R>(q: JobQueue, id: string): Promise<JobStatus<R>> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const s = await q.status<R>(VERIFY_BATCH_JOB, id);
    if (s && (s.state === 'completed' || s.state === 'failed')) return s;
    if (Date.now() > deadline) throw new Error(`job ${id} did not end: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const row = (id: string) => f.ds.manager.findOneByOrFail(VerificationBatch, { id });

async function resultLines(batchId: string): Promise<BatchResultLine[]> {
  const key = (await row(batchId)).resultsBlobKey!;
  return (await readFile(f.blobs.localPath(key), 'utf8'))
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as BatchResultLine);
}

beforeAll(async () => {
  const databaseUrl = await testPostgresUrl('verify_batch_job');
  f = await createBatchFixture({ databaseUrl, now: new Date().toISOString() });
  const pki = testPki();
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    REDIS_URL: REDIS,
    KYSO_TRUST: pki.root.certPath,
    KYSO_LOG_LEVEL: 'silent',
  });
  queue = new BullMqQueue(REDIS, `kyso-test-${randomUUID()}`);
  ctx = await createWorkerContext({
    config,
    dataSource: f.ds,
    blobStore: f.blobs,
    queue,
    logger: pino({ level: 'silent' }),
  });
  expect(startWorkers(ctx)).toContain(VERIFY_BATCH_JOB);
  api = new VerificationBatchService({
    dataSource: f.ds,
    blobStore: f.blobs,
    clock: f.clock,
    validator: ctx.validator,
  });

  const signer = await SoftwareSigner.fromPkcs12(pki.sealA.p12Path, pki.p12Password);
  const services = testSigningServices();
  const sign = async (title: string) =>
    (await signPdf(await makePdf({ title }), signer, services, { level: 'B-T' })).toBuffer();
  const signed = [await sign('Quyet dinh 1'), await sign('Quyet dinh 2')];
  // One byte of the binary comment on line 2: inside the signed range, harmless to any parser.
  const tampered = tamperSignedByte(signed[0]);
  const unsigned = await makePdf({ title: 'Cong van khong ky' });

  a = await f.organisation('UBND xã Tân Lập', '000.00.31.H41');
  b = await f.organisation('UBND xã Hòa Bình', '000.00.32.H41');
  c = await f.organisation('UBND xã Tân Hòa', '000.00.35.H41');
  for (const [org, bytes] of [
    [a, signed[0]],
    [c, signed[1]],
    [c, tampered],
    [c, unsigned],
  ] as const)
    expected.set(await f.receive(org, bytes), { version: 1, bytes });
  await f.receive(b, signed[0]); // another commune: out of scope
  // An outgoing document: draft, then two signed versions; only the latest (v3) counts.
  const draft = await f.domain.drafting.create(
    c.clerk,
    { typeCode: 'cong-van', subject: 'Quyết định khen thưởng', recipients: [{ name: 'Công an xã' }] },
    { bytes: unsigned, fileName: 'du-thao.pdf' },
  );
  await f.domain.drafting.submit(c.clerk, draft.id);
  await f.domain.versions.addVersion(c.leader, draft.id, { bytes: tampered, fileName: 'v2.pdf' }, 'signed');
  await f.domain.versions.addVersion(c.leader, draft.id, { bytes: signed[1], fileName: 'v3.pdf' }, 'signed');
  expected.set(draft.id, { version: 3, bytes: signed[1] });

  await f.lineage.recordMerge(f.sysadmin, { from: [a.code], into: c.code, effectiveDate: '2025-07-01' });
});

afterAll(async () => {
  await queue?.close();
  await f?.close();
});

describe('verify.batch on BullMQ and PostgreSQL', () => {
  let batch: VerificationBatchView;

  it('verifies every document of the commune and its predecessor as single-file verification does', async () => {
    batch = await api.create(c.clerk, { organisationId: c.id });
    await queue.enqueue(VERIFY_BATCH_JOB, { batchId: batch.id }, { jobId: batch.id });
    const job = await untilEnded<VerificationBatchView>(queue, batch.id);
    expect(job.state, job.error).toBe('completed');
    expect(job.result).toMatchObject({ id: batch.id, state: 'completed', total: 5, done: 5 });
    // The job's own progress is the last snapshot written.
    expect(job.progress).toMatchObject({ total: 5, done: 5 });

    // What single-file verification says about each document's file, with the same settings.
    const settings = await loadVerificationSettings(ctx.config.signing, ctx.logger);
    const single = new Map<string, FileVerdict>();
    for (const [documentId, file] of expected)
      single.set(documentId, (await validatePdf(file.bytes, settings)).verdict);
    const counts = { TOTAL_PASSED: 0, TOTAL_FAILED: 0, INDETERMINATE: 0, NO_SIGNATURE: 0, ERROR: 0 };
    for (const v of single.values()) counts[v]++;
    expect(counts).toEqual({ TOTAL_PASSED: 3, TOTAL_FAILED: 1, INDETERMINATE: 0, NO_SIGNATURE: 1, ERROR: 0 });

    const view = await api.get(c.leader, batch.id);
    expect(view).toMatchObject({ state: 'completed', total: 5, done: 5, percent: 100, counts });
    expect(view.documentsPerSecond).toBeGreaterThan(0);
    const lines = await resultLines(batch.id);
    expect(lines).toHaveLength(5);
    expect(new Set(lines.map((l) => l.documentId))).toEqual(new Set(expected.keys()));
    for (const l of lines) {
      expect(l.verdict, l.documentId).toBe(single.get(l.documentId));
      expect(l.version, l.documentId).toBe(expected.get(l.documentId)!.version);
    }
    expect(lines.filter((l) => l.organisationId === a.id)).toHaveLength(1);
  });

  it('changes nothing when the job of a completed batch runs again', async () => {
    const before = await row(batch.id);
    await queue.enqueue(VERIFY_BATCH_JOB, { batchId: batch.id }, { jobId: `${batch.id}.again` });
    const job = await untilEnded<VerificationBatchView>(queue, `${batch.id}.again`);
    expect(job.state).toBe('completed');
    expect(await row(batch.id)).toEqual(before);
  });

  it('restarts from scratch a batch a crashed worker left running, when the worker starts again', async () => {
    const crashed = await api.create(c.admin, { organisationId: c.id, includePredecessors: false });
    await f.ds.manager.update(
      VerificationBatch,
      { id: crashed.id },
      { state: 'running', attempt: 1, total: 4, done: 3, countTotalPassed: 3 },
    );
    // Its first job is gone from Redis (here: it was never enqueued), so the starting worker enqueues it again.
    expect(await resumeUnfinishedBatches(ctx, verificationBatchService(ctx))).toEqual([crashed.id]);
    const job = await untilEnded<VerificationBatchView>(queue, `${crashed.id}.resume.1`);
    expect(job.state, job.error).toBe('completed');
    const view = await api.get(c.clerk, crashed.id);
    expect(view).toMatchObject({
      state: 'completed',
      total: 4,
      done: 4,
      counts: { TOTAL_PASSED: 2, TOTAL_FAILED: 1, INDETERMINATE: 0, NO_SIGNATURE: 1, ERROR: 0 },
    });
    expect((await row(crashed.id)).attempt).toBe(2);
    expect(await resultLines(crashed.id)).toHaveLength(4);
  });

  it('leaves to BullMQ the batches whose job is still waiting', async () => {
    // A queue nobody consumes: the job stays waiting, as behind a busy worker.
    const idle = new BullMqQueue(REDIS, `kyso-test-${randomUUID()}`);
    try {
      const waiting = await api.create(c.clerk, { organisationId: c.id });
      const orphan = await api.create(c.clerk, { organisationId: c.id });
      await idle.enqueue(VERIFY_BATCH_JOB, { batchId: waiting.id }, { jobId: waiting.id });
      const idleCtx = { ...ctx, queue: idle };
      expect(await resumeUnfinishedBatches(idleCtx, verificationBatchService(idleCtx))).toEqual([orphan.id]);
      expect((await idle.status(VERIFY_BATCH_JOB, `${orphan.id}.resume.0`))?.state).toBe('waiting');
      for (const id of [waiting.id, orphan.id]) await api.cancel(c.clerk, id);
    } finally {
      await idle.close();
    }
  });
});
