import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobStore } from '@kyso/storage';
import { createValidator, TrustStore } from '@kyso/validation';
import { type BatchFixture, createBatchFixture, type FixtureOrganisation } from '../../testing/batch-fixture';
import type { ProgressPolicy, ProgressSnapshot } from './batch-progress';
import { VerificationBatch } from './verification-batch.entity';
import { resultsKeyOf, VerificationBatchService } from './verification-batch.service';
import { type BatchResultLine, percentDone } from './verification-batch-view';

/** A PDF without signatures (verdict NO_SIGNATURE); the marker makes each one distinct. */
const unsignedPdf = (marker: string) =>
  Buffer.from(
    `%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% ${marker}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  );
/** Starts like a PDF, is not one (verdict ERROR). */
const brokenPdf = (marker: string) => Buffer.from(`%PDF-1.7\nthis is not a PDF ${marker}\n`, 'latin1');

describe('VerificationBatchService (SQLite)', () => {
  let f: BatchFixture;
  let a: FixtureOrganisation; // merged into C on 2025-07-01
  let b: FixtureOrganisation; // unrelated commune
  let c: FixtureOrganisation;
  const docs: Record<'a' | 'c', string[]> = { a: [], c: [] };

  const service = (overrides: { blobStore?: BlobStore; progress?: ProgressPolicy } = {}) =>
    new VerificationBatchService({
      dataSource: f.ds,
      blobStore: overrides.blobStore ?? f.blobs,
      clock: f.clock,
      validator: createValidator({ trustAnchors: TrustStore.empty(), offline: true }, f.clock),
      progress: overrides.progress,
    });
  const row = (id: string) => f.ds.manager.findOneByOrFail(VerificationBatch, { id });
  const lines = async (key: string): Promise<BatchResultLine[]> =>
    (await readFile(f.blobs.localPath(key), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as BatchResultLine);

  beforeAll(async () => {
    f = await createBatchFixture({ now: '2025-06-20T02:00:00Z' });
    a = await f.organisation('UBND xã Tân Lập', '000.00.31.H41');
    b = await f.organisation('UBND xã Hòa Bình', '000.00.32.H41');
    c = await f.organisation('UBND xã Tân Hòa', '000.00.35.H41');
    docs.a.push(await f.receive(a, unsignedPdf('a1')), await f.receive(a, brokenPdf('a2')));
    docs.c.push(await f.receive(c, unsignedPdf('c1')), await f.receive(c, unsignedPdf('c2')));
    await f.receive(b, unsignedPdf('b1'));
    // Drafts are not verified: only signed, sealed and received files.
    await f.domain.drafting.create(
      c.clerk,
      { typeCode: 'cong-van', subject: 'Dự thảo', recipients: [{ name: 'Công an xã' }] },
      { bytes: unsignedPdf('draft'), fileName: 'du-thao.pdf' },
    );
    await f.lineage.recordMerge(f.sysadmin, { from: [a.code], into: c.code, effectiveDate: '2025-07-01' });
    f.clock.set('2025-07-14T02:30:00Z');
  });
  afterAll(() => f?.close());

  describe('who may start a batch', () => {
    it('lets the system administrator and the organisation’s admin, clerk and leader start one', async () => {
      for (const actor of [f.sysadmin, c.admin, c.clerk, c.leader]) {
        const batch = await service().create(actor, { organisationId: c.id });
        expect(batch).toMatchObject({ state: 'queued', organisationId: c.id, requestedBy: actor.userId });
      }
    });

    it('lets the successor’s clerk verify a predecessor it inherited records from', async () => {
      const batch = await service().create(c.clerk, { organisationId: a.id });
      expect(batch.organisationIds).toEqual([a.id]);
    });

    it('refuses officers, other organisations and the predecessor’s users for the successor', async () => {
      for (const actor of [c.officer, b.clerk, b.admin, a.clerk]) {
        await expect(service().create(actor, { organisationId: c.id })).rejects.toMatchObject({
          code: 'VERIFICATION_BATCH_FORBIDDEN',
          kind: 'forbidden',
        });
      }
    });

    it('says when the organisation does not exist, and refuses a validation time in the future', async () => {
      await expect(
        service().create(f.sysadmin, { organisationId: '00000000-0000-4000-8000-000000000000' }),
      ).rejects.toMatchObject({ code: 'ORGANISATION_NOT_FOUND', kind: 'not-found' });
      await expect(
        service().create(c.clerk, { organisationId: c.id, at: new Date('2025-07-15T00:00:00Z') }),
      ).rejects.toMatchObject({ code: 'VERIFICATION_BATCH_AT_INVALID', kind: 'invalid-input' });
    });

    it('resolves the scope at request time: with or without the predecessors', async () => {
      const all = await service().create(c.clerk, { organisationId: c.id });
      expect(all.includePredecessors).toBe(true);
      expect([...all.organisationIds].sort()).toEqual([a.id, c.id].sort());
      const own = await service().create(c.clerk, { organisationId: c.id, includePredecessors: false });
      expect(own.organisationIds).toEqual([c.id]);
    });
  });

  describe('running a batch', () => {
    it('verifies the latest signed file of every document in scope and stores one line per document', async () => {
      const at = new Date('2025-07-10T00:00:00Z');
      const created = await service().create(c.leader, { organisationId: c.id, at });
      const seen: ProgressSnapshot[] = [];
      const view = await service().run(created.id, { onProgress: (p) => void seen.push(p) });
      expect(view).toMatchObject({
        state: 'completed',
        total: 4,
        done: 4,
        percent: 100,
        counts: { TOTAL_PASSED: 0, TOTAL_FAILED: 0, INDETERMINATE: 0, NO_SIGNATURE: 3, ERROR: 1 },
        resultsAvailable: true,
        error: null,
        at: at.toISOString(),
      });
      expect(view.documentsPerSecond).toBeGreaterThan(0);
      expect(view.startedAt).not.toBeNull();
      expect(view.finishedAt).not.toBeNull();
      const batch = await row(created.id);
      expect(batch.resultsBlobKey).toBe(resultsKeyOf(created.id, 1));
      const results = await lines(batch.resultsBlobKey!);
      expect(results.map((l) => l.documentId).sort()).toEqual([...docs.a, ...docs.c].sort());
      const broken = results.find((l) => l.documentId === docs.a[1])!;
      expect(broken).toMatchObject({ verdict: 'ERROR', organisationId: a.id, kind: 'received', version: 1 });
      expect(results.every((l) => l.validationTime === at.toISOString())).toBe(true);
      // The first write says how many documents there are; the last one matches the row.
      expect(seen[0]).toMatchObject({ total: 4, done: 0 });
      expect(seen.at(-1)).toMatchObject({ total: 4, done: 4 });
    });

    it('completes an organisation without signed documents at once, with empty results', async () => {
      const d = await f.organisation('UBND xã Mới', '000.00.36.H41');
      const created = await service().create(d.clerk, { organisationId: d.id });
      expect(await service().run(created.id)).toMatchObject({
        state: 'completed',
        total: 0,
        done: 0,
        percent: 100,
        resultsAvailable: true,
      });
      const { stream } = await service().openResults(d.clerk, created.id);
      expect((await stream.toArray()).length).toBe(0);
    });

    it('writes progress every N documents or interval, not after every document', async () => {
      const created = await service().create(c.clerk, { organisationId: c.id });
      const seen: number[] = [];
      await service({ progress: { intervalMs: 60_000, everyFiles: 3 } }).run(created.id, {
        jobs: 1,
        onProgress: (p) => void seen.push(p.done),
      });
      expect(seen).toEqual([0, 3, 4]);
    });

    it('does nothing when run again after it completed', async () => {
      const created = await service().create(c.clerk, { organisationId: c.id });
      await service().run(created.id);
      const before = await row(created.id);
      const calls: number[] = [];
      const again = await service().run(created.id, { onProgress: (p) => void calls.push(p.done) });
      expect(calls).toEqual([]);
      expect(again.state).toBe('completed');
      expect(await row(created.id)).toEqual(before);
    });

    it('starts a batch a crashed runner left running again from scratch', async () => {
      const created = await service().create(c.clerk, { organisationId: c.id, includePredecessors: false });
      // What a worker killed mid-run leaves behind: running, attempt 1, partial (here: wrong) counts.
      await f.ds.manager.update(
        VerificationBatch,
        { id: created.id },
        { state: 'running', attempt: 1, total: 9, done: 7, countTotalFailed: 5, countError: 2 },
      );
      const view = await service().run(created.id);
      expect(view).toMatchObject({
        state: 'completed',
        total: 2,
        done: 2,
        counts: { TOTAL_PASSED: 0, TOTAL_FAILED: 0, INDETERMINATE: 0, NO_SIGNATURE: 2, ERROR: 0 },
      });
      const batch = await row(created.id);
      expect(batch.attempt).toBe(2);
      expect(batch.resultsBlobKey).toBe(resultsKeyOf(created.id, 2));
      expect(await lines(batch.resultsBlobKey!)).toHaveLength(2);
    });

    it('stops when cancelled mid-run and keeps no results', async () => {
      const created = await service().create(c.clerk, { organisationId: c.id });
      const view = await service({ progress: { intervalMs: 60_000, everyFiles: 1 } }).run(created.id, {
        jobs: 1,
        onProgress: async (p) => {
          if (p.done === 1) await service().cancel(c.clerk, created.id);
        },
      });
      expect(view.state).toBe('cancelled');
      expect(view.done).toBe(1);
      expect(view.resultsAvailable).toBe(false);
      expect(await f.blobs.exists(resultsKeyOf(created.id, 1))).toBe(false);
      await expect(service().openResults(c.clerk, created.id)).rejects.toMatchObject({
        code: 'VERIFICATION_BATCH_RESULTS_NOT_READY',
        kind: 'conflict',
      });
    });

    it('gives way to a newer attempt: the overtaken runner writes nothing more', async () => {
      const created = await service().create(c.clerk, { organisationId: c.id });
      const view = await service({ progress: { intervalMs: 60_000, everyFiles: 1 } }).run(created.id, {
        jobs: 1,
        onProgress: async (p) => {
          // Another worker took the batch over (BullMQ thought this one had stalled).
          if (p.done === 1) await f.ds.manager.update(VerificationBatch, { id: created.id }, { attempt: 2 });
        },
      });
      expect(view).toMatchObject({ state: 'running', done: 1 });
      expect(await f.blobs.exists(resultsKeyOf(created.id, 1))).toBe(false);
    });

    it('leaves a batch stopped by a shutdown running, and the next run completes it', async () => {
      const created = await service().create(c.clerk, { organisationId: c.id });
      const shutdown = new AbortController();
      const stopped = await service({ progress: { intervalMs: 60_000, everyFiles: 1 } }).run(created.id, {
        jobs: 1,
        signal: shutdown.signal,
        onProgress: (p) => {
          if (p.done === 2) shutdown.abort();
        },
      });
      expect(stopped).toMatchObject({ state: 'running', done: 2, total: 4 });
      const resumed = await service().run(created.id);
      expect(resumed).toMatchObject({ state: 'completed', done: 4, total: 4 });
      expect((await row(created.id)).attempt).toBe(2);
    });

    it('records the batch as failed, with the reason, when the results cannot be stored', async () => {
      const created = await service().create(c.clerk, { organisationId: c.id });
      const failing: BlobStore = Object.assign(Object.create(f.blobs) as BlobStore, {
        put: async () => {
          throw new Error('disk full');
        },
      });
      await expect(service({ blobStore: failing }).run(created.id)).rejects.toThrow('disk full');
      expect(await service().get(c.clerk, created.id)).toMatchObject({
        state: 'failed',
        error: 'disk full',
        resultsAvailable: false,
      });
    });
  });

  describe('following a batch', () => {
    it('answers progress, results and cancellation only to those who may start it', async () => {
      const created = await service().create(c.clerk, { organisationId: c.id });
      for (const actor of [c.officer, b.clerk]) {
        await expect(service().get(actor, created.id)).rejects.toMatchObject({ kind: 'forbidden' });
        await expect(service().openResults(actor, created.id)).rejects.toMatchObject({ kind: 'forbidden' });
        await expect(service().cancel(actor, created.id)).rejects.toMatchObject({ kind: 'forbidden' });
      }
      await expect(service().get(c.clerk, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
        code: 'VERIFICATION_BATCH_NOT_FOUND',
        kind: 'not-found',
      });
      expect((await service().get(f.sysadmin, created.id)).id).toBe(created.id);
    });

    it('refuses the results before completion and a cancellation after the end', async () => {
      const created = await service().create(c.clerk, { organisationId: c.id });
      const notYet = await service()
        .openResults(c.clerk, created.id)
        .catch((e: unknown) => e);
      expect(notYet).toMatchObject({ code: 'VERIFICATION_BATCH_RESULTS_NOT_READY' });
      expect((notYet as Error).message).toContain('queued');
      await service().run(created.id);
      const { stream } = await service().openResults(c.leader, created.id);
      const text = (await stream.toArray()).join('');
      expect(text.trim().split('\n')).toHaveLength(4);
      await expect(service().cancel(c.clerk, created.id)).rejects.toMatchObject({
        code: 'VERIFICATION_BATCH_ALREADY_FINISHED',
        kind: 'conflict',
      });
    });

    it('cancels a queued batch, which then never runs', async () => {
      const created = await service().create(c.clerk, { organisationId: c.id });
      expect((await service().cancel(c.leader, created.id)).state).toBe('cancelled');
      const view = await service().run(created.id);
      expect(view).toMatchObject({ state: 'cancelled', done: 0, startedAt: null });
    });

    it('lists an organisation’s batches newest first, to those who may start them', async () => {
      f.clock.set('2025-07-20T01:00:00Z');
      const older = await service().create(c.clerk, { organisationId: c.id });
      f.clock.set('2025-07-20T02:00:00Z');
      const newer = await service().create(c.leader, { organisationId: c.id });
      const listed = await service().list(c.clerk, c.id, 2);
      expect(listed.map((v) => v.id)).toEqual([newer.id, older.id]);
      expect((await service().list(f.sysadmin, c.id)).length).toBeGreaterThanOrEqual(2);
      expect((await service().list(c.clerk, a.id)).every((v) => v.organisationId === a.id)).toBe(true);
      await expect(service().list(b.clerk, c.id)).rejects.toMatchObject({ kind: 'forbidden' });
      await expect(service().list(c.officer, c.id)).rejects.toMatchObject({ kind: 'forbidden' });
    });

    it('lists queued and running batches for a restart, oldest first', async () => {
      f.clock.set('2025-07-14T03:00:00Z');
      const later = await service().create(c.clerk, { organisationId: c.id });
      f.clock.set('2025-07-14T01:00:00Z');
      const earlier = await service().create(c.clerk, { organisationId: c.id });
      const done = await service().create(c.clerk, { organisationId: c.id });
      f.clock.set('2025-07-14T02:30:00Z');
      await service().run(done.id);
      const ids = (await service().unfinished()).map((u) => u.id);
      expect(ids).not.toContain(done.id);
      expect(ids.indexOf(earlier.id)).toBeGreaterThanOrEqual(0);
      expect(ids.indexOf(earlier.id)).toBeLessThan(ids.indexOf(later.id));
    });
  });
});

describe('percentDone', () => {
  it('rounds down while running and is 100 once completed, even for an empty batch', () => {
    expect(percentDone('running', 0, 0)).toBe(0);
    expect(percentDone('running', 2, 3)).toBe(66);
    expect(percentDone('cancelled', 3, 4)).toBe(75);
    expect(percentDone('completed', 0, 0)).toBe(100);
  });
});
