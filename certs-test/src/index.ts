export { testPki, TEST_PKI_ENTITY_NAMES } from './test-pki';
export type {
  TestPki,
  TestPkiEntity,
  TestPkiEntityName,
  TestCaName,
  TestCrl,
  TestPkiManifest,
  TestPkiProfile,
} from './test-pki';
export { issueCertificate } from './issue-certificate';
export type { IssueCertificateOptions, IssuedCertificate, IssuedProfile } from './issue-certificate';
export { startTrustServices, DEFAULT_TRUST_PORT } from './trust-services/trust-services';
export { SigningIdentity } from './trust-services/signing-identity';
export { TimeStampAuthority } from './trust-services/timestamp-authority';
export type { TrustServices, TrustServicesOptions } from './trust-services/trust-services';
export type { CrlReason, DistinguishedName, NameAttributeType } from './pki-builders';
export { repoRoot, testPkiDir } from './repo-paths';
export {
  ensureSoftHsmTokens,
  SoftHsmError,
  SoftHsmErrorCode,
  SOFTHSM_INSTALL_HINT,
} from './softhsm/softhsm-tokens';
export type {
  EnsureSoftHsmOptions,
  SoftHsmKey,
  SoftHsmKeyName,
  SoftHsmSetup,
  SoftHsmToken,
  SoftHsmTokenName,
} from './softhsm/softhsm-tokens';
