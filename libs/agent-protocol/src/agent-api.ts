import type { DigestAlgorithm } from './request-claims';

/**
 * Messages of the agent's HTTP API (127.0.0.1, JSON). Binary values are standard base64 of DER.
 * The web page is plain JavaScript, so these types document the wire format it relies on.
 */

export type SignatureAlgorithm = 'rsa-pkcs1' | 'rsa-pss' | 'ecdsa';
export const SIGNATURE_ALGORITHMS: readonly SignatureAlgorithm[] = ['rsa-pkcs1', 'rsa-pss', 'ecdsa'];

/** `GET /v1/status` */
export interface AgentStatus {
  agent: 'kyso-token-agent';
  version: string;
  /** Origins of the kyso servers this agent is paired with. */
  paired: string[];
}

/** A token currently plugged in (one per PKCS#11 slot with a token present). */
export interface AgentToken {
  tokenLabel: string;
  tokenSerial: string;
  manufacturer?: string;
  model?: string;
  /** The module's file name, to tell which vendor driver found it. */
  module: string;
}

/** An end-entity certificate on a token, readable without the PIN. */
export interface AgentCertificate {
  tokenLabel: string;
  tokenSerial: string;
  /** CKA_ID in lower-case hex: pairs the certificate with its private key on the token. */
  certId: string;
  /** CKA_LABEL of the certificate object. */
  label: string;
  /** Distinguished names in one line, most significant part last as OpenSSL prints them (CN=...). */
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  keyType: 'rsa' | 'ec' | 'other';
  certificateDer: string;
  /** CA certificates stored on the same token that issue this one, nearest first. */
  chain?: string[];
}

/** `GET /v1/certificates` */
export interface AgentCertificateList {
  tokens: AgentToken[];
  certificates: AgentCertificate[];
}

/** `POST /v1/sign` */
export interface AgentSignRequest {
  /** The kyso server's request token (compact JWS, see verifyRequestToken). */
  requestToken: string;
  /** DER of the CMS signed attributes (a SET), base64. */
  toBeSigned: string;
  certId: string;
  tokenSerial: string;
  /** The leader's PIN, sent once; afterwards the agent keeps it in memory for a few minutes. */
  pin?: string;
}

export interface AgentSignResponse {
  /** base64; RSA: the PKCS#1 signature block; ECDSA: DER Ecdsa-Sig-Value (SEQUENCE { r, s }). */
  signature: string;
  signatureAlgorithm: SignatureAlgorithm;
  digestAlgorithm: DigestAlgorithm;
  certificateDer: string;
}

export enum AgentErrorCode {
  // Transport and policy
  HOST_NOT_ALLOWED = 'HOST_NOT_ALLOWED',
  ORIGIN_NOT_ALLOWED = 'ORIGIN_NOT_ALLOWED',
  NOT_FOUND = 'NOT_FOUND',
  METHOD_NOT_ALLOWED = 'METHOD_NOT_ALLOWED',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  BAD_REQUEST = 'BAD_REQUEST',
  // The request token
  REQUEST_NOT_FROM_KYSO = 'REQUEST_NOT_FROM_KYSO',
  NOT_PAIRED = 'NOT_PAIRED',
  REQUEST_EXPIRED = 'REQUEST_EXPIRED',
  REQUEST_NOT_YET_VALID = 'REQUEST_NOT_YET_VALID',
  WRONG_ORIGIN = 'WRONG_ORIGIN',
  REQUEST_REPLAYED = 'REQUEST_REPLAYED',
  TBS_HASH_MISMATCH = 'TBS_HASH_MISMATCH',
  CERTIFICATE_MISMATCH = 'CERTIFICATE_MISMATCH',
  // The token
  NO_MODULE = 'NO_MODULE',
  NO_TOKEN = 'NO_TOKEN',
  TOKEN_NOT_FOUND = 'TOKEN_NOT_FOUND',
  TOKEN_REMOVED = 'TOKEN_REMOVED',
  CERTIFICATE_NOT_FOUND = 'CERTIFICATE_NOT_FOUND',
  CERTIFICATE_EXPIRED = 'CERTIFICATE_EXPIRED',
  CERTIFICATE_NOT_YET_VALID = 'CERTIFICATE_NOT_YET_VALID',
  KEY_NOT_FOUND = 'KEY_NOT_FOUND',
  PIN_REQUIRED = 'PIN_REQUIRED',
  PIN_INCORRECT = 'PIN_INCORRECT',
  PIN_LOCKED = 'PIN_LOCKED',
  MECHANISM_NOT_SUPPORTED = 'MECHANISM_NOT_SUPPORTED',
  TOKEN_ERROR = 'TOKEN_ERROR',
  INTERNAL = 'INTERNAL',
}

export interface AgentErrorBody {
  error: {
    code: AgentErrorCode;
    message: string;
    messageVi: string;
    /** PIN_INCORRECT: known lower bound of remaining tries (1 when the token reports the final try). */
    triesLeft?: number;
    /** PIN_INCORRECT: the token reports that few tries remain, without saying how many. */
    triesLow?: boolean;
  };
}
