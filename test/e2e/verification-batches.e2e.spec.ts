/**
 * Batch verification over HTTP in the embedded mode (SQLite, no REDIS_URL: the API runs the batch itself). Commune A
 * merged into C today; a batch over C re-verifies every signed document of both, its counts agree with what
 * `POST /api/v1/verify` says of each document, and its results have one JSON line per document.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VerificationBatch } from '@kyso/archive';
import { loadConfig } from '@kyso/config';
import { SoftwareSigner, signPdf } from '@kyso/signing';
import { testPki } from '@kyso/test-pki';
import { createApp, type KysoApp } from '../../apps/api/src/create-app';
import { makePdf } from '../support/pdf-fixtures';
import { type ApiResponse, ApiClient, expectStatus } from '../support/api/api-client';
import { type ApiHarness, ROOT, startApi } from '../support/api/api-harness';
import { type Commune, createCommune } from '../support/api/commune';
import { tamperSignedByte, testSigningServices } from '../support/signing-services';

const BATCHES = '/api/v1/verification-batches';
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
/** Calendar day in Vietnam (UTC+7), as the API dates organisations. */
const vietnamDay = (offsetDays = 0) =>
  new Date(Date.now() + 7 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

type Verdict = 'TOTAL_PASSED' | 'TOTAL_FAILED' | 'INDETERMINATE' | 'NO_SIGNATURE' | 'ERROR';

describe('verification batches (embedded mode)', () => {
  let h: ApiHarness;
  let api: ApiClient;
  let root: string;
  let a: { id: string; code: string; clerk: string };
  let b: Commune;
  let c: Commune;
  let cCode: string;
  const documents: Record<'a' | 'c', string[]> = { a: [], c: [] };

  async function receive(token: string, bytes: Buffer, n: number): Promise<string> {
    return expectStatus(
      await api.call('POST', '/api/v1/documents/incoming', {
        token,
        form: {
          typeCode: 'cong-van',
          numberSymbol: `${n}/UBND-VP`,
          documentDate: '2025-07-10',
          subject: `Công văn ${n} về việc rà soát chữ ký số`,
          senderName: 'UBND tỉnh',
          file: { bytes, fileName: `cv-${n}.pdf` },
        },
      }),
      201,
    ).body.id as string;
  }

  async function untilEnded(id: string, token: string): Promise<ApiResponse> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = expectStatus(await api.call('GET', `${BATCHES}/${id}`, { token }), 200);
      if (!['queued', 'running'].includes(res.body.state)) return res;
      if (Date.now() > deadline) throw new Error(`batch ${id} still ${res.body.state}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const ndjson = (res: ApiResponse) =>
    res.bytes
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { documentId: string; verdict: Verdict; validationTime: string });

  beforeAll(async () => {
    const pki = testPki();
    h = await startApi('verify_batches', { db: 'sqlite', env: { KYSO_TRUST: pki.root.certPath } });
    api = new ApiClient(h.baseUrl);
    root = await api.login(ROOT.username, ROOT.password);

    // Commune A exists since 2024 (it ceases when it merges today); C and B are created today.
    const orgA = expectStatus(
      await api.call('POST', '/api/v1/organisations', {
        token: root,
        json: {
          name: 'Ủy ban nhân dân xã Tân Lập',
          shortName: 'UBND',
          code: '000.00.91.H41',
          validFrom: '2024-01-01',
        },
      }),
      201,
    ).body;
    expectStatus(
      await api.call('POST', '/api/v1/users', {
        token: root,
        json: {
          organisationId: orgA.id,
          username: 'vanthu.tanlap',
          fullName: 'Văn thư xã Tân Lập',
          password: 'password-123',
          roles: ['clerk'],
        },
      }),
      201,
    );
    a = { id: orgA.id, code: orgA.code, clerk: await api.login('vanthu.tanlap', 'password-123') };
    c = await createCommune(api, 'UBND', 'Ủy ban nhân dân xã Tân Hòa');
    b = await createCommune(api);
    cCode = expectStatus(await api.call('GET', `/api/v1/organisations/${c.id}`, { token: root }), 200).body
      .code;

    const signer = await SoftwareSigner.fromPkcs12(pki.sealA.p12Path, pki.p12Password);
    const services = testSigningServices();
    const sign = async (title: string) =>
      (await signPdf(await makePdf({ title }), signer, services, { level: 'B-T' })).toBuffer();
    const signed = [await sign('Quyet dinh 1'), await sign('Quyet dinh 2')];
    const tampered = tamperSignedByte(signed[1]);

    documents.a.push(await receive(a.clerk, signed[0], 1));
    documents.c.push(
      await receive(c.users.clerk.token, signed[1], 2),
      await receive(c.users.clerk.token, tampered, 3),
      await receive(c.users.clerk.token, await makePdf({ title: 'Khong ky' }), 4),
    );
    await receive(b.users.clerk.token, signed[0], 5); // B's: never in C's batches
    // A draft has no signed file: not verified.
    expectStatus(
      await api.call('POST', '/api/v1/documents/outgoing', {
        token: c.users.clerk.token,
        form: {
          typeCode: 'cong-van',
          subject: 'Dự thảo',
          recipients: JSON.stringify([{ name: 'Công an xã' }]),
          file: { bytes: await makePdf({ title: 'Du thao' }), fileName: 'du-thao.pdf' },
        },
      }),
      201,
    );
    expectStatus(
      await api.call('POST', '/api/v1/reorganisations/merge', {
        token: root,
        json: { from: [a.code], into: cCode, effectiveDate: vietnamDay() },
      }),
      201,
    );
  });
  afterAll(() => h?.close());

  it('re-verifies every signed document of the commune and its predecessor, as single-file verify does', async () => {
    const key = `batch-${Date.now()}`;
    const started = expectStatus(
      await api.call('POST', BATCHES, {
        token: c.users.clerk.token,
        json: { organisationId: c.id },
        headers: { 'Idempotency-Key': key },
      }),
      202,
    ).body;
    expect(started).toMatchObject({ organisationId: c.id, includePredecessors: true, state: 'queued' });
    expect([...started.organisationIds].sort()).toEqual([a.id, c.id].sort());

    const ended = (await untilEnded(started.id, c.users.leader.token)).body;
    expect(ended).toMatchObject({
      state: 'completed',
      total: 4,
      done: 4,
      percent: 100,
      resultsAvailable: true,
    });
    expect(ended.documentsPerSecond).toBeGreaterThan(0);
    expect(Date.parse(ended.finishedAt)).toBeGreaterThanOrEqual(Date.parse(ended.startedAt));

    // What the public endpoint says of each document's latest file.
    const single = new Map<string, Verdict>();
    for (const id of [...documents.a, ...documents.c]) {
      const file = expectStatus(
        await api.call('GET', `/api/v1/documents/${id}/files/latest`, { token: c.users.clerk.token }),
        200,
      );
      const report = expectStatus(
        await api.call('POST', '/api/v1/verify', {
          form: { file: { bytes: file.bytes, fileName: 'x.pdf' } },
        }),
        200,
      ).body;
      single.set(id, report.verdict);
    }
    const counts: Record<Verdict, number> = {
      TOTAL_PASSED: 0,
      TOTAL_FAILED: 0,
      INDETERMINATE: 0,
      NO_SIGNATURE: 0,
      ERROR: 0,
    };
    for (const v of single.values()) counts[v]++;
    expect(counts).toMatchObject({ TOTAL_PASSED: 2, TOTAL_FAILED: 1, NO_SIGNATURE: 1 });
    expect(ended.counts).toEqual(counts);

    const results = expectStatus(
      await api.call('GET', `${BATCHES}/${started.id}/results`, { token: c.users.leader.token }),
      200,
    );
    expect(results.headers.get('content-type')).toContain('application/x-ndjson');
    expect(results.headers.get('content-disposition')).toContain('.jsonl');
    const lines = ndjson(results);
    expect(lines).toHaveLength(4);
    expect(new Set(lines.map((l) => l.documentId))).toEqual(new Set(single.keys()));
    for (const l of lines) expect(l.verdict, l.documentId).toBe(single.get(l.documentId));

    // A retried request replays the first answer and starts nothing new.
    const replay = await api.call('POST', BATCHES, {
      token: c.users.clerk.token,
      json: { organisationId: c.id },
      headers: { 'Idempotency-Key': key },
    });
    expect(replay.status).toBe(202);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(started.id);
    expect((await untilEnded(started.id, c.users.clerk.token)).body.finishedAt).toBe(ended.finishedAt);
  });

  it('verifies only the organisation’s own documents, as of the time asked', async () => {
    const at = new Date(Date.now() - 3600_000).toISOString();
    const started = expectStatus(
      await api.call('POST', BATCHES, {
        token: root,
        json: { organisationId: c.id, includePredecessors: false, at },
      }),
      202,
    ).body;
    expect(started).toMatchObject({ organisationIds: [c.id], at });
    const ended = (await untilEnded(started.id, root)).body;
    expect(ended).toMatchObject({ state: 'completed', total: 3, done: 3 });
    const lines = ndjson(
      expectStatus(await api.call('GET', `${BATCHES}/${started.id}/results`, { token: root }), 200),
    );
    expect(lines.map((l) => l.documentId).sort()).toEqual([...documents.c].sort());
    expect(lines.every((l) => l.validationTime === at)).toBe(true);

    // The organisation's batches, newest first: this one heads the list.
    const list = expectStatus(
      await api.call('GET', `${BATCHES}?organisationId=${c.id}&limit=1`, { token: c.users.leader.token }),
      200,
    ).body;
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([started.id]);
    expect(
      (await api.call('GET', `${BATCHES}?organisationId=${c.id}`, { token: b.users.clerk.token })).status,
    ).toBe(403);
    const badLimit = await api.call('GET', `${BATCHES}?organisationId=${c.id}&limit=0`, { token: root });
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.fields.map((f: { field: string }) => f.field)).toContain('limit');
  });

  it('refuses anonymous callers, other organisations and officers; 404 for an unknown batch', async () => {
    const mine = expectStatus(
      await api.call('POST', BATCHES, { token: c.users.admin.token, json: { organisationId: c.id } }),
      202,
    ).body;
    expect((await api.call('POST', BATCHES, { json: { organisationId: c.id } })).status).toBe(401);
    expect((await api.call('GET', `${BATCHES}/${mine.id}`)).status).toBe(401);

    const officer = await api.call('POST', BATCHES, {
      token: c.users.officer.token,
      json: { organisationId: c.id },
    });
    expect(officer.status).toBe(403);
    expect((await api.call('GET', `${BATCHES}/${mine.id}`, { token: c.users.officer.token })).status).toBe(
      403,
    );
    const other = await api.call('POST', BATCHES, {
      token: b.users.clerk.token,
      json: { organisationId: c.id },
    });
    expect(other.status).toBe(403);
    expect(other.body.error).toMatchObject({ code: 'VERIFICATION_BATCH_FORBIDDEN' });
    expect(other.body.error.messageVi).toContain('văn thư');
    for (const path of [`${BATCHES}/${mine.id}`, `${BATCHES}/${mine.id}/results`]) {
      expect((await api.call('GET', path, { token: b.users.leader.token })).status, path).toBe(403);
    }
    expect(
      (await api.call('POST', `${BATCHES}/${mine.id}/cancel`, { token: b.users.clerk.token })).status,
    ).toBe(403);
    // The predecessor's clerk does not see the successor's batches.
    expect((await api.call('GET', `${BATCHES}/${mine.id}`, { token: a.clerk })).status).toBe(403);

    for (const path of [`${BATCHES}/${UNKNOWN}`, `${BATCHES}/${UNKNOWN}/results`]) {
      const res = await api.call('GET', path, { token: c.users.clerk.token });
      expect(res.status, path).toBe(404);
      expect(res.body.error.code).toBe('VERIFICATION_BATCH_NOT_FOUND');
    }
    const noOrg = await api.call('POST', BATCHES, { token: root, json: { organisationId: UNKNOWN } });
    expect(noOrg.status).toBe(404);
    expect(noOrg.body.error.code).toBe('ORGANISATION_NOT_FOUND');
    await untilEnded(mine.id, c.users.clerk.token);
  });

  it('answers 400 with the fields at fault', async () => {
    const post = (json: unknown) => api.call('POST', BATCHES, { token: c.users.clerk.token, json });
    const cases: Array<[unknown, string]> = [
      [{}, 'organisationId'],
      [{ organisationId: 'xã Tân Hòa' }, 'organisationId'],
      [{ organisationId: c.id, includePredecessors: 'yes' }, 'includePredecessors'],
      [{ organisationId: c.id, at: 'hôm qua' }, 'at'],
      [{ organisationId: c.id, scope: 'all' }, 'scope'],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const future = await post({ organisationId: c.id, at: new Date(Date.now() + 86_400_000).toISOString() });
    expect(future.status).toBe(400);
    expect(future.body.error.code).toBe('VERIFICATION_BATCH_AT_INVALID');
    expect((await api.call('GET', `${BATCHES}/not-a-uuid`, { token: c.users.clerk.token })).status).toBe(400);
  });

  it('answers 409 for the results of a batch still running, and cancels it', async () => {
    // A batch a worker is working on (in this embedded test nothing runs it; its row says where it is).
    const id = '11111111-1111-4111-8111-111111111111';
    const now = new Date();
    await h.kyso.dataSource.manager.insert(VerificationBatch, {
      id,
      organisationId: c.id,
      organisationIds: [c.id],
      includePredecessors: false,
      validationTime: null,
      requestedBy: c.users.clerk.id,
      state: 'running',
      attempt: 1,
      total: 200,
      done: 50,
      countTotalPassed: 48,
      countTotalFailed: 0,
      countIndeterminate: 1,
      countNoSignature: 1,
      countError: 0,
      documentsPerSecond: 25.5,
      errorMessage: null,
      resultsBlobKey: null,
      createdAt: now,
      startedAt: now,
      finishedAt: null,
      updatedAt: now,
    });
    const progress = expectStatus(
      await api.call('GET', `${BATCHES}/${id}`, { token: c.users.clerk.token }),
      200,
    );
    expect(progress.body).toMatchObject({
      state: 'running',
      done: 50,
      total: 200,
      percent: 25,
      documentsPerSecond: 25.5,
      counts: { TOTAL_PASSED: 48, INDETERMINATE: 1, NO_SIGNATURE: 1 },
      resultsAvailable: false,
    });
    const early = await api.call('GET', `${BATCHES}/${id}/results`, { token: c.users.clerk.token });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('VERIFICATION_BATCH_RESULTS_NOT_READY');
    expect(early.body.error.message).toContain('running');
    expect(early.body.error.messageVi).toContain('đang chạy');

    const cancelled = expectStatus(
      await api.call('POST', `${BATCHES}/${id}/cancel`, { token: c.users.leader.token }),
      200,
    );
    expect(cancelled.body).toMatchObject({ state: 'cancelled', done: 50 });
    expect(cancelled.body.finishedAt).not.toBeNull();
    const again = await api.call('POST', `${BATCHES}/${id}/cancel`, { token: c.users.leader.token });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('VERIFICATION_BATCH_ALREADY_FINISHED');
    expect((await api.call('GET', `${BATCHES}/${id}/results`, { token: c.users.clerk.token })).status).toBe(
      409,
    );
  });

  it('documents the endpoints in OpenAPI', async () => {
    const doc = expectStatus(await api.call('GET', '/api/docs-json'), 200).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        BATCHES,
        `${BATCHES}/{id}`,
        `${BATCHES}/{id}/results`,
        `${BATCHES}/{id}/cancel`,
      ]),
    );
    expect(doc.paths[BATCHES].post.responses['202']).toBeDefined();
    expect(doc.paths[BATCHES].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['organisationId', 'limit']),
    );
  });
});

describe('verification batches after a restart (embedded mode)', () => {
  let dir: string;
  let running: KysoApp | undefined;
  afterAll(async () => {
    await running?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** The API as `npm start` builds it, on one data directory that outlives the process. */
  async function start(): Promise<ApiClient> {
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: `sqlite:${join(dir, 'kyso.sqlite')}`,
      KYSO_DATA_DIR: dir,
      KYSO_BOOTSTRAP_ADMIN: `${ROOT.username}:${ROOT.password}`,
      KYSO_LOG_LEVEL: 'silent',
      KYSO_OFFLINE: 'true',
    });
    running = await createApp(config);
    await running.app.listen(0, '127.0.0.1');
    return new ApiClient(`http://127.0.0.1:${(running.app.getHttpServer().address() as AddressInfo).port}`);
  }

  it('runs at start-up the batches a stopped process left queued or running, from scratch', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kyso-batch-restart-'));
    let api = await start();
    const commune = await createCommune(api);
    for (const n of [1, 2, 3])
      expectStatus(
        await api.call('POST', '/api/v1/documents/incoming', {
          token: commune.users.clerk.token,
          form: {
            typeCode: 'cong-van',
            numberSymbol: `${n}/UBND-VP`,
            subject: `Công văn ${n}`,
            senderName: 'UBND tỉnh',
            file: { bytes: await makePdf({ title: `Cong van ${n}` }), fileName: `cv-${n}.pdf` },
          },
        }),
        201,
      );
    // What a killed process leaves: a batch half done (stale counts), one committed but never launched.
    const now = new Date();
    const left = (id: string, state: 'queued' | 'running'): VerificationBatch => ({
      id,
      organisationId: commune.id,
      organisationIds: [commune.id],
      includePredecessors: true,
      validationTime: null,
      requestedBy: commune.users.clerk.id,
      state,
      attempt: state === 'running' ? 1 : 0,
      total: state === 'running' ? 3 : 0,
      done: state === 'running' ? 2 : 0,
      countTotalPassed: state === 'running' ? 2 : 0,
      countTotalFailed: 0,
      countIndeterminate: 0,
      countNoSignature: 0,
      countError: 0,
      documentsPerSecond: null,
      errorMessage: null,
      resultsBlobKey: null,
      createdAt: now,
      startedAt: state === 'running' ? now : null,
      finishedAt: null,
      updatedAt: now,
    });
    const ids = ['22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333'];
    await running!.dataSource.manager.insert(VerificationBatch, [
      left(ids[0], 'running'),
      left(ids[1], 'queued'),
    ]);
    await running!.close();
    running = undefined;

    api = await start();
    for (const id of ids) {
      const deadline = Date.now() + 30_000;
      let body: { state: string };
      do {
        body = expectStatus(
          await api.call('GET', `${BATCHES}/${id}`, { token: commune.users.clerk.token }),
          200,
        ).body;
        if (body.state === 'completed') break;
        await new Promise((r) => setTimeout(r, 100));
      } while (Date.now() < deadline);
      expect(body).toMatchObject({
        state: 'completed',
        total: 3,
        done: 3,
        counts: { TOTAL_PASSED: 0, TOTAL_FAILED: 0, INDETERMINATE: 0, NO_SIGNATURE: 3, ERROR: 0 },
      });
      const results = expectStatus(
        await api.call('GET', `${BATCHES}/${id}/results`, { token: commune.users.clerk.token }),
        200,
      );
      expect(results.bytes.toString('utf8').trimEnd().split('\n')).toHaveLength(3);
    }
    const rows = await running!.dataSource.manager.findBy(VerificationBatch, {});
    expect(Object.fromEntries(rows.map((r) => [r.id, r.attempt]))).toEqual({ [ids[0]]: 2, [ids[1]]: 1 });
  });
});
