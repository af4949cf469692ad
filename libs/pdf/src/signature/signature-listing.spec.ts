import { describe, expect, it } from 'vitest';
import { PdfRef } from '../objects/pdf-objects';
import { encodeTextString } from '../objects/pdf-text';
import { handMadePdf } from '../../../../test/support/pdf-fixtures';
import { listSignatureFields } from './signature-fields';
import { listSignatures } from './signature-listing';

const nameHex = encodeTextString('Trần Thị Ánh').bytes.toString('hex');

const FORM = handMadePdf([
  '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R 5 0 R 7 0 R 10 0 R] /SigFlags 3 >> >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Annots [4 0 R 5 0 R 8 0 R 10 0 R] >>',
  '<< /FT /Sig /T (A) /V 6 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R >>',
  '<< /FT /Sig /T (B) /V 6 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R >>',
  "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161 /ByteRange [0 10 20 30] /Contents <3003020101> /M (D:20250714093012+07'00') >>",
  '<< /T (parent) /FT /Sig /Kids [8 0 R] >>',
  '<< /T (child) /Parent 7 0 R /V 9 0 R /Type /Annot /Subtype /Widget /Rect [10 10 50 50] /P 3 0 R >>',
  `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 1 2 3] /Contents <0000> /Name <${nameHex}> /Reason (Ph\\352 duy\\352t) >>`,
  '<< /FT /Sig /T (Empty) /Type /Annot /Subtype /Widget /Rect [60 60 90 90] /P 3 0 R >>',
]);

describe('listSignatures', () => {
  it('lists a dictionary shared by two fields once, with both names', async () => {
    const sigs = await listSignatures(FORM);
    expect(sigs).toHaveLength(2);
    expect(sigs[0]).toMatchObject({
      fieldName: 'A',
      fieldNames: ['A', 'B'],
      fieldRef: new PdfRef(4),
      signatureRef: new PdfRef(6),
      kind: 'document-timestamp',
      type: 'Sig',
      subFilter: 'ETSI.RFC3161',
      byteRange: [0, 10, 20, 30],
      contents: Buffer.from('3003020101', 'hex'),
      isCertification: false,
    });
    expect(sigs[0].signingTime?.toISOString()).toBe('2025-07-14T02:30:12.000Z');
  });

  it('gives exact offsets of the /Contents hex string, brackets included', async () => {
    const [sig] = await listSignatures(FORM);
    const text = FORM.toString('latin1', sig.contentsStart, sig.contentsEnd);
    expect(text).toBe('<3003020101>');
  });

  it('names fields by their full hierarchical name and decodes text strings', async () => {
    const sigs = await listSignatures(FORM);
    expect(sigs[1]).toMatchObject({
      fieldName: 'parent.child',
      kind: 'signature',
      subFilter: 'ETSI.CAdES.detached',
      name: 'Trần Thị Ánh',
      reason: 'Phê duyêt',
    });
  });

  it('lists signature fields, signed or not', async () => {
    const fields = await listSignatureFields(FORM);
    expect(fields.map((f) => [f.fullName, f.signed])).toEqual([
      ['A', true],
      ['B', true],
      ['parent.child', true],
      ['Empty', false],
    ]);
    expect(fields[3].widgets[0]).toMatchObject({ rect: [60, 60, 90, 90], pageRef: new PdfRef(3) });
  });
});

// poppler's `pdfsig -add-signature` on a direct /AcroForm: the new field is on the page only.
const UNLISTED = handMadePdf([
  '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Annots [4 0 R 6 0 R 8 0 R] >>',
  '<< /FT /Sig /T (Listed) /V 5 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R >>',
  '<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 1 2 3] /Contents <00> >>',
  '<< /FT /Sig /T (Signature2) /V 7 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R >>',
  '<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 4 5 6] /Contents <00> >>',
  '<< /Type /Annot /Subtype /Square /Rect [0 0 10 10] >>',
]);

describe('signatures whose field is not in /Fields', () => {
  it('are listed after the listed ones, flagged as not listed', async () => {
    const sigs = await listSignatures(UNLISTED);
    expect(sigs.map((s) => [s.fieldName, s.fieldNotListed, s.signatureRef])).toEqual([
      ['Listed', false, new PdfRef(5)],
      ['Signature2', true, new PdfRef(7)],
    ]);
  });

  it('are found even when the form has no /AcroForm at all', async () => {
    const bare = handMadePdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Annots [4 0 R] >>',
      '<< /FT /Sig /T (Only) /V 5 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R >>',
      '<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 1 2 3] /Contents <00> >>',
    ]);
    const [sig] = await listSignatures(bare);
    expect(sig).toMatchObject({ fieldName: 'Only', fieldNotListed: true });
  });

  it('stay out of the plain field list, which is what /Fields says', async () => {
    const fields = await listSignatureFields(UNLISTED);
    expect(fields.map((f) => f.fullName)).toEqual(['Listed']);
  });
});
