import { constants, verify, X509Certificate } from 'node:crypto';
import type { SignatureAlgorithm } from './agent-api';
import type { DigestAlgorithm } from './request-claims';

const DIGEST_LENGTH: Record<DigestAlgorithm, number> = { sha256: 32, sha384: 48, sha512: 64 };

export interface AgentSignatureInput {
  toBeSigned: Uint8Array;
  signature: Uint8Array;
  signatureAlgorithm: SignatureAlgorithm;
  digestAlgorithm: DigestAlgorithm;
  certificateDer: Uint8Array;
}

export type AgentSignatureCheck =
  | { valid: true; keyType: 'rsa' | 'ec' }
  | {
      valid: false;
      reason: 'CERTIFICATE_UNREADABLE' | 'ALGORITHM_MISMATCH' | 'SIGNATURE_INVALID';
      detail: string;
    };

/**
 * Checks a signature returned by the agent with the certificate's public key over the DER signed
 * attributes — the server's check before it embeds anything in a PDF. RSA-PSS uses MGF1 with the same
 * hash and a salt as long as the digest, the parameters kyso writes into the CMS.
 */
export function checkAgentSignature(input: AgentSignatureInput): AgentSignatureCheck {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(Buffer.from(input.certificateDer));
  } catch (err) {
    return { valid: false, reason: 'CERTIFICATE_UNREADABLE', detail: (err as Error).message };
  }
  const key = cert.publicKey;
  const keyType = key.asymmetricKeyType;
  const isRsa = input.signatureAlgorithm === 'rsa-pkcs1' || input.signatureAlgorithm === 'rsa-pss';
  if ((isRsa && keyType !== 'rsa') || (input.signatureAlgorithm === 'ecdsa' && keyType !== 'ec')) {
    return {
      valid: false,
      reason: 'ALGORITHM_MISMATCH',
      detail: `${input.signatureAlgorithm} signature with a ${String(keyType)} certificate`,
    };
  }
  const options =
    input.signatureAlgorithm === 'rsa-pss'
      ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: DIGEST_LENGTH[input.digestAlgorithm] }
      : input.signatureAlgorithm === 'ecdsa'
        ? { key, dsaEncoding: 'der' as const }
        : { key, padding: constants.RSA_PKCS1_PADDING };
  let ok: boolean;
  try {
    ok = verify(input.digestAlgorithm, input.toBeSigned, options, input.signature);
  } catch (err) {
    // OpenSSL throws on some malformed inputs (e.g. a non-DER ECDSA value) instead of returning false.
    return { valid: false, reason: 'SIGNATURE_INVALID', detail: (err as Error).message };
  }
  if (!ok) return { valid: false, reason: 'SIGNATURE_INVALID', detail: 'the signature does not verify' };
  return { valid: true, keyType: keyType as 'rsa' | 'ec' };
}
