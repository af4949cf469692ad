import { describe, expect, it } from 'vitest';
import { OID } from '../asn1/oids';
import { digest } from '../algorithms/digest-algorithm';
import { pkijs } from '../pkijs-engine';
import { signData, TestIdentity } from '../../testing/test-certificates';
import { unitTestPki } from '../../testing/unit-test-pki';
import { assembleSignedData } from './signed-data-assembler';
import { buildSignedAttributes } from './signed-attributes';
import { parseSignedData } from './signed-data-parser';
import { findSignerCertificate } from './signer-certificate';
import { verifyCmsSignature, verifySignerInfoSignature } from './signer-info-verifier';
import { checkSigningCertificateV2, parseSigningCertificate } from './signing-certificate';

const pki = unitTestPki();
const content = Buffer.from('Kế hoạch 03/KH-UBND');

function cmsFor(
  signer: TestIdentity,
  chain: Buffer[] = [pki.intermediate.certDer],
  scheme?: 'rsa-pss',
): Buffer {
  const attrs = buildSignedAttributes({
    digestAlgorithm: 'sha256',
    messageDigest: digest('sha256', content),
    signerCertificateDer: signer.certDer,
  });
  const s = scheme ?? (signer.key.kind.startsWith('p') ? 'ecdsa' : 'rsa-pkcs1');
  return assembleSignedData({
    signedAttributesDer: attrs.der,
    signature: signData(signer.key, attrs.der, 'sha256', s),
    signatureAlgorithm: s,
    digestAlgorithm: 'sha256',
    signerCertificateDer: signer.certDer,
    certificatesDer: chain,
  });
}

describe('verifyCmsSignature', () => {
  it('accepts content whole, in byte-range parts, or as a digest', () => {
    const cms = cmsFor(pki.leaderEc);
    expect(verifyCmsSignature({ cms, content }).valid).toBe(true);
    expect(verifyCmsSignature({ cms, content: [content.subarray(0, 5), content.subarray(5)] }).valid).toBe(
      true,
    );
    const r = verifyCmsSignature({ cms, contentDigest: digest('sha256', content) });
    expect(r).toMatchObject({
      valid: true,
      messageDigestMatches: true,
      signingCertificate: { matches: true, issuerSerialMatches: true },
    });
    expect(r.signerCertificateDer).toEqual(pki.leaderEc.certDer);
  });

  it('reports a content change, a forged signature, and a missing certificate', () => {
    const cms = cmsFor(pki.leaderRsa);
    const changed = verifyCmsSignature({ cms, content: Buffer.from('Kế hoạch 04/KH-UBND') });
    expect(changed).toMatchObject({ valid: false, messageDigestMatches: false });
    const parsed = parseSignedData(cms);
    const forged = Buffer.from(cms);
    forged[forged.indexOf(parsed.signers[0].signature) + 20] ^= 1;
    const bad = verifyCmsSignature({ cms: forged, content });
    expect(bad.valid).toBe(false);
    expect(bad.signature?.valid).toBe(false);

    const attrs = buildSignedAttributes({
      digestAlgorithm: 'sha256',
      messageDigest: digest('sha256', content),
      signerCertificateDer: pki.leaderRsa.certDer,
    });
    // A CMS without its signer certificate verifies once the certificate comes from elsewhere (PDF /DSS).
    const bare = assembleSignedData({
      signedAttributesDer: attrs.der,
      signature: signData(pki.leaderRsa.key, attrs.der),
      signatureAlgorithm: 'rsa-pkcs1',
      digestAlgorithm: 'sha256',
      signerCertificateDer: pki.leaderRsa.certDer,
    });
    const withoutCerts = parseSignedData(bare);
    const stripped = { ...withoutCerts, certificates: [] };
    expect(verifyCmsSignature({ cms: stripped, content }).problems).toContain('signer certificate not found');
    expect(
      verifyCmsSignature({ cms: stripped, content, extraCertificates: [pki.leaderRsa.certDer] }).valid,
    ).toBe(true);
  });

  it('flags an ESS signing-certificate-v2 that names another certificate', () => {
    const attrs = buildSignedAttributes({
      digestAlgorithm: 'sha256',
      messageDigest: digest('sha256', content),
      signerCertificateDer: pki.revoked.certDer,
    });
    // Signed by leaderRsa but the attribute names the revoked certificate: a substitution attack.
    const cms = assembleSignedData({
      signedAttributesDer: attrs.der,
      signature: signData(pki.leaderRsa.key, attrs.der),
      signatureAlgorithm: 'rsa-pkcs1',
      digestAlgorithm: 'sha256',
      signerCertificateDer: pki.leaderRsa.certDer,
    });
    const r = verifyCmsSignature({ cms, content });
    expect(r.signature?.valid).toBe(true);
    expect(r.signingCertificate).toMatchObject({ matches: false, hashMatches: false });
    expect(r.valid).toBe(false);
  });

  it('verifies RSASSA-PSS through verifySignerInfoSignature with a KeyObject', () => {
    const cms = cmsFor(pki.leaderRsa, [], 'rsa-pss');
    const s = parseSignedData(cms).signers[0];
    expect(s.signatureAlgorithm.pss?.saltLength).toBe(32);
    const check = verifySignerInfoSignature({
      signedAttributesDer: s.signedAttributesDer!,
      signature: s.signature,
      signatureAlgorithm: s.signatureAlgorithm,
      digestAlgorithm: s.digestAlgorithm,
      publicKey: pki.leaderRsa.key.publicKey,
    });
    expect(check).toMatchObject({ valid: true, scheme: 'rsa-pss', hashAlgorithm: 'sha256' });
  });

  it('is confirmed by pkijs as an independent verifier', async () => {
    for (const signer of [pki.leaderRsa, pki.leaderEc]) {
      const cms = cmsFor(signer);
      const info = pkijs.ContentInfo.fromBER(cms);
      const sd = new pkijs.SignedData({ schema: info.content });
      const ok = await sd.verify({
        signer: 0,
        data: new Uint8Array(content).buffer as ArrayBuffer,
        checkChain: false,
      });
      expect(ok).toBe(true);
    }
  });
});

describe('signing-certificate attributes and signer lookup', () => {
  it('parses v2 with issuerSerial and checks it against certificates', () => {
    const s = parseSignedData(cmsFor(pki.leaderRsa)).signers[0];
    const ref = s.signingCertificateV2!;
    expect(ref.version).toBe(2);
    expect(ref.certs[0].hashAlgorithm.name).toBe('sha256');
    expect(ref.certs[0].issuerSerial?.issuerNamesDer[0]).toEqual(pki.intermediate.info.subject.der);
    expect(checkSigningCertificateV2(ref, pki.leaderRsa.certDer).matches).toBe(true);
    expect(checkSigningCertificateV2(ref, pki.leaderEc.certDer)).toMatchObject({
      matches: false,
      issuerSerialMatches: false,
    });
  });

  it('omits the DEFAULT sha256 AlgorithmIdentifier but writes sha384', () => {
    const attrs = buildSignedAttributes({
      digestAlgorithm: 'sha384',
      messageDigest: digest('sha384', content),
      signerCertificateDer: pki.leaderP384.certDer,
    });
    const value = attrs.attributes.find((a) => a.type === OID.signingCertificateV2)!.values[0];
    const ref = parseSigningCertificate(value, 2);
    expect(ref.certs[0].hashAlgorithm.name).toBe('sha384');
    expect(checkSigningCertificateV2(ref, pki.leaderP384.certDer).matches).toBe(true);
  });

  it('finds the signer certificate among several', () => {
    const parsed = parseSignedData(
      cmsFor(pki.leaderEc, [pki.root.certDer, pki.intermediate.certDer, pki.leaderRsa.certDer]),
    );
    expect(findSignerCertificate(parsed)?.certificateDer).toEqual(pki.leaderEc.certDer);
    expect(findSignerCertificate(parsed, 1)).toBeUndefined();
  });
});
