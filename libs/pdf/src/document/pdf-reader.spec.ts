import { describe, expect, it } from 'vitest';
import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import { BufferByteSource, FileByteSource } from '../io/byte-source';
import { PdfDict, PdfRef, PdfStream } from '../objects/pdf-objects';
import { qpdfRewrite, tempDir } from '../../testing/external-tools';
import { handMadePdf, hybridPdf, MINIMAL_BODIES, simplePdf } from '../../../../test/support/pdf-fixtures';
import { listPages } from './page-tree';
import { PdfReader } from './pdf-reader';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

async function codeOf(promise: Promise<unknown>): Promise<PdfErrorCode | undefined> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PdfError) return error.code;
    throw error;
  }
  return undefined;
}

describe('PdfReader: cross-reference variants', () => {
  it('reads a classic xref table', async () => {
    const reader = await PdfReader.open(await simplePdf({ pages: 3 }));
    expect(reader.revisions).toHaveLength(1);
    expect(reader.revision.xrefKind).toBe('table');
    const pages = await listPages(reader);
    expect(pages.map((p) => p.index)).toEqual([0, 1, 2]);
    expect(pages[0].mediaBox).toEqual([0, 0, 595.28, 841.89]);
    expect(reader.warnings).toEqual([]);
  });

  it('reads pdf-lib xref streams with object streams', async () => {
    const reader = await PdfReader.open(await simplePdf({ pages: 2, objectStreams: true }));
    expect(reader.revision.xrefKind).toBe('stream');
    expect(await listPages(reader)).toHaveLength(2);
  });

  it('reads qpdf --object-streams=generate output (PNG predictor in the xref stream)', async () => {
    const pdf = qpdfRewrite(await simplePdf({ pages: 2 }), ['--object-streams=generate']);
    expect(pdf.toString('latin1')).toMatch(/\/Predictor 12/);
    const reader = await PdfReader.open(pdf);
    expect(reader.revision.xrefKind).toBe('stream');
    const pages = await listPages(reader);
    expect(pages).toHaveLength(2);
    const entry = reader.xrefEntry(pages[0].ref.num);
    expect(entry?.type).toBe('compressed');
  });

  it('reads a hybrid file: the object stream entry from /XRefStm wins over the free table entry', async () => {
    const reader = await PdfReader.open(hybridPdf());
    expect(reader.revision.xrefKind).toBe('hybrid');
    const pages = await listPages(reader);
    expect(pages).toHaveLength(1);
    expect(pages[0].mediaBox).toEqual([0, 0, 300, 400]);
    expect(reader.xrefEntry(3)).toEqual({ type: 'compressed', streamNum: 4, index: 0 });
  });

  it('treats a linearized file as one revision', async () => {
    const pdf = qpdfRewrite(await simplePdf({ pages: 3 }), ['--linearize']);
    const reader = await PdfReader.open(pdf);
    expect(reader.revisions).toHaveLength(1);
    expect(reader.revision.sections).toHaveLength(2);
    expect(reader.revision.endOffset).toBe(pdf.length);
    expect(await listPages(reader)).toHaveLength(3);
  });

  it.each(['crlf', 'space-lf', 'lf'] as const)('accepts xref entries ending in %s', async (eol) => {
    const reader = await PdfReader.open(handMadePdf(MINIMAL_BODIES, { eol }));
    expect(await listPages(reader)).toHaveLength(1);
  });

  it('accepts a first subsection wrongly numbered "1 N"', async () => {
    const pdf = handMadePdf(MINIMAL_BODIES).toString('latin1').replace('xref\n0 4\n', 'xref\n1 4\n');
    const reader = await PdfReader.open(Buffer.from(pdf, 'latin1'));
    expect(await listPages(reader)).toHaveLength(1);
  });

  it('reads stream data with an indirect /Length', async () => {
    const reader = await PdfReader.open(
      handMadePdf([...MINIMAL_BODIES, '<< /Length 5 0 R >>\nstream\nhello\nendstream', '5']),
    );
    const stream = (await reader.getObject(new PdfRef(4))) as PdfStream;
    expect((await reader.readStream(stream)).toString()).toBe('hello');
    expect(reader.warnings).toEqual([]);
  });

  it('repairs a wrong /Length by finding endstream, with a warning', async () => {
    const reader = await PdfReader.open(
      handMadePdf([...MINIMAL_BODIES, '<< /Length 999 >>\nstream\nhello world\r\nendstream']),
    );
    const stream = (await reader.getObject(new PdfRef(4))) as PdfStream;
    expect((await reader.readStream(stream)).toString()).toBe('hello world');
    expect(reader.warnings.map((w) => w.code)).toContain('STREAM_LENGTH_REPAIRED');
  });

  it('tolerates startxref off by a few bytes', async () => {
    const pdf = handMadePdf(MINIMAL_BODIES).toString('latin1');
    const shifted = pdf.replace(/startxref\n(\d+)/, (_, n) => `startxref\n${Number(n) + 3}`);
    const reader = await PdfReader.open(Buffer.from(shifted, 'latin1'));
    expect(reader.warnings.map((w) => w.code)).toContain('STARTXREF_ADJUSTED');
    expect(await listPages(reader)).toHaveLength(1);
  });

  it('reads from a file without loading it (FileByteSource)', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'a.pdf');
      writeFileSync(path, await simplePdf({ pages: 2 }));
      const source = await FileByteSource.open(path);
      try {
        const reader = await PdfReader.open(source);
        expect(await listPages(reader)).toHaveLength(2);
      } finally {
        await source.close();
      }
    } finally {
      cleanup();
    }
  });
});

describe('PdfReader: revisions', () => {
  it('lists each incremental update as a revision and binds a reader to one', async () => {
    const base = handMadePdf(MINIMAL_BODIES);
    const updateBody = '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] >>\nendobj\n';
    const xrefAt = base.length + updateBody.length;
    const update =
      updateBody +
      `xref\n3 1\n${String(base.length).padStart(10, '0')} 00000 n\r\n` +
      `trailer\n<< /Size 4 /Root 1 0 R /Prev ${base.toString('latin1').match(/startxref\n(\d+)/)?.[1]} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
    const pdf = Buffer.concat([base, Buffer.from(update, 'latin1')]);
    const reader = await PdfReader.open(pdf);
    expect(reader.revisions.map((r) => r.endOffset)).toEqual([base.length, pdf.length]);
    expect((await listPages(reader))[0].mediaBox).toEqual([0, 0, 300, 300]);
    const original = reader.atRevision(0);
    expect(original.source.size).toBe(base.length);
    expect((await listPages(original))[0].mediaBox).toEqual([0, 0, 200, 200]);
  });
});

describe('PdfReader: hostile and damaged input', () => {
  const quick = async (pdf: Buffer, options = {}) => {
    const started = Date.now();
    const code = await codeOf(PdfReader.open(new BufferByteSource(pdf), options).then((r) => listPages(r)));
    expect(Date.now() - started).toBeLessThan(2000);
    return code;
  };

  it('rejects garbage and empty files', async () => {
    expect(await quick(Buffer.alloc(0))).toBe(PdfErrorCode.NOT_PDF);
    expect(await quick(Buffer.from('this is not a pdf at all, just some text'))).toBe(PdfErrorCode.NOT_PDF);
    const random = Buffer.alloc(100_000, 0);
    for (let i = 0; i < random.length; i++) random[i] = (i * 7919 + 13) & 0xff;
    random.write('%PDF-1.7\n', 0, 'latin1');
    expect(await quick(random)).toBe(PdfErrorCode.STARTXREF_NOT_FOUND);
  });

  it('reports a truncated file, and rebuilds it when repair is asked for', async () => {
    const pdf = await simplePdf({ pages: 2 });
    const cut = pdf.subarray(0, pdf.toString('latin1').lastIndexOf('xref') - 1);
    expect(await quick(cut)).toBe(PdfErrorCode.STARTXREF_NOT_FOUND);
    const reader = await PdfReader.open(cut, { repair: true });
    expect(reader.repaired).toBe(true);
    expect(reader.warnings.map((w) => w.code)).toContain('XREF_REBUILT');
    expect(await listPages(reader)).toHaveLength(2);
  });

  it('rejects xref offsets outside the file', async () => {
    const pdf = handMadePdf(MINIMAL_BODIES)
      .toString('latin1')
      .replace(/startxref\n\d+/, 'startxref\n99999999');
    expect(await quick(Buffer.from(pdf, 'latin1'))).toBe(PdfErrorCode.XREF_OFFSET_OUT_OF_RANGE);
    const text = handMadePdf(MINIMAL_BODIES).toString('latin1');
    const last = text.lastIndexOf(' 00000 n');
    const entry = `${text.slice(0, last - 10)}0099999999${text.slice(last)}`;
    expect(await quick(Buffer.from(entry, 'latin1'))).toBe(PdfErrorCode.XREF_OFFSET_OUT_OF_RANGE);
  });

  it('rejects a /Prev chain that loops', async () => {
    const pdf = handMadePdf(MINIMAL_BODIES, { trailer: '<< /Size 4 /Root 1 0 R /Prev XREF >>' }).toString(
      'latin1',
    );
    const xrefAt = pdf.match(/startxref\n(\d+)/)?.[1] as string;
    expect(await quick(Buffer.from(pdf.replace('XREF', xrefAt), 'latin1'))).toBe(PdfErrorCode.XREF_PREV_LOOP);
  });

  it('rejects deeply nested objects and huge numbers inside the document', async () => {
    const deep = handMadePdf([...MINIMAL_BODIES.slice(0, 2), `<< /Type /Page /X ${'['.repeat(50_000)} >>`]);
    expect(await quick(deep)).toBe(PdfErrorCode.NESTING_TOO_DEEP);
    const huge = handMadePdf([
      ...MINIMAL_BODIES.slice(0, 2),
      '<< /Type /Page /Rotate 123456789012345678901234 >>',
    ]);
    expect(await quick(huge)).toBe(PdfErrorCode.NUMBER_OUT_OF_RANGE);
  });

  it('detects reference cycles in stream lengths', async () => {
    const pdf = handMadePdf([...MINIMAL_BODIES, '<< /Length 4 0 R >>\nstream\nabc\nendstream']);
    const reader = await PdfReader.open(pdf);
    expect(await codeOf(reader.getObject(new PdfRef(4)))).toBe(PdfErrorCode.REFERENCE_CYCLE);
  });

  it('refuses encrypted documents with a Vietnamese and English message', async () => {
    const pdf = handMadePdf([...MINIMAL_BODIES, '<< /Filter /Standard /V 2 /R 3 >>'], {
      trailer: '<< /Size 5 /Root 1 0 R /Encrypt 4 0 R >>',
    });
    const error = await PdfReader.open(pdf).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PdfError);
    expect((error as PdfError).code).toBe(PdfErrorCode.ENCRYPTED);
    expect((error as PdfError).messageVi).toMatch(/mã hóa/);
    const inspected = await PdfReader.open(pdf, { allowEncrypted: true });
    expect(inspected.isEncrypted).toBe(true);
  });

  it('rejects a page tree that loops', async () => {
    const pdf = handMadePdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Pages /Kids [2 0 R] /Count 1 >>',
    ]);
    expect(await quick(pdf)).toBe(PdfErrorCode.REFERENCE_CYCLE);
  });

  it('gives a dictionary for the catalog', async () => {
    const reader = await PdfReader.open(handMadePdf(MINIMAL_BODIES));
    expect(await reader.catalog()).toBeInstanceOf(PdfDict);
  });
});
