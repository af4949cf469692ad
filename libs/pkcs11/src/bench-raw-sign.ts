import { performance } from 'node:perf_hooks';
import * as pkcs11js from 'pkcs11js';
import { ckrOf, toPkcs11Error } from './native-error';
import { findObjects } from './object-attributes';
import { Pkcs11Module } from './pkcs11-module';
import { Pkcs11Error } from './pkcs11.error';
import { Secret } from './secret';

export interface RawSignRateOptions {
  /** A loaded module, or the library path (then loaded and closed here). */
  readonly module: Pkcs11Module | string;
  readonly tokenLabel: string;
  readonly pin: string | Secret;
  /** CKA_LABEL of an RSA private key. */
  readonly keyLabel: string;
  /** Parallel sessions, each with one signature in flight. Default 4. */
  readonly sessions?: number;
  /** Measuring time. Default 3. */
  readonly seconds?: number;
  /** Bytes signed per call, about the size of CMS signed attributes. Default 1024. */
  readonly dataBytes?: number;
}

export interface RawSignRate {
  readonly signaturesPerSecond: number;
  readonly signatures: number;
  readonly elapsedSeconds: number;
  readonly sessions: number;
  readonly mechanism: 'CKM_SHA256_RSA_PKCS';
}

/**
 * The ceiling the signing pipeline is measured against: bare pkcs11js C_SignInit + C_SignAsync
 * (CKM_SHA256_RSA_PKCS) in N sessions, with none of this library's locking, lookups or mapping.
 * A benchmark helper, not a test.
 */
export async function measureRawSignRate(options: RawSignRateOptions): Promise<RawSignRate> {
  const sessionCount = options.sessions ?? 4;
  const seconds = options.seconds ?? 3;
  const module = typeof options.module === 'string' ? Pkcs11Module.load(options.module) : options.module;
  const ownsModule = typeof options.module === 'string';
  const ownsSecret = !(options.pin instanceof Secret);
  const secret = Secret.from(options.pin);
  const native = module.native;
  const sessions: Buffer[] = [];
  try {
    const { slot } = module.locateToken({ label: options.tokenLabel });
    for (let i = 0; i < sessionCount; i++)
      sessions.push(native.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION));
    try {
      secret.use((pin) => native.C_Login(sessions[0], pkcs11js.CKU_USER, pin));
    } catch (error) {
      if (ckrOf(error) !== 'CKR_USER_ALREADY_LOGGED_IN') throw toPkcs11Error(error);
    }
    const [key] = findObjects(native, sessions[0], [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
      { type: pkcs11js.CKA_LABEL, value: options.keyLabel },
    ]);
    if (!key) throw Pkcs11Error.keyNotFound(`"${options.keyLabel}"`);

    const data = Buffer.alloc(options.dataBytes ?? 1024, 0x5a);
    const mechanism = { mechanism: pkcs11js.CKM_SHA256_RSA_PKCS };
    let signatures = 0;
    const started = performance.now();
    const deadline = started + seconds * 1000;
    await Promise.all(
      sessions.map(async (session) => {
        const output = Buffer.alloc(1024);
        while (performance.now() < deadline) {
          native.C_SignInit(session, mechanism, key);
          await native.C_SignAsync(session, data, output);
          signatures++;
        }
      }),
    );
    const elapsedSeconds = (performance.now() - started) / 1000;
    return {
      signaturesPerSecond: signatures / elapsedSeconds,
      signatures,
      elapsedSeconds,
      sessions: sessionCount,
      mechanism: 'CKM_SHA256_RSA_PKCS',
    };
  } finally {
    for (const session of sessions) {
      try {
        native.C_CloseSession(session);
      } catch {
        // Best effort: the measurement result (or its error) matters more.
      }
    }
    if (ownsSecret) secret.wipe();
    if (ownsModule) await module.close();
  }
}
