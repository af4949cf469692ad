import { CmsError, CmsErrorCode } from '../cms-error';
import { octetString, oid, setOf } from '../asn1/der-writer';
import { OID } from '../asn1/oids';
import {
  assertSigningDigest,
  digestAlgorithmInfo,
  SigningDigestAlgorithm,
} from '../algorithms/digest-algorithm';
import { CmsAttribute, encodeAttribute } from './cms-attribute';
import { encodeSigningCertificateV2 } from './signing-certificate';

export interface BuildSignedAttributesParams {
  readonly digestAlgorithm: SigningDigestAlgorithm;
  /** Digest of the signed content (for PAdES: of the /ByteRange bytes). */
  readonly messageDigest: Uint8Array;
  readonly signerCertificateDer: Uint8Array;
  /** eContentType; id-data for PAdES. */
  readonly contentType?: string;
  /** Extra signed attributes (e.g. signature-policy-identifier). The mandatory ones may not be repeated. */
  readonly additionalAttributes?: readonly CmsAttribute[];
}

export interface SignedAttributes {
  /** DER `SET OF Attribute`: the exact bytes to hash and sign, and later to embed (re-tagged [0]). */
  readonly der: Buffer;
  readonly attributes: readonly CmsAttribute[];
}

/** Attribute types built here or forbidden by PAdES baseline (the PDF /M entry carries the claimed time). */
const RESERVED = new Set<string>([
  OID.contentType,
  OID.messageDigest,
  OID.signingCertificateV2,
  OID.signingCertificate,
  OID.signingTime,
]);

/**
 * Signed attributes for a CAdES / PAdES baseline B-B signature: content-type, message-digest and
 * signing-certificate-v2 (with issuerSerial). No signing-time: ETSI EN 319 142-1 6.3 forbids it in PAdES.
 */
export function buildSignedAttributes(params: BuildSignedAttributesParams): SignedAttributes {
  const digestAlgorithm = assertSigningDigest(params.digestAlgorithm);
  const expected = digestAlgorithmInfo(digestAlgorithm).length;
  if (params.messageDigest.length !== expected) {
    throw new CmsError(
      CmsErrorCode.InvalidArgument,
      `messageDigest has ${params.messageDigest.length} bytes, ${digestAlgorithm} needs ${expected}`,
    );
  }
  for (const extra of params.additionalAttributes ?? []) {
    if (RESERVED.has(extra.type)) {
      throw new CmsError(CmsErrorCode.InvalidArgument, `attribute ${extra.type} cannot be added here`);
    }
  }
  const attributes: CmsAttribute[] = [
    { type: OID.contentType, values: [oid(params.contentType ?? OID.data)] },
    { type: OID.messageDigest, values: [octetString(params.messageDigest)] },
    {
      type: OID.signingCertificateV2,
      values: [encodeSigningCertificateV2(params.signerCertificateDer, digestAlgorithm)],
    },
    ...(params.additionalAttributes ?? []),
  ];
  return { der: setOf(attributes.map(encodeAttribute)), attributes };
}
