import type { Template } from 'pkcs11js';
import type { Pkcs11Native } from './pkcs11-native';
import { ckrOf } from './native-error';

/**
 * Reads attributes of one object. A module answers CKR_ATTRIBUTE_TYPE_INVALID or
 * CKR_ATTRIBUTE_SENSITIVE for the whole template when one attribute is missing or secret, and
 * pkcs11js then throws: so a failed batch is retried attribute by attribute and the missing ones
 * are left out of the result.
 */
export function readAttributes(
  native: Pkcs11Native,
  session: Buffer,
  object: Buffer,
  types: readonly number[],
): Map<number, Buffer> {
  const values = new Map<number, Buffer>();
  try {
    for (const { type, value } of native.C_GetAttributeValue(
      session,
      object,
      types.map((type) => ({ type })),
    )) {
      values.set(type, value);
    }
    return values;
  } catch (error) {
    if (!isAttributeUnavailable(error)) throw error;
  }
  for (const type of types) {
    try {
      const [attribute] = native.C_GetAttributeValue(session, object, [{ type }]);
      if (attribute) values.set(type, attribute.value);
    } catch (error) {
      if (!isAttributeUnavailable(error)) throw error;
    }
  }
  return values;
}

function isAttributeUnavailable(error: unknown): boolean {
  const ckr = ckrOf(error);
  return ckr === 'CKR_ATTRIBUTE_TYPE_INVALID' || ckr === 'CKR_ATTRIBUTE_SENSITIVE';
}

/** CK_ULONG attribute: 8 bytes little-endian on LP64, 4 on Windows (host byte order, x86/ARM LE). */
export function ulongOf(value: Buffer | undefined): number | undefined {
  if (!value) return undefined;
  if (value.length === 8) return Number(value.readBigUInt64LE(0));
  if (value.length === 4) return value.readUInt32LE(0);
  return undefined;
}

export function boolOf(value: Buffer | undefined): boolean | undefined {
  return value && value.length > 0 ? value[0] !== 0 : undefined;
}

export function textOf(value: Buffer | undefined): string {
  return value ? value.toString('utf8').replace(/\0+$/, '') : '';
}

/** Iterates the objects matching `template`, always ending the search (one search per session). */
export function findObjects(native: Pkcs11Native, session: Buffer, template: Template): Buffer[] {
  native.C_FindObjectsInit(session, template);
  try {
    const found: Buffer[] = [];
    for (;;) {
      const batch = native.C_FindObjects(session, 64);
      if (batch.length === 0) return found;
      found.push(...batch);
    }
  } finally {
    native.C_FindObjectsFinal(session);
  }
}
