import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient, expectStatus } from '../support/api/api-client';
import { ROOT } from '../support/api/api-harness';
import { freePort, kill9, spawnApi, type ApiProcess } from '../support/api/api-process';
import { createCommune, pdf, type Commune } from '../support/api/commune';
import { testPostgresUrl } from '../support/postgres';

const CLIENTS = 24;
const SIGNED_DRAFTS = 150;

interface Attempt {
  key: string;
  kind: 'incoming' | 'issue';
  documentId?: string;
  acked?: { id: string; number: number };
}

/**
 * SIGKILL in the middle of a burst of registrations and issues: after a restart every number in the database belongs
 * to a fully registered document, numbers are contiguous, every acknowledged answer is in the database, and retrying
 * the unanswered requests with their Idempotency-Key registers nothing twice.
 */
describe('crash during a burst (SIGKILL) on PostgreSQL', () => {
  let dataDir: string;
  let db: Client;
  let api: ApiProcess | undefined;
  afterAll(async () => {
    if (api) await kill9(api);
    await db?.end();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('leaves no half-registered document and no consumed-but-unused number', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kyso-crash-'));
    const databaseUrl = await testPostgresUrl('crash');
    const env = {
      DATABASE_URL: databaseUrl,
      KYSO_DATA_DIR: dataDir,
      KYSO_BOOTSTRAP_ADMIN: `${ROOT.username}:${ROOT.password}`,
      KYSO_DB_POOL: '16',
    };
    const port = await freePort();
    api = await spawnApi(env, port);
    let client = new ApiClient(api.baseUrl);
    const commune: Commune = await createCommune(client, 'UBND');
    const { clerk, leader } = commune.users;

    // Outgoing documents signed and waiting for their numbers.
    const drafts: string[] = [];
    for (let i = 0; i < SIGNED_DRAFTS; i++) {
      const d = expectStatus(
        await client.call('POST', '/api/v1/documents/outgoing', {
          token: clerk.token,
          json: { typeCode: 'quyet-dinh', subject: `Quyết định số thứ ${i}` },
        }),
        201,
      ).body;
      expectStatus(
        await client.call('POST', `/api/v1/documents/${d.id}/versions`, {
          token: clerk.token,
          form: { kind: 'draft', file: { bytes: pdf(`qd-${i}`), fileName: 'qd.pdf' } },
        }),
        201,
      );
      expectStatus(
        await client.call('POST', `/api/v1/documents/${d.id}/submit`, { token: clerk.token }),
        200,
      );
      expectStatus(
        await client.call('POST', `/api/v1/documents/${d.id}/sign`, { token: leader.token, json: {} }),
        200,
      );
      drafts.push(d.id);
    }

    // The burst: CLIENTS loops registering incoming PDFs and issuing numbers, each request with its own key.
    const attempts: Attempt[] = [];
    let stop = false;
    let seq = 0;
    const burst = Array.from({ length: CLIENTS }, async (_, w) => {
      while (!stop) {
        const n = seq++;
        const documentId = w % 3 === 0 ? drafts.shift() : undefined;
        const attempt: Attempt = documentId
          ? { key: `issue-${n}`, kind: 'issue', documentId }
          : { key: `in-${n}`, kind: 'incoming' };
        attempts.push(attempt);
        try {
          const res =
            attempt.kind === 'issue'
              ? await client.call('POST', `/api/v1/documents/${attempt.documentId}/issue`, {
                  token: clerk.token,
                  headers: { 'idempotency-key': attempt.key },
                })
              : await client.call('POST', '/api/v1/documents/incoming', {
                  token: clerk.token,
                  headers: { 'idempotency-key': attempt.key },
                  form: {
                    typeCode: 'cong-van',
                    numberSymbol: `${n}/UBND-VP`,
                    subject: `Công văn đến ${n}`,
                    senderName: 'UBND huyện',
                    file: { bytes: pdf(`in-${n}`), fileName: `cv-${n}.pdf` },
                  },
                });
          if (res.status === 200) attempt.acked = { id: res.body.document.id, number: res.body.number };
          if (res.status === 201) attempt.acked = { id: res.body.id, number: res.body.registerNumber };
        } catch {
          // The connection died with the process: the outcome is unknown to the client.
        }
      }
    });
    const started = Date.now();
    while (attempts.filter((a) => a.acked).length < 150 && Date.now() - started < 30_000)
      await new Promise((r) => setTimeout(r, 20));
    await kill9(api);
    stop = true;
    await Promise.all(burst);
    const acked = attempts.filter((a) => a.acked);
    const unknown = attempts.filter((a) => !a.acked);
    expect(acked.length).toBeGreaterThanOrEqual(150);
    expect(unknown.length).toBeGreaterThan(0); // requests really were in flight when the process died

    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const check = async () => {
      const registers = (
        await db.query(`SELECT id, kind, next_number FROM registers WHERE organisation_id = $1`, [commune.id])
      ).rows;
      for (const register of registers) {
        const numbers = (
          await db.query(
            `SELECT register_number FROM documents WHERE register_id = $1 AND register_number IS NOT NULL ORDER BY 1`,
            [register.id],
          )
        ).rows.map((r) => r.register_number as number);
        // Contiguous from 1, and the counter says exactly how many were given out.
        expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
        expect(register.next_number).toBe(numbers.length + 1);
      }
      // Every registered incoming document is whole: status, number, file with its blob, audit entry.
      const incoming = (
        await db.query(
          `SELECT d.id, d.status, d.register_number, f.blob_key, f.sha256,
                (SELECT COUNT(*) FROM audit_entries e WHERE e.entity_id = d.id AND e.action = 'incoming.registered') AS audits
           FROM documents d LEFT JOIN document_files f ON f.document_id = d.id
          WHERE d.organisation_id = $1 AND d.direction = 'incoming'`,
          [commune.id],
        )
      ).rows;
      for (const d of incoming) {
        expect([d.status, d.register_number !== null, d.blob_key !== null, Number(d.audits)]).toEqual([
          '03',
          true,
          true,
          1,
        ]);
        expect(existsSync(join(dataDir, 'blobs', ...d.blob_key.split('/')))).toBe(true);
      }
      // Issued ⇔ numbered, for outgoing documents.
      const outgoing = (
        await db.query(
          `SELECT status, register_number, number_symbol FROM documents WHERE organisation_id = $1 AND direction = 'outgoing'`,
          [commune.id],
        )
      ).rows;
      for (const d of outgoing)
        expect([d.status, d.register_number !== null, d.number_symbol !== null]).toEqual([
          d.status,
          d.status === 'issued',
          d.status === 'issued',
        ]);
      return { incoming: incoming.length, issued: outgoing.filter((d) => d.status === 'issued').length };
    };
    const afterCrash = await check();
    // Every answer the client got is in the database with the same number.
    for (const a of acked) {
      const row = (await db.query(`SELECT register_number FROM documents WHERE id = $1`, [a.acked!.id]))
        .rows[0];
      expect(row?.register_number).toBe(a.acked!.number);
    }

    // Restart; retry every request whose answer was lost, with the same key.
    api = await spawnApi(env, port);
    client = new ApiClient(api.baseUrl);
    const token = clerk.token; // still valid: the signing key lives in the data directory
    let replayed = 0;
    for (const a of unknown) {
      const res =
        a.kind === 'issue'
          ? await client.call('POST', `/api/v1/documents/${a.documentId}/issue`, {
              token,
              headers: { 'idempotency-key': a.key },
            })
          : await client.call('POST', '/api/v1/documents/incoming', {
              token,
              headers: { 'idempotency-key': a.key },
              form: {
                typeCode: 'cong-van',
                numberSymbol: `${a.key.slice(3)}/UBND-VP`,
                subject: `Công văn đến ${a.key.slice(3)}`,
                senderName: 'UBND huyện',
                file: { bytes: pdf(a.key), fileName: `cv-${a.key.slice(3)}.pdf` },
              },
            });
      expect([a.key, res.status]).toEqual([a.key, a.kind === 'issue' ? 200 : 201]);
      if (res.headers.get('idempotent-replayed') === 'true') replayed++;
    }
    console.log(
      `[crash] acknowledged ${acked.length}, in flight at SIGKILL ${unknown.length} (committed but unanswered: ${replayed})`,
    );
    const afterRetry = await check();
    // Exactly one document per request: the retries replayed or completed, never duplicated.
    expect(afterRetry.incoming).toBe(attempts.filter((a) => a.kind === 'incoming').length);
    expect(afterRetry.issued).toBe(attempts.filter((a) => a.kind === 'issue').length);
    expect(afterRetry.incoming).toBeGreaterThanOrEqual(afterCrash.incoming);
    const duplicates = (
      await db.query(
        `SELECT number_symbol, COUNT(*) FROM documents WHERE organisation_id = $1 AND direction = 'incoming' GROUP BY 1 HAVING COUNT(*) > 1`,
        [commune.id],
      )
    ).rows;
    expect(duplicates).toEqual([]);
  });
});
