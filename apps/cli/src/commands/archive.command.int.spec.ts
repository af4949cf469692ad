import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEvidenceRecord } from '@kyso/archive';
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
