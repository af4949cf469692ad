import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileByteSource } from '../io/byte-source';
import { tempDir } from '../../testing/external-tools';
import { hashByteRange } from './byte-range';
import { embedContents } from './embed-contents';
import { prepareSignature } from './prepare-signature';

const SIZE = 200 * 1024 * 1024;

/** Writes a valid PDF whose page content is a ~200 MB stream, without ever holding it in memory. */
function writeLargePdf(path: string): number {
  const fd = openSync(path, 'w');
  let pos = 0;
  const offsets: number[] = [];
  const put = (data: string | Buffer) => {
    const buf = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    writeSync(fd, buf);
    pos += buf.length;
  };
  put('%PDF-1.7\n');
  offsets.push(pos);
  put('1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n');
  offsets.push(pos);
  put('2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n');
  offsets.push(pos);
  put('3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\nendobj\n');
  offsets.push(pos);
  put(`4 0 obj\n<< /Length ${SIZE} >>\nstream\n`);
  const chunk = Buffer.alloc(8 * 1024 * 1024, '% filler line of a large content stream\n');
  for (let written = 0; written < SIZE; written += chunk.length)
    put(chunk.subarray(0, Math.min(chunk.length, SIZE - written)));
  put('\nendstream\nendobj\n');
  const xref = pos;
  put(
    `xref\n0 5\n0000000000 65535 f\r\n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n\r\n`).join('')}`,
  );
  put(`trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  closeSync(fd);
  return pos;
}

describe('a 200 MB file given as a path', () => {
  it('is prepared, hashed, embedded and written without holding a copy in memory', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const input = join(dir, 'large.pdf');
      const output = join(dir, 'large-signed.pdf');
      const size = writeLargePdf(input);

      const baseline = process.memoryUsage().arrayBuffers;
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)), 1);
      const source = await FileByteSource.open(input);
      try {
        const prepared = await prepareSignature(source, { kind: 'signature', contentsSize: 16_384 });
        const digest = await hashByteRange(prepared.output.toByteSource(), prepared.byteRange, 'sha256');
        expect(digest).toHaveLength(32);
        await embedContents(prepared, Buffer.from('3003020101', 'hex')).writeTo(output);
        peak = Math.max(peak, process.memoryUsage().arrayBuffers);
        expect(statSync(output).size).toBe(size + prepared.output.update.length);
        expect(await hashByteRange(output, [0, size], 'sha256')).toEqual(
          await hashByteRange(input, [0, size], 'sha256'),
        );
        expect(await hashByteRange(output, prepared.byteRange, 'sha256')).toEqual(digest);
      } finally {
        clearInterval(sampler);
        await source.close();
      }
      // One copy would be 200 MB. Reads are 1 MiB windows and the update is a few KB; what remains is
      // read chunks the garbage collector has not reclaimed yet (about 35 MB measured).
      expect(peak - baseline).toBeLessThan(64 * 1024 * 1024);
    } finally {
      cleanup();
    }
  });
});
