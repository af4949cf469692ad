// Typed access to the X.509/CRL builders in certs-test/scripts/pki/x509-der.js. They are plain
// JavaScript so `npm run pki` needs no build; the trust services reuse them so there is one
// implementation of the test PKI's certificate and CRL profiles.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { repoRoot } from './repo-paths';

export type NameAttributeType =
  'C' | 'ST' | 'L' | 'O' | 'OU' | 'CN' | 'title' | 'serialNumber' | 'organizationIdentifier' | 'UID';

/** An ordered distinguished name, most significant attribute first: `[['C','VN'], ..., ['CN', ...]]`. */
export type DistinguishedName = ReadonlyArray<readonly [NameAttributeType, string]>;

export type KeyUsageName =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign';

export type CrlReason =
  | 'unspecified'
  | 'keyCompromise'
  | 'cACompromise'
  | 'affiliationChanged'
  | 'superseded'
  | 'cessationOfOperation'
  | 'certificateHold'
  | 'removeFromCRL'
  | 'privilegeWithdrawn'
  | 'aACompromise';

/** An asn1js node owned by the builders' copy of asn1js; only ever passed back to them. */
export interface AsnNode {
  toBER(sizeOnly?: boolean): ArrayBuffer;
}

export interface X509Builders {
  OID: Record<string, string>;
  CRL_REASONS: Record<CrlReason, number>;
  distinguishedName(attributes: DistinguishedName): AsnNode;
  extensions: {
    basicConstraints(p: { ca: boolean; pathLen?: number }): AsnNode;
    keyUsage(usages: KeyUsageName[]): AsnNode;
    extKeyUsage(oids: string[], critical: boolean): AsnNode;
    subjectKeyIdentifier(spkiDer: Buffer): AsnNode;
    authorityKeyIdentifier(issuerSpkiDer: Buffer): AsnNode;
    authorityInfoAccess(p: { ocspUrl: string; caIssuersUrl: string }): AsnNode;
    crlDistributionPoints(url: string): AsnNode;
    certificatePolicies(oids: string[]): AsnNode;
    ocspNoCheck(): AsnNode;
  };
  keyIdentifier(spkiDer: Buffer): Buffer;
  nodeFromDer(der: Buffer): AsnNode;
  buildCertificate(p: {
    serial: Buffer;
    issuerName: AsnNode;
    subjectName: AsnNode;
    notBefore: Date;
    notAfter: Date;
    spkiDer: Buffer;
    extensionNodes: AsnNode[];
    signingKey: KeyObject;
  }): Buffer;
  buildCrl(p: {
    issuerName: AsnNode;
    issuerSpkiDer: Buffer;
    thisUpdate: Date;
    nextUpdate: Date;
    crlNumber: number;
    revoked: Array<{ serial: Buffer; revokedAt: Date; reason: CrlReason }>;
    signingKey: KeyObject;
  }): Buffer;
}

export type CertificateProfile = 'rootCa' | 'subCa' | 'person' | 'seal' | 'tsa' | 'ocsp';

export interface CertificateProfiles {
  profileExtensions(
    profile: CertificateProfile,
    p: { spkiDer: Buffer; issuer?: { spkiDer: Buffer; file: string }; baseUrl?: string },
  ): AsnNode[];
}

const loadScript = <T>(file: string): T =>
  createRequire(join(repoRoot(), 'package.json'))(`./certs-test/scripts/pki/${file}`) as T;

let builders: X509Builders | undefined;
let profiles: CertificateProfiles | undefined;

export const x509Builders = (): X509Builders => (builders ??= loadScript<X509Builders>('x509-der.js'));

export const certificateProfiles = (): CertificateProfiles =>
  (profiles ??= loadScript<CertificateProfiles>('certificate-profiles.js'));
