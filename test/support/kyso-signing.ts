/* Test helpers: PDFs signed by kyso's own pipeline (libs/signing) against the test TSA/OCSP/CRL services. */
import { CrlClient, OcspClient, TsaClient } from '@kyso/cms';
import { type PadesLevel, signPdf, SoftwareSigner, type TrustServices } from '@kyso/signing';
import { DEFAULT_TRUST_PORT, issueCertificate, type IssuedCertificate } from '@kyso/test-pki';

/** The trust services test/global-setup.ts runs on the port baked into the test certificates. */
export const TRUST_URL = `http://127.0.0.1:${DEFAULT_TRUST_PORT}`;

export function testTrustServices(now: () => Date = () => new Date()): TrustServices {
  return {
    tsa: new TsaClient({ url: `${TRUST_URL}/tsa` }),
    ocsp: new OcspClient({ cache: false }),
    crl: new CrlClient({ cache: false }),
    now,
  };
}

/** A certificate of its own for a test that revokes or expires it, so no other test is disturbed. */
export function freshSigner(
  name: string,
  options: { notAfter?: Date } = {},
): { issued: IssuedCertificate; signer: SoftwareSigner } {
  const issued = issueCertificate({ subject: name, notAfter: options.notAfter });
  return { issued, signer: new SoftwareSigner(issued.privateKey, issued.certDer, issued.chainDer) };
}

export async function kysoSign(
  pdf: Buffer,
  signer: SoftwareSigner,
  level: PadesLevel,
  options: { skipCertificateCheck?: boolean } = {},
): Promise<Buffer> {
  const out = await signPdf(pdf, signer, testTrustServices(), { level, reason: 'Phê duyệt', ...options });
  return out.toBuffer();
}

/**
 * Revokes a certificate at the test OCSP responder and CRLs, from `at` on (default now). The responder
 * answers as of the current whole second, so the call returns only once that second has passed.
 */
export async function revokeAtTrustServices(serialHex: string, at: Date = new Date()): Promise<void> {
  const res = await fetch(`${TRUST_URL}/admin/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serialHex, revokedAt: at.toISOString(), reason: 'keyCompromise' }),
  });
  if (!res.ok)
    throw new Error(`revocation at the test trust services failed: HTTP ${res.status} ${await res.text()}`);
  await nextSecond(at);
}

/** Waits until the wall clock is past the second after `t` (PDF /M and OCSP times have whole seconds). */
export async function nextSecond(t: Date = new Date()): Promise<void> {
  const target = (Math.floor(t.getTime() / 1000) + 1) * 1000 + 50;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, target - Date.now())));
}
