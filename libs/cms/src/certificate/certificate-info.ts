import { createHash } from 'node:crypto';
import { BoundedMap } from '@kyso/common';
import { CmsError, CmsErrorCode, malformed } from '../cms-error';
import {
  childrenOf,
  contentOf,
  DerNode,
  expectSequence,
  expectUniversal,
  explicitInner,
  isContext,
  isUniversal,
  rawOf,
  readRoot,
  TagClass,
  UniversalTag,
} from '../asn1/der-reader';
import {
  readBitString,
  readBoolean,
  readOctetString,
  readOid,
  readSerialHex,
  readSmallInt,
  readTime,
} from '../asn1/der-values';
import { OID } from '../asn1/oids';
import { parseSignatureAlgorithmIdentifier, SignatureAlgorithmRef } from '../algorithms/signature-algorithm';
import { DistinguishedName, parseNameNode } from './distinguished-name';

export type KeyUsageFlag =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign'
  | 'encipherOnly'
  | 'decipherOnly';

/** The KeyUsage flags in bit order (RFC 5280 §4.2.1.3): bit n is `KEY_USAGE_BITS[n]`. */
export const KEY_USAGE_BITS: readonly KeyUsageFlag[] = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
];

export interface CertificateExtension {
  readonly oid: string;
  readonly critical: boolean;
  /** Contents of extnValue (the DER of the extension's own value). */
  readonly value: Buffer;
}

export interface CertificateInfo {
  readonly der: Buffer;
  /** TBSCertificate bytes, the data the issuer signed. */
  readonly tbsDer: Buffer;
  readonly version: number;
  readonly serialHex: string;
  /** The serialNumber INTEGER TLV exactly as encoded (for IssuerSerial and issuerAndSerialNumber). */
  readonly serialDer: Buffer;
  readonly signatureAlgorithm: SignatureAlgorithmRef;
  readonly signature: Buffer;
  readonly issuer: DistinguishedName;
  readonly subject: DistinguishedName;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly spkiDer: Buffer;
  /** OID of the public key algorithm (rsaEncryption, id-ecPublicKey, ...). */
  readonly publicKeyAlgorithm: string;
  /** Contents of the subjectPublicKey BIT STRING (what OCSP's issuerKeyHash and SKI method 1 hash). */
  readonly publicKeyBits: Buffer;
  readonly extensions: readonly CertificateExtension[];
  readonly keyUsage?: readonly KeyUsageFlag[];
  readonly extendedKeyUsage?: { readonly purposes: readonly string[]; readonly critical: boolean };
  /** nameConstraints (RFC 5280 4.2.1.10), when present. */
  readonly nameConstraints?: NameConstraints;
  /** certificatePolicies: the policy OIDs, in certificate order (empty when absent). */
  readonly policies: readonly string[];
  readonly basicConstraints?: {
    readonly ca: boolean;
    readonly pathLength?: number;
    readonly critical: boolean;
  };
  readonly subjectKeyIdentifierHex?: string;
  readonly authorityKeyIdentifierHex?: string;
  readonly ocspUrls: readonly string[];
  readonly caIssuersUrls: readonly string[];
  readonly crlUrls: readonly string[];
  /** id-pkix-ocsp-nocheck present (an OCSP responder certificate that is not itself checked). */
  readonly ocspNoCheck: boolean;
  readonly sha256FingerprintHex: string;
  /** Issuer and subject names are byte-identical (a root or a self-issued CA certificate). */
  readonly selfIssued: boolean;
}

/** Parses an X.509 certificate (DER) into everything kyso reads from it, with views into the input bytes. */
export function readCertificate(der: Uint8Array): CertificateInfo {
  const sha256 = createHash('sha256').update(der).digest('hex');
  const known = parsedCertificates.get(sha256);
  if (known) return known;
  // Parsed from a private copy: the cached entry must not keep alive (or see changes to) the caller's buffer,
  // often a whole signature or PDF.
  const info = parseCertificate(Buffer.from(der), sha256);
  parsedCertificates.set(sha256, info);
  return info;
}

/**
 * Certificates parsed in this process, by SHA-256 of their DER. The same few certificates (a leader's, the
 * CA's, the TSA's) come back in every signature of an archive; a parsed certificate is immutable.
 */
const parsedCertificates = new BoundedMap<CertificateInfo>(4096);

function parseCertificate(buffer: Buffer, sha256: string): CertificateInfo {
  const root = readRoot(buffer, 'Certificate');
  const [tbsNode, sigAlgNode, sigNode, extra] = expectSequence(root, 'Certificate', 4);
  if (extra) throw malformed('Certificate: unexpected field after the signature');
  const tbs = expectSequence(tbsNode, 'TBSCertificate', 16);
  let i = 0;
  let version = 1;
  if (isContext(tbs[0], 0)) {
    version = readSmallInt(explicitInner(tbs[0], 'version'), 'version') + 1;
    i++;
  }
  const serialNode = expectUniversal(tbs[i++], UniversalTag.Integer, 'serialNumber');
  i++; // inner signature AlgorithmIdentifier; the outer one is authoritative and checked by verifiers
  const issuer = parseNameNode(expectUniversal(tbs[i++], UniversalTag.Sequence, 'issuer'));
  const validity = expectSequence(tbs[i++], 'validity', 3);
  const subject = parseNameNode(expectUniversal(tbs[i++], UniversalTag.Sequence, 'subject'));
  const spkiNode = expectUniversal(tbs[i++], UniversalTag.Sequence, 'subjectPublicKeyInfo');
  const [spkiAlg, spkiKey] = expectSequence(spkiNode, 'subjectPublicKeyInfo', 3);
  const publicKeyAlgorithm = readOid(expectSequence(spkiAlg, 'subjectPublicKeyInfo.algorithm', 3)[0]);
  const publicKeyBits = Buffer.from(readBitString(spkiKey, 'subjectPublicKey').bytes);

  const extensions: CertificateExtension[] = [];
  for (; i < tbs.length; i++) {
    if (isContext(tbs[i], 3)) {
      for (const ext of expectSequence(explicitInner(tbs[i], 'extensions'), 'extensions', 1000)) {
        extensions.push(parseExtension(ext));
      }
    }
  }
  const sig = readBitString(sigNode, 'signatureValue');
  const info: Building = {
    der: buffer,
    tbsDer: Buffer.from(rawOf(tbsNode)),
    version,
    serialHex: readSerialHex(serialNode),
    serialDer: Buffer.from(rawOf(serialNode)),
    signatureAlgorithm: parseSignatureAlgorithmIdentifier(sigAlgNode, 'Certificate.signatureAlgorithm'),
    signature: Buffer.from(sig.bytes),
    issuer,
    subject,
    notBefore: readTime(validity[0], 'notBefore'),
    notAfter: readTime(validity[1], 'notAfter'),
    spkiDer: Buffer.from(rawOf(spkiNode)),
    publicKeyAlgorithm,
    publicKeyBits,
    extensions,
    ocspUrls: [],
    caIssuersUrls: [],
    crlUrls: [],
    ocspNoCheck: false,
    policies: [],
    sha256FingerprintHex: sha256,
    selfIssued: issuer.der.equals(subject.der),
  };
  for (const ext of extensions) applyExtension(info, ext);
  return Object.freeze(info);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
/** The forms of GeneralName (RFC 5280 4.2.1.6), by context tag number. */
export const GENERAL_NAME_FORMS = [
  'otherName',
  'rfc822Name',
  'dNSName',
  'x400Address',
  'directoryName',
  'ediPartyName',
  'uniformResourceIdentifier',
  'iPAddress',
  'registeredID',
] as const;
export type GeneralNameForm = (typeof GENERAL_NAME_FORMS)[number];

/** One GeneralSubtree: its base name's form, and the name itself when it is a directoryName. */
export interface GeneralSubtree {
  readonly form: GeneralNameForm;
  readonly directoryName?: DistinguishedName;
}

export interface NameConstraints {
  readonly permitted: readonly GeneralSubtree[];
  readonly excluded: readonly GeneralSubtree[];
  readonly critical: boolean;
  /** The extension could not be decoded: nothing can be said about the names it allows. */
  readonly unreadable?: true;
}

type Building = Mutable<CertificateInfo> & { ocspUrls: string[]; caIssuersUrls: string[]; crlUrls: string[] };

function parseExtension(node: DerNode): CertificateExtension {
  const parts = expectSequence(node, 'Extension', 4);
  const extOid = readOid(parts[0], 'extnID');
  let critical = false;
  let valueNode = parts[1];
  if (parts.length === 3) {
    critical = readBoolean(parts[1], 'critical');
    valueNode = parts[2];
  }
  return { oid: extOid, critical, value: Buffer.from(readOctetString(valueNode, `extension ${extOid}`)) };
}

function applyExtension(info: Building, ext: CertificateExtension): void {
  const what = `extension ${ext.oid}`;
  try {
    switch (ext.oid) {
      case OID.keyUsage: {
        const bits = readBitString(readRoot(ext.value, what), what);
        info.keyUsage = KEY_USAGE_BITS.filter((_, bit) => {
          const byte = bits.bytes[bit >> 3];
          return byte !== undefined && (byte & (0x80 >> (bit & 7))) !== 0;
        });
        break;
      }
      case OID.extKeyUsage:
        info.extendedKeyUsage = {
          purposes: expectSequence(readRoot(ext.value, what), what, 256).map((n) => readOid(n, what)),
          critical: ext.critical,
        };
        break;
      case OID.basicConstraints: {
        const parts = expectSequence(readRoot(ext.value, what), what, 3);
        let ca = false;
        let pathLength: number | undefined;
        for (const p of parts) {
          if (isUniversal(p, UniversalTag.Boolean)) ca = readBoolean(p, what);
          else pathLength = readSmallInt(p, what);
        }
        info.basicConstraints = { ca, pathLength, critical: ext.critical };
        break;
      }
      case OID.subjectKeyIdentifier:
        info.subjectKeyIdentifierHex = Buffer.from(readOctetString(readRoot(ext.value, what), what)).toString(
          'hex',
        );
        break;
      case OID.authorityKeyIdentifier: {
        const keyId = expectSequence(readRoot(ext.value, what), what, 4).find((n) => isContext(n, 0));
        if (keyId) info.authorityKeyIdentifierHex = Buffer.from(contentOf(keyId)).toString('hex');
        break;
      }
      case OID.authorityInfoAccess:
        for (const ad of expectSequence(readRoot(ext.value, what), what, 64)) {
          const [method, location] = expectSequence(ad, 'AccessDescription', 3);
          const url = uriOf(location);
          if (!url) continue;
          const m = readOid(method, 'accessMethod');
          if (m === OID.accessOcsp) info.ocspUrls.push(url);
          else if (m === OID.accessCaIssuers) info.caIssuersUrls.push(url);
        }
        break;
      case OID.crlDistributionPoints:
        for (const dp of expectSequence(readRoot(ext.value, what), what, 64)) {
          const name = childrenOf(dp, 4).find((n) => isContext(n, 0));
          if (!name) continue;
          const fullName = explicitInner(name, 'distributionPoint');
          if (!isContext(fullName, 0)) continue; // nameRelativeToCRLIssuer: no URL to fetch
          for (const gn of childrenOf(fullName, 64)) {
            const url = uriOf(gn);
            if (url) info.crlUrls.push(url);
          }
        }
        break;
      case OID.ocspNoCheck:
        info.ocspNoCheck = true;
        break;
      // These two are read leniently: a certificate whose constraints cannot be decoded is still a certificate,
      // and the path check decides what an unreadable constraint means.
      case OID.nameConstraints:
        info.nameConstraints = readNameConstraints(ext, what);
        break;
      case OID.certificatePolicies:
        try {
          info.policies = expectSequence(readRoot(ext.value, what), what, 64).map((pi) =>
            readOid(expectSequence(pi, 'PolicyInformation', 2)[0], 'policyIdentifier'),
          );
        } catch {
          info.policies = [];
        }
        break;
    }
  } catch (err) {
    if (err instanceof CmsError && err.code !== CmsErrorCode.Malformed) throw err;
    throw malformed(`${what}: ${(err as Error).message}`, err);
  }
}

function readNameConstraints(ext: CertificateExtension, what: string): NameConstraints {
  try {
    const parts = expectSequence(readRoot(ext.value, what), what, 2);
    const subtrees = (tag: number): GeneralSubtree[] => {
      const node = parts.find((n) => isContext(n, tag));
      return node ? childrenOf(node, 256).map((t) => generalSubtree(t, what)) : [];
    };
    return { permitted: subtrees(0), excluded: subtrees(1), critical: ext.critical };
  } catch {
    return { permitted: [], excluded: [], critical: ext.critical, unreadable: true };
  }
}

/** GeneralSubtree ::= SEQUENCE { base GeneralName, minimum [0] DEFAULT 0, maximum [1] OPTIONAL }. */
function generalSubtree(node: DerNode, what: string): GeneralSubtree {
  const [base] = expectSequence(node, `${what} GeneralSubtree`, 3);
  if (!base || base.tagClass !== TagClass.Context || base.tagNumber > 8)
    throw malformed(`${what}: GeneralName expected`);
  const form = GENERAL_NAME_FORMS[base.tagNumber];
  // directoryName is [4] EXPLICIT Name.
  return form === 'directoryName'
    ? { form, directoryName: parseNameNode(explicitInner(base, 'directoryName')) }
    : { form };
}

/** GeneralName uniformResourceIdentifier ([6] IMPLICIT IA5String), else undefined. */
function uriOf(node: DerNode | undefined): string | undefined {
  if (!node || node.tagClass !== TagClass.Context || node.tagNumber !== 6 || node.constructed)
    return undefined;
  return Buffer.from(contentOf(node)).toString('latin1');
}

/** Whether `at` lies inside the certificate's validity period (both ends inclusive, RFC 5280 4.1.2.5). */
export function isWithinValidity(cert: Pick<CertificateInfo, 'notBefore' | 'notAfter'>, at: Date): boolean {
  const t = at.getTime();
  return t >= cert.notBefore.getTime() && t <= cert.notAfter.getTime();
}

/** True when the certificate is a CA certificate (basicConstraints cA = TRUE). */
export function isCaCertificate(cert: CertificateInfo): boolean {
  return cert.basicConstraints?.ca === true;
}

/** Whether a (non-empty) EKU contains the purpose; `anyExtendedKeyUsage` is deliberately not accepted. */
export function hasExtendedKeyUsage(cert: CertificateInfo, purpose: string): boolean {
  return cert.extendedKeyUsage?.purposes.includes(purpose) ?? false;
}
