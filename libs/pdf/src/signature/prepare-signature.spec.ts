import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDocMdp } from '../document/doc-mdp';
import { listPages } from '../document/page-tree';
import { PdfReader } from '../document/pdf-reader';
import { withReader } from '../document/with-reader';
import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import { FileByteSource } from '../io/byte-source';
import { PdfDict, PdfRef } from '../objects/pdf-objects';
import { qpdfCheck, qpdfRewrite, runOnPdf, tempDir } from '../../testing/external-tools';
import { handMadePdf, hybridPdf, MINIMAL_BODIES, simplePdf } from '../../../../test/support/pdf-fixtures';
import { SelfSignedSigner } from '../../../../test/support/self-signed';
import { byteRangeContent, hashByteRange } from './byte-range';
import { embedContents } from './embed-contents';
import { prepareSignature, PrepareSignatureOptions, PreparedSignature } from './prepare-signature';
import { listSignatures } from './signature-listing';
import { listSignatureFields } from './signature-fields';

const signer = SelfSignedSigner.create();
afterAll(() => signer.cleanup());

const BASE: PrepareSignatureOptions = {
  kind: 'signature',
  subFilter: 'adbe.pkcs7.detached',
  contentsSize: 4096,
  rect: [350, 80, 180, 60],
  signingTime: new Date('2025-07-14T02:30:12Z'),
  name: 'Nguyễn Văn A',
  reason: 'Phê duyệt',
  location: 'UBND xã',
};

async function codeOf(promise: Promise<unknown>): Promise<PdfErrorCode | undefined> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PdfError) return error.code;
    throw error;
  }
  return undefined;
}

/** Signs a prepared file for real (openssl CMS over the byte range) and returns the final bytes. */
async function signPrepared(prepared: PreparedSignature): Promise<Buffer> {
  const content = await byteRangeContent(prepared.output.toByteSource(), prepared.byteRange);
  return embedContents(prepared, signer.sign(content)).toBuffer();
}

function assertByteRangeExcludesOnlyContents(file: Buffer, prepared: PreparedSignature): void {
  const [start, a, b, c] = prepared.byteRange;
  expect(start).toBe(0);
  expect(b + c).toBe(file.length);
  expect(file[a]).toBe(0x3c); // '<'
  expect(file[b - 1]).toBe(0x3e); // '>'
  expect(b - a).toBe(2 * prepared.contentsSize + 2);
  expect(/^[0-9A-Fa-f]*$/.test(file.toString('latin1', a + 1, b - 1))).toBe(true);
  // The /ByteRange written in the file is the one returned.
  const written = /\/ByteRange\s*\[([^\]]*)\]/.exec(file.toString('latin1', file.length - 40_000))?.[1];
  expect(written?.trim().split(/\s+/).map(Number)).toEqual([...prepared.byteRange]);
}

const variants: [string, () => Promise<Buffer>, 'table' | 'stream'][] = [
  ['classic xref table', () => simplePdf({ pages: 2 }), 'table'],
  ['pdf-lib object streams', () => simplePdf({ pages: 2, objectStreams: true }), 'stream'],
  [
    'qpdf --object-streams=generate',
    async () => qpdfRewrite(await simplePdf({ pages: 2 }), ['--object-streams=generate']),
    'stream',
  ],
  ['hybrid file', async () => hybridPdf(), 'table'],
  ['linearized', async () => qpdfRewrite(await simplePdf({ pages: 2 }), ['--linearize']), 'table'],
  ['no final newline', async () => handMadePdf(MINIMAL_BODIES).subarray(0, -1), 'table'],
];

describe('prepareSignature', () => {
  it.each(variants)(
    '%s: placeholder, byte range and an independent verifier agree',
    async (_, make, kind) => {
      const original = await make();
      const prepared = await prepareSignature(original, BASE);
      const file = await prepared.output.toBuffer();

      expect(file.subarray(0, original.length).equals(original)).toBe(true);
      if (original[original.length - 1] !== 0x0a) expect(file[original.length]).toBe(0x0a);
      assertByteRangeExcludesOnlyContents(file, prepared);
      expect(qpdfCheck(file).status).toBe(0);

      const reader = await PdfReader.open(file);
      expect(reader.revisions).toHaveLength(prepared.revisionIndex + 1);
      expect(reader.revision.xrefKind).toBe(kind);
      const [sig] = await listSignatures(reader);
      expect(sig).toMatchObject({
        fieldName: 'Signature1',
        kind: 'signature',
        type: 'Sig',
        subFilter: 'adbe.pkcs7.detached',
        filter: 'Adobe.PPKLite',
        byteRange: [...prepared.byteRange],
        contentsStart: prepared.contentsOffset,
        contentsEnd: prepared.contentsOffset + prepared.contentsLength,
        signingTimeText: "D:20250714093012+07'00'",
        name: 'Nguyễn Văn A',
        reason: 'Phê duyệt',
        location: 'UBND xã',
        revisionIndex: prepared.revisionIndex,
      });
      expect(sig.signingTime?.toISOString()).toBe('2025-07-14T02:30:12.000Z');

      const signed = await signPrepared(prepared);
      const pdfsig = runOnPdf('pdfsig', ['{}'], signed);
      expect(pdfsig.stdout).toMatch(/Signature Validation: Signature is Valid\./);
      const mutool = runOnPdf('mutool', ['sign', '-v', '{}'], signed);
      expect(mutool.stdout + mutool.stderr).toMatch(/The document is unchanged since signing\./);
      expect(qpdfCheck(signed).status).toBe(0);
    },
  );

  it('adds the widget to the page /Annots and the field to /AcroForm with /SigFlags 3', async () => {
    const prepared = await prepareSignature(await simplePdf({ pages: 3 }), { ...BASE, pageIndex: 1 });
    const reader = await PdfReader.open(await prepared.output.toBuffer());
    const catalog = await reader.catalog();
    const acro = (await reader.resolveDict(catalog.get('AcroForm'))) as PdfDict;
    expect(acro.get('SigFlags')).toBe(3);
    expect(acro.getArray('Fields')).toEqual([prepared.fieldRef]);
    const pages = await listPages(reader);
    expect(pages[1].dict.getArray('Annots')).toEqual([prepared.fieldRef]);
    const widget = (await reader.resolveDict(prepared.fieldRef)) as PdfDict;
    expect(widget.getArray('Rect')).toEqual([350, 80, 530, 140]);
    expect(widget.get('P')).toEqual(pages[1].ref);
    expect(widget.get('F')).toBe(132);
  });

  it('updates an indirect /Annots array object instead of the page', async () => {
    const pdf = handMadePdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Annots 4 0 R >>',
      '[]',
    ]);
    const prepared = await prepareSignature(pdf, BASE);
    const update = prepared.output.update.toString('latin1');
    expect(update).toMatch(/\n4 0 obj\n\[\d+ 0 R\]/);
    expect(update).not.toMatch(/\n3 0 obj/);
    expect(qpdfCheck(await prepared.output.toBuffer()).status).toBe(0);
  });

  it('numbers fields Signature1, Signature2 and keeps the first signature valid', async () => {
    const first = await signPrepared(await prepareSignature(await simplePdf(), BASE));
    const second = await prepareSignature(first, { ...BASE, rect: [50, 80, 180, 60] });
    expect(second.fieldName).toBe('Signature2');
    const signed = await signPrepared(second);
    expect(signed.subarray(0, first.length).equals(first)).toBe(true);
    const sigs = await listSignatures(signed);
    expect(sigs.map((s) => [s.fieldName, s.revisionIndex])).toEqual([
      ['Signature1', 1],
      ['Signature2', 2],
    ]);
    const pdfsig = runOnPdf('pdfsig', ['{}'], signed).stdout;
    expect(pdfsig.match(/Signature is Valid\./g)).toHaveLength(2);
    expect(await codeOf(prepareSignature(signed, { ...BASE, fieldName: 'Signature1' }))).toBe(
      PdfErrorCode.FIELD_EXISTS,
    );
  });

  it('signs into an existing empty signature field by name', async () => {
    const pdf = handMadePdf([
      '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Annots [4 0 R] >>',
      '<< /FT /Sig /T (Approval) /Type /Annot /Subtype /Widget /Rect [10 10 90 40] /P 3 0 R >>',
    ]);
    expect((await listSignatureFields(pdf)).map((f) => [f.fullName, f.signed])).toEqual([
      ['Approval', false],
    ]);
    const prepared = await prepareSignature(pdf, { ...BASE, fieldName: 'Approval' });
    expect(prepared.fieldRef).toEqual(new PdfRef(4));
    const file = await signPrepared(prepared);
    expect((await listSignatureFields(file)).map((f) => [f.fullName, f.signed])).toEqual([
      ['Approval', true],
    ]);
    expect(runOnPdf('pdfsig', ['{}'], file).stdout).toMatch(/Signature is Valid\./);
  });

  it('refuses to edit an object that should be a dictionary rather than overwrite it', async () => {
    // /AcroForm points at a number: an empty form written in its place would lose whatever the file meant.
    const pdf = handMadePdf([
      '<< /Type /Catalog /Pages 2 0 R /AcroForm 4 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
      '42',
    ]);
    const error = await prepareSignature(pdf, BASE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PdfError);
    expect((error as PdfError).code).toBe(PdfErrorCode.INVALID_STRUCTURE);
    expect((error as PdfError).detail).toBe('/AcroForm is not a dictionary');
  });

  it('writes a DocMDP certification and enforces its rules', async () => {
    const prepared = await prepareSignature(await simplePdf(), { ...BASE, certification: { permission: 1 } });
    const certified = await signPrepared(prepared);
    expect(await readDocMdp(await PdfReader.open(certified))).toEqual({
      signatureRef: prepared.signatureRef,
      permission: 1,
    });
    const [sig] = await listSignatures(certified);
    expect(sig.isCertification).toBe(true);
    expect(sig.references).toEqual([
      { transformMethod: 'DocMDP', p: 1, v: '1.2', action: undefined, fields: undefined },
    ]);
    expect(await codeOf(prepareSignature(certified, BASE))).toBe(PdfErrorCode.DOCMDP_FORBIDS_CHANGES);
    expect(await codeOf(prepareSignature(certified, { ...BASE, certification: { permission: 2 } }))).toBe(
      PdfErrorCode.DOCMDP_FORBIDS_CHANGES,
    );
    // Document timestamps stay allowed (PAdES B-LTA on a P=1 document).
    const ts = await prepareSignature(certified, { kind: 'document-timestamp', contentsSize: 4096 });
    expect(ts.output.update.toString('latin1')).toMatch(/\/Type \/DocTimeStamp/);

    const signedOnce = await signPrepared(await prepareSignature(await simplePdf(), BASE));
    expect(await codeOf(prepareSignature(signedOnce, { ...BASE, certification: { permission: 2 } }))).toBe(
      PdfErrorCode.DOCMDP_NOT_FIRST,
    );
  });

  it('prepares a document timestamp (invisible, ETSI.RFC3161)', async () => {
    const prepared = await prepareSignature(await simplePdf(), {
      kind: 'document-timestamp',
      contentsSize: 2048,
    });
    const file = await prepared.output.toBuffer();
    assertByteRangeExcludesOnlyContents(file, prepared);
    const [sig] = await listSignatures(file);
    expect(sig).toMatchObject({
      kind: 'document-timestamp',
      type: 'DocTimeStamp',
      subFilter: 'ETSI.RFC3161',
    });
    const widget = (await (await PdfReader.open(file)).resolveDict(prepared.fieldRef)) as PdfDict;
    expect(widget.getArray('Rect')).toEqual([0, 0, 0, 0]);
    expect(widget.has('AP')).toBe(false);
    expect(
      await codeOf(
        prepareSignature(file, {
          kind: 'document-timestamp',
          subFilter: 'ETSI.CAdES.detached',
          contentsSize: 10,
        }),
      ),
    ).toBe(PdfErrorCode.INVALID_ARGUMENT);
  });

  it('embeds a DER blob without moving anything, and refuses one that does not fit', async () => {
    const prepared = await prepareSignature(await simplePdf(), { ...BASE, contentsSize: 64 });
    const before = await hashByteRange(prepared.output.toByteSource(), prepared.byteRange, 'sha256');
    const der = Buffer.from('3003020101', 'hex');
    const embedded = embedContents(prepared, der);
    expect(embedded.size).toBe(prepared.output.size);
    expect(await hashByteRange(embedded.toByteSource(), prepared.byteRange, 'sha256')).toEqual(before);
    const [sig] = await listSignatures(await embedded.toBuffer());
    expect(sig.contents.subarray(0, der.length)).toEqual(der);
    expect(sig.contents.length).toBe(64);
    expect(sig.contents.subarray(der.length).every((b) => b === 0)).toBe(true);
    // The prepared output itself is untouched (embedding can be retried).
    expect((await listSignatures(await prepared.output.toBuffer()))[0].contents.every((b) => b === 0)).toBe(
      true,
    );

    const error = (() => {
      try {
        embedContents(prepared, Buffer.alloc(65, 1));
      } catch (e) {
        return e as PdfError;
      }
    })();
    expect(error?.code).toBe(PdfErrorCode.CONTENTS_TOO_SMALL);
  });

  it('works from a file path source and writes by copy + append', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const input = join(dir, 'in.pdf');
      const output = join(dir, 'out.pdf');
      const original = await simplePdf({ pages: 2 });
      writeFileSync(input, original);
      const source = await FileByteSource.open(input);
      try {
        const prepared = await prepareSignature(source, BASE);
        const content = await byteRangeContent(prepared.output.toByteSource(), prepared.byteRange);
        const der = signer.sign(content);
        await embedContents(prepared, der).writeTo(output);
        const written = readFileSync(output);
        expect(written.subarray(0, original.length).equals(original)).toBe(true);
        expect(signer.verify(der, await byteRangeContent(output, prepared.byteRange))).toBe(true);
        expect(runOnPdf('pdfsig', ['{}'], written).stdout).toMatch(/Signature is Valid\./);
      } finally {
        await source.close();
      }
    } finally {
      cleanup();
    }
  });

  it('keeps the output usable after the reader of a path has closed the file', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const input = join(dir, 'in.pdf');
      writeFileSync(input, await simplePdf());
      const prepared = await withReader(input, (reader) => prepareSignature(reader, BASE));
      const file = await signPrepared(prepared);
      expect(runOnPdf('pdfsig', ['{}'], file).stdout).toMatch(/Signature is Valid\./);
    } finally {
      cleanup();
    }
  });

  it('rejects bad options with INVALID_ARGUMENT and bad pages with PAGE_NOT_FOUND', async () => {
    const pdf = await simplePdf();
    expect(await codeOf(prepareSignature(pdf, { ...BASE, contentsSize: 0 }))).toBe(
      PdfErrorCode.INVALID_ARGUMENT,
    );
    expect(await codeOf(prepareSignature(pdf, { ...BASE, rect: [0, 0, -5, 10] }))).toBe(
      PdfErrorCode.INVALID_ARGUMENT,
    );
    expect(await codeOf(prepareSignature(pdf, { ...BASE, pageIndex: 7 }))).toBe(PdfErrorCode.PAGE_NOT_FOUND);
    const appearance = { root: new PdfRef(1), objects: new Map(), width: 10, height: 10 };
    expect(await codeOf(prepareSignature(pdf, { ...BASE, rect: undefined, appearance }))).toBe(
      PdfErrorCode.INVALID_ARGUMENT,
    );
  });
});
