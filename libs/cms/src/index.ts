// libs/cms: CMS/CAdES for PAdES, RFC 3161, OCSP/CRL/AIA. Plain TypeScript; knows nothing of PDF or tokens.

export { CmsError, CmsErrorCode } from './cms-error';
export type { CmsErrorDetails } from './cms-error';
export { pkijs } from './pkijs-engine';

// Algorithms
export { OID } from './asn1/oids';
export { normalizeSerialHex } from './asn1/der-values';
export {
  digest,
  digestAlgorithmInfo,
  digestAlgorithmByOid,
  encodeDigestAlgorithmIdentifier,
  SIGNING_DIGEST_ALGORITHMS,
} from './algorithms/digest-algorithm';
export type {
  DigestAlgorithmInfo,
  DigestAlgorithmName,
  DigestAlgorithmRef,
  SigningDigestAlgorithm,
} from './algorithms/digest-algorithm';
export {
  encodePssParameters,
  encodeSignatureAlgorithmIdentifier,
  parseSignatureAlgorithmIdentifierDer,
} from './algorithms/signature-algorithm';
export type {
  PssParameters,
  SignatureAlgorithmEncodingOptions,
  SignatureAlgorithmRef,
  SignatureScheme,
  SigningScheme,
} from './algorithms/signature-algorithm';
export { decodeDigestInfo, encodeDigestInfo } from './algorithms/digest-info';
export type { DigestInfo } from './algorithms/digest-info';
export {
  ecdsaComponentLength,
  ecdsaDerToRaw,
  ecdsaRawToDer,
  isDerEcdsaSignature,
} from './algorithms/ecdsa-signature';
export { verifySignatureValue } from './algorithms/verify-signature';
export type { SignatureValueCheck, VerifySignatureValueParams } from './algorithms/verify-signature';

// Certificates
export {
  hasExtendedKeyUsage,
  isCaCertificate,
  isWithinValidity,
  readCertificate,
} from './certificate/certificate-info';
export type {
  CertificateExtension,
  CertificateInfo,
  GeneralNameForm,
  GeneralSubtree,
  KeyUsageFlag,
  NameConstraints,
} from './certificate/certificate-info';
export { isWithinSubtree, namesEqual, parseName } from './certificate/distinguished-name';
export type { DistinguishedName, NameAttribute } from './certificate/distinguished-name';
export { checkIssuedBy } from './certificate/issued-by';
export type { IssuedByCheck } from './certificate/issued-by';
export { spkiOf, toPublicKey } from './certificate/public-key';
export type { PublicKeyInput } from './certificate/public-key';

// CMS SignedData (CAdES / PAdES baseline)
export { attributeValue, encodeAttribute } from './signed-data/cms-attribute';
export type { CmsAttribute } from './signed-data/cms-attribute';
export { buildSignedAttributes } from './signed-data/signed-attributes';
export type { BuildSignedAttributesParams, SignedAttributes } from './signed-data/signed-attributes';
export { assembleSignedData } from './signed-data/signed-data-assembler';
export type { AssembleSignedDataParams } from './signed-data/signed-data-assembler';
export { addSignatureTimestamp, addUnsignedAttribute } from './signed-data/unsigned-attributes';
export type {
  AddSignatureTimestampOptions,
  AddUnsignedAttributeOptions,
} from './signed-data/unsigned-attributes';
export { DEFAULT_TIMESTAMP_TOKEN_BYTES, estimateSignatureSize } from './signed-data/signature-size';
export type { EstimateSignatureSizeParams, SignatureSizeEstimate } from './signed-data/signature-size';
export { parseSignedData } from './signed-data/signed-data-parser';
export type {
  ParsedSignedData,
  ParsedSignerInfo,
  ParseSignedDataOptions,
  SignerIdentifier,
} from './signed-data/signed-data-parser';
export {
  checkSigningCertificateV2,
  encodeSigningCertificateV2,
  parseSigningCertificate,
} from './signed-data/signing-certificate';
export type {
  EssCertId,
  SigningCertificateCheck,
  SigningCertificateRef,
} from './signed-data/signing-certificate';
export { findSignerCertificate, matchesSignerIdentifier } from './signed-data/signer-certificate';
export type { SignerCertificateMatch } from './signed-data/signer-certificate';
export { verifyCmsSignature, verifySignerInfoSignature } from './signed-data/signer-info-verifier';
export type {
  CmsSignatureVerification,
  VerifyCmsSignatureParams,
  VerifySignerInfoSignatureParams,
} from './signed-data/signer-info-verifier';

// RFC 3161 time-stamps
export type { MessageImprint, TimestampProvider } from './timestamp/timestamp-provider';
export { encodeTimeStampRequest, generateNonce } from './timestamp/timestamp-request';
export type { TimeStampRequestParams } from './timestamp/timestamp-request';
export { parseTimeStampResponse } from './timestamp/timestamp-response';
export type { PkiStatus, TimeStampResponse } from './timestamp/timestamp-response';
export { parseTimeStampToken, parseTstInfo, verifyTimeStampToken } from './timestamp/timestamp-token';
export type {
  TimestampToken,
  TimestampVerification,
  TstInfo,
  VerifyTimeStampTokenOptions,
} from './timestamp/timestamp-token';
export { TsaClient } from './timestamp/tsa-client';
export type { TimestampResult, TsaClientOptions } from './timestamp/tsa-client';

// Revocation and issuer retrieval
export type { CrlReason } from './revocation/crl-reason';
export { buildOcspRequest, certIdFor } from './revocation/ocsp-request';
export type { CertId, OcspRequest, OcspRequestParams } from './revocation/ocsp-request';
export { parseBasicOcspResponse, parseOcspResponse } from './revocation/ocsp-response';
export type {
  BasicOcspResponse,
  CertStatus,
  OcspCertIdRef,
  OcspResponse,
  OcspResponseStatus,
  OcspSingleResponse,
} from './revocation/ocsp-response';
export { verifyOcspResponseSignature } from './revocation/ocsp-response-verifier';
export type { OcspSignatureCheck } from './revocation/ocsp-response-verifier';
export { findSingleResponse, OcspClient } from './revocation/ocsp-client';
export type { OcspCheckParams, OcspCheckResult, OcspClientOptions } from './revocation/ocsp-client';
export { parseCrl, verifyCrlSignature } from './revocation/crl';
export type { Crl, CrlSignatureCheck, ParseCrlOptions, RevokedEntry } from './revocation/crl';
export { CrlClient } from './revocation/crl-client';
export type { CrlCheckParams, CrlCheckResult, CrlClientOptions } from './revocation/crl-client';
export { decodeCertificates, fetchCaIssuers } from './revocation/ca-issuers';
export type { CaIssuersResult, FetchCaIssuersOptions } from './revocation/ca-issuers';

// Network plumbing shared by the clients
export { TtlCache } from './net/ttl-cache';
export type { FetchLike, FetchRequestInit, FetchResponseLike, NetworkOptions } from './net/fetch-like';
