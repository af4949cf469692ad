import { spawnSync } from 'node:child_process';
import { createHash, verify, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as pkcs11js from 'pkcs11js';
import { ensureSoftHsmTokens, type SoftHsmKey, type SoftHsmSetup } from './softhsm-tokens';

describe('ensureSoftHsmTokens', () => {
  let hsm: SoftHsmSetup;

  it('provisions the leader and org-hsm tokens in the repository token directory', () => {
    hsm = ensureSoftHsmTokens();
    expect(hsm.conf).toMatch(/data\/softhsm\/softhsm2\.conf$/);
    const listing = spawnSync('pkcs11-tool', ['--module', hsm.module, '-L'], {
      env: { ...process.env, ...hsm.env },
      encoding: 'utf8',
    });
    expect(listing.stdout).toMatch(/token label\s*:\s*leader\s*$/m);
    expect(listing.stdout).toMatch(/token label\s*:\s*org-hsm\s*$/m);
  });

  it('does nothing, quickly, the second time', () => {
    const started = Date.now();
    const again = ensureSoftHsmTokens();
    expect(again.provisioned).toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it.each(['leaderRsa', 'leaderEc', 'sealA', 'sealB', 'sealC'] as const)(
    'signs with %s found by CKA_LABEL and the signature verifies against its certificate',
    (name) => {
      const key = hsm.keys[name];
      const data = Buffer.from('Văn bản số 01/UBND-VP');
      const signature = signOnToken(hsm, key, data);
      // The certificate on the token is the test PKI's: verify with its public key, outside the token.
      const publicKey = new X509Certificate(key.certDer).publicKey;
      const ok =
        key.keyType === 'rsa'
          ? verify('sha256', data, publicKey, signature)
          : verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
      expect(ok).toBe(true);
    },
  );
});

/** Signs through pkcs11js: token by label, private key by CKA_LABEL, certificate checked by CKA_ID. */
function signOnToken(hsm: SoftHsmSetup, key: SoftHsmKey, data: Buffer): Buffer {
  process.env.SOFTHSM2_CONF = hsm.conf;
  const p11 = new pkcs11js.PKCS11();
  p11.load(hsm.module);
  p11.C_Initialize();
  try {
    const slot = p11.C_GetSlotList(true).find((s) => p11.C_GetTokenInfo(s).label.trim() === key.tokenLabel);
    if (!slot) throw new Error(`token ${key.tokenLabel} not found`);
    const session = p11.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
    p11.C_Login(session, pkcs11js.CKU_USER, hsm.tokens[key.token].pin);
    const find = (cls: number): Buffer[] => {
      p11.C_FindObjectsInit(session, [
        { type: pkcs11js.CKA_CLASS, value: cls },
        { type: pkcs11js.CKA_LABEL, value: key.label },
      ]);
      const found = p11.C_FindObjects(session, 10);
      p11.C_FindObjectsFinal(session);
      return found;
    };
    const [privateKey] = find(pkcs11js.CKO_PRIVATE_KEY);
    const [certificate] = find(pkcs11js.CKO_CERTIFICATE);
    const attrs = p11.C_GetAttributeValue(session, certificate, [
      { type: pkcs11js.CKA_ID },
      { type: pkcs11js.CKA_VALUE },
    ]);
    expect((attrs[0].value as Buffer).toString('hex')).toBe(key.id);
    expect((attrs[1].value as Buffer).equals(key.certDer)).toBe(true);
    // SoftHSM 2.6 has no CKM_ECDSA_SHA256: ECDSA signs a digest computed here (raw r‖s out).
    const [mechanism, input] =
      key.keyType === 'rsa'
        ? [pkcs11js.CKM_SHA256_RSA_PKCS, data]
        : [pkcs11js.CKM_ECDSA, createHash('sha256').update(data).digest()];
    p11.C_SignInit(session, { mechanism }, privateKey);
    const signature = p11.C_Sign(session, input, Buffer.alloc(512));
    p11.C_Logout(session);
    p11.C_CloseSession(session);
    return Buffer.from(signature);
  } finally {
    p11.C_Finalize();
  }
}
