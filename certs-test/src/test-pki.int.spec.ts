import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTool as run } from './run-tool';
import { testPki, type TestPkiEntityName } from './test-pki';

const pki = testPki();
const VALID_END_ENTITIES: TestPkiEntityName[] = [
  'leaderRsa',
  'leaderEc',
  'sealA',
  'sealB',
  'sealC',
  'tsa',
  'ocsp',
  'revoked',
];

const verify = (name: TestPkiEntityName) =>
  run('openssl', [
    'verify',
    '-CAfile',
    pki.root.certPath,
    '-untrusted',
    pki.intermediate.certPath,
    pki[name].certPath,
  ]);

describe('test PKI under openssl', () => {
  it.each(VALID_END_ENTITIES)('%s verifies to the root', async (name) => {
    const { code, output } = await verify(name);
    expect(output).toContain(': OK');
    expect(code).toBe(0);
  });

  it('rejects the expired and the not-yet-valid certificates for those reasons', async () => {
    expect((await verify('expired')).output).toContain('certificate has expired');
    expect((await verify('notYetValid')).output).toContain('certificate is not yet valid');
  });

  it('declares the CRL distribution point of the issuing CA', async () => {
    const { output } = await run('openssl', [
      'x509',
      '-in',
      pki.sealB.certPath,
      '-noout',
      '-ext',
      'crlDistributionPoints',
    ]);
    expect(output).toContain('URI:http://127.0.0.1:39080/crl/intermediate.crl');
  });

  it.each(pki.entities.map((e) => e.name))(
    '%s.p12 opens in openssl 3 without the legacy provider',
    async (name) => {
      const { code, output } = await run('openssl', [
        'pkcs12',
        '-in',
        pki[name].p12Path,
        '-nodes',
        '-passin',
        `pass:${pki.p12Password}`,
        '-info',
      ]);
      expect(code).toBe(0);
      expect(output).toContain('PBES2, PBKDF2, AES-256-CBC');
      expect(output).toContain('-----BEGIN PRIVATE KEY-----');
    },
  );
});

describe('npm run pki', () => {
  const outDirs: string[] = [];
  afterAll(() => outDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('regenerates byte-identical files, twice, matching the committed ones', async () => {
    outDirs.push(mkdtempSync(join(tmpdir(), 'kyso-pki-a-')), mkdtempSync(join(tmpdir(), 'kyso-pki-b-')));
    const script = join(pki.dir, '..', 'scripts', 'generate-pki.js');
    const runs = await Promise.all(outDirs.map((dir) => run(process.execPath, [script, '--out', dir])));
    for (const r of runs) expect(r.code, r.output).toBe(0);
    const files = readdirSync(pki.dir).sort();
    for (const dir of outDirs) {
      expect(readdirSync(dir).sort()).toEqual(files);
      for (const file of files) {
        expect(
          readFileSync(join(dir, file)).equals(readFileSync(join(pki.dir, file))),
          `${dir}/${file}`,
        ).toBe(true);
      }
    }
  }, 180_000);
});
