import { CmsError, CmsErrorCode } from '../cms-error';
import { digest, DigestAlgorithmName, DigestAlgorithmRef } from '../algorithms/digest-algorithm';
import { SignatureAlgorithmRef } from '../algorithms/signature-algorithm';
import { SignatureValueCheck, verifySignatureValue } from '../algorithms/verify-signature';
import { PublicKeyInput } from '../certificate/public-key';
import { ParsedSignedData, parseSignedData } from './signed-data-parser';
import { findSignerCertificate } from './signer-certificate';
import { checkSigningCertificateV2, SigningCertificateCheck } from './signing-certificate';

export interface VerifySignerInfoSignatureParams {
  /** DER SET OF signed attributes (ParsedSignerInfo.signedAttributesDer). */
  readonly signedAttributesDer: Uint8Array;
  readonly signature: Uint8Array;
  readonly signatureAlgorithm: SignatureAlgorithmRef;
  readonly digestAlgorithm: DigestAlgorithmRef | DigestAlgorithmName;
  /** SPKI DER, certificate DER, or a KeyObject (fastest when verifying many signatures with one key). */
  readonly publicKey: PublicKeyInput;
}

/** Verifies a SignerInfo's signature over its signed attributes with node:crypto. */
export function verifySignerInfoSignature(params: VerifySignerInfoSignatureParams): SignatureValueCheck {
  return verifySignatureValue({
    data: params.signedAttributesDer,
    signature: params.signature,
    algorithm: params.signatureAlgorithm,
    digestAlgorithm: digestName(params.digestAlgorithm),
    publicKey: params.publicKey,
  });
}

function digestName(ref: DigestAlgorithmRef | DigestAlgorithmName): DigestAlgorithmName | undefined {
  return typeof ref === 'string' ? ref : ref.name;
}

export interface VerifyCmsSignatureParams {
  /** The CMS (zero padding allowed) or an already parsed SignedData. */
  readonly cms: Uint8Array | ParsedSignedData;
  readonly signerIndex?: number;
  /**
   * The detached content, whole or in parts (PDF byte ranges), or its digest computed with the
   * signer's digestAlgorithm. A CMS that encapsulates content is checked against that content, and
   * a given content that differs from it is a problem. Omit both for a detached CMS to check only the
   * signature over the signed attributes.
   */
  readonly content?: Uint8Array | readonly Uint8Array[];
  readonly contentDigest?: Uint8Array;
  /** Certificates to search besides the embedded ones (e.g. from a PDF /DSS). */
  readonly extraCertificates?: readonly Uint8Array[];
}

export interface CmsSignatureVerification {
  /** No problem at all: signature verifies, digest matches (when content was given), ESS reference matches. */
  readonly valid: boolean;
  readonly signerIndex: number;
  readonly signerCertificateDer?: Buffer;
  readonly signature?: SignatureValueCheck;
  /** Undefined when neither content nor contentDigest was given. */
  readonly messageDigestMatches?: boolean;
  readonly signingCertificate?: SigningCertificateCheck;
  /** Set when an algorithm cannot be verified here (the result is then indeterminate, not a forgery). */
  readonly unsupportedAlgorithm?: string;
  /** Everything that makes `valid` false. */
  readonly problems: readonly string[];
  /** Deviations that OpenSSL and pdfsig accept but strict verifiers (EU DSS) may not. */
  readonly warnings: readonly string[];
}

/**
 * Cryptographic check of one signer: finds its certificate, verifies the signature, compares the
 * message-digest with the content and the signing-certificate(-v2) attribute with the certificate.
 * Trust (path to a root, revocation) is libs/validation's job.
 */
export function verifyCmsSignature(params: VerifyCmsSignatureParams): CmsSignatureVerification {
  const parsed = params.cms instanceof Uint8Array ? parseSignedData(params.cms) : params.cms;
  const signerIndex = params.signerIndex ?? 0;
  const signer = parsed.signers[signerIndex];
  if (!signer) throw new CmsError(CmsErrorCode.SignerNotFound, `no SignerInfo ${signerIndex}`);
  const problems = [...signer.problems];
  const warnings: string[] = [];
  if (signer.signedAttributesDer && !signer.signedAttributesInDerOrder) {
    warnings.push('signed attributes are not in DER SET OF order');
  }
  if (parsed.trailingNonZeroBytes > 0)
    warnings.push(`${parsed.trailingNonZeroBytes} non-zero bytes after the CMS`);
  const base = { signerIndex, warnings };

  const match = findSignerCertificate(parsed, signerIndex, params.extraCertificates);
  if (!match) return { ...base, valid: false, problems: [...problems, 'signer certificate not found'] };

  const encapsulated = parsed.encapContentInfo.eContent;
  const hashName = signer.digestAlgorithm.name;
  if (!hashName) {
    return {
      ...base,
      valid: false,
      signerCertificateDer: match.certificateDer,
      unsupportedAlgorithm: `digest algorithm ${signer.digestAlgorithm.oid}`,
      problems: [...problems, `unsupported digest algorithm ${signer.digestAlgorithm.oid}`],
    };
  }
  let detachedDigest: Buffer | undefined = params.contentDigest
    ? Buffer.from(params.contentDigest)
    : undefined;
  if (!detachedDigest && params.content) detachedDigest = digest(hashName, params.content);
  const content = encapsulated ?? params.content;
  const contentDigest = encapsulated ? digest(hashName, encapsulated) : detachedDigest;
  if (encapsulated && detachedDigest && !detachedDigest.equals(contentDigest!)) {
    // An enveloping CMS is checked against what it carries; it must also be the content the caller means.
    problems.push('the encapsulated content differs from the given content');
  }

  let signature: SignatureValueCheck;
  let messageDigestMatches: boolean | undefined;
  try {
    if (signer.signedAttributesDer) {
      if (signer.contentType !== parsed.encapContentInfo.eContentType) {
        problems.push('content-type attribute differs from eContentType');
      }
      if (!signer.messageDigest) problems.push('message-digest attribute missing');
      if (contentDigest)
        messageDigestMatches = !!signer.messageDigest && signer.messageDigest.equals(contentDigest);
      signature = verifySignerInfoSignature({
        signedAttributesDer: signer.signedAttributesDer,
        signature: signer.signature,
        signatureAlgorithm: signer.signatureAlgorithm,
        digestAlgorithm: signer.digestAlgorithm,
        publicKey: match.certificate.spkiDer,
      });
    } else {
      // Without signed attributes the signature covers the content itself (RFC 5652 5.4).
      if (!content) {
        return {
          ...base,
          valid: false,
          signerCertificateDer: match.certificateDer,
          problems: [...problems, 'no signed attributes: the content itself is needed to verify'],
        };
      }
      signature = verifySignatureValue({
        data: content,
        signature: signer.signature,
        algorithm: signer.signatureAlgorithm,
        digestAlgorithm: hashName,
        publicKey: match.certificate.spkiDer,
      });
      messageDigestMatches = signature.valid;
    }
  } catch (err) {
    if (!CmsError.is(err, CmsErrorCode.UnsupportedAlgorithm)) throw err;
    return {
      ...base,
      valid: false,
      signerCertificateDer: match.certificateDer,
      messageDigestMatches,
      unsupportedAlgorithm: err.message,
      problems: [...problems, err.message],
    };
  }
  const ref = signer.signingCertificateV2 ?? signer.signingCertificateV1;
  const signingCertificate = ref ? checkSigningCertificateV2(ref, match.certificateDer) : undefined;
  if (signingCertificate && !signingCertificate.matches)
    problems.push(signingCertificate.reason ?? 'ESS mismatch');
  if (!signature.valid) problems.push(`signature invalid${signature.reason ? `: ${signature.reason}` : ''}`);
  if (messageDigestMatches === false) problems.push('message digest does not match the content');
  // Every failed check above added a problem; so did the structural ones found while parsing.
  return {
    ...base,
    valid: problems.length === 0 && signature.valid,
    signerCertificateDer: match.certificateDer,
    signature,
    messageDigestMatches,
    signingCertificate,
    problems,
  };
}
