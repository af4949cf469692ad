/**
 * Transient TSA failures during an augmentation run: in front of the test TSA, a small HTTP proxy answers 503 to
 * every third request. The run must finish with every document augmented (each retried with backoff), while a TSA
 * that refuses the request (HTTP 400) fails a document at once, and one that never recovers fails it after the
 * bounded attempts — each with its reason in the run's report.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrlClient, OcspClient, TsaClient } from '@kyso/cms';
import { loadConfig } from '@kyso/config';
import { openDatabase } from '@kyso/database';
import { AuditTrail } from '@kyso/documents';
import { systemClock } from '@kyso/org';
import { SoftwareSigner, signPdf } from '@kyso/signing';
import { LocalBlobStore } from '@kyso/storage';
import { issueCertificate } from '@kyso/test-pki';
import { makePdf } from '../../../../test/support/pdf-fixtures';
import { TEST_TRUST_URL } from '../../../../test/support/signing-services';
import { AugmentationService } from './augmentation.service';

const DOCUMENTS = 6;

/** A proxy to the test TSA that answers `status` instead of forwarding when `fail(n)` says so (n counts from 1). */
function tsaProxy(
  fail: (n: number) => number | null,
): Promise<{ url: string; seen: number[]; server: Server }> {
  const seen: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = fail(seen.length + 1);
      seen.push(status ?? 200);
      if (status !== null) {
        res.writeHead(status, { 'content-type': 'text/plain' }).end('try later');
        return;
      }
      fetch(`${TEST_TRUST_URL}/tsa`, {
        method: 'POST',
        headers: { 'content-type': req.headers['content-type'] ?? 'application/timestamp-query' },
        body: Buffer.concat(chunks),
      })
        .then(async (upstream) => {
          const body = Buffer.from(await upstream.arrayBuffer());
          res
            .writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? '' })
            .end(body);
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`, seen, server }),
    ),
  );
}

let dir: string;
let ds: DataSource;
let blobs: LocalBlobStore;
let orgId: string;
const servers: Server[] = [];
const signed: Buffer[] = [];

async function documents(count: number, label: string): Promise<void> {
  const now = new Date().toISOString();
  for (let i = 0; i < count; i++) {
    const pdf = signed[i % signed.length];
    const put = await blobs.put(`documents/test/${label}-${i}.pdf`, pdf);
    const id = randomUUID();
    await ds.query(
      `INSERT INTO documents (id, organisation_id, direction, status, type_code, subject, urgency, secrecy, search_text, created_at, updated_at) VALUES (?, ?, 'outgoing', 'dispatched', 'quyet-dinh', ?, 'normal', 'none', '', ?, ?)`,
      [id, orgId, `${label} ${i}`, now, now],
    );
    await ds.query(
      `INSERT INTO document_files (id, document_id, version, kind, file_name, content_type, size, sha256, blob_key, created_at) VALUES (?, ?, 1, 'sealed', ?, 'application/pdf', ?, ?, ?, ?)`,
      [randomUUID(), id, `${label}-${i}.pdf`, put.size, put.sha256, put.key, now],
    );
  }
}

async function serviceWith(tsaUrl: string): Promise<AugmentationService> {
  return new AugmentationService({
    dataSource: ds,
    blobStore: blobs,
    trust: {
      tsa: new TsaClient({ url: tsaUrl }),
      ocsp: new OcspClient(),
      crl: new CrlClient(),
      now: () => new Date(),
    },
    audit: new AuditTrail(),
    clock: systemClock,
    retry: { attempts: 4, baseDelayMs: 20, maxDelayMs: 200 },
  });
}

async function newOrganisation(code: string): Promise<void> {
  orgId = randomUUID();
  const now = new Date().toISOString();
  await ds.query(
    `INSERT INTO organisations (id, name, short_name, code, valid_from, created_at, updated_at) VALUES (?, 'UBND xã Tân Lập', 'UBND', ?, '2024-01-01', ?, ?)`,
    [orgId, code, now, now],
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kyso-augment-retry-'));
  ds = await openDatabase(
    loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'kyso.sqlite')}`, KYSO_DATA_DIR: dir }).database,
    { entities: [] },
  );
  blobs = new LocalBlobStore(join(dir, 'blobs'));
  const cert = issueCertificate({
    subject: [
      ['C', 'VN'],
      ['O', 'UBND xã Tân Lập'],
      ['CN', 'UBND xã Tân Lập'],
    ],
    profile: 'seal',
  });
  const signer = new SoftwareSigner(cert.privateKey, cert.certDer, cert.chainDer);
  const trust = {
    tsa: new TsaClient({ url: `${TEST_TRUST_URL}/tsa` }),
    ocsp: new OcspClient(),
    crl: new CrlClient(),
    now: () => new Date(),
  };
  for (let i = 0; i < 3; i++)
    signed.push(
      await (
        await signPdf(await makePdf({ title: `Quyet dinh ${i}` }), signer, trust, { level: 'B-T' })
      ).toBuffer(),
    );
}, 60_000);

afterAll(async () => {
  for (const s of servers) s.close();
  await ds?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('augmentation against a flaky TSA', () => {
  it('finishes with every document augmented when the TSA answers 503 to every third request', async () => {
    const proxy = await tsaProxy((n) => (n % 3 === 0 ? 503 : null));
    servers.push(proxy.server);
    await newOrganisation('000.00.41.H41');
    await documents(DOCUMENTS, 'flaky');
    const service = await serviceWith(proxy.url);
    const run = await service.startRun({ scope: { organisationIds: [orgId] } });
    const report = await service.run(run.id, { concurrency: 2 });
    expect(report.failures).toEqual([]);
    expect(report.counts).toMatchObject({ total: DOCUMENTS, augmented: DOCUMENTS, failed: 0, pending: 0 });
    expect(proxy.seen.filter((s) => s === 503).length).toBeGreaterThanOrEqual(2);
    expect(proxy.seen.filter((s) => s === 200).length).toBe(DOCUMENTS);
  });

  it('fails at once on a refusal and after the bounded attempts on a TSA that never recovers, saying why', async () => {
    const refusing = await tsaProxy(() => 400);
    const down = await tsaProxy(() => 503);
    servers.push(refusing.server, down.server);

    await newOrganisation('000.00.42.H41');
    await documents(1, 'refused');
    const refused = await (await serviceWith(refusing.url)).startRun({ scope: { organisationIds: [orgId] } });
    const refusedReport = await (await serviceWith(refusing.url)).run(refused.id);
    expect(refusing.seen).toEqual([400]);
    expect(refusedReport.failures).toHaveLength(1);
    expect(refusedReport.failures[0].reason).toMatch(/^TSA_UNAVAILABLE: .*HTTP 400/);
    expect(refusedReport.failures[0].reason).not.toMatch(/attempts/);

    await newOrganisation('000.00.43.H41');
    await documents(1, 'down');
    const service = await serviceWith(down.url);
    const downRun = await service.startRun({ scope: { organisationIds: [orgId] } });
    const downReport = await service.run(downRun.id);
    expect(down.seen).toEqual([503, 503, 503, 503]);
    expect(downReport.failures[0].reason).toMatch(
      /^TSA_UNAVAILABLE: .*HTTP 503.*\(transient, still failing after 4 attempts\)$/,
    );
    // What is still failing, and why, is what `kyso archive status` prints.
    expect((await service.report(downRun.id)).failures).toEqual(downReport.failures);
  });
});
