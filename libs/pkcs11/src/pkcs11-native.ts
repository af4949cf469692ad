import type {
  Mechanism,
  ModuleInfo,
  SessionInfo,
  SlotInfo,
  Template,
  TemplateResult,
  TokenInfo,
} from 'pkcs11js';

/**
 * The part of pkcs11js's `PKCS11` this library calls. pkcs11js's class satisfies it; unit tests
 * pass an in-memory token instead. Handles (slots, sessions, objects) are opaque Buffers.
 */
export interface Pkcs11Native {
  C_Finalize(): void;
  C_GetInfo(): ModuleInfo;
  C_GetSlotList(tokenPresent?: boolean): Buffer[];
  C_GetSlotInfo(slot: Buffer): SlotInfo;
  C_GetTokenInfo(slot: Buffer): TokenInfo;
  C_GetMechanismList(slot: Buffer): number[];
  C_OpenSession(slot: Buffer, flags: number): Buffer;
  C_CloseSession(session: Buffer): void;
  C_GetSessionInfo(session: Buffer): SessionInfo;
  C_Login(session: Buffer, userType: number, pin?: string): void;
  C_Logout(session: Buffer): void;
  C_FindObjectsInit(session: Buffer, template: Template): void;
  C_FindObjects(session: Buffer, maxObjectCount: number): Buffer[];
  C_FindObjectsFinal(session: Buffer): void;
  C_GetAttributeValue(session: Buffer, object: Buffer, template: Template): TemplateResult;
  C_SignInit(session: Buffer, mechanism: Mechanism, key: Buffer): void;
  /** Runs C_Sign on a libuv worker thread; the event loop stays free. */
  C_SignAsync(session: Buffer, data: Buffer, output: Buffer): Promise<Buffer>;
}

/** CK_ULONG handles are 8 bytes on LP64 systems and 4 on Windows: read whichever pkcs11js gave. */
export function handleToString(handle: Buffer): string {
  if (handle.length === 8) return handle.readBigUInt64LE(0).toString(10);
  if (handle.length === 4) return handle.readUInt32LE(0).toString(10);
  return handle.toString('hex');
}
