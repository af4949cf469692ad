import { testPki } from '@kyso/test-pki';
import { OID } from '../src/asn1/oids';
import {
  generateTestKey,
  issueCertificate,
  TestIdentity,
  testKeyFrom,
  TestKeyPair,
} from './test-certificates';

/**
 * A small PKI for unit tests, built in memory once per test file with its own names, URLs and
 * extensions. RSA keys come from the committed test PKI (generating them would cost seconds per file);
 * EC keys are generated.
 */
export interface UnitTestPki {
  readonly root: TestIdentity;
  readonly intermediate: TestIdentity;
  readonly leaderRsa: TestIdentity;
  readonly leaderEc: TestIdentity;
  readonly leaderP384: TestIdentity;
  readonly tsa: TestIdentity;
  readonly ocspResponder: TestIdentity;
  readonly revoked: TestIdentity;
}

export const UNIT_BASE_URL = 'http://pki.invalid';

let cached: UnitTestPki | undefined;

export function unitTestPki(): UnitTestPki {
  if (cached) return cached;
  const committed = testPki();
  const rsa = (name: 'root' | 'leaderRsa' | 'revoked' | 'tsa' | 'ocsp'): TestKeyPair =>
    testKeyFrom('rsa2048', committed[name].privateKey());
  const root = issueCertificate({
    subject: [
      ['C', 'VN'],
      ['O', 'Kyso Test'],
      ['CN', 'Kyso Unit Test Root'],
    ],
    key: rsa('root'),
    ca: true,
  });
  const intermediate = issueCertificate({
    subject: [
      ['C', 'VN'],
      ['O', 'Ban Cơ yếu Chính phủ (thử nghiệm)'],
      ['CN', 'Kyso Unit Test CA'],
    ],
    key: generateTestKey('p384'),
    issuer: root,
    ca: true,
    pathLength: 0,
    crlUrl: `${UNIT_BASE_URL}/crl/root.crl`,
  });
  const leaf = (cn: string, key: TestKeyPair): TestIdentity =>
    issueCertificate({
      subject: [
        ['C', 'VN'],
        ['ST', 'Tỉnh Thử Nghiệm'],
        ['O', 'UBND xã Tân Lập'],
        ['CN', cn],
      ],
      key,
      issuer: intermediate,
      ocspUrl: `${UNIT_BASE_URL}/ocsp`,
      caIssuersUrl: `${UNIT_BASE_URL}/ca/intermediate.cer`,
      crlUrl: `${UNIT_BASE_URL}/crl/intermediate.crl`,
    });
  cached = {
    root,
    intermediate,
    leaderRsa: leaf('Nguyễn Văn Bình', rsa('leaderRsa')),
    leaderEc: leaf('Trần Thị Hương', generateTestKey('p256')),
    leaderP384: leaf('Lê Đức Anh', generateTestKey('p384')),
    revoked: leaf('Phạm Quốc Việt', rsa('revoked')),
    tsa: issueCertificate({
      subject: [
        ['C', 'VN'],
        ['O', 'Kyso Test'],
        ['CN', 'Kyso Unit Test TSA'],
      ],
      key: rsa('tsa'),
      issuer: intermediate,
      keyUsage: ['digitalSignature', 'nonRepudiation'],
      extendedKeyUsage: { purposes: [OID.kpTimeStamping], critical: true },
    }),
    ocspResponder: issueCertificate({
      subject: [
        ['C', 'VN'],
        ['O', 'Kyso Test'],
        ['CN', 'Kyso Unit Test OCSP'],
      ],
      key: rsa('ocsp'),
      issuer: intermediate,
      keyUsage: ['digitalSignature'],
      extendedKeyUsage: { purposes: [OID.kpOcspSigning] },
      ocspNoCheck: true,
    }),
  };
  return cached;
}
