import { describe, expect, it } from 'vitest';
import { PdfReader } from '../document/pdf-reader';
import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import { PdfDict, PdfName, PdfObject, PdfRef, PdfStream, PdfString } from '../objects/pdf-objects';
import { qpdfCheck, qpdfRewrite, runOnPdf } from '../../testing/external-tools';
import { handMadePdf, hybridPdf, MINIMAL_BODIES, simplePdf } from '../../../../test/support/pdf-fixtures';
import { IncrementalUpdate, XrefFormat } from './incremental-update';

const originals: [string, () => Promise<Buffer>][] = [
  ['classic', () => simplePdf({ pages: 2 })],
  ['xref stream', async () => qpdfRewrite(await simplePdf({ pages: 2 }), ['--object-streams=generate'])],
  ['hybrid', async () => hybridPdf()],
  ['linearized', async () => qpdfRewrite(await simplePdf({ pages: 2 }), ['--linearize'])],
];

async function addInfo(original: Buffer, xrefFormat: XrefFormat = 'auto'): Promise<Buffer> {
  const reader = await PdfReader.open(original);
  const update = new IncrementalUpdate(reader, { xrefFormat });
  const info = update.add(new PdfDict({ Title: new PdfString(Buffer.from('kyso test')) }));
  update.setTrailerEntry('Info', info);
  return (await update.write()).toBuffer();
}

describe('IncrementalUpdate', () => {
  it.each(originals)(
    '%s: appends after an untouched prefix, readable by qpdf and mutool',
    async (_, make) => {
      const original = await make();
      for (const format of ['auto', 'table', 'stream'] as const) {
        const file = await addInfo(original, format);
        expect(file.subarray(0, original.length).equals(original)).toBe(true);
        expect(qpdfCheck(file).status).toBe(0);
        expect(runOnPdf('mutool', ['show', '{}', 'trailer/Info/Title'], file).stdout).toContain('kyso test');
        const reader = await PdfReader.open(file);
        expect(reader.revisions).toHaveLength((await PdfReader.open(original)).revisions.length + 1);
        const info = (await reader.resolveDict(reader.trailer.get('Info'))) as PdfDict;
        expect(info.getString('Title')?.bytes.toString()).toBe('kyso test');
      }
    },
  );

  it('follows the original: a table after a table or hybrid, a stream after a stream', async () => {
    const kinds = [];
    for (const [, make] of originals)
      kinds.push((await PdfReader.open(await addInfo(await make()))).revision.xrefKind);
    expect(kinds).toEqual(['table', 'stream', 'table', 'table']);
  });

  it('writes /Prev, /Size, /Root and keeps the first /ID element', async () => {
    const original = qpdfRewrite(await simplePdf(), []); // qpdf writes an /ID, pdf-lib does not
    const before = await PdfReader.open(original);
    const after = await PdfReader.open(await addInfo(original));
    const trailer = after.trailer;
    expect(trailer.get('Prev')).toBe(before.revision.xrefOffset);
    expect(trailer.get('Size')).toBe((before.trailer.get('Size') as number) + 1);
    expect(trailer.get('Root')).toEqual(before.trailer.get('Root'));
    const [id0, id1] = trailer.getArray('ID') as PdfString[];
    expect(id0.bytes).toEqual((before.trailer.getArray('ID')?.[0] as PdfString).bytes);
    expect(id1.bytes).not.toEqual(id0.bytes);
  });

  it('creates an /ID when the original has none', async () => {
    const after = await PdfReader.open(await addInfo(await simplePdf()));
    const [id0, id1] = after.trailer.getArray('ID') as PdfString[];
    expect(id0.bytes).toHaveLength(16);
    expect(id1.bytes).toEqual(id0.bytes);
  });

  it('starts with a newline when the original does not end with one', async () => {
    const original = handMadePdf(MINIMAL_BODIES).subarray(0, -1);
    const file = await addInfo(original);
    expect(file[original.length]).toBe(0x0a);
    expect(qpdfCheck(file).status).toBe(0);
  });

  it('replaces an object in place of an object-stream entry', async () => {
    const original = qpdfRewrite(await simplePdf(), ['--object-streams=generate']);
    const reader = await PdfReader.open(original);
    const catalogRef = reader.trailer.get('Root') as PdfRef;
    expect(reader.xrefEntry(catalogRef.num)?.type).toBe('compressed');
    const update = new IncrementalUpdate(reader);
    update.set(catalogRef, (await reader.catalog()).clone().set('Lang', new PdfString(Buffer.from('vi-VN'))));
    const file = await (await update.write()).toBuffer();
    const after = await PdfReader.open(file);
    expect(after.xrefEntry(catalogRef.num)?.type).toBe('offset');
    expect((await after.catalog()).getString('Lang')?.bytes.toString()).toBe('vi-VN');
    expect((await after.atRevision(0).catalog()).has('Lang')).toBe(false);
    expect(qpdfCheck(file).status).toBe(0);
  });

  it('imports an object graph with fresh numbers', async () => {
    const reader = await PdfReader.open(await simplePdf());
    const update = new IncrementalUpdate(reader);
    const first = reader.nextObjectNumber;
    const root = update.importGraph({
      root: new PdfRef(7),
      objects: new Map<number, PdfObject>([
        [7, new PdfDict({ Type: new PdfName('Test'), Child: new PdfRef(9) })],
        [9, new PdfStream(new PdfDict(), Buffer.from('data'))],
      ]),
    });
    expect(root.num).toBeGreaterThanOrEqual(first);
    const out = await (await update.write()).toBuffer();
    const after = await PdfReader.open(out);
    const dict = (await after.getObject(root)) as PdfDict;
    const child = (await after.getObject(dict.get('Child') as PdfRef)) as PdfStream;
    expect((await after.readStream(child)).toString()).toBe('data');
  });

  it('refuses to extend an old revision or a repaired file', async () => {
    const original = await simplePdf();
    const twoRevisions = await addInfo(original);
    const reader = await PdfReader.open(twoRevisions);
    expect(() => new IncrementalUpdate(reader.atRevision(0))).toThrow(PdfError);
    const cut = original.subarray(0, original.toString('latin1').lastIndexOf('startxref'));
    const repaired = await PdfReader.open(cut, { repair: true });
    let code: PdfErrorCode | undefined;
    try {
      new IncrementalUpdate(repaired);
    } catch (error) {
      code = (error as PdfError).code;
    }
    expect(code).toBe(PdfErrorCode.XREF_INVALID);
  });
});
