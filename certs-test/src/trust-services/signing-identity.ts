import { createHash, sign, X509Certificate, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

export const OID = {
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
} as const;

export const toArrayBuffer = (buf: Uint8Array): ArrayBuffer =>
  buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;

export const derOf = (node: { toBER(sizeOnly?: boolean): ArrayBuffer }): Buffer =>
  Buffer.from(node.toBER(false));

/** DER times carry whole seconds here: asn1js would write milliseconds with trailing zeros (not DER). */
export const wholeSeconds = (date: Date): Date => new Date(Math.floor(date.getTime() / 1000) * 1000);

/** Canonical serial-number key: lower-case hex without leading zeros (`00ab` and `ab` are the same). */
export function normalizeSerialHex(serialHex: string): string {
  const clean = serialHex.replace(/[\s:]/g, '').toLowerCase();
  if (!/^[0-9a-f]+$/.test(clean)) throw new Error(`not a hexadecimal serial number: ${serialHex}`);
  return clean.replace(/^0+(?=.)/, '');
}

export const serialHexOf = (integer: asn1js.Integer): string =>
  normalizeSerialHex(Buffer.from(integer.valueBlock.valueHexView).toString('hex'));

/**
 * A certificate with its private key: a CA, the TSA or the OCSP responder. Signs with node:crypto
 * (RSA PKCS#1 v1.5 or ECDSA, SHA-256) — never node-forge at request time.
 */
export class SigningIdentity {
  readonly certificate: pkijs.Certificate;
  /** subjectPublicKey BIT STRING contents: the input of key identifiers and OCSP issuerKeyHash. */
  readonly publicKeyBits: Buffer;
  readonly subjectDer: Buffer;
  readonly spkiDer: Buffer;

  constructor(
    readonly certDer: Buffer,
    private readonly privateKey: KeyObject,
  ) {
    this.certificate = pkijs.Certificate.fromBER(toArrayBuffer(certDer));
    this.publicKeyBits = Buffer.from(
      this.certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView,
    );
    this.subjectDer = derOf(this.certificate.subject.toSchema());
    this.spkiDer = new X509Certificate(certDer).publicKey.export({ type: 'spki', format: 'der' });
  }

  get serialHex(): string {
    return serialHexOf(this.certificate.serialNumber);
  }

  /** SHA-1 key identifier of this certificate's public key (RFC 5280 method 1). */
  keyId(): Buffer {
    return createHash('sha1').update(this.publicKeyBits).digest();
  }

  signatureAlgorithm(): pkijs.AlgorithmIdentifier {
    return this.privateKey.asymmetricKeyType === 'ec'
      ? new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSha256 })
      : new pkijs.AlgorithmIdentifier({
          algorithmId: OID.sha256WithRSAEncryption,
          algorithmParams: new asn1js.Null(),
        });
  }

  sign(data: Uint8Array): Buffer {
    return this.privateKey.asymmetricKeyType === 'ec'
      ? sign('sha256', data, { key: this.privateKey, dsaEncoding: 'der' })
      : sign('sha256', data, this.privateKey);
  }

  /** The private key, for builders that sign themselves (CRLs, certificates). */
  key(): KeyObject {
    return this.privateKey;
  }
}
