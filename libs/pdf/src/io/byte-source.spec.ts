import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import { tempDir } from '../../testing/external-tools';
import {
  BufferByteSource,
  ConcatByteSource,
  FileByteSource,
  PrefixByteSource,
  withByteSource,
} from './byte-source';

const bytes = Buffer.from('0123456789abcdef');

describe('byte sources', () => {
  it('read exact windows, clipped at the end', async () => {
    const source = new BufferByteSource(bytes);
    expect((await source.read(4, 3)).toString()).toBe('456');
    expect((await source.read(14, 10)).toString()).toBe('ef');
    expect((await source.read(16, 10)).length).toBe(0);
    await expect(source.read(17, 1)).rejects.toBeInstanceOf(PdfError);
  });

  it('concatenate original and update without copying the original', async () => {
    const source = new ConcatByteSource(new BufferByteSource(bytes), Buffer.from('XYZ'));
    expect(source.size).toBe(19);
    expect((await source.read(14, 4)).toString()).toBe('efXY');
    expect((await source.read(16, 3)).toString()).toBe('XYZ');
  });

  it('limit a view to a prefix (a revision)', async () => {
    const source = new PrefixByteSource(new BufferByteSource(bytes), 10);
    expect((await source.read(8, 5)).toString()).toBe('89');
  });

  it('keep a file readable after close, and notice when it changes', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'f.bin');
      writeFileSync(path, bytes);
      const source = await FileByteSource.open(path);
      expect((await source.read(10, 6)).toString()).toBe('abcdef');
      await source.close();
      expect((await source.read(0, 4)).toString()).toBe('0123');
      await source.assertUnchanged();
      writeFileSync(path, Buffer.from('0123456789ABCDEF'));
      utimesSync(path, new Date(), new Date(Date.now() + 5000));
      const error = await source.read(0, 4).catch((e: unknown) => e);
      expect((error as PdfError).code).toBe(PdfErrorCode.SOURCE_CHANGED);
      await expect(source.assertUnchanged()).rejects.toBeInstanceOf(PdfError);
    } finally {
      cleanup();
    }
  });

  it('open paths for the duration of a call only', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'f.bin');
      writeFileSync(path, bytes);
      expect(await withByteSource(path, async (s) => s.size)).toBe(16);
      const missing = await withByteSource(join(dir, 'nope'), async (s) => s.size).catch((e: unknown) => e);
      expect((missing as PdfError).code).toBe(PdfErrorCode.IO);
    } finally {
      cleanup();
    }
  });
});
