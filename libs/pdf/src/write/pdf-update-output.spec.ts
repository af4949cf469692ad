import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PdfReader } from '../document/pdf-reader';
import { appendDss } from '../dss/append-dss';
import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import { FileByteSource } from '../io/byte-source';
import { PdfDict } from '../objects/pdf-objects';
import { prepareSignature } from '../signature/prepare-signature';
import { qpdfCheck, tempDir } from '../../testing/external-tools';
import { simplePdf } from '../../../../test/support/pdf-fixtures';
import { IncrementalUpdate } from './incremental-update';

describe('PdfUpdateOutput', () => {
  it('writes stacked updates on a file original as copy + appends, identical to the in-memory result', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const input = join(dir, 'in.pdf');
      writeFileSync(input, await simplePdf());
      const source = await FileByteSource.open(input);
      const prepared = await prepareSignature(source, { kind: 'signature', contentsSize: 256 });
      await source.close();
      const withDss = await appendDss(await PdfReader.open(prepared.output.toByteSource()), {
        certs: [Buffer.from('3003020101', 'hex')],
      });
      const target = join(dir, 'out.pdf');
      await withDss.writeTo(target);
      const written = readFileSync(target);
      expect(written.equals(await withDss.toBuffer())).toBe(true);
      expect((await PdfReader.open(written)).revisions).toHaveLength(3);
      expect(qpdfCheck(written).status).toBe(0);
    } finally {
      cleanup();
    }
  });

  it('streams a buffer original and refuses to overwrite its own source file', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const reader = await PdfReader.open(await simplePdf());
      const update = new IncrementalUpdate(reader);
      update.add(new PdfDict());
      const output = await update.write();
      const target = join(dir, 'out.pdf');
      await output.writeTo(target);
      expect(readFileSync(target).equals(await output.toBuffer())).toBe(true);

      const source = await FileByteSource.open(target);
      const again = await (async () => {
        const u = new IncrementalUpdate(await PdfReader.open(source));
        u.add(new PdfDict());
        return u.write();
      })();
      const error = await again.writeTo(target).catch((e: unknown) => e);
      expect((error as PdfError).code).toBe(PdfErrorCode.INVALID_ARGUMENT);
      await source.close();
    } finally {
      cleanup();
    }
  });
});
