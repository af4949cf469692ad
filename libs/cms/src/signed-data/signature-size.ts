import { createPublicKey, KeyObject } from 'node:crypto';
import { CmsError, CmsErrorCode } from '../cms-error';
import { digestAlgorithmInfo, SigningDigestAlgorithm } from '../algorithms/digest-algorithm';
import { ecdsaComponentLength, ecdsaRawToDer } from '../algorithms/ecdsa-signature';
import { SigningScheme } from '../algorithms/signature-algorithm';
import { readCertificate } from '../certificate/certificate-info';
import { assembleSignedData } from './signed-data-assembler';
import { buildSignedAttributes } from './signed-attributes';

export interface EstimateSignatureSizeParams {
  readonly signerCertificateDer: Uint8Array;
  readonly certificatesDer?: readonly Uint8Array[];
  readonly digestAlgorithm?: SigningDigestAlgorithm;
  /** Defaults from the signer key: 'rsa-pkcs1' for RSA, 'ecdsa' for EC. */
  readonly signatureAlgorithm?: SigningScheme;
  /**
   * Room for a signature time-stamp token: `true` uses {@link DEFAULT_TIMESTAMP_TOKEN_BYTES}; pass the
   * size of a token your TSA really returned (TsaClient.lastTokenSize) to size tightly.
   */
  readonly timestamp?: boolean | { readonly expectedTokenBytes: number };
  /** Other unsigned attributes to be added later (e.g. a second time-stamp). */
  readonly extraUnsignedBytes?: number;
  /** Safety margin, default 1024 bytes. */
  readonly marginBytes?: number;
}

export interface SignatureSizeEstimate {
  /** Bytes of DER to reserve; a PDF /Contents hex string needs twice as many characters. */
  readonly bytes: number;
  readonly breakdown: {
    readonly signedData: number;
    readonly timestamp: number;
    readonly extraUnsigned: number;
    readonly margin: number;
  };
}

/** A TSA token with its signing certificate and one intermediate: 2–6 KiB in practice. */
export const DEFAULT_TIMESTAMP_TOKEN_BYTES = 6144;

// SEQUENCE{OID, SET{token}} inside [1]: tags, lengths and the OID around a token.
const TIMESTAMP_ATTRIBUTE_OVERHEAD = 32;

/**
 * Size of the final CMS, computed by assembling one with a worst-case dummy signature: certificates,
 * signed attributes and structure are exact; only the future time-stamp token is an estimate.
 */
export function estimateSignatureSize(params: EstimateSignatureSizeParams): SignatureSizeEstimate {
  const digestAlgorithm = params.digestAlgorithm ?? 'sha256';
  const cert = readCertificate(params.signerCertificateDer);
  const key = createPublicKey({ key: cert.spkiDer, format: 'der', type: 'spki' });
  const scheme = params.signatureAlgorithm ?? (key.asymmetricKeyType === 'ec' ? 'ecdsa' : 'rsa-pkcs1');
  const signedAttributes = buildSignedAttributes({
    digestAlgorithm,
    messageDigest: Buffer.alloc(digestAlgorithmInfo(digestAlgorithm).length),
    signerCertificateDer: cert.der,
  });
  const cms = assembleSignedData({
    signedAttributesDer: signedAttributes.der,
    signature: worstCaseSignature(scheme, key),
    signatureAlgorithm: scheme,
    digestAlgorithm,
    signerCertificateDer: cert.der,
    certificatesDer: params.certificatesDer,
    verifySignature: false,
  });
  const timestamp =
    params.timestamp === undefined || params.timestamp === false
      ? 0
      : (params.timestamp === true ? DEFAULT_TIMESTAMP_TOKEN_BYTES : params.timestamp.expectedTokenBytes) +
        TIMESTAMP_ATTRIBUTE_OVERHEAD;
  const extraUnsigned = params.extraUnsignedBytes ?? 0;
  const margin = params.marginBytes ?? 1024;
  // Adding unsigned attributes can lengthen the length octets of up to five enclosing elements.
  const lengthGrowth = timestamp + extraUnsigned > 0 ? 5 * 2 : 0;
  return {
    bytes: cms.length + timestamp + extraUnsigned + lengthGrowth + margin,
    breakdown: { signedData: cms.length + lengthGrowth, timestamp, extraUnsigned, margin },
  };
}

function worstCaseSignature(scheme: SigningScheme, key: KeyObject): Buffer {
  if (scheme === 'ecdsa') {
    // High bits set in r and s: both INTEGERs need a sign octet, the longest DER value possible.
    return ecdsaRawToDer(Buffer.alloc(2 * ecdsaComponentLength(key), 0x80));
  }
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (!bits) throw new CmsError(CmsErrorCode.UnsupportedAlgorithm, 'cannot size a signature for this key');
  return Buffer.alloc(Math.ceil(bits / 8), 0xff);
}
