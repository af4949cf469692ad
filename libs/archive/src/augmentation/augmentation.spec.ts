/**
 * The run machinery without the network: what a run does with documents that have nothing signed, with a stored file
 * that no longer matches its SHA-256, and with a file that is gone — and that two workers on one run agree.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrlClient, OcspClient } from '@kyso/cms';
import { loadConfig } from '@kyso/config';
import { openDatabase } from '@kyso/database';
import { AuditTrail } from '@kyso/documents';
import { systemClock } from '@kyso/org';
import { LocalBlobStore } from '@kyso/storage';
import { makePdf } from '../../../../test/support/pdf-fixtures';
import { localTsa } from '../../testing/local-tsa';
import { AugmentationService } from './augmentation.service';
import { filesToPreserve, type StoredFileRow } from './document-augmenter';

let dir: string;
let ds: DataSource;
let blobs: LocalBlobStore;
let service: AugmentationService;
let orgId: string;
const docs: Record<'unsigned' | 'corrupt' | 'missing', string> = { unsigned: '', corrupt: '', missing: '' };

async function document(bytes: Buffer, name: string): Promise<{ id: string; key: string }> {
  const put = await blobs.put(`documents/test/${name}.pdf`, bytes);
  const id = randomUUID();
  const now = new Date().toISOString();
  await ds.query(
    `INSERT INTO documents (id, organisation_id, direction, status, type_code, subject, urgency, secrecy, search_text, created_at, updated_at) VALUES (?, ?, 'incoming', '03', 'cong-van', ?, 'normal', 'none', '', ?, ?)`,
    [id, orgId, name, now, now],
  );
  await ds.query(
    `INSERT INTO document_files (id, document_id, version, kind, file_name, content_type, size, sha256, blob_key, created_at) VALUES (?, ?, 1, 'received', ?, 'application/pdf', ?, ?, ?, ?)`,
    [randomUUID(), id, `${name}.pdf`, put.size, put.sha256, put.key, now],
  );
  return { id, key: put.key };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kyso-augment-'));
  ds = await openDatabase(
    loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'kyso.sqlite')}`, KYSO_DATA_DIR: dir }).database,
    { entities: [] },
  );
  blobs = new LocalBlobStore(join(dir, 'blobs'));
  orgId = randomUUID();
  const now = new Date().toISOString();
  await ds.query(
    `INSERT INTO organisations (id, name, short_name, code, valid_from, created_at, updated_at) VALUES (?, 'UBND xã Tân Lập', 'UBND', '000.00.31.H41', '2024-01-01', ?, ?)`,
    [orgId, now, now],
  );
  const trust = {
    tsa: localTsa(),
    ocsp: new OcspClient({ offline: true }),
    crl: new CrlClient({ offline: true }),
    now: () => new Date(),
  };
  service = new AugmentationService({
    dataSource: ds,
    blobStore: blobs,
    trust,
    audit: new AuditTrail(),
    clock: systemClock,
  });
  docs.unsigned = (await document(await makePdf({ title: 'Giay moi' }), 'giay-moi')).id;
  const corrupt = await document(await makePdf({ title: 'Cong van' }), 'cong-van');
  docs.corrupt = corrupt.id;
  writeFileSync(
    join(dir, 'blobs', ...corrupt.key.split('/')),
    await makePdf({ title: 'Cong van da bi sua' }),
  );
  const missing = await document(await makePdf({ title: 'To trinh' }), 'to-trinh');
  docs.missing = missing.id;
  await blobs.delete(missing.key);
});

afterAll(async () => {
  await ds?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('augmentation run', () => {
  it('skips what is unsigned and fails, with the reason, what no longer matches its SHA-256 or is gone', async () => {
    const run = await service.startRun({ scope: { organisationIds: [orgId] } });
    // Two workers on the same run: every document is decided once.
    const [a, b] = await Promise.all([
      service.run(run.id, { worker: 'a', batchSize: 1 }),
      service.run(run.id, { worker: 'b', batchSize: 1 }),
    ]);
    expect(a.counts).toEqual(b.counts);
    expect(a.counts).toEqual({ total: 3, pending: 0, augmented: 0, fine: 0, skipped: 1, failed: 2 });
    const reasons = Object.fromEntries(a.failures.map((f) => [f.documentId, f.reason]));
    expect(reasons[docs.corrupt]).toMatch(
      /^ARCHIVE_BLOB_CORRUPT: .*cong-van.pdf v1: SHA-256 [0-9a-f]{64} ≠ recorded/,
    );
    expect(reasons[docs.missing]).toMatch(/^ARCHIVE_BLOB_CORRUPT: .*to-trinh.pdf v1: unreadable/);
    const [protection] = await ds.query(`SELECT level, state FROM archive_protection WHERE document_id = ?`, [
      docs.unsigned,
    ]);
    expect(protection).toEqual({ level: 'unsigned', state: 'unsigned' });
    // A finished run answers with its stored report.
    expect(await service.run(run.id)).toEqual(a);
    expect((await service.unfinishedRuns()).map((r) => r.id)).not.toContain(run.id);
  });

  it('chooses the latest signed file and the latest copy of each attachment, main file last', () => {
    const f = (version: number, kind: string, file_name = 'qd.pdf'): StoredFileRow => ({
      id: `${kind}-${version}`,
      document_id: 'd',
      version,
      kind,
      file_name,
      content_type: 'application/pdf',
      size: 1,
      sha256: '',
      blob_key: '',
    });
    const chosen = filesToPreserve([
      f(1, 'draft'),
      f(2, 'signed'),
      f(3, 'attachment', 'phu-luc.pdf'),
      f(4, 'sealed'),
      f(5, 'attachment', 'phu-luc.pdf'),
      f(6, 'draft'),
    ]);
    expect(chosen.map((c) => c.id)).toEqual(['attachment-5', 'sealed-4']);
  });
});
