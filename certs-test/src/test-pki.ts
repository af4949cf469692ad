import { readFileSync } from 'node:fs';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import type { CertificateProfile, CrlReason } from './pki-builders';
import { testPkiDir } from './repo-paths';

/** Names of the committed test PKI's entities (keys of `testPki()`). */
export const TEST_PKI_ENTITY_NAMES = [
  'root',
  'intermediate',
  'leaderRsa',
  'leaderEc',
  'sealA',
  'sealB',
  'sealC',
  'tsa',
  'ocsp',
  'revoked',
  'expired',
  'notYetValid',
] as const;
export type TestPkiEntityName = (typeof TEST_PKI_ENTITY_NAMES)[number];

/** The CAs that publish a CRL and a caIssuers certificate; also their URL names (`/crl/<name>.crl`). */
export type TestCaName = 'root' | 'intermediate';

export type TestPkiProfile = CertificateProfile;

interface ManifestEntity {
  file: string;
  role: string;
  profile: TestPkiProfile;
  issuer: TestCaName | null;
  subject: string;
  serialHex: string;
  keyType: 'rsa' | 'ec';
  keyAlgorithm: string;
  notBefore: string;
  notAfter: string;
  organisationCode?: string;
  files: { certPem: string; certDer: string; keyPem: string; p12: string };
}

interface ManifestCrl {
  thisUpdate: string;
  nextUpdate: string;
  crlNumber: number;
  files: { crlDer: string; crlPem: string };
}

export interface TestPkiManifest {
  p12Password: string;
  trustBaseUrl: string;
  policies: { personal: string; organisation: string; timestamping: string; anyPolicy: string };
  entities: Record<TestPkiEntityName, ManifestEntity>;
  crls: Record<TestCaName, ManifestCrl>;
  revocations: Array<{
    issuer: TestCaName;
    entity: TestPkiEntityName;
    serialHex: string;
    revokedAt: string;
    reason: CrlReason;
  }>;
}

export interface TestPkiEntity {
  name: TestPkiEntityName;
  /** Base name of the files in certs-test/pki/, e.g. `leader-rsa`. */
  file: string;
  role: string;
  profile: TestPkiProfile;
  issuer: TestCaName | null;
  /** Human-readable subject, `C=VN, L=..., CN=...` (attributes in certificate order). */
  subject: string;
  /** Lower-case hex of the serial number's DER INTEGER content. */
  serialHex: string;
  keyType: 'rsa' | 'ec';
  notBefore: Date;
  notAfter: Date;
  organisationCode?: string;
  certPath: string;
  certPem: string;
  certDer: Buffer;
  keyPath: string;
  /** PKCS#8 PEM. */
  keyPem: string;
  p12Path: string;
  p12Password: string;
  /** The private key as a node:crypto KeyObject (parsed on first use). */
  privateKey(): KeyObject;
}

export interface TestCrl {
  path: string;
  pemPath: string;
  der: Buffer;
  thisUpdate: Date;
  nextUpdate: Date;
}

export type TestPki = Record<TestPkiEntityName, TestPkiEntity> & {
  dir: string;
  manifest: TestPkiManifest;
  p12Password: string;
  /** intermediate + root, PEM. */
  chainPath: string;
  chainPem: string;
  /** Static CRLs as committed (fixed thisUpdate; the revoked certificate is on the intermediate's). */
  crls: Record<TestCaName, TestCrl>;
  entities: TestPkiEntity[];
  /** Issuer chain of an entity, nearest first, DER (excludes the entity itself). */
  chainOf(name: TestPkiEntityName): Buffer[];
};

let cached: TestPki | undefined;

/** The committed test PKI under certs-test/pki/, loaded once per process. */
export function testPki(): TestPki {
  if (cached) return cached;
  const dir = testPkiDir();
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as TestPkiManifest;
  const entities = TEST_PKI_ENTITY_NAMES.map((name): TestPkiEntity => {
    const m = manifest.entities[name];
    if (!m) throw new Error(`certs-test/pki/manifest.json has no entity ${name}: run \`npm run pki\``);
    const keyPem = readFileSync(join(dir, m.files.keyPem), 'utf8');
    let key: KeyObject | undefined;
    return {
      name,
      file: m.file,
      role: m.role,
      profile: m.profile,
      issuer: m.issuer,
      subject: m.subject,
      serialHex: m.serialHex,
      keyType: m.keyType,
      notBefore: new Date(m.notBefore),
      notAfter: new Date(m.notAfter),
      ...(m.organisationCode ? { organisationCode: m.organisationCode } : {}),
      certPath: join(dir, m.files.certPem),
      certPem: readFileSync(join(dir, m.files.certPem), 'utf8'),
      certDer: readFileSync(join(dir, m.files.certDer)),
      keyPath: join(dir, m.files.keyPem),
      keyPem,
      p12Path: join(dir, m.files.p12),
      p12Password: manifest.p12Password,
      privateKey: () => (key ??= createPrivateKey(keyPem)),
    };
  });
  const byName = Object.fromEntries(entities.map((e) => [e.name, e])) as Record<
    TestPkiEntityName,
    TestPkiEntity
  >;
  const crl = (ca: TestCaName): TestCrl => ({
    path: join(dir, manifest.crls[ca].files.crlDer),
    pemPath: join(dir, manifest.crls[ca].files.crlPem),
    der: readFileSync(join(dir, manifest.crls[ca].files.crlDer)),
    thisUpdate: new Date(manifest.crls[ca].thisUpdate),
    nextUpdate: new Date(manifest.crls[ca].nextUpdate),
  });
  const chainOf = (name: TestPkiEntityName): Buffer[] => {
    const chain: Buffer[] = [];
    for (let at = byName[name].issuer; at; at = byName[at].issuer) chain.push(byName[at].certDer);
    return chain;
  };
  cached = {
    ...byName,
    dir,
    manifest,
    p12Password: manifest.p12Password,
    chainPath: join(dir, 'chain.pem'),
    chainPem: readFileSync(join(dir, 'chain.pem'), 'utf8'),
    crls: { root: crl('root'), intermediate: crl('intermediate') },
    entities,
    chainOf,
  };
  return cached;
}
