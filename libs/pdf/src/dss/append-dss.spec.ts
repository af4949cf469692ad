import { describe, expect, it } from 'vitest';
import { readDss } from '../document/dss-reader';
import { PdfReader } from '../document/pdf-reader';
import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import { byteRangeContent } from '../signature/byte-range';
import { embedContents } from '../signature/embed-contents';
import { prepareSignature } from '../signature/prepare-signature';
import { listSignatures } from '../signature/signature-listing';
import { qpdfCheck, qpdfRewrite, runOnPdf } from '../../testing/external-tools';
import { simplePdf } from '../../../../test/support/pdf-fixtures';
import { SelfSignedSigner } from '../../../../test/support/self-signed';
import { appendDss } from './append-dss';

const certA = Buffer.from('30820001aa', 'hex');
const certB = Buffer.from('30820002bb', 'hex');
const certC = Buffer.from('30820003cc', 'hex');
const ocsp1 = Buffer.from('3082000411', 'hex');
const ocsp2 = Buffer.from('3082000522', 'hex');
const crl1 = Buffer.from('3082000633', 'hex');
const VRI = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3';

async function signedPdf(objectStreams = false): Promise<Buffer> {
  const signer = SelfSignedSigner.create();
  try {
    const base = await simplePdf({ objectStreams });
    const prepared = await prepareSignature(base, {
      kind: 'signature',
      subFilter: 'adbe.pkcs7.detached',
      contentsSize: 4096,
    });
    const content = await byteRangeContent(prepared.output.toByteSource(), prepared.byteRange);
    return embedContents(prepared, signer.sign(content)).toBuffer();
  } finally {
    signer.cleanup();
  }
}

describe('appendDss', () => {
  it('adds /DSS in a new revision that keeps the signature valid', async () => {
    const signed = await signedPdf();
    const out = await appendDss(signed, {
      certs: [certA, certB],
      ocsps: [ocsp1],
      crls: [crl1],
      vri: new Map([[VRI, { certs: [certA], ocsps: [ocsp1], tu: new Date('2025-07-14T02:30:12Z') }]]),
    });
    const file = await out.toBuffer();
    expect(file.subarray(0, signed.length).equals(signed)).toBe(true);
    expect(qpdfCheck(file).status).toBe(0);
    expect(runOnPdf('pdfsig', ['{}'], file).stdout).toMatch(/Signature is Valid\./);

    const dss = await readDss(await PdfReader.open(file));
    expect(dss?.certs.map((c) => c.data)).toEqual([certA, certB]);
    expect(dss?.ocsps.map((c) => c.data)).toEqual([ocsp1]);
    expect(dss?.crls.map((c) => c.data)).toEqual([crl1]);
    const entry = dss?.vri.get(VRI.toUpperCase());
    expect(entry?.certs.map((c) => c.data)).toEqual([certA]);
    expect(entry?.ocsps.map((c) => c.data)).toEqual([ocsp1]);
    expect(entry?.tu).toBe("D:20250714093012+07'00'");
    // The VRI entry points at the same stream objects as the top-level arrays.
    expect(entry?.certs[0].ref).toEqual(dss?.certs[0].ref);
    const [sig] = await listSignatures(file);
    expect(sig.revisionIndex).toBe(1);
  });

  it('merges with an existing DSS: keeps earlier objects, never duplicates content', async () => {
    const first = await (
      await appendDss(await signedPdf(), { certs: [certA, certB], vri: new Map([[VRI, { certs: [certA] }]]) })
    ).toBuffer();
    const before = await readDss(await PdfReader.open(first));
    const second = await (
      await appendDss(first, {
        certs: [certA, certC],
        ocsps: [ocsp2],
        vri: new Map([
          [VRI.toUpperCase(), { certs: [certC], ocsps: [ocsp2] }],
          ['00112233445566778899AABBCCDDEEFF00112233', { crls: [crl1] }],
        ]),
      })
    ).toBuffer();
    expect(second.subarray(0, first.length).equals(first)).toBe(true);
    const after = await readDss(await PdfReader.open(second));
    expect(after?.certs.map((c) => c.data)).toEqual([certA, certB, certC]);
    expect(after?.certs.slice(0, 2).map((c) => c.ref)).toEqual(before?.certs.map((c) => c.ref));
    expect(after?.crls.map((c) => c.data)).toEqual([crl1]);
    expect(after?.vri.get(VRI.toUpperCase())?.certs.map((c) => c.data)).toEqual([certA, certC]);
    expect(after?.vri.get(VRI.toUpperCase())?.ocsps.map((c) => c.data)).toEqual([ocsp2]);
    expect(after?.vri.get('00112233445566778899AABBCCDDEEFF00112233')?.crls.map((c) => c.data)).toEqual([
      crl1,
    ]);
    expect(qpdfCheck(second).status).toBe(0);

    const unchanged = await appendDss(second, { certs: [certB], ocsps: [ocsp2] });
    expect(unchanged.update.length).toBe(0);
  });

  it('writes an xref stream section when the document uses xref streams', async () => {
    const signed = await signedPdf(true);
    const file = await (await appendDss(signed, { certs: [certA] })).toBuffer();
    const reader = await PdfReader.open(file);
    expect(reader.revision.xrefKind).toBe('stream');
    expect((await readDss(reader))?.certs.map((c) => c.data)).toEqual([certA]);
    expect(qpdfCheck(file).status).toBe(0);
    expect(runOnPdf('pdfsig', ['{}'], file).stdout).toMatch(/Signature is Valid\./);
  });

  it('works on a qpdf xref-stream original too, and rejects malformed VRI keys', async () => {
    const base = qpdfRewrite(await simplePdf(), ['--object-streams=generate']);
    const file = await (await appendDss(base, { crls: [crl1] })).toBuffer();
    expect(qpdfCheck(file).status).toBe(0);
    const error = await appendDss(base, { vri: new Map([['not hex!', {}]]) }).catch((e: unknown) => e);
    expect((error as PdfError).code).toBe(PdfErrorCode.INVALID_ARGUMENT);
  });
});
