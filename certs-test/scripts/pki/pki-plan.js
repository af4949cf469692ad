'use strict';
// What the test PKI contains. Shaped like Vietnam's: a national root, the Government Cipher
// Committee's (VGCA) intermediate, personal certificates of commune leaders and organisation
// ("seal") certificates of three communes, where A and B merge into C (the 2025 reorganisation).
// Names, codes and identifiers are fictitious test data.

const TRUST_BASE_URL = 'http://127.0.0.1:39080';
const P12_PASSWORD = 'kyso-test';

// Policy OIDs under the ITU-T/ISO "example" arc 2.999: clearly not a real CA's policy.
const POLICY = {
  personal: '2.999.704.1.1',
  organisation: '2.999.704.1.2',
  timestamping: '2.999.704.1.3',
  anyPolicy: '2.5.29.32.0',
};

const utc = (iso) => new Date(iso);
const CA_VALIDITY = { notBefore: utc('2015-01-01T00:00:00Z'), notAfter: utc('2099-12-31T23:59:59Z') };
const EE_VALIDITY = { notBefore: utc('2024-01-01T00:00:00Z'), notAfter: utc('2074-01-01T00:00:00Z') };

const COMMUNES = {
  A: { name: 'Xã Tân Lập', org: 'UBND xã Tân Lập', code: '000.00.31.H41' },
  B: { name: 'Xã Hòa Bình', org: 'UBND xã Hòa Bình', code: '000.00.32.H41' },
  C: { name: 'Xã Tân Hòa', org: 'UBND xã Tân Hòa', code: '000.00.35.H41' },
};

const personSubject = (commune, title, fullName, citizenId) => [
  ['C', 'VN'],
  ['L', commune.name],
  ['O', commune.org],
  ['title', title],
  ['serialNumber', `CCCD:${citizenId}`],
  ['CN', fullName],
];

const sealSubject = (commune) => [
  ['C', 'VN'],
  ['L', commune.name],
  ['O', commune.org],
  ['organizationIdentifier', commune.code],
  ['CN', commune.org],
];

const VGCA_ORG = 'Ban Cơ yếu Chính phủ (Test)';

/**
 * Entities in issuing order. `key` is the camelCase name used by `testPki()`; `file` the base name
 * of the files in certs-test/pki/. Profiles: rootCa, subCa, person, seal, tsa, ocsp.
 */
const ENTITIES = [
  {
    key: 'root',
    file: 'root',
    role: 'National root CA (self-signed)',
    profile: 'rootCa',
    issuer: null,
    keyType: 'rsa',
    subject: [
      ['C', 'VN'],
      ['O', 'Trung tâm Chứng thực điện tử quốc gia (Test)'],
      ['CN', 'Root CA Quốc gia (Test)'],
    ],
    validity: CA_VALIDITY,
  },
  {
    key: 'intermediate',
    file: 'intermediate',
    role: 'Government CA (VGCA-like), issues every end entity',
    profile: 'subCa',
    issuer: 'root',
    keyType: 'rsa',
    subject: [
      ['C', 'VN'],
      ['O', VGCA_ORG],
      ['OU', 'Cục Chứng thực số và Bảo mật thông tin'],
      ['CN', 'Ban Cơ yếu Chính phủ - VGCA Test CA'],
    ],
    validity: CA_VALIDITY,
  },
  {
    key: 'leaderRsa',
    file: 'leader-rsa',
    role: 'Chairman of commune A, personal RSA-2048 certificate',
    profile: 'person',
    issuer: 'intermediate',
    keyType: 'rsa',
    subject: personSubject(COMMUNES.A, 'Chủ tịch UBND xã', 'Nguyễn Văn An', '001085000101'),
    validity: EE_VALIDITY,
  },
  {
    key: 'leaderEc',
    file: 'leader-ec',
    role: 'Chairwoman of commune C, personal ECDSA P-256 certificate',
    profile: 'person',
    issuer: 'intermediate',
    keyType: 'ec',
    subject: personSubject(COMMUNES.C, 'Chủ tịch UBND xã', 'Trần Thị Bình', '001190000202'),
    validity: EE_VALIDITY,
  },
  {
    key: 'sealA',
    file: 'seal-a',
    role: `Organisation seal of commune A (${COMMUNES.A.code}), merges into C`,
    profile: 'seal',
    issuer: 'intermediate',
    keyType: 'rsa',
    subject: sealSubject(COMMUNES.A),
    validity: EE_VALIDITY,
    organisationCode: COMMUNES.A.code,
  },
  {
    key: 'sealB',
    file: 'seal-b',
    role: `Organisation seal of commune B (${COMMUNES.B.code}), merges into C`,
    profile: 'seal',
    issuer: 'intermediate',
    keyType: 'rsa',
    subject: sealSubject(COMMUNES.B),
    validity: EE_VALIDITY,
    organisationCode: COMMUNES.B.code,
  },
  {
    key: 'sealC',
    file: 'seal-c',
    role: `Organisation seal of commune C (${COMMUNES.C.code}), successor of A and B`,
    profile: 'seal',
    issuer: 'intermediate',
    keyType: 'rsa',
    subject: sealSubject(COMMUNES.C),
    validity: EE_VALIDITY,
    organisationCode: COMMUNES.C.code,
  },
  {
    key: 'tsa',
    file: 'tsa',
    role: 'RFC 3161 time-stamping unit (EKU timeStamping, critical)',
    profile: 'tsa',
    issuer: 'intermediate',
    keyType: 'rsa',
    subject: [
      ['C', 'VN'],
      ['O', VGCA_ORG],
      ['CN', 'VGCA Test TSA'],
    ],
    validity: EE_VALIDITY,
  },
  {
    key: 'ocsp',
    file: 'ocsp',
    role: 'Delegated OCSP responder of the intermediate (EKU OCSPSigning, ocsp-nocheck)',
    profile: 'ocsp',
    issuer: 'intermediate',
    keyType: 'rsa',
    subject: [
      ['C', 'VN'],
      ['O', VGCA_ORG],
      ['CN', 'VGCA Test OCSP Responder'],
    ],
    validity: EE_VALIDITY,
  },
  {
    key: 'revoked',
    file: 'revoked',
    role: 'Vice-chairman of commune B, revoked (keyCompromise) on 2025-03-01',
    profile: 'person',
    issuer: 'intermediate',
    keyType: 'rsa',
    subject: personSubject(COMMUNES.B, 'Phó Chủ tịch UBND xã', 'Lê Văn Cường', '001080000303'),
    validity: EE_VALIDITY,
    revocation: { revokedAt: utc('2025-03-01T00:00:00Z'), reason: 'keyCompromise' },
  },
  {
    key: 'expired',
    file: 'expired',
    role: 'Personal certificate that expired on 2020-01-01',
    profile: 'person',
    issuer: 'intermediate',
    keyType: 'rsa',
    subject: personSubject(COMMUNES.A, 'Phó Chủ tịch UBND xã', 'Phạm Thị Dung', '001175000404'),
    validity: { notBefore: utc('2019-01-01T00:00:00Z'), notAfter: utc('2020-01-01T00:00:00Z') },
  },
  {
    key: 'notYetValid',
    file: 'not-yet-valid',
    role: 'Personal certificate valid only from 2090-01-01',
    profile: 'person',
    issuer: 'intermediate',
    keyType: 'rsa',
    subject: personSubject(COMMUNES.C, 'Phó Chủ tịch UBND xã', 'Hoàng Văn Em', '001099000505'),
    validity: { notBefore: utc('2090-01-01T00:00:00Z'), notAfter: utc('2095-01-01T00:00:00Z') },
  },
];

// Every CA publishes one CRL, fixed in time so the committed file never changes.
const CRL_VALIDITY = { thisUpdate: utc('2025-06-01T00:00:00Z'), nextUpdate: utc('2074-01-01T00:00:00Z') };

module.exports = { TRUST_BASE_URL, P12_PASSWORD, POLICY, COMMUNES, ENTITIES, CRL_VALIDITY };
