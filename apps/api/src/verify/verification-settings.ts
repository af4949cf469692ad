import type { KysoConfig } from '@kyso/config';
import {
  createOnlineFetchers,
  createValidationCache,
  type OnlineFetchers,
  TrustStore,
  type ValidationCache,
} from '@kyso/validation';

/**
 * What every verification of a process shares: the trust anchors (KYSO_TRUST), the online OCSP/CRL/AIA fetchers
 * (none with KYSO_OFFLINE) and the certificate/chain/revocation cache. The API and apps/worker load them with this
 * one function and build their one validator from them (`createValidator`), so that a document gets the same
 * verdict from single-file verification, the check of received documents and batch verification.
 */
export interface VerificationSettings {
  trustAnchors: TrustStore;
  offline: boolean;
  fetchers: OnlineFetchers | undefined;
  cache: ValidationCache;
}

/** Where `loadVerificationSettings` tells what it skipped (pino's logger fits). */
export interface SettingsLog {
  warn(obj: object, msg?: string): void;
  warn(msg: string): void;
}

/** Loads the trust store once; a configured but unreadable trust path rejects (start-up must stop, not trust nothing). */
export async function loadVerificationSettings(
  signing: Pick<KysoConfig['signing'], 'trustDirs' | 'offline'>,
  log: SettingsLog,
): Promise<VerificationSettings> {
  const trustAnchors = await TrustStore.load(signing.trustDirs);
  for (const s of trustAnchors.skipped)
    log.warn({ path: s.path, reason: s.reason }, 'trust store: file skipped');
  if (trustAnchors.size === 0)
    log.warn('no trust anchors (KYSO_TRUST): verification reports chains as not trusted');
  return {
    trustAnchors,
    offline: signing.offline,
    fetchers: signing.offline ? undefined : createOnlineFetchers(),
    cache: createValidationCache(),
  };
}
