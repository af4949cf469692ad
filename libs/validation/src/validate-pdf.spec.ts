import { beforeAll, describe, expect, it } from 'vitest';
import { type CertificateInfo, CrlClient, OcspClient, readCertificate } from '@kyso/cms';
import { IncrementalUpdate, listSignatures, PdfReader, PdfString } from '@kyso/pdf';
import { signPdf, SoftwareSigner } from '@kyso/signing';
import { testPki } from '@kyso/test-pki';
import {
  appendDssWith,
  appendOverlayAnnotation,
  appendPageContentChange,
  encryptedPlainPdf,
  plainPdf,
  plainPdfWithDirectAcroForm,
  signWithPdfsig,
  signWithPodofo,
  tamperSignedByte,
} from '../testing/signed-fixtures';
import { unlistedSecondSignaturePdf } from '../testing/unlisted-signature-pdf';
import {
  createValidationCache,
  type OnlineFetchers,
  TrustStore,
  validatePdf,
  type ValidationOptions,
} from './index';

/**
 * The test PKI's committed CRLs served as if downloaded: no network in unit tests, and the revocation
 * checker sees an answer that is current (an online answer) and correctly signed by the issuing CA.
 */
const crlFetchers: OnlineFetchers = {
  ocsp: async () => {
    throw new Error('no OCSP responder in unit tests');
  },
  crl: async (_url, issuer: CertificateInfo) => {
    const pki = testPki();
    return issuer.subject.text === readSubject(pki.root.certDer)
      ? pki.crls.root.der
      : pki.crls.intermediate.der;
  },
  // AIA caIssuers: podofosign embeds only the signer certificate, so the intermediate is "downloaded".
  caIssuers: async () => [testPki().intermediate.certDer],
};

function readSubject(der: Buffer): string {
  return readCertificate(der).subject.text;
}

describe('validatePdf on PDFs signed by independent tools', () => {
  let trust: TrustStore;
  let options: ValidationOptions;
  let unsigned: Buffer;
  let pdfsigSigned: Buffer;

  beforeAll(async () => {
    const pki = testPki();
    trust = TrustStore.fromCertificates([pki.root.certPem]);
    options = { trustAnchors: trust, fetchers: crlFetchers, cache: createValidationCache() };
    unsigned = await plainPdf();
    pdfsigSigned = await signWithPdfsig(unsigned, pki.leaderRsa);
  });

  it('passes a pdfsig signature chained to the trusted root (revocation from the CA CRL)', async () => {
    const r = await validatePdf(pdfsigSigned, options);
    expect(r.verdict).toBe('TOTAL_PASSED');
    const [s] = r.signatures;
    expect(s).toMatchObject({
      kind: 'signature',
      indication: 'TOTAL_PASSED',
      subIndication: null,
      subFilter: 'adbe.pkcs7.detached',
    });
    expect(s.signer?.name).toBe('Nguyễn Văn An');
    expect(s.signer?.serialHex).toBe(testPki().leaderRsa.serialHex);
    expect(s.coverage.coversWholeDocument).toBe(true);
    expect(s.modifications.verdict).toBe('none');
    expect(s.checks).toMatchObject({
      byteRange: { status: 'passed' },
      messageDigest: { status: 'passed' },
      signatureValue: { status: 'passed' },
      certificateChain: { status: 'passed' },
      revocation: { status: 'passed' },
    });
    expect(s.chain.map((c) => c.serialHex)).toEqual([
      testPki().leaderRsa.serialHex,
      testPki().intermediate.serialHex,
      testPki().root.serialHex,
    ]);
    expect(s.format).toBe('PKCS7-B');
  });

  it('is INDETERMINATE / NO_CERTIFICATE_CHAIN_FOUND without trust anchors', async () => {
    const r = await validatePdf(pdfsigSigned, { offline: true });
    expect(r.signatures[0]).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'NO_CERTIFICATE_CHAIN_FOUND',
    });
    expect(r.findings.map((f) => f.code)).toContain('NO_TRUST_ANCHORS');
    expect(r.verdict).toBe('INDETERMINATE');
  });

  it('fails with HASH_FAILURE when a signed byte changed', async () => {
    const r = await validatePdf(tamperSignedByte(pdfsigSigned), options);
    expect(r.signatures[0]).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' });
    expect(r.signatures[0].checks.messageDigest.finding?.code).toBe('MESSAGE_DIGEST_MISMATCH');
    expect(r.verdict).toBe('TOTAL_FAILED');
  });

  it('is TRY_LATER when revocation cannot be checked (offline, nothing embedded)', async () => {
    const r = await validatePdf(pdfsigSigned, { trustAnchors: trust, offline: true });
    expect(r.signatures[0]).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'TRY_LATER' });
    expect(r.signatures[0].findings.map((f) => f.code)).toContain('REVOCATION_UNKNOWN');
  });

  it('accepts a second signature by another tool and reports it as an allowed change after the first', async () => {
    const both = await signWithPodofo(pdfsigSigned, testPki().sealA);
    const r = await validatePdf(both, options);
    expect(r.signatures.map((s) => s.indication)).toEqual(['TOTAL_PASSED', 'TOTAL_PASSED']);
    const [first, second] = r.signatures;
    expect(first.coverage.coversWholeDocument).toBe(false);
    expect(first.modifications.verdict).toBe('allowed');
    expect(first.modifications.changes.map((c) => c.kind)).toContain('signature-added');
    expect(second.coverage.coversWholeDocument).toBe(true);
    expect(second.signer?.organisation).toBe(testPki().sealA.subject.match(/O=([^,]+)/)?.[1]);
  });

  it('rejects a page-content change appended after signing (never a passing verdict)', async () => {
    const r = await validatePdf(await appendPageContentChange(pdfsigSigned), options);
    const [s] = r.signatures;
    expect(s).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'FORMAT_FAILURE' });
    expect(s.modifications.verdict).toBe('disallowed');
    expect(s.modifications.changes).toContainEqual(
      expect.objectContaining({ kind: 'page-content-changed', page: 1, allowed: false }),
    );
    expect(s.modifications.pageFacts.visualChangePages).toEqual([1]);
    expect(r.verdict).toBe('TOTAL_FAILED');
    // Every building block is still evaluated and reported (as EU DSS does); the indication keeps its reason.
    expect(s.checks.certificateChain.status).toBe('passed');
    expect(s.checks.revocation.status).toBe('passed');
    expect(s.chain.map((c) => c.serialHex)[0]).toBe(testPki().leaderRsa.serialHex);
    expect(s.signer?.name).toBe('Nguyễn Văn An');
  });

  it('rejects an overlay annotation appended after signing (shadow attack)', async () => {
    const r = await validatePdf(await appendOverlayAnnotation(pdfsigSigned), options);
    const [s] = r.signatures;
    expect(s.indication).toBe('TOTAL_FAILED');
    expect(s.modifications.changes).toContainEqual(
      expect.objectContaining({
        kind: 'annotation-added',
        category: 'annotation',
        annotationType: 'Square',
        page: 1,
        allowed: false,
      }),
    );
    expect(s.modifications.pageFacts.annotationsAdded).toBe(1);
  });

  it('allows a DSS appended after signing', async () => {
    const pki = testPki();
    const r = await validatePdf(
      await appendDssWith(pdfsigSigned, [pki.intermediate.certDer], [pki.crls.intermediate.der]),
      options,
    );
    const [s] = r.signatures;
    expect(s.indication).toBe('TOTAL_PASSED');
    expect(s.modifications.verdict).toBe('allowed');
    expect(s.modifications.changes.every((c) => c.allowed)).toBe(true);
    expect(s.modifications.changes.map((c) => c.kind)).toContain('dss-added');
  });

  it('uses CRLs from the DSS when offline', async () => {
    const pki = testPki();
    const withCrls = await appendDssWith(pdfsigSigned, [], [pki.crls.intermediate.der, pki.crls.root.der]);
    // The committed CRLs were issued before this signature was made: they say nothing about the signing time.
    const r = await validatePdf(withCrls, { trustAnchors: trust, offline: true });
    expect(r.signatures[0].subIndication).toBe('TRY_LATER');
    // Validated "as of" a time before the CRLs were issued, they are fresh evidence.
    const then = await validatePdf(withCrls, {
      trustAnchors: trust,
      offline: true,
      at: new Date('2025-05-01T00:00:00Z'),
    });
    expect(then.signatures[0].indication).toBe('TOTAL_PASSED');
  });

  it('fails a signature made after the certificate expired (the claimed time confesses it)', async () => {
    const signed = await signWithPdfsig(unsigned, testPki().expired);
    const r = await validatePdf(signed, options);
    expect(r.signatures[0]).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'EXPIRED' });
  });

  it('fails a signature made before the certificate became valid', async () => {
    const signed = await signWithPodofo(unsigned, testPki().notYetValid);
    const r = await validatePdf(signed, options);
    expect(r.signatures[0]).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'NOT_YET_VALID' });
  });

  it('fails a signature made after the certificate was revoked', async () => {
    const signed = await signWithPodofo(unsigned, testPki().revoked);
    const r = await validatePdf(signed, options);
    expect(r.signatures[0]).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'REVOKED' });
  });

  it('passes an ECDSA signature', async () => {
    const signed = await signWithPodofo(unsigned, testPki().leaderEc);
    const r = await validatePdf(signed, options);
    expect(r.signatures[0]).toMatchObject({
      indication: 'TOTAL_PASSED',
      signatureAlgorithm: expect.stringMatching(/ecdsa/i),
    });
  });

  it('reports a file without signatures as such', async () => {
    const r = await validatePdf(unsigned, options);
    expect(r.verdict).toBe('NO_SIGNATURE');
    expect(r.error).toBeNull();
    expect(r.findings.map((f) => f.code)).toContain('NO_SIGNATURES');
  });

  it('turns non-PDF input into an ERROR result', async () => {
    const r = await validatePdf(Buffer.from('this is not a pdf at all'), options);
    expect(r.verdict).toBe('ERROR');
    expect(r.error?.code).toMatch(/^PDF_/);
    expect(r.error?.messageVi).toMatch(/PDF/);
  });

  it('passes the describeSigner hook output through as the signer note, and ignores its errors', async () => {
    const note = 'Ký bởi UBND xã A (000.00.xx.Hyy), sáp nhập vào UBND xã C từ 2025-07-01';
    const r = await validatePdf(pdfsigSigned, { ...options, describeSigner: () => note });
    expect(r.signatures[0].signer?.note).toBe(note);
    const broken = await validatePdf(pdfsigSigned, {
      ...options,
      describeSigner: () => {
        throw new Error('lineage service down');
      },
    });
    expect(broken.signatures[0].indication).toBe('TOTAL_PASSED');
    expect(broken.signatures[0].signer?.note).toBeNull();
  });

  describe('signatures whose field is only on a page (not in /Fields), as poppler adds them', () => {
    it('finds both signatures of the minimal poppler structure and passes both, with a warning', async () => {
      const pki = testPki();
      const { signedTwice } = await unlistedSecondSignaturePdf(pki.leaderRsa, pki.sealA);
      const r = await validatePdf(signedTwice, options);
      expect(r.signatures.map((s) => [s.fieldNames, s.indication])).toEqual([
        [['Sig1'], 'TOTAL_PASSED'],
        [['Sig2'], 'TOTAL_PASSED'],
      ]);
      const [first, second] = r.signatures;
      expect(first.modifications.verdict).toBe('allowed');
      expect(first.modifications.changes).toContainEqual(
        expect.objectContaining({
          kind: 'signature-added',
          category: 'signature-or-form-fill',
          fieldName: 'Sig2',
          allowed: true,
        }),
      );
      expect(first.findings.map((f) => f.code)).not.toContain('SIGNATURE_FIELD_NOT_LISTED');
      expect(second.findings).toContainEqual(
        expect.objectContaining({ code: 'SIGNATURE_FIELD_NOT_LISTED', severity: 'warning' }),
      );
      expect(r.verdict).toBe('TOTAL_PASSED');
    });

    it("takes a second field that repeats the first one's name for a new signature, not a replacement", async () => {
      const pki = testPki();
      const { signedTwice } = await unlistedSecondSignaturePdf(pki.leaderRsa, pki.sealA, 'Sig1');
      const r = await validatePdf(signedTwice, options);
      expect(r.signatures.map((s) => [s.fieldNames, s.indication])).toEqual([
        [['Sig1'], 'TOTAL_PASSED'],
        [['Sig1'], 'TOTAL_PASSED'],
      ]);
      const kinds = r.signatures[0].modifications.changes.map((c) => c.kind);
      expect(kinds).toContain('signature-added');
      expect(kinds).not.toContain('signature-dictionary-changed');
    });

    it('passes both signatures of pdfsig -add-signature twice on a direct /AcroForm', async () => {
      const pki = testPki();
      const once = await signWithPdfsig(await plainPdfWithDirectAcroForm(), pki.leaderRsa);
      const twice = await signWithPdfsig(once, pki.sealA, { field: 'Sig2' });
      const r = await validatePdf(twice, options);
      expect(r.signatures).toHaveLength(2);
      expect(r.signatures.map((s) => s.indication)).toEqual(['TOTAL_PASSED', 'TOTAL_PASSED']);
      expect(r.signatures[0].modifications.changes.map((c) => c.kind)).toContain('signature-added');
    });

    it('passes a kyso signature on a direct /AcroForm followed by pdfsig -add-signature', async () => {
      const pki = testPki();
      const signer = await SoftwareSigner.fromPkcs12(pki.leaderRsa.p12Path, pki.p12Password);
      const services = {
        ocsp: new OcspClient({ offline: true }),
        crl: new CrlClient({ offline: true }),
        now: () => new Date(),
      };
      const kyso = await signPdf(await plainPdfWithDirectAcroForm(), signer, services, {
        level: 'B-B',
        skipCertificateCheck: true,
      });
      const both = await signWithPdfsig(await kyso.toBuffer(), pki.sealA, { field: 'Sig2' });
      const r = await validatePdf(both, options);
      expect(r.signatures).toHaveLength(2);
      expect(r.signatures.map((s) => s.indication)).toEqual(['TOTAL_PASSED', 'TOTAL_PASSED']);
    });

    it('still fails the first signature when an update adds page content after the unlisted one', async () => {
      const pki = testPki();
      const { signedTwice } = await unlistedSecondSignaturePdf(pki.leaderRsa, pki.sealA);
      const r = await validatePdf(await appendPageContentChange(signedTwice), options);
      expect(r.signatures.map((s) => s.indication)).toEqual(['TOTAL_FAILED', 'TOTAL_FAILED']);
      expect(r.signatures[0].modifications.changes).toContainEqual(
        expect.objectContaining({ kind: 'page-content-changed', allowed: false }),
      );
    });
  });

  it('validates a signature in an encrypted PDF and says what it cannot read', async () => {
    const signed = await signWithPdfsig(await encryptedPlainPdf(), testPki().leaderRsa, { reason: 'Duyệt' });
    const r = await validatePdf(signed, options);
    expect(r.findings.map((f) => f.code)).toContain('PDF_ENCRYPTED');
    const [s] = r.signatures;
    expect(s.indication).toBe('TOTAL_PASSED');
    expect(s.fieldNames).toEqual(['(encrypted)']);
    expect(s.reason).toBeNull();
    expect(s.findings.map((f) => f.code)).toContain('SIGNATURE_IN_ENCRYPTED_PDF');
  });

  describe('DocMDP and spoofing', () => {
    async function certified(permission: 1 | 2 | 3): Promise<Buffer> {
      const pki = testPki();
      const signer = await SoftwareSigner.fromPkcs12(pki.leaderRsa.p12Path, pki.p12Password);
      const services = {
        ocsp: new OcspClient({ offline: true }),
        crl: new CrlClient({ offline: true }),
        now: () => new Date(),
      };
      const out = await signPdf(unsigned, signer, services, {
        level: 'B-B',
        certify: permission,
        skipCertificateCheck: true,
      });
      return out.toBuffer();
    }

    it('reports the DocMDP permission and forbids a further signature under P=1', async () => {
      const p1 = await certified(1);
      const alone = await validatePdf(p1, options);
      expect(alone.document.docMdp).toEqual({ permission: 1, signatureIndex: 0 });
      expect(alone.signatures[0]).toMatchObject({
        indication: 'TOTAL_PASSED',
        level: 'B-B',
        format: 'PAdES-BASELINE-B',
      });
      const r = await validatePdf(await signWithPodofo(p1, testPki().sealA), options);
      expect(r.signatures[0].modifications.docMdpPermission).toBe(1);
      expect(r.signatures[0].modifications.changes).toContainEqual(
        expect.objectContaining({ kind: 'signature-added', allowed: false }),
      );
      expect(r.signatures[0].findings.map((f) => f.code)).toContain('DOCMDP_NO_CHANGES_ALLOWED');
      expect(r.signatures[0].indication).toBe('TOTAL_FAILED');
    });

    it('allows a further signature under P=2', async () => {
      const r = await validatePdf(await signWithPodofo(await certified(2), testPki().sealA), options);
      expect(r.signatures.map((s) => s.indication)).toEqual(['TOTAL_PASSED', 'TOTAL_PASSED']);
      expect(r.signatures[0].modifications.docMdpPermission).toBe(2);
    });

    it('validates a rewritten signature dictionary against what was signed and rejects the rewrite', async () => {
      const reader = await PdfReader.open(pdfsigSigned);
      const [sig] = await listSignatures(reader);
      const u = new IncrementalUpdate(reader);
      u.set(sig.signatureRef!, sig.dict.clone().set('Reason', PdfString.latin1('FORGED REASON')));
      const spoofed = await (await u.write()).toBuffer();
      const r = await validatePdf(spoofed, options);
      const [s] = r.signatures;
      expect(s.checks.byteRange.status).toBe('passed');
      expect(s.checks.signatureValue.status).toBe('passed');
      expect(s.reason).toBeNull(); // the signed dictionary had no /Reason
      expect(s.modifications.changes).toContainEqual(
        expect.objectContaining({ kind: 'signature-dictionary-changed', allowed: false }),
      );
      expect(s.indication).toBe('TOTAL_FAILED');
    });
  });
});
