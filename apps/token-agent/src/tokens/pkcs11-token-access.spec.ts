import { createHash, createPublicKey, verify } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Pkcs11Module, Secret } from '@kyso/pkcs11';
// The pkcs11 library's in-memory token: unlike SoftHSM it can be pulled out and plugged back in.
import { FakePkcs11, FakeToken } from '../../../../libs/pkcs11/testing/fake-pkcs11';
import { selfSignedCertificate } from '../../../../test/support/self-signed';
import { MemorySink } from '../../../../test/support/token-agent/memory-sink';
import { AgentError, toAgentError } from '../agent-error';
import { createAgentLog } from '../logging/agent-log';
import { Pkcs11TokenAccess } from './pkcs11-token-access';

const PIN = '2468';
const certificate = selfSignedCertificate({ keyType: 'rsa' });
const key = {
  id: Buffer.from('01', 'hex'),
  label: 'leader-rsa',
  privateKey: certificate.privateKey,
  publicKey: createPublicKey(certificate.privateKey),
};
const toBeSigned = Buffer.from([0x31, 0x03, 0x02, 0x01, 0x07]);
const digest = createHash('sha256').update(toBeSigned).digest();

let native: FakePkcs11;
let token: FakeToken;
let access: Pkcs11TokenAccess;
let log: MemorySink;

beforeEach(() => {
  native = new FakePkcs11();
  token = new FakeToken('leader', 'SER-1', PIN, [key], 3);
  native.insert(token, 1);
  log = new MemorySink();
  access = new Pkcs11TokenAccess({
    modulePaths: ['fake'],
    pinCacheSeconds: 300,
    rsaScheme: 'pkcs1',
    log: createAgentLog({ log, console: new MemorySink() }),
    presencePollMs: 10,
    loadModule: () => Pkcs11Module.fromNative(native),
  });
});

afterEach(async () => {
  await access.close();
});

const sign = (pin?: string) =>
  access.sign({
    tokenSerial: 'SER-1',
    certificateDer: certificate.certificateDer,
    digestAlgorithm: 'sha256',
    digest,
    ...(pin === undefined ? {} : { pin: new Secret(pin) }),
  });

async function codeOf(promise: Promise<unknown>): Promise<AgentError> {
  try {
    await promise;
  } catch (err) {
    return toAgentError(err);
  }
  throw new Error('expected a failure');
}

describe('Pkcs11TokenAccess with a token that is unplugged and plugged back', () => {
  it('signs the digest with PKCS#1 v1.5 and keeps the token unlocked for the next signature', async () => {
    const first = await sign(PIN);
    expect(first.signatureAlgorithm).toBe('rsa-pkcs1');
    expect(verify('sha256', toBeSigned, key.publicKey, first.signature)).toBe(true);
    const second = await sign();
    expect(verify('sha256', toBeSigned, key.publicKey, second.signature)).toBe(true);
    expect(token.loginAttempts).toBe(1);
  });

  it('forgets the PIN when the token is pulled out, and needs it again after it is plugged into another port', async () => {
    await sign(PIN);
    native.remove(1);
    await new Promise((r) => setTimeout(r, 60));
    expect(log.text()).toContain('"reason":"removed"');
    expect((await codeOf(sign())).code).toBe('NO_TOKEN');
    native.insert(token, 7);
    expect((await codeOf(sign())).code).toBe('PIN_REQUIRED');
    const again = await sign(PIN);
    expect(verify('sha256', toBeSigned, key.publicKey, again.signature)).toBe(true);
  });

  it('after a re-plug faster than the presence check, asks for the PIN instead of logging in again by itself', async () => {
    await sign(PIN);
    native.remove(1);
    native.insert(token, 2);
    const error = await codeOf(sign());
    expect(error.code).toBe('PIN_REQUIRED');
    expect(error.messageVi).toContain('cắm lại');
    expect(token.loginAttempts).toBe(1);
    await sign(PIN);
    expect(token.loginAttempts).toBe(2);
  });

  it('reports wrong PINs with the token’s counter: few tries, last try, locked', async () => {
    const low = await codeOf(sign('0000'));
    expect(low.toBody().error).toMatchObject({ code: 'PIN_INCORRECT', triesLow: true });
    const last = await codeOf(sign('0000'));
    expect(last.toBody().error).toMatchObject({ code: 'PIN_INCORRECT', triesLeft: 1 });
    expect(last.messageVi).toContain('Chỉ còn một lần thử');
    const locked = await codeOf(sign('0000'));
    expect(locked.toBody().error.code).toBe('PIN_LOCKED');
    expect(locked.messageVi).toContain('đã bị khoá');
    expect((await codeOf(sign(PIN))).code).toBe('PIN_LOCKED');
  });

  it('checks a newly typed PIN even while the token is unlocked', async () => {
    await sign(PIN);
    expect((await codeOf(sign('9999'))).code).toBe('PIN_INCORRECT');
    expect((await codeOf(sign())).code).toBe('PIN_REQUIRED');
  });
});
