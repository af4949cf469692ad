import {
  type CertificateInfo,
  checkSigningCertificateV2,
  CmsError,
  type DigestAlgorithmName,
  OID,
  type ParsedSignedData,
  type ParsedSignerInfo,
} from '@kyso/cms';
import { identifySigner } from '../chain/signer-identification';
import type { CryptoBackend } from '../crypto/crypto-backend';
import { error, type Finding, warning } from '../model/finding';
import type { CheckResult } from '../model/validation-result';
import { isDerSortedSet, sortDerSet } from './der-set-order';

export interface CmsIntegrityInput {
  readonly cms: ParsedSignedData;
  readonly subFilter: string | undefined;
  /** Digest of the signed PDF bytes (the byte ranges) with the given algorithm. */
  readonly contentDigest: (algorithm: DigestAlgorithmName) => Promise<Buffer>;
  /** The signed PDF bytes themselves; only needed for signatures without signed attributes. */
  readonly readContent: () => Promise<Buffer>;
  /** Every certificate known for the document (the CMS's own included), parsed once per run. */
  readonly candidates: readonly CertificateInfo[];
  readonly crypto: CryptoBackend;
}

export interface CmsIntegrity {
  readonly signer: ParsedSignerInfo;
  readonly signerCertificate: CertificateInfo | null;
  readonly digestAlgorithm: DigestAlgorithmName | null;
  /** Problems with the CMS structure itself (FORMAT_FAILURE when failed). */
  readonly structure: CheckResult;
  /** The signed bytes match the signature (HASH_FAILURE when failed). */
  readonly messageDigest: CheckResult;
  /** The signature value verifies (SIG_CRYPTO_FAILURE when failed). */
  readonly signatureValue: CheckResult;
  /** signing-certificate(-v2) names the certificate that verified the signature. */
  readonly signingCertificate: CheckResult;
  readonly findings: readonly Finding[];
}

const passed: CheckResult = { status: 'passed' };
const notChecked: CheckResult = { status: 'not-checked' };
const failedWith = (f: Finding): CheckResult => ({ status: 'failed', finding: f });

/**
 * The cryptographic core of one PDF signature (ETSI EN 319 102-1 5.2.7 and 5.2.8): the signer's
 * certificate is identified, the byte-range digest compared with message-digest, and the signature value
 * verified over the DER signed attributes. Trust is not looked at here.
 */
export async function checkCmsIntegrity(input: CmsIntegrityInput): Promise<CmsIntegrity> {
  const { cms } = input;
  const findings: Finding[] = [];
  const signer = cms.signers[0];
  if (cms.signers.length > 1) findings.push(warning('CMS_MULTIPLE_SIGNERS', { count: cms.signers.length }));
  // Counter-signatures (RFC 5652 11.4) sign this signature's value; they are reported, never silently dropped.
  const counterSignatures = signer.unsignedAttributes
    .filter((a) => a.type === OID.counterSignature)
    .reduce((n, a) => n + a.values.length, 0);
  if (counterSignatures > 0)
    findings.push(warning('COUNTER_SIGNATURE_NOT_VALIDATED', { count: counterSignatures }));

  const signerCertificate = identifySigner(cms, input.candidates);
  const digestAlgorithm = signer.digestAlgorithm.name ?? null;
  const base = { signer, signerCertificate, digestAlgorithm, findings };

  const structureProblems = [...signer.problems];
  if (
    signer.signedAttributesDer &&
    signer.contentType !== undefined &&
    signer.contentType !== cms.encapContentInfo.eContentType
  ) {
    structureProblems.push('content-type attribute differs from eContentType');
  }
  const structure: CheckResult =
    structureProblems.length > 0
      ? failedWith(error('CMS_MALFORMED', { detail: structureProblems.join('; ') }))
      : passed;

  if (!digestAlgorithm) {
    const f = error('DIGEST_ALGORITHM_UNKNOWN', { oid: signer.digestAlgorithm.oid });
    return {
      ...base,
      structure: failedWith(f),
      messageDigest: notChecked,
      signatureValue: notChecked,
      signingCertificate: notChecked,
    };
  }

  const messageDigest = await checkMessageDigest(input, signer, digestAlgorithm);
  if (!signerCertificate) {
    return {
      ...base,
      structure,
      messageDigest,
      signatureValue: { status: 'indeterminate', finding: error('SIGNER_CERTIFICATE_NOT_FOUND') },
      signingCertificate: notChecked,
    };
  }

  const signatureValue = await checkSignatureValue(input, signer, signerCertificate, digestAlgorithm);
  // Without signed attributes the signature is over the content itself: it alone proves the data intact.
  const dataCheck: CheckResult = signer.signedAttributesDer
    ? messageDigest
    : signatureValue.status === 'passed'
      ? passed
      : { status: 'indeterminate' };
  const essRef = signer.signingCertificateV2 ?? signer.signingCertificateV1;
  let signingCertificate: CheckResult = passed;
  if (!essRef) {
    // Required by PAdES baseline (B-B); its absence lowers the level, it does not fail a PKCS#7 signature.
    if (input.subFilter === 'ETSI.CAdES.detached')
      findings.push(warning('SIGNING_CERTIFICATE_ATTRIBUTE_MISSING'));
    signingCertificate = { status: 'not-checked' };
  } else if (!checkSigningCertificateV2(essRef, signerCertificate.der).matches) {
    signingCertificate = failedWith(error('SIGNING_CERTIFICATE_ATTRIBUTE_MISMATCH'));
  }
  return { ...base, structure, messageDigest: dataCheck, signatureValue, signingCertificate };
}

/**
 * message-digest against the signed bytes. adbe.pkcs7.sha1 signs the SHA-1 of the byte ranges carried as
 * encapsulated content; an enveloping CMS (content copied inside) is accepted when that copy is the
 * byte-range content, as EU DSS does.
 */
async function checkMessageDigest(
  input: CmsIntegrityInput,
  signer: ParsedSignerInfo,
  algorithm: DigestAlgorithmName,
): Promise<CheckResult> {
  const eContent = input.cms.encapContentInfo.eContent;
  if (!signer.signedAttributesDer) {
    // The signature covers the content directly; checkSignatureValue decides, with the content.
    return { status: 'not-checked' };
  }
  if (!signer.messageDigest) return failedWith(error('MESSAGE_DIGEST_MISSING'));
  if (input.subFilter === 'adbe.pkcs7.sha1') {
    if (!eContent) return failedWith(error('MESSAGE_DIGEST_MISSING'));
    const sha1 = await input.contentDigest('sha1');
    return sha1.equals(eContent) ? passed : failedWith(error('MESSAGE_DIGEST_MISMATCH'));
  }
  const digest = await input.contentDigest(algorithm);
  if (signer.messageDigest.equals(digest)) return passed;
  if (eContent && eContent.length > 0 && input.crypto.digest(algorithm, eContent).equals(digest)) {
    // Enveloped copy of the signed bytes: data intact, the signature check compares the copy.
    return passed;
  }
  return failedWith(error('MESSAGE_DIGEST_MISMATCH'));
}

async function checkSignatureValue(
  input: CmsIntegrityInput,
  signer: ParsedSignerInfo,
  cert: CertificateInfo,
  algorithm: DigestAlgorithmName,
): Promise<CheckResult> {
  const eContent = input.cms.encapContentInfo.eContent;
  let data: Buffer;
  if (signer.signedAttributesDer) {
    // A CMS that carries content is consistent only if message-digest is the digest of that content.
    if (
      eContent !== undefined &&
      signer.messageDigest &&
      !input.crypto.digest(algorithm, eContent).equals(signer.messageDigest)
    ) {
      return failedWith(error('ENCAPSULATED_CONTENT_MISMATCH'));
    }
    data = signer.signedAttributesDer;
  } else {
    data = eContent ?? (await input.readContent());
  }
  const derSorted = !signer.signedAttributesDer || isDerSortedSet(data);
  const signed = derSorted ? data : sortDerSet(data);
  try {
    const check = await input.crypto.verifySignature({
      data: signed,
      signature: signer.signature,
      algorithm: signer.signatureAlgorithm,
      digestAlgorithm: algorithm,
      publicKeySpki: cert.spkiDer,
    });
    if (check.valid) return passed;
    return failedWith(error(derSorted ? 'SIGNATURE_INVALID' : 'SIGNED_ATTRIBUTES_NOT_DER'));
  } catch (err) {
    const detail =
      err instanceof CmsError ? err.message : `${signer.signatureAlgorithm.name}: ${(err as Error).message}`;
    return { status: 'indeterminate', finding: error('SIGNATURE_ALGORITHM_UNSUPPORTED', { detail }) };
  }
}

/** True when the CMS carries the signing-time attribute (forbidden in PAdES baseline). */
export function hasCmsSigningTime(signer: ParsedSignerInfo): boolean {
  return signer.signedAttributes.some((a) => a.type === OID.signingTime);
}
