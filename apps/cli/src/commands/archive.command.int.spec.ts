import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEvidenceRecord } from '@kyso/archive';
import { CrlClient, OcspClient, TsaClient } from '@kyso/cms';
import { loadConfig } from '@kyso/config';
import { openDatabase } from '@kyso/database';
import { SoftwareSigner, signPdf } from '@kyso/signing';
import { LocalBlobStore } from '@kyso/storage';
import { issueCertificate } from '@kyso/test-pki';
import { makePdf } from '../../../../test/support/pdf-fixtures';
import { EXIT } from '../cli-error';
import { type CliIo, runCli } from '../program';
import { registerArchive } from './archive.command';

const TRUST = process.env.KYSO_TEST_TRUST_URL ?? 'http://127.0.0.1:39080';
let dir: string;
let env: Record<string, string>;

async function kyso(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env };
  const code = await runCli(args, [registerArchive], io);
  return { code, out: out.join(''), err: err.join('') };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kyso-cli-archive-'));
  env = {
    DATABASE_URL: `sqlite:${join(dir, 'kyso.sqlite')}`,
    KYSO_DATA_DIR: dir,
    KYSO_TSA_URL: `${TRUST}/tsa`,
  };
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kyso archive evidence', () => {
  it('seals a dossier under one timestamp, exports its RFC 4998 record and verifies it against the files', async () => {
    const files = ['to-trinh.docx', 'bien-ban.xml', 'anh-hien-truong.jpg'].map((name, i) => {
      const path = join(dir, name);
      writeFileSync(path, `nội dung ${i} ${name}`);
      return path;
    });
    const sealed = await kyso('archive', 'evidence', 'seal', ...files, '--dossier', 'HS-2025-07');
    expect(sealed.code, sealed.err).toBe(EXIT.OK);
    expect(sealed.out).toMatch(/lô \/ batch [0-9a-f-]{36}: 1 mục \/ items/);

    const record = join(dir, 'HS-2025-07.ers');
    const exported = await kyso('archive', 'evidence', 'export', 'HS-2025-07', '-o', record);
    expect(exported.code, exported.err).toBe(EXIT.OK);
    expect(decodeEvidenceRecord(readFileSync(record)).chains).toHaveLength(1);

    const ok = await kyso('archive', 'verify-evidence', record, ...files);
    expect(ok.code, ok.out + ok.err).toBe(EXIT.OK);
    expect(ok.out).toMatch(/^HỢP LỆ \/ VALID: tồn tại từ \/ existed at \d{4}-/);

    writeFileSync(files[1], 'đã bị sửa');
    const bad = await kyso('archive', 'verify-evidence', record, ...files);
    expect(bad.code).toBe(EXIT.FAILED);
    expect(bad.out).toMatch(/KHÔNG HỢP LỆ \/ INVALID/);
  });
});

describe('kyso archive augment and status', () => {
  it('report what is still failing and why, transient failures told apart', { timeout: 60_000 }, async () => {
    const ds = await openDatabase(loadConfig(env).database, { entities: [] });
    const blobs = new LocalBlobStore(join(dir, 'blobs'));
    const cert = issueCertificate({ subject: [['CN', 'UBND xã Tân Lập']], profile: 'seal' });
    const trust = {
      tsa: new TsaClient({ url: `${TRUST}/tsa` }),
      ocsp: new OcspClient(),
      crl: new CrlClient(),
      now: () => new Date(),
    };
    const pdf = await (
      await signPdf(
        await makePdf({ title: 'Quyet dinh' }),
        new SoftwareSigner(cert.privateKey, cert.certDer, cert.chainDer),
        trust,
        { level: 'B-T' },
      )
    ).toBuffer();
    const put = await blobs.put('documents/test/qd.pdf', pdf);
    const orgId = randomUUID();
    const docId = randomUUID();
    const now = new Date().toISOString();
    await ds.query(
      `INSERT INTO organisations (id, name, short_name, code, valid_from, created_at, updated_at) VALUES (?, 'UBND xã Tân Lập', 'UBND', '000.00.51.H41', '2024-01-01', ?, ?)`,
      [orgId, now, now],
    );
    await ds.query(
      `INSERT INTO documents (id, organisation_id, direction, status, type_code, subject, urgency, secrecy, search_text, created_at, updated_at) VALUES (?, ?, 'outgoing', 'dispatched', 'quyet-dinh', 'QĐ', 'normal', 'none', '', ?, ?)`,
      [docId, orgId, now, now],
    );
    await ds.query(
      `INSERT INTO document_files (id, document_id, version, kind, file_name, content_type, size, sha256, blob_key, created_at) VALUES (?, ?, 1, 'sealed', 'qd.pdf', 'application/pdf', ?, ?, ?, ?)`,
      [randomUUID(), docId, put.size, put.sha256, put.key, now],
    );
    await ds.destroy();

    // Nothing listens on port 9: every attempt is refused, which may be temporary, so it is retried first.
    const run = await kyso('archive', 'augment', '--org', orgId, '--wait', '--tsa', 'http://127.0.0.1:9/tsa');
    expect(run.code, run.err).toBe(EXIT.OK);
    expect(run.out).toMatch(/1 failed\n/);
    expect(run.out).toContain(
      'còn lỗi / still failing: 1 — 1 tạm thời, chạy lại sau / transient, run again later; 0 cần xem xét / need a look\n',
    );
    expect(run.out).toMatch(
      new RegExp(`✗ ${docId}: TSA_UNAVAILABLE: .*\\(transient, still failing after 4 attempts\\)\\n`),
    );
    const runId = /^run ([0-9a-f-]{36}):/m.exec(run.out)![1];
    const status = await kyso('archive', 'status', runId);
    expect(status.out).toContain('còn lỗi / still failing: 1 — 1 tạm thời');
    expect(status.out).toContain(`✗ ${docId}: TSA_UNAVAILABLE`);
  });
});
