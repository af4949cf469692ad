import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@kyso/config';
import { openDatabase } from '@kyso/database';
import { testPki } from '@kyso/test-pki';
import { LocalBlobStore } from '@kyso/storage';
import { localTsa } from '../../testing/local-tsa';
import { decodeEvidenceRecord } from './evidence-record';
import { EvidenceRecordService } from './evidence-record.service';
import { verifyEvidenceRecord } from './evidence-verifier';
import { reducedTreeRoot } from './reduced-hash-tree';

const dir = mkdtempSync(join(tmpdir(), 'kyso-ers-'));
let ds: DataSource;
let service: EvidenceRecordService;
const files: string[] = [];

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

beforeAll(async () => {
  const config = loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'kyso.sqlite')}`, KYSO_DATA_DIR: dir });
  ds = await openDatabase(config.database, { entities: [] });
  service = new EvidenceRecordService({
    dataSource: ds,
    blobStore: new LocalBlobStore(join(dir, 'blobs')),
    tsa: localTsa(),
    clock: { now: () => new Date() },
  });
  for (let i = 0; i < 6; i++)
    files.push(write(`bien-ban-${i}.xml`, `<bienBan so="${i}">Biên bản họp số ${i}</bienBan>`));
});

afterAll(async () => {
  await ds?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest();

describe('RFC 4998 evidence records', () => {
  it('covers a batch of files and a dossier with one timestamp, each record verifying on its own', async () => {
    const batch = await service.seal({
      label: 'Hồ sơ lưu trữ 2025',
      subjects: [
        ...files
          .slice(0, 4)
          .map((path, i) => ({ subjectType: 'attachment', subjectId: `att-${i}`, sources: [{ path }] })),
        {
          subjectType: 'dossier',
          subjectId: 'HS-2025-01',
          sources: files.slice(4).map((path) => ({ path })),
        },
      ],
    });
    expect(batch.leafCount).toBe(5);
    const items = await service.findItems('attachment', 'att-2');
    const der = await service.exportRecord(items[0].id);
    const record = decodeEvidenceRecord(der);
    expect(record.digestAlgorithms).toEqual(['sha256']);
    expect(record.chains).toHaveLength(1);
    const [ats] = record.chains[0];
    expect(ats.reducedHashtree![0].some((h) => h.equals(sha256(files[2])))).toBe(true);
    expect(reducedTreeRoot(ats.reducedHashtree!, 'sha256').toString('hex')).toBe(batch.root);

    const result = await verifyEvidenceRecord(der, () => sha256(files[2]));
    expect(result.problems).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.existedAt!.getTime()).toBe(batch.genTime.getTime());
    expect((await service.verifyItem((await service.findItems('dossier', 'HS-2025-01'))[0].id)).valid).toBe(
      true,
    );

    // A file elsewhere in the tree is not covered by this record (its sibling att-3 is: RFC 4998 puts both in the
    // first partial hash tree).
    expect((await verifyEvidenceRecord(der, () => sha256(files[0]))).valid).toBe(false);
    expect((await verifyEvidenceRecord(der, () => sha256(files[3]))).valid).toBe(true);
  });

  it('is DER an independent parser reads, and its timestamp is over the tree root (openssl)', async () => {
    const [item] = await service.findItems('attachment', 'att-0');
    const der = await service.exportRecord(item.id);
    const derFile = write('record.ers', der);
    const parsed = spawnSync('openssl', ['asn1parse', '-inform', 'DER', '-in', derFile], {
      encoding: 'utf8',
    });
    expect(parsed.status, parsed.stderr).toBe(0);
    expect(parsed.stdout).toMatch(/INTEGER\s+:01/);
    expect(parsed.stdout).toMatch(/id-smime-ct-TSTInfo|pkcs7-signedData/);
    const [ats] = decodeEvidenceRecord(der).chains[0];
    const root = reducedTreeRoot(ats.reducedHashtree!, 'sha256');
    const pki = testPki();
    const token = write('token.der', ats.timeStamp);
    const chain = write('chain.pem', [pki.tsa.certPem, pki.intermediate.certPem].join(''));
    const verified = spawnSync(
      'openssl',
      [
        'ts',
        '-verify',
        '-digest',
        root.toString('hex'),
        '-in',
        token,
        '-token_in',
        '-CAfile',
        pki.root.certPath,
        '-untrusted',
        chain,
      ],
      { encoding: 'utf8' },
    );
    expect(`${verified.stdout}${verified.stderr}`).toMatch(/Verification: OK/);
  });

  it('stays verifiable through a timestamp renewal and a hash-tree renewal to SHA-512, and detects a changed file', async () => {
    const changing = write('to-change.xml', '<a>original</a>');
    const batch = await service.seal({
      subjects: [
        { subjectType: 'attachment', subjectId: 'chg', sources: [{ path: changing }] },
        { subjectType: 'attachment', subjectId: 'other', sources: [{ path: files[0] }] },
      ],
    });
    const renewed = await service.renewTimestamp(batch.id);
    expect(renewed).toMatchObject({ chain: 0, stamp: 1 });
    const rehashed = await service.renewHashTree(batch.id, 'sha512');
    expect(rehashed.chain).toBe(1);

    const [item] = await service.findItems('attachment', 'chg');
    const der = await service.exportRecord(item.id);
    const record = decodeEvidenceRecord(der);
    expect(record.chains.map((c) => c.length)).toEqual([2, 1]);
    expect(record.chains[1][0].digestAlgorithm).toBe('sha512');
    expect(record.digestAlgorithms).toEqual(['sha256', 'sha512']);
    const ok = await service.verifyItem(item.id);
    expect(ok.problems).toEqual([]);
    expect(ok.stamps.map((s) => [s.chain, s.stamp, s.algorithm])).toEqual([
      [0, 0, 'sha256'],
      [0, 1, 'sha256'],
      [1, 0, 'sha512'],
    ]);

    writeFileSync(changing, '<a>changed</a>');
    const bad = await service.verifyItem(item.id);
    expect(bad.valid).toBe(false);
    expect(bad.problems.join('\n')).toMatch(/not in the first partial hash tree/);
  });

  it('needs no reduced tree for a batch of one file', async () => {
    const batch = await service.seal({
      subjects: [{ subjectType: 'attachment', subjectId: 'alone', sources: [{ path: files[1] }] }],
    });
    const [item] = await service.findItems('attachment', 'alone');
    const [ats] = decodeEvidenceRecord(await service.exportRecord(item.id)).chains[0];
    expect(ats.reducedHashtree).toBeUndefined();
    expect(batch.root).toBe(sha256(files[1]).toString('hex'));
    expect((await service.verifyItem(item.id)).valid).toBe(true);
  });
});
