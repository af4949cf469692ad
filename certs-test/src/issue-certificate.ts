import { createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { certificateProfiles, x509Builders, type DistinguishedName } from './pki-builders';
import { testPki } from './test-pki';
import { SigningIdentity } from './trust-services/signing-identity';

export type IssuedProfile = 'person' | 'seal' | 'tsa' | 'ocsp';

export interface IssueCertificateOptions {
  /** Full ordered name, or just a common name (then `C=VN, O=UBND xã Thử Nghiệm, CN=<name>`). */
  subject: string | DistinguishedName;
  keyType?: 'rsa' | 'ec';
  profile?: IssuedProfile;
  /** Default: one hour ago, so a freshly issued certificate is already valid on a skewed clock. */
  notBefore?: Date;
  /** Default: notBefore + 10 years. */
  notAfter?: Date;
  /** Base of the AIA/CRL URLs; default the committed PKI's `http://127.0.0.1:39080`. */
  trustBaseUrl?: string;
}

export interface IssuedCertificate {
  serialHex: string;
  certDer: Buffer;
  certPem: string;
  /** PKCS#8 PEM. */
  keyPem: string;
  privateKey: KeyObject;
  keyType: 'rsa' | 'ec';
  issuer: 'intermediate';
  /** intermediate, root (DER). */
  chainDer: Buffer[];
}

/**
 * Mints a fresh end-entity certificate from the test intermediate, for tests that revoke or
 * otherwise disturb a certificate and must not touch the shared ones. Keys are random
 * (node:crypto); serials are random 128-bit positive integers.
 */
export function issueCertificate(options: IssueCertificateOptions): IssuedCertificate {
  const pki = testPki();
  const builders = x509Builders();
  const keyType = options.keyType ?? 'rsa';
  const { privateKey } =
    keyType === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const spkiDer = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x01;
  const notBefore = options.notBefore ?? new Date(Math.floor(Date.now() / 1000) * 1000 - 3600_000);
  const notAfter = options.notAfter ?? new Date(notBefore.getTime() + 10 * 365 * 24 * 3600_000);
  const subject: DistinguishedName =
    typeof options.subject === 'string'
      ? [
          ['C', 'VN'],
          ['O', 'UBND xã Thử Nghiệm'],
          ['CN', options.subject],
        ]
      : options.subject;
  const issuer = pki.intermediate;
  const ca = new SigningIdentity(issuer.certDer, issuer.privateKey());
  const certDer = builders.buildCertificate({
    serial,
    issuerName: builders.nodeFromDer(ca.subjectDer),
    subjectName: builders.distinguishedName(subject),
    notBefore,
    notAfter,
    spkiDer,
    extensionNodes: certificateProfiles().profileExtensions(options.profile ?? 'person', {
      spkiDer,
      issuer: { spkiDer: ca.spkiDer, file: issuer.file },
      ...(options.trustBaseUrl ? { baseUrl: options.trustBaseUrl } : {}),
    }),
    signingKey: ca.key(),
  });
  return {
    serialHex: serial.toString('hex'),
    certDer,
    certPem: toPem('CERTIFICATE', certDer),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    privateKey,
    keyType,
    issuer: 'intermediate',
    chainDer: [issuer.certDer, ...pki.chainOf('intermediate')],
  };
}

export function toPem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
