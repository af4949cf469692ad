import { constants, generateKeyPairSync, privateEncrypt, sign, type KeyObject } from 'node:crypto';
import * as pkcs11js from 'pkcs11js';
import type { Pkcs11Native } from '../src/pkcs11-native';

/** Thrown like pkcs11js does: the CKR_* name in the message, the value in `code`. */
export class FakeCkrError extends Error {
  readonly code: number;
  constructor(name: string) {
    super(name);
    this.code = (pkcs11js as unknown as Record<string, number>)[name] ?? 0;
  }
}

export interface FakeKey {
  readonly id: Buffer;
  readonly label: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/** An in-memory token: a user PIN with a retry counter, RSA keys, CKM_SHA256_RSA_PKCS and CKM_RSA_PKCS. */
export class FakeToken {
  triesLeft: number;
  loginAttempts = 0;
  loggedIn = false;

  constructor(
    readonly label: string,
    readonly serial: string,
    private readonly pin: string,
    readonly keys: readonly FakeKey[],
    readonly maxTries = 3,
  ) {
    this.triesLeft = maxTries;
  }

  get flags(): number {
    let flags = pkcs11js.CKF_RNG | pkcs11js.CKF_LOGIN_REQUIRED | pkcs11js.CKF_USER_PIN_INITIALIZED;
    flags |= pkcs11js.CKF_TOKEN_INITIALIZED;
    if (this.triesLeft === 0) flags |= pkcs11js.CKF_USER_PIN_LOCKED;
    else if (this.triesLeft === 1) flags |= pkcs11js.CKF_USER_PIN_FINAL_TRY;
    else if (this.triesLeft < this.maxTries) flags |= pkcs11js.CKF_USER_PIN_COUNT_LOW;
    return flags;
  }

  login(pin: string | undefined): void {
    if (this.triesLeft === 0) throw new FakeCkrError('CKR_PIN_LOCKED');
    if (this.loggedIn) throw new FakeCkrError('CKR_USER_ALREADY_LOGGED_IN');
    this.loginAttempts++;
    if (pin !== this.pin) {
      this.triesLeft--;
      throw new FakeCkrError(this.triesLeft === 0 ? 'CKR_PIN_LOCKED' : 'CKR_PIN_INCORRECT');
    }
    this.triesLeft = this.maxTries;
    this.loggedIn = true;
  }
}

export function fakeRsaKey(id: string, label: string): FakeKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  return { id: Buffer.from(id, 'hex'), label, privateKey, publicKey };
}

interface FakeObject {
  readonly attributes: Map<number, Buffer>;
  readonly key?: FakeKey;
  readonly private: boolean;
}

interface FakeSession {
  readonly slotId: number;
  readonly token: FakeToken;
  found: Buffer[];
  signKey?: FakeKey;
  signMechanism?: number;
}

// CK_SLOT_INFO flags, which pkcs11js's typings leave out.
const CKF_TOKEN_PRESENT = 0x1;
const CKF_REMOVABLE_DEVICE = 0x2;

function ulong(value: number): Buffer {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64LE(BigInt(value));
  return buffer;
}

function handle(value: number): Buffer {
  return ulong(value);
}

function pad(text: string, width: number): string {
  return text.padEnd(width, ' ');
}

/**
 * Slots that tokens can be plugged into and pulled out of. Each insertion gets new object handles,
 * assigned in an order that makes an old key handle name a different key afterwards.
 */
export class FakePkcs11 implements Pkcs11Native {
  private readonly slots = new Map<number, { token: FakeToken; objects: Map<number, FakeObject> }>();
  private readonly sessions = new Map<number, FakeSession>();
  private nextSession = 1;
  private insertions = 0;
  readonly mechanisms = [pkcs11js.CKM_RSA_PKCS, pkcs11js.CKM_SHA256_RSA_PKCS];

  insert(token: FakeToken, slotId: number): void {
    const objects = new Map<number, FakeObject>();
    const keys = this.insertions++ % 2 === 0 ? token.keys : [...token.keys].reverse();
    let next = 1;
    for (const key of keys) {
      const jwk = key.publicKey.export({ format: 'jwk' });
      const common = (objectClass: number): Map<number, Buffer> =>
        new Map([
          [pkcs11js.CKA_CLASS, ulong(objectClass)],
          [pkcs11js.CKA_ID, key.id],
          [pkcs11js.CKA_LABEL, Buffer.from(key.label)],
          [pkcs11js.CKA_KEY_TYPE, ulong(pkcs11js.CKK_RSA)],
          [pkcs11js.CKA_MODULUS, Buffer.from(jwk.n!, 'base64url')],
          [pkcs11js.CKA_PUBLIC_EXPONENT, Buffer.from(jwk.e!, 'base64url')],
        ]);
      objects.set(next++, { attributes: common(pkcs11js.CKO_PRIVATE_KEY), key, private: true });
      objects.set(next++, { attributes: common(pkcs11js.CKO_PUBLIC_KEY), private: false });
    }
    this.slots.set(slotId, { token, objects });
  }

  /** Pulls the token out: its sessions die and the application is logged out. */
  remove(slotId: number): void {
    const slot = this.slots.get(slotId);
    if (!slot) return;
    slot.token.loggedIn = false;
    this.slots.delete(slotId);
  }

  private slotOf(slot: Buffer): { token: FakeToken; objects: Map<number, FakeObject> } {
    const entry = this.slots.get(Number(slot.readBigUInt64LE(0)));
    if (!entry) throw new FakeCkrError('CKR_TOKEN_NOT_PRESENT');
    return entry;
  }

  private sessionOf(session: Buffer): FakeSession & { objects: Map<number, FakeObject> } {
    const entry = this.sessions.get(Number(session.readBigUInt64LE(0)));
    if (!entry) throw new FakeCkrError('CKR_SESSION_HANDLE_INVALID');
    const slot = this.slots.get(entry.slotId);
    if (!slot || slot.token !== entry.token) throw new FakeCkrError('CKR_DEVICE_REMOVED');
    return Object.assign(entry, { objects: slot.objects });
  }

  C_Finalize(): void {}

  C_GetInfo(): pkcs11js.ModuleInfo {
    const version = { major: 1, minor: 0 };
    return {
      cryptokiVersion: { major: 2, minor: 40 },
      manufacturerID: pad('kyso fake', 32),
      flags: 0,
      libraryDescription: pad('in-memory token', 32),
      libraryVersion: version,
    };
  }

  C_GetSlotList(tokenPresent?: boolean): Buffer[] {
    void tokenPresent;
    return [...this.slots.keys()].map(handle);
  }

  C_GetSlotInfo(slot: Buffer): pkcs11js.SlotInfo {
    const present = this.slots.has(Number(slot.readBigUInt64LE(0)));
    const version = { major: 1, minor: 0 };
    return {
      slotDescription: pad('fake reader', 64),
      manufacturerID: pad('kyso', 32),
      flags: (present ? CKF_TOKEN_PRESENT : 0) | CKF_REMOVABLE_DEVICE,
      hardwareVersion: version,
      firmwareVersion: version,
    };
  }

  C_GetTokenInfo(slot: Buffer): pkcs11js.TokenInfo {
    const { token } = this.slotOf(slot);
    const version = { major: 1, minor: 0 };
    return {
      label: pad(token.label, 32),
      manufacturerID: pad('kyso', 32),
      model: pad('fake', 16),
      serialNumber: pad(token.serial, 16),
      flags: token.flags,
      maxSessionCount: 0,
      sessionCount: 0,
      maxRwSessionCount: 0,
      rwSessionCount: 0,
      maxPinLen: 16,
      minPinLen: 4,
      hardwareVersion: version,
      firmwareVersion: version,
      utcTime: '',
      totalPublicMemory: 0,
      freePublicMemory: 0,
      totalPrivateMemory: 0,
      freePrivateMemory: 0,
    };
  }

  C_GetMechanismList(slot: Buffer): number[] {
    this.slotOf(slot);
    return [...this.mechanisms];
  }

  C_OpenSession(slot: Buffer, flags: number): Buffer {
    void flags;
    const { token } = this.slotOf(slot);
    const id = this.nextSession++;
    this.sessions.set(id, { slotId: Number(slot.readBigUInt64LE(0)), token, found: [] });
    return handle(id);
  }

  C_CloseSession(session: Buffer): void {
    const id = Number(session.readBigUInt64LE(0));
    if (!this.sessions.delete(id)) throw new FakeCkrError('CKR_SESSION_HANDLE_INVALID');
  }

  C_GetSessionInfo(session: Buffer): pkcs11js.SessionInfo {
    const entry = this.sessionOf(session);
    return { slotID: handle(entry.slotId), state: entry.token.loggedIn ? 1 : 0, flags: 0, deviceError: 0 };
  }

  C_Login(session: Buffer, userType: number, pin?: string): void {
    void userType;
    this.sessionOf(session).token.login(pin);
  }

  C_Logout(session: Buffer): void {
    const { token } = this.sessionOf(session);
    if (!token.loggedIn) throw new FakeCkrError('CKR_USER_NOT_LOGGED_IN');
    token.loggedIn = false;
  }

  C_FindObjectsInit(session: Buffer, template: pkcs11js.Template): void {
    const entry = this.sessionOf(session);
    entry.found = [...entry.objects.entries()]
      .filter(([, object]) => !object.private || entry.token.loggedIn)
      .filter(([, object]) =>
        template.every(({ type, value }) => {
          const actual = object.attributes.get(type);
          if (!actual) return false;
          const wanted = typeof value === 'number' ? ulong(value) : Buffer.from(value as string | Buffer);
          return actual.equals(wanted);
        }),
      )
      .map(([id]) => handle(id));
  }

  C_FindObjects(session: Buffer, maxObjectCount: number): Buffer[] {
    const entry = this.sessionOf(session);
    return entry.found.splice(0, maxObjectCount);
  }

  C_FindObjectsFinal(session: Buffer): void {
    this.sessionOf(session).found = [];
  }

  C_GetAttributeValue(session: Buffer, object: Buffer, template: pkcs11js.Template): pkcs11js.TemplateResult {
    const entry = this.sessionOf(session);
    const found = entry.objects.get(Number(object.readBigUInt64LE(0)));
    if (!found) throw new FakeCkrError('CKR_OBJECT_HANDLE_INVALID');
    return template.map(({ type }) => {
      const value = found.attributes.get(type);
      if (!value) throw new FakeCkrError('CKR_ATTRIBUTE_TYPE_INVALID');
      return { type, value };
    });
  }

  C_SignInit(session: Buffer, mechanism: pkcs11js.Mechanism, key: Buffer): void {
    const entry = this.sessionOf(session);
    if (!entry.token.loggedIn) throw new FakeCkrError('CKR_USER_NOT_LOGGED_IN');
    if (!this.mechanisms.includes(mechanism.mechanism)) throw new FakeCkrError('CKR_MECHANISM_INVALID');
    const found = entry.objects.get(Number(key.readBigUInt64LE(0)));
    if (!found?.key) throw new FakeCkrError('CKR_KEY_HANDLE_INVALID');
    entry.signKey = found.key;
    entry.signMechanism = mechanism.mechanism;
  }

  async C_SignAsync(session: Buffer, data: Buffer, output: Buffer): Promise<Buffer> {
    await new Promise((resolve) => setImmediate(resolve));
    const entry = this.sessionOf(session);
    const key = entry.signKey;
    entry.signKey = undefined;
    if (!key) throw new FakeCkrError('CKR_OPERATION_NOT_INITIALIZED');
    // CKM_RSA_PKCS only pads what it is given (a DigestInfo); CKM_SHA256_RSA_PKCS hashes first.
    const signature =
      entry.signMechanism === pkcs11js.CKM_RSA_PKCS
        ? privateEncrypt({ key: key.privateKey, padding: constants.RSA_PKCS1_PADDING }, data)
        : sign('sha256', data, key.privateKey);
    signature.copy(output);
    return output.subarray(0, signature.length);
  }
}
