/**
 * `kyso verify` prints the lineage note under a signer whose organisation merged: read from the installation's
 * database (`--data-dir`), or offline from `kyso org lineage export`'s file (`--lineage`), in text and JSON.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@kyso/config';
import { openDatabase } from '@kyso/database';
import { createDomainServices, documentsEntities } from '@kyso/documents';
import { type Actor, lineageEntities, orgEntities, Role } from '@kyso/org';
import { LocalBlobStore } from '@kyso/storage';
import { testPki } from '@kyso/test-pki';
import { appendDssWith, plainPdf, signWithPdfsig } from '../../../../libs/validation/testing/signed-fixtures';
import { EXIT } from '../cli-error';
import { type CliIo, runCli } from '../program';
import { registerOrg } from './org.command';
import { registerVerify } from './verify.command';

const NOTE_VI = 'UBND xã Tân Lập (000.00.31.H41), sáp nhập vào UBND xã Tân Hòa (000.00.35.H41) từ 2025-07-01';
const NOTE_EN = 'UBND xã Tân Lập (000.00.31.H41), merged into UBND xã Tân Hòa (000.00.35.H41) on 2025-07-01';

let dir: string;
let dataDir: string;
let signed: string;

async function kyso(env: Record<string, string>, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env };
  const code = await runCli(args, [registerVerify, registerOrg], io);
  return { code, out: out.join(''), err: err.join('') };
}

const verifyArgs = () => ['--trust', testPki().root.certPath, '--offline', '--at', '2025-05-01T00:00:00Z'];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kyso-verify-lineage-'));
  dataDir = join(dir, 'data');
  // Signed by Nguyễn Văn An, O=UBND xã Tân Lập; CRLs inside for offline validation.
  const pdf = await signWithPdfsig(await plainPdf(), testPki().leaderRsa);
  signed = join(dir, 'quyet-dinh.pdf');
  await writeFile(
    signed,
    await appendDssWith(pdf, [], [testPki().crls.intermediate.der, testPki().crls.root.der]),
  );

  // The installation: Tân Lập merged into Tân Hòa on 2025-07-01.
  const env = { DATABASE_URL: `sqlite:${join(dataDir, 'kyso.sqlite')}`, KYSO_DATA_DIR: dataDir };
  const ds = await openDatabase(loadConfig(env).database, {
    entities: [...orgEntities, ...documentsEntities, ...lineageEntities],
  });
  const domain = createDomainServices({
    dataSource: ds,
    blobStore: new LocalBlobStore(join(dataDir, 'blobs')),
    clock: { now: () => new Date('2025-05-01T02:00:00Z') },
  });
  const root = (await domain.users.bootstrapAdmin({ username: 'root', password: 'root-password' }))!;
  const admin: Actor = { userId: root.id, organisationId: null, unitId: null, roles: [Role.ADMIN] };
  for (const [name, code] of [
    ['UBND xã Tân Lập', '000.00.31.H41'],
    ['UBND xã Tân Hòa', '000.00.35.H41'],
  ])
    await domain.organisations.create(admin, { name, shortName: 'UBND', code, validFrom: '2024-01-01' });
  await domain.lineage.recordMerge(admin, {
    from: ['000.00.31.H41'],
    into: '000.00.35.H41',
    effectiveDate: '2025-07-01',
  });
  await ds.destroy();
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('kyso verify and the lineage', () => {
  it('prints no note without a lineage, and never creates a database', async () => {
    const r = await kyso({ KYSO_DATA_DIR: join(dir, 'nowhere') }, 'verify', signed, ...verifyArgs());
    expect(r.code, r.err).toBe(EXIT.OK);
    expect(r.out).not.toContain('sáp nhập');
  });

  it('reads the lineage from the installation’s database (--data-dir)', async () => {
    const r = await kyso({}, 'verify', signed, ...verifyArgs(), '--data-dir', dataDir);
    expect(r.code, r.err).toBe(EXIT.OK);
    expect(r.out).toContain(NOTE_VI);
    expect(r.out).not.toContain('merged into');
  });

  it('reads it offline from `kyso org lineage export`, in text and JSON, Vietnamese and English', async () => {
    const env = { DATABASE_URL: `sqlite:${join(dataDir, 'kyso.sqlite')}`, KYSO_DATA_DIR: dataDir };
    const exported = await kyso(env, 'org', 'lineage', 'export');
    expect(exported.code, exported.err).toBe(EXIT.OK);
    const file = join(dir, 'lineage.json');
    await writeFile(file, exported.out);
    expect(JSON.parse(exported.out)).toMatchObject({ format: 'kyso-lineage/1' });

    const away = { KYSO_DATA_DIR: join(dir, 'nowhere') };
    const text = await kyso(away, 'verify', signed, ...verifyArgs(), '--lineage', file);
    expect(text.code, text.err).toBe(EXIT.OK);
    expect(text.out).toContain(NOTE_VI);

    const json = await kyso(
      away,
      'verify',
      signed,
      ...verifyArgs(),
      '--lineage',
      file,
      '--json',
      '--lang',
      'en',
    );
    expect(json.code, json.err).toBe(EXIT.OK);
    const report = JSON.parse(json.out);
    expect(JSON.stringify(report)).toContain(NOTE_EN);
    expect(JSON.stringify(report)).not.toContain('sáp nhập');
  });

  it('refuses a file that is not a lineage export', async () => {
    const file = join(dir, 'not-lineage.json');
    await writeFile(file, JSON.stringify({ format: 'something-else' }));
    const r = await kyso({}, 'verify', signed, ...verifyArgs(), '--lineage', file);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toContain('lineage');
  });
});
