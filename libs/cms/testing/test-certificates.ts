/**
 * Test-only X.509 factory on node:crypto and our DER writer: keys, CA and end-entity certificates, CRLs.
 * Not exported from libs/cms; specs import it directly.
 */
import {
  constants,
  createHash,
  createPublicKey,
  generateKeyPairSync,
  KeyObject,
  sign as nodeSign,
} from 'node:crypto';
import {
  bitString,
  boolean,
  enumerated,
  explicit,
  implicitConstructed,
  implicitPrimitive,
  integer,
  nullValue,
  octetString,
  oid,
  printableString,
  sequence,
  setOf,
  tlv,
  utf8String,
  x509Time,
} from '../src/asn1/der-writer';
import { OID } from '../src/asn1/oids';
import { encodeSignatureAlgorithmIdentifier, SigningScheme } from '../src/algorithms/signature-algorithm';
import { SigningDigestAlgorithm } from '../src/algorithms/digest-algorithm';
import {
  CertificateInfo,
  KEY_USAGE_BITS,
  KeyUsageFlag,
  readCertificate,
} from '../src/certificate/certificate-info';

export type TestKeyKind = 'rsa2048' | 'p256' | 'p384' | 'rsa-pss';

export interface TestKeyPair {
  readonly kind: TestKeyKind;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export function generateTestKey(kind: TestKeyKind): TestKeyPair {
  switch (kind) {
    case 'rsa2048':
    case 'rsa-pss': {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      return { kind, privateKey, publicKey };
    }
    case 'p256':
    case 'p384': {
      const { privateKey, publicKey } = generateKeyPairSync('ec', {
        namedCurve: kind === 'p256' ? 'prime256v1' : 'secp384r1',
      });
      return { kind, privateKey, publicKey };
    }
  }
}

/** Wraps an existing private key (e.g. a committed test-PKI key: RSA generation is slow). */
export function testKeyFrom(kind: TestKeyKind, privateKey: KeyObject): TestKeyPair {
  return { kind, privateKey, publicKey: createPublicKey(privateKey) };
}

export function schemeOf(key: TestKeyPair): SigningScheme {
  return key.kind === 'rsa-pss' ? 'rsa-pss' : key.kind.startsWith('p') ? 'ecdsa' : 'rsa-pkcs1';
}

/** Signs like a token would, returning what CMS embeds (DER for ECDSA). */
export function signData(
  key: TestKeyPair,
  data: Uint8Array,
  hash: SigningDigestAlgorithm = 'sha256',
  scheme: SigningScheme = schemeOf(key),
): Buffer {
  if (scheme === 'rsa-pss') {
    const saltLength = { sha256: 32, sha384: 48, sha512: 64 }[hash];
    return nodeSign(hash, data, {
      key: key.privateKey,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength,
    });
  }
  if (scheme === 'ecdsa') return nodeSign(hash, data, { key: key.privateKey, dsaEncoding: 'der' });
  return nodeSign(hash, data, { key: key.privateKey, padding: constants.RSA_PKCS1_PADDING });
}

export type NameSpec = string | readonly (readonly [string, string])[];

const ATTRIBUTE_OIDS: Record<string, string> = {
  CN: '2.5.4.3',
  C: '2.5.4.6',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  SERIALNUMBER: '2.5.4.5',
  UID: '0.9.2342.19200300.100.1.1',
};

/** Name DER; C uses PrintableString, the rest UTF8String unless the value is given as ['BMP:CN', ...]. */
export function encodeName(spec: NameSpec): Buffer {
  const pairs = typeof spec === 'string' ? [['CN', spec] as const] : spec;
  return sequence(
    ...pairs.map(([type, value]) => {
      const bmp = type.startsWith('BMP:');
      const t = bmp ? type.slice(4) : type;
      const typeOid = ATTRIBUTE_OIDS[t] ?? t;
      let encoded: Buffer;
      if (bmp) {
        const b = Buffer.from(value, 'utf16le');
        b.swap16();
        encoded = tlv(0x1e, b);
      } else {
        encoded = t === 'C' ? printableString(value) : utf8String(value);
      }
      return setOf([sequence(oid(typeOid), encoded)]);
    }),
  );
}

export interface TestCertificateSpec {
  readonly subject: NameSpec;
  readonly key: TestKeyPair;
  /** Issuer identity; self-signed when absent. */
  readonly issuer?: TestIdentity;
  readonly serial?: bigint;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly ca?: boolean;
  readonly pathLength?: number;
  readonly keyUsage?: readonly KeyUsageFlag[];
  readonly extendedKeyUsage?: { readonly purposes: readonly string[]; readonly critical?: boolean };
  readonly ocspUrl?: string;
  readonly caIssuersUrl?: string;
  readonly crlUrl?: string;
  readonly ocspNoCheck?: boolean;
  readonly signatureHash?: SigningDigestAlgorithm;
}

export interface TestIdentity {
  readonly certDer: Buffer;
  readonly certPem: string;
  readonly key: TestKeyPair;
  readonly info: CertificateInfo;
}

let serialCounter = 0x1000n;

export function issueCertificate(spec: TestCertificateSpec): TestIdentity {
  const spki = spec.key.publicKey.export({ type: 'spki', format: 'der' });
  const signer = spec.issuer?.key ?? spec.key;
  const issuerName = spec.issuer ? spec.issuer.info.subject.der : encodeName(spec.subject);
  const keyBits = readCertificateSpkiBits(spki);
  const ski = createHash('sha1').update(keyBits).digest();
  const aki = spec.issuer?.info.subjectKeyIdentifierHex
    ? Buffer.from(spec.issuer.info.subjectKeyIdentifierHex, 'hex')
    : ski;
  const ext = (id: string, critical: boolean, value: Buffer): Buffer =>
    critical ? sequence(oid(id), boolean(true), octetString(value)) : sequence(oid(id), octetString(value));
  const extensions: Buffer[] = [];
  if (spec.ca) {
    extensions.push(
      ext(
        OID.basicConstraints,
        true,
        sequence(boolean(true), ...(spec.pathLength !== undefined ? [integer(spec.pathLength)] : [])),
      ),
    );
  }
  const usage =
    spec.keyUsage ?? (spec.ca ? ['keyCertSign', 'cRLSign'] : ['digitalSignature', 'nonRepudiation']);
  extensions.push(ext(OID.keyUsage, true, encodeKeyUsage(usage)));
  if (spec.extendedKeyUsage) {
    extensions.push(
      ext(
        OID.extKeyUsage,
        spec.extendedKeyUsage.critical ?? false,
        sequence(...spec.extendedKeyUsage.purposes.map(oid)),
      ),
    );
  }
  extensions.push(ext(OID.subjectKeyIdentifier, false, octetString(ski)));
  extensions.push(ext(OID.authorityKeyIdentifier, false, sequence(implicitPrimitive(0, aki))));
  const access: Buffer[] = [];
  if (spec.ocspUrl)
    access.push(sequence(oid(OID.accessOcsp), implicitPrimitive(6, Buffer.from(spec.ocspUrl))));
  if (spec.caIssuersUrl) {
    access.push(sequence(oid(OID.accessCaIssuers), implicitPrimitive(6, Buffer.from(spec.caIssuersUrl))));
  }
  if (access.length) extensions.push(ext(OID.authorityInfoAccess, false, sequence(...access)));
  if (spec.crlUrl) {
    const dp = sequence(explicit(0, implicitConstructed(0, implicitPrimitive(6, Buffer.from(spec.crlUrl)))));
    extensions.push(ext(OID.crlDistributionPoints, false, sequence(dp)));
  }
  if (spec.ocspNoCheck) extensions.push(ext(OID.ocspNoCheck, false, nullValue()));

  const hash = spec.signatureHash ?? 'sha256';
  const sigAlg = certificateSignatureAlgorithm(signer, hash);
  const now = Date.now();
  const tbs = sequence(
    explicit(0, integer(2)),
    integer(spec.serial ?? serialCounter++),
    sigAlg,
    issuerName,
    sequence(
      x509Time(spec.notBefore ?? new Date(Math.floor(now / 1000) * 1000 - 3600_000)),
      x509Time(spec.notAfter ?? new Date(Math.floor(now / 1000) * 1000 + 365 * 86400_000)),
    ),
    encodeName(spec.subject),
    spki,
    explicit(3, sequence(...extensions)),
  );
  const signature = signData(signer, tbs, hash);
  const certDer = sequence(tbs, sigAlg, bitString(signature));
  return {
    certDer,
    certPem: toPem(certDer, 'CERTIFICATE'),
    key: spec.key,
    info: readCertificate(certDer),
  };
}

function certificateSignatureAlgorithm(key: TestKeyPair, hash: SigningDigestAlgorithm): Buffer {
  return encodeSignatureAlgorithmIdentifier(schemeOf(key), hash, { rsaPkcs1Identifier: 'withDigest' });
}

function encodeKeyUsage(flags: readonly KeyUsageFlag[]): Buffer {
  const bits = flags.map((f) => KEY_USAGE_BITS.indexOf(f));
  const max = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(max / 8) + 1);
  for (const b of bits) bytes[b >> 3] |= 0x80 >> (b & 7);
  const unused = 7 - (max % 8);
  return bitString(bytes, unused);
}

function readCertificateSpkiBits(spki: Buffer): Buffer {
  // SEQUENCE { AlgorithmIdentifier, BIT STRING }: the BIT STRING is the last element.
  const lenOctets = spki[1] & 0x80 ? (spki[1] & 0x7f) + 1 : 1;
  let pos = 1 + lenOctets;
  const algLenOctets = spki[pos + 1] & 0x80 ? (spki[pos + 1] & 0x7f) + 1 : 1;
  const algLen = algLenOctets === 1 ? spki[pos + 1] : spki.readUIntBE(pos + 2, algLenOctets - 1);
  pos += 1 + algLenOctets + algLen;
  const bsLenOctets = spki[pos + 1] & 0x80 ? (spki[pos + 1] & 0x7f) + 1 : 1;
  return spki.subarray(pos + 1 + bsLenOctets + 1);
}

export function toPem(der: Uint8Array, label: string): string {
  const b64 = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${b64.replace(/\n$/, '')}\n-----END ${label}-----\n`;
}

export interface TestCrlEntry {
  readonly serial: bigint;
  readonly revokedAt: Date;
  /** CRLReason code (1 keyCompromise, 4 superseded, ...). */
  readonly reason?: number;
}

export function issueCrl(params: {
  readonly issuer: TestIdentity;
  readonly entries: readonly TestCrlEntry[];
  readonly thisUpdate?: Date;
  readonly nextUpdate?: Date;
  readonly crlNumber?: number;
}): Buffer {
  const hash: SigningDigestAlgorithm = 'sha256';
  const sigAlg = certificateSignatureAlgorithm(params.issuer.key, hash);
  const now = Math.floor(Date.now() / 1000) * 1000;
  const entries = params.entries.map((e) =>
    sequence(
      integer(e.serial),
      x509Time(e.revokedAt),
      ...(e.reason !== undefined
        ? [sequence(sequence(oid(OID.crlReason), octetString(enumerated(e.reason))))]
        : []),
    ),
  );
  const tbs = sequence(
    integer(1),
    sigAlg,
    params.issuer.info.subject.der,
    x509Time(params.thisUpdate ?? new Date(now - 60_000)),
    x509Time(params.nextUpdate ?? new Date(now + 86400_000)),
    ...(entries.length ? [sequence(...entries)] : []),
    explicit(
      0,
      sequence(
        sequence(oid(OID.crlNumber), octetString(integer(params.crlNumber ?? 1))),
        sequence(
          oid(OID.authorityKeyIdentifier),
          octetString(
            sequence(
              implicitPrimitive(0, Buffer.from(params.issuer.info.subjectKeyIdentifierHex ?? '', 'hex')),
            ),
          ),
        ),
      ),
    ),
  );
  return sequence(tbs, sigAlg, bitString(signData(params.issuer.key, tbs, hash)));
}
