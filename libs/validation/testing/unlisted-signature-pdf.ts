/* Test helper: a minimal PDF written byte by byte that reproduces what poppler's `pdfsig -add-signature` writes
 * when the AcroForm is a direct dictionary of a classic-xref file: a second signature whose widget (with its
 * own /T, /FT /Sig and /V) is added to the page's /Annots only, never to /Fields, and the catalog is left as it
 * was. The signatures are real CMS (openssl cms, adbe.pkcs7.detached) made with the test PKI. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { testPki, type TestPkiEntity } from '@kyso/test-pki';

const run = promisify(execFile);

/** Hex digits reserved for each /Contents (a CMS with two certificates needs about 6,000). */
const CONTENTS_HEX = 16_384;
/** `[0 0000000000 0000000000 0000000000]`: fixed width, so filling it in moves nothing. */
const BYTE_RANGE_PLACEHOLDER = `[0 ${'0'.repeat(10)} ${'0'.repeat(10)} ${'0'.repeat(10)}]`;

/** Objects 1..9 exist in the final file. */
const OBJECT_COUNT = 10;

interface PdfObjectText {
  readonly num: number;
  readonly body: string;
}

/** Appends objects and a classic xref section (with /Prev when given) to `head`; returns the bytes. */
function appendRevision(head: string, objects: readonly PdfObjectText[], prev?: number): string {
  let out = head;
  const offsets = new Map<number, number>();
  for (const o of objects) {
    offsets.set(o.num, Buffer.byteLength(out, 'latin1'));
    out += `${o.num} 0 obj\n${o.body}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, 'latin1');
  const nums = [...offsets.keys()].sort((a, b) => a - b);
  const size = Math.max(...nums, OBJECT_COUNT - 1) + 1;
  out += prev === undefined ? 'xref\n0 1\n0000000000 65535 f \n' : 'xref\n';
  for (const num of nums) {
    out += `${num} 1\n${String(offsets.get(num)).padStart(10, '0')} 00000 n \n`;
  }
  const prevEntry = prev === undefined ? '' : ` /Prev ${prev}`;
  out += `trailer\n<< /Size ${size} /Root 1 0 R${prevEntry} >>\nstartxref\n${xref}\n%%EOF\n`;
  return out;
}

function signatureDictionary(reason: string): string {
  return (
    `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /Reason (${reason})` +
    ` /M (D:20260101000000Z) /ByteRange ${BYTE_RANGE_PLACEHOLDER} /Contents <${'0'.repeat(CONTENTS_HEX)}> >>`
  );
}

/** Fills the last /ByteRange and /Contents placeholders of `pdf` with a detached CMS over the byte range. */
async function signLast(pdf: string, entity: TestPkiEntity): Promise<string> {
  const contentsAt = pdf.lastIndexOf(`/Contents <${'0'.repeat(CONTENTS_HEX)}>`) + '/Contents '.length;
  const end = Buffer.byteLength(pdf, 'latin1');
  const gapEnd = contentsAt + CONTENTS_HEX + 2;
  const range = `[0 ${pad(contentsAt)} ${pad(gapEnd)} ${pad(end - gapEnd)}]`;
  const rangeAt = pdf.lastIndexOf(BYTE_RANGE_PLACEHOLDER);
  const withRange = pdf.slice(0, rangeAt) + range + pdf.slice(rangeAt + BYTE_RANGE_PLACEHOLDER.length);
  const bytes = Buffer.from(withRange, 'latin1');
  const signed = Buffer.concat([bytes.subarray(0, contentsAt), bytes.subarray(gapEnd)]);
  const cms = await opensslSign(signed, entity);
  const hex = cms.toString('hex').padEnd(CONTENTS_HEX, '0');
  if (hex.length > CONTENTS_HEX) throw new Error('CMS larger than the reserved /Contents');
  return withRange.slice(0, contentsAt + 1) + hex + withRange.slice(contentsAt + 1 + CONTENTS_HEX);
}

function pad(n: number): string {
  return String(n).padStart(10, '0');
}

async function opensslSign(data: Buffer, entity: TestPkiEntity): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'kyso-handbuilt-'));
  try {
    await writeFile(join(dir, 'data'), data);
    await run('openssl', [
      'cms',
      '-sign',
      '-binary',
      '-nosmimecap',
      '-md',
      'sha256',
      '-in',
      join(dir, 'data'),
      '-signer',
      entity.certPath,
      '-inkey',
      entity.keyPath,
      '-certfile',
      testPki().intermediate.certPath,
      '-outform',
      'DER',
      '-out',
      join(dir, 'cms.der'),
    ]);
    return await readFile(join(dir, 'cms.der'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const CONTENT = 'BT /F1 16 Tf 50 760 Td (Quyet dinh so 15/QD-UBND) Tj ET';

/**
 * Revision 0: one page, a direct /AcroForm whose /Fields lists signature field 5, signed by `first`.
 * Revision 1 (poppler's structure): widget 7 with /T (Sig2), /FT /Sig and /V 8 0 R added to the page's
 * /Annots only; page 3 rewritten, catalog untouched; signed by `second`. `secondName` may repeat the first field's
 * name, as writers that default to one name do (poppler, @signpdf: "Signature1").
 */
export async function unlistedSecondSignaturePdf(
  first: TestPkiEntity,
  second: TestPkiEntity,
  secondName = 'Sig2',
): Promise<{ signedOnce: Buffer; signedTwice: Buffer }> {
  const page = (annots: string) =>
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R` +
    ` /Resources << /Font << /F1 9 0 R >> >> /Annots [${annots}] >>`;
  const rev0 = appendRevision('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', [
    { num: 1, body: '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] /SigFlags 3 >> >>' },
    { num: 2, body: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>' },
    { num: 3, body: page('5 0 R') },
    { num: 4, body: `<< /Length ${CONTENT.length} >>\nstream\n${CONTENT}\nendstream` },
    {
      num: 5,
      body: '<< /Type /Annot /Subtype /Widget /FT /Sig /T (Sig1) /V 6 0 R /F 132 /Rect [0 0 0 0] /P 3 0 R >>',
    },
    { num: 6, body: signatureDictionary('Lanh dao') },
    { num: 9, body: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>' },
  ]);
  const once = await signLast(rev0, first);
  const prevXref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(once)![1]);
  const rev1 = appendRevision(
    once,
    [
      { num: 3, body: page('5 0 R 7 0 R') },
      {
        num: 7,
        body: `<< /Type /Annot /Subtype /Widget /FT /Sig /T (${secondName}) /V 8 0 R /F 132 /Rect [0 0 0 0] /P 3 0 R >>`,
      },
      { num: 8, body: signatureDictionary('Van thu') },
    ],
    prevXref,
  );
  const twice = await signLast(rev1, second);
  return { signedOnce: Buffer.from(once, 'latin1'), signedTwice: Buffer.from(twice, 'latin1') };
}
