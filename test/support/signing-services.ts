import { CrlClient, OcspClient, TsaClient } from '@kyso/cms';
import type { TrustServices } from '@kyso/signing';

/** The test TSA/OCSP/CRL that test/global-setup.ts runs on the port written into the test certificates. */
export const TEST_TRUST_URL = process.env.KYSO_TEST_TRUST_URL ?? 'http://127.0.0.1:39080';

/** Signing services against the test trust services, as the signing commands use them. */
export function testSigningServices(): TrustServices {
  return {
    tsa: new TsaClient({ url: `${TEST_TRUST_URL}/tsa` }),
    ocsp: new OcspClient(),
    crl: new CrlClient(),
    now: () => new Date(),
  };
}

/**
 * A copy of a signed PDF with one byte changed inside the signed range: a byte of the binary comment on line 2,
 * which no parser reads, so only the signature notices.
 */
export function tamperSignedByte(pdf: Buffer): Buffer {
  const tampered = Buffer.from(pdf);
  tampered[tampered.indexOf('\n%') + 2] ^= 0x01;
  return tampered;
}
