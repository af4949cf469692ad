/**
 * Archive timestamp renewal: a document whose last document timestamp comes from a TSA certificate that expires in a
 * month is reported due and renewed with a new document timestamp over everything; a document protected until 2030
 * is left alone; an unsigned one has nothing to protect.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrlClient, OcspClient, TsaClient } from '@kyso/cms';
import { loadConfig } from '@kyso/config';
import { openDatabase } from '@kyso/database';
import { AuditTrail } from '@kyso/documents';
import { systemClock } from '@kyso/org';
import { listSignatures } from '@kyso/pdf';
import { SoftwareSigner, signPdf } from '@kyso/signing';
import { LocalBlobStore } from '@kyso/storage';
import { testPki } from '@kyso/test-pki';
import { TrustStore, validatePdf } from '@kyso/validation';
import { makePdf } from '../../../../test/support/pdf-fixtures';
import { AugmentationService } from '../augmentation/augmentation.service';
import { localTsa } from '../../testing/local-tsa';
import { TimestampRenewalService } from './timestamp-renewal.service';

const TRUST = process.env.KYSO_TEST_TRUST_URL ?? 'http://127.0.0.1:39080';
let dir: string;
let ds: DataSource;
let blobs: LocalBlobStore;
let renewal: TimestampRenewalService;
let augmentation: AugmentationService;
const docs: Record<'expiring' | 'lasting' | 'unsigned', string> = { expiring: '', lasting: '', unsigned: '' };

async function storeDocument(orgId: string, bytes: Buffer, subject: string): Promise<string> {
  const put = await blobs.put(`documents/test/${randomUUID()}.pdf`, bytes);
  const id = randomUUID();
  const now = new Date().toISOString();
  await ds.query(
    `INSERT INTO documents (id, organisation_id, direction, status, type_code, subject, urgency, secrecy, search_text, created_at, updated_at) VALUES (?, ?, 'outgoing', 'dispatched', 'quyet-dinh', ?, 'normal', 'none', '', ?, ?)`,
    [id, orgId, subject, now, now],
  );
  await ds.query(
    `INSERT INTO document_files (id, document_id, version, kind, file_name, content_type, size, sha256, blob_key, created_at) VALUES (?, ?, 1, 'sealed', 'qd.pdf', 'application/pdf', ?, ?, ?, ?)`,
    [randomUUID(), id, put.size, put.sha256, put.key, now],
  );
  return id;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kyso-renew-'));
  ds = await openDatabase(
    loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'kyso.sqlite')}`, KYSO_DATA_DIR: dir }).database,
    { entities: [] },
  );
  blobs = new LocalBlobStore(join(dir, 'blobs'));
  const trust = {
    tsa: new TsaClient({ url: `${TRUST}/tsa` }),
    ocsp: new OcspClient(),
    crl: new CrlClient(),
    now: () => new Date(),
  };
  augmentation = new AugmentationService({
    dataSource: ds,
    blobStore: blobs,
    trust,
    audit: new AuditTrail(),
    clock: systemClock,
  });
  renewal = new TimestampRenewalService(
    { dataSource: ds, blobStore: blobs, clock: systemClock },
    augmentation,
  );

  const orgId = randomUUID();
  await ds.query(
    `INSERT INTO organisations (id, name, short_name, code, valid_from, created_at, updated_at) VALUES (?, 'UBND xã Tân Hòa', 'UBND', '000.00.35.H41', '2024-01-01', ?, ?)`,
    [orgId, new Date().toISOString(), new Date().toISOString()],
  );
  const pki = testPki();
  const signer = await SoftwareSigner.fromPkcs12(pki.sealC.p12Path, pki.p12Password);
  const shortTsa = localTsa({ notAfter: new Date(Date.now() + 30 * 86_400_000) });
  const expiring = await signPdf(
    await makePdf({ title: 'Quyet dinh 01' }),
    signer,
    { ...trust, tsa: shortTsa },
    { level: 'B-LTA' },
  );
  const lasting = await signPdf(await makePdf({ title: 'Quyet dinh 02' }), signer, trust, { level: 'B-LTA' });
  docs.expiring = await storeDocument(orgId, await expiring.toBuffer(), 'Quyết định 01');
  docs.lasting = await storeDocument(orgId, await lasting.toBuffer(), 'Quyết định 02');
  docs.unsigned = await storeDocument(orgId, await makePdf({ title: 'Ban nhap' }), 'Bản nháp');
}, 60_000);

afterAll(async () => {
  await ds?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('archive timestamp renewal', () => {
  it('records until when each document is protected and lists what is due', async () => {
    const scan = await renewal.scan();
    expect(scan.scanned).toBe(3);
    expect(scan.byState).toMatchObject({ due: 1, protected: 1, unsigned: 1 });
    const due = await renewal.due();
    expect(due.map((d) => d.documentId)).toEqual([docs.expiring]);
    expect(due[0].limitedBy).toMatch(/^TSA certificate expiry/);
    expect(due[0].protectedUntil!.getTime()).toBeLessThan(Date.now() + 31 * 86_400_000);
    expect(due[0].organisationName).toBe('UBND xã Tân Hòa');
  });

  it('renews the due document with a new document timestamp over everything, which then lasts until the key’s end', async () => {
    const run = await renewal.startRenewalRun();
    expect(run?.kind).toBe('renew');
    const report = await augmentation.run(run!.id);
    expect(report.counts).toMatchObject({ total: 1, augmented: 1, failed: 0 });

    const rescan = await renewal.scan();
    expect(rescan.byState).toMatchObject({ due: 0, protected: 2, unsigned: 1 });
    expect(await renewal.due()).toEqual([]);
    const [file] = await ds.query(
      `SELECT blob_key, version FROM document_files WHERE document_id = ? ORDER BY version DESC LIMIT 1`,
      [docs.expiring],
    );
    expect(file.version).toBe(2);
    const bytes = await blobs.get(file.blob_key);
    expect((await listSignatures(bytes)).map((s) => s.kind)).toEqual([
      'signature',
      'document-timestamp',
      'document-timestamp',
    ]);
    const protection = await ds.query(
      `SELECT protected_until, limited_by FROM archive_protection WHERE document_id = ?`,
      [docs.expiring],
    );
    expect(protection[0].protected_until.slice(0, 10)).toBe('2030-12-31');
    expect(protection[0].limited_by).toMatch(/RSA < 3072/);
    const result = await validatePdf(bytes, {
      trustAnchors: TrustStore.fromCertificates([testPki().root.certDer]),
    });
    expect(
      result.verdict,
      JSON.stringify(result.signatures.map((s) => [s.kind, s.indication, s.subIndication])),
    ).toBe('TOTAL_PASSED');
  });
});
