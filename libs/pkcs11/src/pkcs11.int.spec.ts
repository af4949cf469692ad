import { constants, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import * as pkcs11js from 'pkcs11js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSoftHsmFixture, type SoftHsmFixture } from '../testing/softhsm-fixture';
import { HASH_ALGORITHMS, type HashAlgorithm } from './hash-algorithm';
import { Pkcs11Module } from './pkcs11-module';
import { Pkcs11Error, Pkcs11ErrorCode } from './pkcs11.error';
import { SIGN_MECHANISMS, type SignMechanism } from './sign-mechanism';
import type { TokenKey } from './token-objects';
import type { TokenSession } from './token-session';

// A PIN unlikely to appear by chance in any output we search it in.
const PIN = '640917';
const WRONG_PIN = '973251';
const TBS = Buffer.from('signed attributes of a commune decision, Số: 15/QĐ-UBND');

async function rejection(promise: Promise<unknown>): Promise<Pkcs11Error> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(Pkcs11Error);
  return error as Pkcs11Error;
}

function throwing(action: () => unknown): Pkcs11Error {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(Pkcs11Error);
    return error as Pkcs11Error;
  }
  throw new Error('expected a Pkcs11Error');
}

function verifies(mechanism: SignMechanism, publicKey: KeyObject, signature: Buffer): boolean {
  const spec = SIGN_MECHANISMS[mechanism];
  if (spec.scheme === 'pss') {
    const saltLength = HASH_ALGORITHMS[spec.hash].digestLength;
    return verify(
      spec.hash,
      TBS,
      { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength },
      signature,
    );
  }
  return verify(spec.hash, TBS, publicKey, signature);
}

describe('libs/pkcs11 against SoftHSM2', () => {
  let fixture: SoftHsmFixture;
  let module: Pkcs11Module;

  beforeAll(() => {
    fixture = createSoftHsmFixture('t', PIN);
    module = Pkcs11Module.load(fixture.modulePath);
  });

  afterAll(async () => {
    await module?.close();
    fixture?.cleanup();
  });

  describe('module and tokens', () => {
    it('shares one initialised instance per library path', async () => {
      const again = Pkcs11Module.load(fixture.modulePath);
      expect(again).toBe(module);
      await again.close();
      expect(module.closed).toBe(false);
      expect(module.info().manufacturer).toBe('SoftHSM');
    });

    it('reports a missing library in Vietnamese and English', () => {
      const error = throwing(() => Pkcs11Module.load('/nonexistent/libkyso-p11.so'));
      expect(error.code).toBe(Pkcs11ErrorCode.MODULE_NOT_FOUND);
      expect(error.message).toBe('PKCS#11 module not found: /nonexistent/libkyso-p11.so');
      expect(error.messageVi).toBe('Không tìm thấy thư viện PKCS#11: /nonexistent/libkyso-p11.so');
    });

    it('reports a file that is not a PKCS#11 library', () => {
      const notALibrary = join(fixture.dir, 'not-a-module.so');
      writeFileSync(notALibrary, 'plain text, not ELF');
      const error = throwing(() => Pkcs11Module.load(notALibrary));
      expect(error.code).toBe(Pkcs11ErrorCode.MODULE_INVALID);
      expect(error.message).toContain(notALibrary);
    });

    it('lists the token with trimmed label, serial and decoded flags', () => {
      const tokens = module.listTokens();
      const token = tokens.find((candidate) => candidate.label === 't');
      expect(token).toBeDefined();
      expect(token!.serial).toMatch(/^[0-9a-f]{16}$/);
      expect(token!.manufacturer).toBe('SoftHSM project');
      expect(token!.model).toBe('SoftHSM v2');
      expect(token!.flags).toMatchObject({
        tokenInitialized: true,
        loginRequired: true,
        userPinInitialized: true,
      });
      expect(token!.pinCounters.user).toBe('ok');
      const slot = module.listSlots().find((candidate) => candidate.token?.serial === token!.serial);
      expect(slot).toMatchObject({ slotId: token!.slotId, tokenPresent: true });
    });

    it('fails with TOKEN_NOT_FOUND for an unknown label', async () => {
      const error = await rejection(module.openToken({ label: 'no-such-token' }, PIN));
      expect(error.code).toBe(Pkcs11ErrorCode.TOKEN_NOT_FOUND);
      expect(error.messageVi).toContain('no-such-token');
    });

    it('maps a wrong PIN to PIN_INCORRECT with the retry state and never echoes the PIN', async () => {
      const error = await rejection(module.openToken({ label: 't' }, WRONG_PIN));
      expect(error.code).toBe(Pkcs11ErrorCode.PIN_INCORRECT);
      expect(error.ckr).toBe('CKR_PIN_INCORRECT');
      // SoftHSM raises CKF_USER_PIN_COUNT_LOW after a failure but never locks the user PIN (checked
      // with 15 wrong PINs): PIN_LOCKED and the final-try state are covered by the unit tests.
      expect(error.triesLeftLow).toBe(true);
      expect(error.lastTry).toBe(false);
      expect(error.messageVi).toBe('Sai mã PIN. Còn ít lần thử.');
      const everything = [
        error.message,
        error.messageVi,
        error.stack,
        inspect(error, { depth: 10 }),
        JSON.stringify(error),
      ];
      for (const text of everything) expect(text).not.toContain(WRONG_PIN);
      expect(module.listTokens().find((token) => token.label === 't')!.pinCounters.user).toBe('countLow');
    });
  });

  describe('logged in', () => {
    let session: TokenSession;
    let rsa: TokenKey;
    let ec: TokenKey;

    beforeAll(async () => {
      session = await module.openToken({ label: 't' }, PIN);
      rsa = await session.findKey({ label: 'k-rsa' });
      ec = await session.findKey({ id: '02' });
    });

    afterAll(async () => {
      await session?.close();
    });

    it('lists keys and certificates with ids, labels and certificate fields', async () => {
      const objects = await session.listObjects();
      const privateKeys = objects.filter((object) => object.class === 'privateKey');
      expect(privateKeys.map((key) => `${key.idHex}:${key.label}:${key.keyType}`).sort()).toEqual([
        '01:k-rsa:rsa',
        '02:k-ec:ec',
        '03:k-imp:rsa',
        '04:k-imp-ec:ec',
        '05:k-aa:ec',
      ]);
      const certificates = objects.filter((object) => object.class === 'certificate');
      expect(certificates).toHaveLength(1);
      expect(certificates[0].idHex).toBe('03');
      expect(certificates[0].certificateDer!.equals(fixture.importedCertificateDer)).toBe(true);
      expect(certificates[0].subject).toContain('CN=kyso pkcs11 imported');
      expect(certificates[0].notAfter!.getTime()).toBeGreaterThan(Date.now());
    });

    it('finds keys by label, id and certificate', async () => {
      expect(rsa).toMatchObject({ idHex: '01', label: 'k-rsa', keyType: 'rsa', modulusBits: 2048 });
      expect(rsa.certificateDer).toBeUndefined();
      expect(ec).toMatchObject({ idHex: '02', label: 'k-ec', keyType: 'ec', curve: 'P-256' });

      const imported = await session.findKey({ certificateDer: fixture.importedCertificateDer });
      expect(imported).toMatchObject({ idHex: '03', label: 'k-imp', keyType: 'rsa' });
      expect(imported.certificateDer!.equals(fixture.importedCertificateDer)).toBe(true);
      const byLabel = await session.findKey({ label: 'k-imp' });
      expect(byLabel.certificateDer!.equals(fixture.importedCertificateDer)).toBe(true);

      // No certificate object for id 04: found by comparing public keys.
      const importedEc = await session.findKey({ certificateDer: fixture.ecCertificateNotOnTokenDer });
      expect(importedEc).toMatchObject({ idHex: '04', keyType: 'ec' });
    });

    it('reports KEY_NOT_FOUND and CERTIFICATE_NOT_FOUND', async () => {
      expect((await rejection(session.findKey({ label: 'no-such-key' }))).code).toBe(
        Pkcs11ErrorCode.KEY_NOT_FOUND,
      );
      expect((await rejection(session.findKey({ id: 'ff' }))).code).toBe(Pkcs11ErrorCode.KEY_NOT_FOUND);
      const foreign = await rejection(session.findKey({ certificateDer: fixture.foreignCertificateDer }));
      expect(foreign.code).toBe(Pkcs11ErrorCode.CERTIFICATE_NOT_FOUND);
      expect(foreign.messageVi).toContain('kyso pkcs11 foreign');
    });

    it('exports public keys that match the certificate', async () => {
      const imported = await session.findKey({ id: '03' });
      const exported = await session.exportPublicKey(imported);
      const fromCertificate = new X509Certificate(fixture.importedCertificateDer).publicKey;
      expect(exported.export({ type: 'spki', format: 'der' })).toEqual(
        fromCertificate.export({ type: 'spki', format: 'der' }),
      );
      const ecPublic = await session.exportPublicKey(ec);
      expect(ecPublic.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    });

    const rsaMechanisms: SignMechanism[] = (['SHA256', 'SHA384', 'SHA512'] as const).flatMap((h) => [
      `RSA_PKCS_${h}` as const,
      `RSA_PKCS_RAW_${h}` as const,
      `RSA_PSS_${h}` as const,
      `RSA_PSS_RAW_${h}` as const,
    ]);

    it.each(rsaMechanisms)('signs with %s and node:crypto verifies', async (mechanism) => {
      const signature = await session.sign(rsa, mechanism, TBS);
      expect(signature).toHaveLength(256);
      expect(verifies(mechanism, await session.exportPublicKey(rsa), signature)).toBe(true);
    });

    it.each(['ECDSA_SHA256', 'ECDSA_SHA384', 'ECDSA_SHA512'] as const)(
      'signs with %s (CKM_ECDSA, DER output) and node:crypto verifies',
      async (mechanism) => {
        const signature = await session.sign(ec, mechanism, TBS);
        expect(signature[0]).toBe(0x30);
        expect(verifies(mechanism, await session.exportPublicKey(ec), signature)).toBe(true);
      },
    );

    it('uses CKM_ECDSA_SHA256 only when the token lists it', async () => {
      const { slot, token } = module.locateToken({ label: 't' });
      const listed = module.mechanismsOf(slot, token).has(pkcs11js.CKM_ECDSA_SHA256);
      const attempt = session.sign(ec, 'ECDSA_TOKEN_SHA256', TBS);
      if (listed) {
        expect(verifies('ECDSA_TOKEN_SHA256', await session.exportPublicKey(ec), await attempt)).toBe(true);
      } else {
        // SoftHSM 2.6 has no CKM_ECDSA_SHA256: refused before reaching the token.
        expect((await rejection(attempt)).code).toBe(Pkcs11ErrorCode.MECHANISM_NOT_SUPPORTED);
      }
    });

    it('gives byte-identical PKCS#1 v1.5 signatures with the combined and the raw DigestInfo mechanism', async () => {
      const combined = await session.sign(rsa, 'RSA_PKCS_SHA256', TBS);
      const raw = await session.sign(rsa, 'RSA_PKCS_RAW_SHA256', TBS);
      expect(raw.equals(combined)).toBe(true);
    });

    it('signs with the imported key so that its certificate verifies', async () => {
      const imported = await session.findKey({ certificateDer: fixture.importedCertificateDer });
      const signature = await session.signDigest(imported, { hash: 'sha256', scheme: 'pkcs1' }, TBS);
      expect(
        verify('sha256', TBS, new X509Certificate(fixture.importedCertificateDer).publicKey, signature),
      ).toBe(true);
    });

    it('signDigest picks a supported mechanism per scheme and hash', async () => {
      expect(session.chooseMechanism(rsa, { hash: 'sha256', scheme: 'pkcs1' })).toBe('RSA_PKCS_SHA256');
      expect(session.chooseMechanism(rsa, { hash: 'sha384', scheme: 'pss' })).toBe('RSA_PSS_SHA384');
      expect(session.chooseMechanism(ec, { hash: 'sha256', scheme: 'ecdsa' })).toBe('ECDSA_SHA256');
      expect(session.chooseMechanism(rsa, { hash: 'sha256', scheme: 'pkcs1', prehashed: true })).toBe(
        'RSA_PKCS_RAW_SHA256',
      );
      const hashes: HashAlgorithm[] = ['sha256', 'sha384', 'sha512'];
      for (const hash of hashes) {
        const pss = await session.signDigest(rsa, { hash, scheme: 'pss' }, TBS);
        const saltLength = HASH_ALGORITHMS[hash].digestLength;
        const rsaPublic = await session.exportPublicKey(rsa);
        expect(
          verify(hash, TBS, { key: rsaPublic, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }, pss),
        ).toBe(true);
        const ecdsa = await session.signDigest(ec, { hash, scheme: 'ecdsa' }, TBS);
        expect(verify(hash, TBS, await session.exportPublicKey(ec), ecdsa)).toBe(true);
      }
      const error = await rejection(session.signDigest(rsa, { hash: 'sha256', scheme: 'ecdsa' }, TBS));
      expect(error.code).toBe(Pkcs11ErrorCode.MECHANISM_NOT_SUPPORTED);
    });

    it('signs a precomputed digest (token-agent path) with the host-hashed mechanisms', async () => {
      const { createHash } = await import('node:crypto');
      const digest = createHash('sha256').update(TBS).digest();
      const pkcs1 = await session.signDigest(
        rsa,
        { hash: 'sha256', scheme: 'pkcs1', prehashed: true },
        digest,
      );
      expect(verify('sha256', TBS, await session.exportPublicKey(rsa), pkcs1)).toBe(true);
      const ecdsa = await session.signDigest(
        ec,
        { hash: 'sha256', scheme: 'ecdsa', prehashed: true },
        digest,
      );
      expect(verify('sha256', TBS, await session.exportPublicKey(ec), ecdsa)).toBe(true);
      const refused = await rejection(session.sign(rsa, 'RSA_PKCS_SHA256', digest, { prehashed: true }));
      expect(refused.code).toBe(Pkcs11ErrorCode.MECHANISM_NOT_SUPPORTED);
    });

    it('reopens and logs in again after the sessions were closed under it', async () => {
      const withoutPin = await module.openToken({ label: 't' }, PIN, { keepPin: false });
      const { slot } = module.locateToken({ label: 't' });
      // Closes every session of this process on the token and logs it out, as a re-plug would.
      (module.native as unknown as pkcs11js.PKCS11).C_CloseAllSessions(slot);

      // Nobody is logged in now, and this session has no PIN to do it.
      const lost = await rejection(withoutPin.sign(rsa, 'RSA_PKCS_SHA256', TBS));
      expect(lost.code).toBe(Pkcs11ErrorCode.DEVICE_REMOVED);
      expect(lost.messageVi).toContain('đã bị rút ra');

      const signature = await session.sign(rsa, 'RSA_PKCS_SHA256', TBS);
      expect(verifies('RSA_PKCS_SHA256', await session.exportPublicKey(rsa), signature)).toBe(true);
      await withoutPin.close();
    });

    it('logs in again for every signature with an always-authenticate key', async () => {
      const key = await session.findKey({ label: 'k-aa' });
      expect(key.alwaysAuthenticate).toBe(true);
      const publicKey = await session.exportPublicKey(key);
      for (let i = 0; i < 3; i++) {
        expect(verifies('ECDSA_SHA256', publicKey, await session.sign(key, 'ECDSA_SHA256', TBS))).toBe(true);
      }
      const withoutPin = await module.openToken({ label: 't' }, PIN, { keepPin: false });
      const refused = await rejection(withoutPin.sign(key, 'ECDSA_SHA256', TBS));
      expect(refused.message).toContain('needs the PIN for every signature');
      // The abandoned C_SignInit must not leave the session stuck in CKR_OPERATION_ACTIVE.
      const ecSignature = await withoutPin.sign(ec, 'ECDSA_SHA256', TBS);
      expect(verifies('ECDSA_SHA256', await session.exportPublicKey(ec), ecSignature)).toBe(true);
      await withoutPin.close();
    });

    it('keeps the PIN out of inspect and JSON output', () => {
      for (const text of [
        inspect(session, { depth: 10 }),
        inspect(session, { depth: 10, customInspect: false, showHidden: true }),
        JSON.stringify(session),
        String(session),
      ]) {
        expect(text).not.toContain(PIN);
      }
    });

    it('rejects operations after close', async () => {
      const other = await module.openToken({ label: 't' }, PIN);
      await other.close();
      expect((await rejection(other.findKey({ label: 'k-rsa' }))).code).toBe(Pkcs11ErrorCode.SESSION_CLOSED);
    });
  });
});
