import { createHash, generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { HASH_ALGORITHMS } from './algorithms';
import { NativeErrorCode, isItemError } from './errors';
import { fallbackCore, nativeCore } from './index';
import { CORES } from '../testing/test-cores';
import type { ByteRange, HashInput, HashResult } from './types';

const MiB = 1 << 20;
// Around the SHA-256 (64-byte) and SHA-384/512 (128-byte) block and padding boundaries.
const BOUNDARY_SIZES = [0, 1, 55, 56, 63, 64, 65, 111, 112, 127, 128, 129, MiB];
const big = randomBytes(64 * MiB);

const reference = (algorithm: string, ...parts: Uint8Array[]): Buffer => {
  const hash = createHash(algorithm);
  for (const part of parts) hash.update(part);
  return hash.digest();
};

const asDigest = (result: HashResult | undefined): Buffer => {
  if (result === undefined || isItemError(result))
    throw new Error(`expected a digest, got ${JSON.stringify(result)}`);
  return result;
};

let dir: string;
let file: string;
let fileBytes: Buffer;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kyso-native-'));
  fileBytes = randomBytes(3 * MiB + 12345);
  file = join(dir, 'document.bin');
  writeFileSync(file, fileBytes);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(CORES)('hashBatch (%s core)', (_name, core) => {
  it.each(HASH_ALGORITHMS)(
    '%s digests equal node:crypto at block boundaries, 1 MiB and 64 MiB',
    async (algorithm) => {
      const inputs = [...BOUNDARY_SIZES.map((size) => big.subarray(0, size)), big];
      const results = await core().hashBatch(inputs, algorithm);
      expect(results.map((r) => asDigest(r).toString('hex'))).toEqual(
        inputs.map((input) => reference(algorithm, input).toString('hex')),
      );
    },
  );

  it('hashes files whole and by byte ranges, in the order given, across read-chunk boundaries', async () => {
    const ranges: ByteRange[][] = [
      [
        [0, 100],
        [200, 50],
      ],
      [
        [MiB - 10, 20],
        [0, 1],
      ],
      [[5, 2 * MiB + 7]],
      [[0, 0]],
      [],
      [[fileBytes.length - 1, 1]],
      [[fileBytes.length, 0]],
    ];
    const inputs: HashInput[] = [{ path: file }, ...ranges.map((r) => ({ path: file, ranges: r }))];
    const results = await core().hashBatch(inputs, 'sha256');
    const expected = [
      reference('sha256', fileBytes),
      ...ranges.map((list) => reference('sha256', ...list.map(([o, l]) => fileBytes.subarray(o, o + l)))),
    ];
    expect(results.map((r) => asDigest(r).toString('hex'))).toEqual(expected.map((d) => d.toString('hex')));
  });

  it('fails only the bad items: missing file, range past the end, directory', async () => {
    const missing = join(dir, 'khong-ton-tai.pdf');
    const results = await core().hashBatch(
      [
        Buffer.from('abc'),
        { path: missing },
        {
          path: file,
          ranges: [
            [0, 10],
            [fileBytes.length - 5, 6],
          ],
        },
        { path: file, ranges: [[fileBytes.length + 1, 0]] },
        { path: dir },
        { path: file, ranges: [[0, 3]] },
      ],
      'sha256',
    );
    expect(asDigest(results[0])).toEqual(reference('sha256', Buffer.from('abc')));
    expect(asDigest(results[5])).toEqual(reference('sha256', fileBytes.subarray(0, 3)));
    const [notFound, pastEnd, offsetPastEnd, directory] = results.slice(1, 5).map((r) => {
      if (!isItemError(r)) throw new Error('expected an item error');
      return r.error;
    });
    expect(notFound).toMatchObject({ code: NativeErrorCode.FileNotFound, path: missing, errno: 'ENOENT' });
    expect(notFound.message).toBe(`File not found: ${missing} (ENOENT)`);
    expect(notFound.messageVi).toBe(`Không tìm thấy tệp: ${missing} (ENOENT)`);
    expect(pastEnd).toMatchObject({
      code: NativeErrorCode.RangeOutOfBounds,
      rangeIndex: 1,
      offset: fileBytes.length - 5,
      length: 6,
      fileSize: fileBytes.length,
    });
    expect(pastEnd.message).toContain('past the end');
    expect(offsetPastEnd.code).toBe(NativeErrorCode.RangeOutOfBounds);
    expect(directory).toMatchObject({ code: NativeErrorCode.FileUnreadable, errno: 'EISDIR', path: dir });
  });
});

describe('hashBatch over a signed PDF', () => {
  // A minimal PDF with a signature dictionary: /ByteRange covers everything but the /Contents hex
  // string, which holds an RSA PKCS#1 signature over the digest of those ranges (no CMS wrapper:
  // what is under test is the byte-range hashing, which is the same for a PAdES signature).
  let pdfPath: string;
  let byteRange: [ByteRange, ByteRange];
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });

  beforeAll(() => {
    const placeholder = '0'.repeat(512);
    const head =
      '%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n' +
      '3 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 0000000000 0000000000 0000000000] /Contents <';
    const tail = "> /M (D:20250714093012+07'00') >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
    const contentsStart = head.length - 1;
    const contentsEnd = head.length + placeholder.length + 1;
    const total = head.length + placeholder.length + tail.length;
    const pad = (n: number): string => String(n).padStart(10, '0');
    const withRange = head.replace(
      '[0 0000000000 0000000000 0000000000]',
      `[0 ${pad(contentsStart)} ${pad(contentsEnd)} ${pad(total - contentsEnd)}]`,
    );
    byteRange = [
      [0, contentsStart],
      [contentsEnd, total - contentsEnd],
    ];
    const unsigned = Buffer.from(withRange + placeholder + tail, 'latin1');
    const signed = sign(
      'sha256',
      Buffer.concat(byteRange.map(([o, l]) => unsigned.subarray(o, o + l))),
      keys.privateKey,
    ).toString('hex');
    pdfPath = join(dir, 'signed.pdf');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      pdfPath,
      Buffer.from(withRange + signed + placeholder.slice(signed.length) + tail, 'latin1'),
    );
  });

  it.each(CORES)(
    '%s core: the ByteRange digest verifies against the embedded signature',
    async (_name, core) => {
      const [digest] = await core().hashBatch([{ path: pdfPath, ranges: byteRange }], 'sha256');
      const pdf = readFileSync(pdfPath);
      const covered = Buffer.concat(byteRange.map(([o, l]) => pdf.subarray(o, o + l)));
      expect(asDigest(digest)).toEqual(reference('sha256', covered));
      const contents = pdf.subarray(byteRange[0][1] + 1, byteRange[1][0] - 1).toString('latin1');
      const signature = Buffer.from(contents.slice(0, 512), 'hex');
      const publicKey = keys.publicKey.export({ type: 'spki', format: 'der' });
      const [valid] = await core().verifyBatch([
        { algorithm: 'rsa-pkcs1-sha256', publicKey, signature, digest: asDigest(digest) },
      ]);
      expect(valid).toBe(verify('sha256', covered, keys.publicKey, signature));
      expect(valid).toBe(true);
    },
  );
});

describe('hashBatch: both cores', () => {
  it('return identical results, errors included', async () => {
    const inputs: HashInput[] = [
      big.subarray(0, 1000),
      {
        path: file,
        ranges: [
          [1, 2],
          [3, 4],
        ],
      },
      { path: join(dir, 'missing') },
      { path: file, ranges: [[0, fileBytes.length + 1]] },
      { path: dir },
    ];
    const [native, fallback] = await Promise.all([
      nativeCore().hashBatch(inputs, 'sha512'),
      fallbackCore().hashBatch(inputs, 'sha512'),
    ]);
    expect(native).toEqual(fallback);
  });
});
