import { CmsError, CmsErrorCode } from '../cms-error';
import { childrenOf, contentOf, expectUniversal, readRoot, UniversalTag } from '../asn1/der-reader';
import { readOctetString, readOid } from '../asn1/der-values';
import {
  explicit,
  implicitConstructed,
  integer,
  octetString,
  oid,
  sequence,
  setOf,
  sortDer,
} from '../asn1/der-writer';
import { OID } from '../asn1/oids';
import {
  assertSigningDigest,
  digestAlgorithmInfo,
  encodeDigestAlgorithmIdentifier,
  SigningDigestAlgorithm,
} from '../algorithms/digest-algorithm';
import { isDerEcdsaSignature } from '../algorithms/ecdsa-signature';
import {
  encodeSignatureAlgorithmIdentifier,
  parseSignatureAlgorithmIdentifierDer,
  SignatureAlgorithmEncodingOptions,
  SigningScheme,
} from '../algorithms/signature-algorithm';
import { verifySignatureValue } from '../algorithms/verify-signature';
import { readCertificate } from '../certificate/certificate-info';
import { CmsAttribute, encodeAttribute, parseAttribute } from './cms-attribute';

export interface AssembleSignedDataParams extends SignatureAlgorithmEncodingOptions {
  /** The DER SET OF Attribute that was signed, byte for byte (from {@link buildSignedAttributes}). */
  readonly signedAttributesDer: Uint8Array;
  /** Signature value; for ECDSA the DER ECDSA-Sig-Value (convert a token's r‖s with ecdsaRawToDer). */
  readonly signature: Uint8Array;
  readonly signatureAlgorithm: SigningScheme;
  readonly digestAlgorithm: SigningDigestAlgorithm;
  readonly signerCertificateDer: Uint8Array;
  /** The chain to embed (signer first or not, duplicates and the signer itself are tolerated). */
  readonly certificatesDer?: readonly Uint8Array[];
  readonly unsignedAttributes?: readonly CmsAttribute[];
  /**
   * Encapsulated content (TSTInfo of a time-stamp token, for instance). Absent for PAdES: the
   * signature is detached and the content is the PDF byte ranges.
   */
  readonly encapsulatedContent?: { readonly contentType: string; readonly content: Uint8Array };
  /**
   * Verify the signature against the signer certificate before assembling (default true): a token that
   * returns garbage must fail here, not in a verifier months later.
   */
  readonly verifySignature?: boolean;
}

/**
 * DER ContentInfo holding a SignedData with one SignerInfo (sid = issuerAndSerialNumber). The signed
 * attributes are embedded exactly as signed: only their outer tag changes from SET to [0] IMPLICIT.
 */
export function assembleSignedData(params: AssembleSignedDataParams): Buffer {
  const digestAlgorithm = assertSigningDigest(params.digestAlgorithm);
  const signer = readCertificate(params.signerCertificateDer);
  const signedAttrs = checkSignedAttributes(
    params.signedAttributesDer,
    digestAlgorithm,
    params.encapsulatedContent?.contentType ?? OID.data,
  );
  const signatureAlgorithmDer = encodeSignatureAlgorithmIdentifier(
    params.signatureAlgorithm,
    digestAlgorithm,
    params,
  );
  checkSignatureValue(params, signatureAlgorithmDer, signer.spkiDer);

  const signerInfo = sequence(
    integer(1),
    sequence(signer.issuer.der, signer.serialDer),
    encodeDigestAlgorithmIdentifier(digestAlgorithm),
    implicitConstructed(0, contentOf(signedAttrs)),
    signatureAlgorithmDer,
    octetString(params.signature),
    ...(params.unsignedAttributes?.length
      ? [implicitConstructed(0x01, ...sortedAttributes(params.unsignedAttributes))]
      : []),
  );

  const certificates = uniqueCertificates([signer.der, ...(params.certificatesDer ?? [])]);
  const eContentType = params.encapsulatedContent?.contentType ?? OID.data;
  const encapContentInfo = params.encapsulatedContent
    ? sequence(oid(eContentType), explicit(0, octetString(params.encapsulatedContent.content)))
    : sequence(oid(eContentType));
  // RFC 5652 5.1: version 3 when eContentType is not id-data, else 1 (sid is issuerAndSerialNumber).
  const version = eContentType === OID.data ? 1 : 3;
  const signedData = sequence(
    integer(version),
    setOf([encodeDigestAlgorithmIdentifier(digestAlgorithm)]),
    encapContentInfo,
    implicitConstructed(0, ...sortedCertificates(certificates)),
    setOf([signerInfo]),
  );
  return sequence(oid(OID.signedData), explicit(0, signedData));
}

function checkSignedAttributes(
  der: Uint8Array,
  digestAlgorithm: SigningDigestAlgorithm,
  contentType: string,
) {
  let root;
  try {
    root = expectUniversal(readRoot(der, 'signed attributes'), UniversalTag.Set, 'signed attributes');
  } catch (err) {
    throw new CmsError(CmsErrorCode.InvalidArgument, `signedAttributesDer: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (root.indefinite) throw new CmsError(CmsErrorCode.InvalidArgument, 'signedAttributesDer must be DER');
  const attributes = childrenOf(root, 256).map((n) => parseAttribute(n));
  const single = (type: string, name: string): Buffer => {
    const found = attributes.filter((a) => a.type === type);
    if (found.length !== 1 || found[0].values.length !== 1) {
      throw new CmsError(CmsErrorCode.InvalidArgument, `signed attributes need exactly one ${name}`);
    }
    return found[0].values[0];
  };
  const md = readOctetString(readRoot(single(OID.messageDigest, 'message-digest'), 'message-digest'));
  if (md.length !== digestAlgorithmInfo(digestAlgorithm).length) {
    throw new CmsError(
      CmsErrorCode.InvalidArgument,
      `message-digest length does not match ${digestAlgorithm}`,
    );
  }
  const ct = readOid(readRoot(single(OID.contentType, 'content-type'), 'content-type'));
  if (ct !== contentType) {
    throw new CmsError(
      CmsErrorCode.InvalidArgument,
      `content-type ${ct} differs from eContentType ${contentType}`,
    );
  }
  return root;
}

function checkSignatureValue(params: AssembleSignedDataParams, algorithmDer: Buffer, spki: Buffer): void {
  if (params.signature.length === 0)
    throw new CmsError(CmsErrorCode.InvalidArgument, 'empty signature value');
  if (params.signatureAlgorithm === 'ecdsa' && !isDerEcdsaSignature(params.signature)) {
    throw new CmsError(
      CmsErrorCode.InvalidArgument,
      'ECDSA signature is not DER; convert a PKCS#11 r‖s value with ecdsaRawToDer()',
    );
  }
  if (params.verifySignature === false) return;
  const check = verifySignatureValue({
    data: params.signedAttributesDer,
    signature: params.signature,
    algorithm: parseSignatureAlgorithmIdentifierDer(algorithmDer),
    digestAlgorithm: params.digestAlgorithm,
    publicKey: spki,
  });
  if (!check.valid) {
    throw new CmsError(
      CmsErrorCode.InvalidArgument,
      `signature does not verify with the signer certificate${check.reason ? ` (${check.reason})` : ''}`,
    );
  }
}

function uniqueCertificates(certs: readonly Uint8Array[]): Buffer[] {
  const seen = new Set<string>();
  const out: Buffer[] = [];
  for (const c of certs) {
    const b = Buffer.from(c);
    const key = b.toString('base64');
    if (seen.has(key)) continue;
    seen.add(key);
    readCertificate(b); // refuse to embed something that is not a certificate
    out.push(b);
  }
  return out;
}

// [0]/[1] IMPLICIT SET OF: contents in DER SET OF order, like setOf().
function sortedAttributes(attributes: readonly CmsAttribute[]): Uint8Array[] {
  return sortDer(attributes.map(encodeAttribute));
}

function sortedCertificates(certs: Buffer[]): Uint8Array[] {
  return sortDer(certs);
}
