import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type ApiResponse, expectStatus } from '../support/api/api-client';
import { ROOT } from '../support/api/api-harness';
import { createCommune, pdf, type Commune } from '../support/api/commune';
import { type SpawnedApi, spawnApi } from '../support/spawn-api';
import { testPostgresUrl } from '../support/postgres';

const INCOMING = 8;
const ISSUES = 5;

/** The answers a retry that overlaps its own first attempt may give: that attempt's answer, or "still running". */
function expectOwnAnswerOrInProgress(res: ApiResponse, ok: number): void {
  if (res.status === 409 && res.body?.error?.code === 'IDEMPOTENCY_IN_PROGRESS') {
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    return;
  }
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status: ok, code: undefined });
}

/** Retries as a client honouring Retry-After would, until the answer is no longer "in progress". */
async function settle(send: () => Promise<ApiResponse>): Promise<ApiResponse> {
  for (let i = 0; ; i++) {
    const res = await send();
    if (res.status !== 409 || res.body?.error?.code !== 'IDEMPOTENCY_IN_PROGRESS' || i >= 10) return res;
    await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after')) * 1000));
  }
}

/** The first attempt, abandoned by its client `afterMs` after sending (the server goes on with it). */
async function abandoned(baseUrl: string, path: string, init: RequestInit, afterMs: number): Promise<void> {
  const controller = new AbortController();
  const sent = fetch(`${baseUrl}${path}`, { ...init, signal: controller.signal }).catch(() => undefined);
  await new Promise((r) => setTimeout(r, afterMs));
  controller.abort();
  await sent;
}

function incomingForm(n: number, file: Buffer): Record<string, string | { bytes: Buffer; fileName: string }> {
  return {
    typeCode: 'cong-van',
    numberSymbol: `${n}/UBND-TH`,
    subject: `Công văn đến gửi lại ${n}`,
    senderName: 'UBND huyện',
    file: { bytes: file, fileName: `cv-${n}.pdf` },
  };
}

function formData(fields: ReturnType<typeof incomingForm>): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === 'string') form.append(k, v);
    else form.append(k, new Blob([new Uint8Array(v.bytes)], { type: 'application/pdf' }), v.fileName);
  }
  return form;
}

/**
 * A client whose first attempt is cut off (timeout, lost connection) retries at once with the same Idempotency-Key,
 * on whichever process the load balancer picks, while that first attempt is still at work. The retry must get the
 * first attempt's answer, or 409 IDEMPOTENCY_IN_PROGRESS with Retry-After — never a domain error caused by that
 * first attempt (INCOMING_DUPLICATE, INVALID_STATE); and once settled, every request has created exactly once.
 */
describe.each([
  ['two processes on one PostgreSQL database', 'postgres', 2],
  ['one process on PostgreSQL', 'postgres', 1],
  ['the embedded mode (SQLite)', 'sqlite', 1],
] as const)('a retry overlapping its first attempt, %s', (_label, database, processes) => {
  const apis: SpawnedApi[] = [];
  let dataDir: string;
  let first: ApiClient;
  let retry: ApiClient;
  let commune: Commune;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kyso-idem-'));
    const env: Record<string, string> = {
      KYSO_DATA_DIR: dataDir,
      KYSO_BOOTSTRAP_ADMIN: `${ROOT.username}:${ROOT.password}`,
    };
    if (database === 'postgres') env.DATABASE_URL = await testPostgresUrl('idem_flight');
    apis.push(...(await Promise.all(Array.from({ length: processes }, () => spawnApi(env)))));
    first = new ApiClient(apis[0].baseUrl);
    retry = new ApiClient(apis[apis.length - 1].baseUrl);
    commune = await createCommune(first, 'UBND');
  });
  afterAll(async () => {
    await Promise.all(apis.map((api) => api.stop()));
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('registers each incoming document once: the retry replays or is told to wait', async () => {
    const { clerk } = commune.users;
    const overlapped: string[] = [];
    for (let n = 0; n < INCOMING; n++) {
      const key = `flight-in-${n}`;
      const file = pdf(key);
      const headers = { authorization: `Bearer ${clerk.token}`, 'idempotency-key': key };
      await abandoned(
        apis[0].baseUrl,
        '/api/v1/documents/incoming',
        { method: 'POST', headers, body: formData(incomingForm(n, file)) },
        5 + 4 * n,
      );
      const res = await retry.call('POST', '/api/v1/documents/incoming', {
        token: clerk.token,
        headers: { 'idempotency-key': key },
        form: incomingForm(n, file),
      });
      expectOwnAnswerOrInProgress(res, 201);
      if (res.status === 409 || res.headers.get('idempotent-replayed') === 'true') overlapped.push(key);
    }
    expect(overlapped.length).toBeGreaterThan(0); // the first attempts did reach the server

    const ids = new Set<string>();
    for (let n = 0; n < INCOMING; n++) {
      const key = `flight-in-${n}`;
      const res = await settle(() =>
        retry.call('POST', '/api/v1/documents/incoming', {
          token: clerk.token,
          headers: { 'idempotency-key': key },
          form: incomingForm(n, pdf(key)),
        }),
      );
      ids.add(expectStatus(res, 201).body.id);
    }
    expect(ids.size).toBe(INCOMING);
    const page = expectStatus(
      await first.call('GET', '/api/v1/documents?direction=incoming&q=gửi lại&pageSize=100', {
        token: clerk.token,
      }),
      200,
    ).body;
    expect(page.total).toBe(INCOMING);
  });

  it('issues each signed document once: the retry never sees INVALID_STATE from its own first attempt', async () => {
    const { clerk, leader } = commune.users;
    const drafts: string[] = [];
    for (let i = 0; i < ISSUES; i++) {
      const d = expectStatus(
        await first.call('POST', '/api/v1/documents/outgoing', {
          token: clerk.token,
          json: { typeCode: 'quyet-dinh', subject: `Quyết định gửi lại ${i}` },
        }),
        201,
      ).body;
      expectStatus(
        await first.call('POST', `/api/v1/documents/${d.id}/versions`, {
          token: clerk.token,
          form: { kind: 'draft', file: { bytes: pdf(`qd-flight-${i}`), fileName: 'qd.pdf' } },
        }),
        201,
      );
      expectStatus(await first.call('POST', `/api/v1/documents/${d.id}/submit`, { token: clerk.token }), 200);
      expectStatus(
        await first.call('POST', `/api/v1/documents/${d.id}/sign`, { token: leader.token, json: {} }),
        200,
      );
      drafts.push(d.id);
    }
    const numbers = new Set<number>();
    for (const [i, id] of drafts.entries()) {
      const key = `flight-issue-${id}`;
      const headers = { authorization: `Bearer ${clerk.token}`, 'idempotency-key': key };
      await abandoned(
        apis[0].baseUrl,
        `/api/v1/documents/${id}/issue`,
        { method: 'POST', headers },
        3 + 4 * i,
      );
      const send = () =>
        retry.call('POST', `/api/v1/documents/${id}/issue`, {
          token: clerk.token,
          headers: { 'idempotency-key': key },
        });
      expectOwnAnswerOrInProgress(await send(), 200);
      numbers.add(expectStatus(await settle(send), 200).body.number);
    }
    expect(numbers.size).toBe(ISSUES);
  });
});
