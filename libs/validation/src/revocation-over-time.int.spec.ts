import { beforeAll, describe, expect, it } from 'vitest';
import { testPki } from '@kyso/test-pki';
import { plainPdf } from '../testing/signed-fixtures';
import { freshSigner, kysoSign, nextSecond, revokeAtTrustServices } from '../../../test/support/kyso-signing';
import { TrustStore, validatePdf } from './index';

/**
 * Long-term validation against the real test OCSP responder, TSA and CRLs: a signature proven (by a
 * time-stamp) to exist before its certificate was revoked or expired keeps passing; one without such
 * proof does not; one made after revocation fails. Each test revokes a certificate of its own.
 */
describe('revocation and expiry over time (test OCSP/TSA/CRL services)', () => {
  let trust: TrustStore;
  let pdf: Buffer;

  beforeAll(async () => {
    trust = TrustStore.fromCertificates([testPki().root.certPem]);
    pdf = await plainPdf();
  });

  it('B-T extended to B-LT before revocation still passes after the certificate is revoked', async () => {
    const { issued, signer } = freshSigner('Lê Thị Bình');
    const signed = await kysoSign(pdf, signer, 'B-LT');
    const before = await validatePdf(signed, { trustAnchors: trust });
    expect(before.signatures[0]).toMatchObject({ indication: 'TOTAL_PASSED', level: 'B-LT' });

    await revokeAtTrustServices(issued.serialHex);
    const online = await validatePdf(signed, { trustAnchors: trust });
    expect(online.signatures[0]).toMatchObject({ indication: 'TOTAL_PASSED', level: 'B-LT' });
    expect(online.signatures[0].signingTime.provenBy).toBe('signature-timestamp');
    // The DSS is consulted first: its OCSP answer, issued after the time-stamp, settles the question.
    expect(online.signatures[0].findings).toContainEqual(
      expect.objectContaining({
        code: 'REVOCATION_GOOD',
        params: expect.objectContaining({ source: 'OCSP (dss)' }),
      }),
    );
    // Offline, the OCSP answer in the DSS (issued after the time-stamp, before revocation) decides.
    const offline = await validatePdf(signed, { trustAnchors: trust, offline: true });
    expect(offline.signatures[0].indication).toBe('TOTAL_PASSED');
  });

  it('a B-B signature verified after revocation does not pass', async () => {
    const { issued, signer } = freshSigner('Trần Văn Cường');
    const signed = await kysoSign(pdf, signer, 'B-B');
    expect((await validatePdf(signed, { trustAnchors: trust })).signatures[0].indication).toBe(
      'TOTAL_PASSED',
    );
    await nextSecond(); // revoked strictly after the claimed signing time (/M has whole seconds)
    await revokeAtTrustServices(issued.serialHex);
    const r = await validatePdf(signed, { trustAnchors: trust });
    expect(r.signatures[0]).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'REVOKED_NO_POE' });
    expect(r.verdict).not.toBe('TOTAL_PASSED');
  });

  it('a signature made after revocation fails with REVOKED', async () => {
    const { issued, signer } = freshSigner('Phạm Thị Dung');
    await revokeAtTrustServices(issued.serialHex, new Date(Date.now() - 60_000));
    const signed = await kysoSign(pdf, signer, 'B-T', { skipCertificateCheck: true });
    const r = await validatePdf(signed, { trustAnchors: trust });
    expect(r.signatures[0]).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'REVOKED' });
  });

  it('B-LT made while the certificate was valid passes after it expired; B-B does not', async () => {
    const notAfter = new Date(Math.ceil(Date.now() / 1000) * 1000 + 4_000);
    const { signer } = freshSigner('Hoàng Văn Em', { notAfter });
    const lt = await kysoSign(pdf, signer, 'B-LT');
    const bb = await kysoSign(pdf, signer, 'B-B');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, notAfter.getTime() - Date.now() + 1_500)));
    const rLt = await validatePdf(lt, { trustAnchors: trust });
    expect(rLt.signatures[0]).toMatchObject({ indication: 'TOTAL_PASSED', level: 'B-LT' });
    expect(rLt.signatures[0].findings.map((f) => f.code)).toContain('CERT_EXPIRED_LATER');
    const rBb = await validatePdf(bb, { trustAnchors: trust });
    expect(rBb.signatures[0]).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'OUT_OF_BOUNDS_NO_POE',
    });
  });

  it('B-LTA: the archive time-stamp is verified and the level detected', async () => {
    const { signer } = freshSigner('Vũ Thị Giang');
    const signed = await kysoSign(pdf, signer, 'B-LTA');
    const r = await validatePdf(signed, { trustAnchors: trust });
    expect(r.verdict).toBe('TOTAL_PASSED');
    expect(r.signatures.map((s) => [s.kind, s.indication])).toEqual([
      ['signature', 'TOTAL_PASSED'],
      ['document-timestamp', 'TOTAL_PASSED'],
    ]);
    expect(r.signatures[0]).toMatchObject({ level: 'B-LTA', format: 'PAdES-BASELINE-LTA' });
    expect(r.signatures[0].modifications.changes.map((c) => c.kind).sort()).toEqual(
      expect.arrayContaining(['dss-added', 'document-timestamp-added']),
    );
    expect(r.signatures[0].modifications.verdict).toBe('allowed');
  });
});
