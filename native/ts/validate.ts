import { DIGEST_LENGTH, HASH_ALGORITHMS, isHashAlgorithm, type HashAlgorithm } from './algorithms';
import { NativeArgumentError } from './errors';
import type { VerifyItem } from './types';

// Every argument is checked here before either core sees it, so the C++ side only ever receives
// well-formed values and a programming mistake becomes a TypeError that names the bad field.
// Problems with the *content* of one item (a missing file, an unknown algorithm name, a key that
// does not decode) are not thrown: they become that item's error result.

/** What the cores receive: plain arrays owned by the wrapper, so callers cannot mutate them mid-batch. */
export type NormalizedHashInput = Uint8Array | { path: string; ranges?: [number, number][] };

export interface NormalizedVerifyItem {
  algorithm: string;
  publicKey: Uint8Array;
  signature: Uint8Array;
  data?: Uint8Array;
  digest?: Uint8Array;
  /** Absent means "auto". */
  pssSaltLength?: number;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  return typeof value;
}

function fail(where: string, expected: string, expectedVi: string, value: unknown): never {
  throw new NativeArgumentError(
    `${where} must be ${expected}, got ${describe(value)}`,
    `${where} phải là ${expectedVi}, nhận được ${describe(value)}`,
  );
}

function requireArray(value: unknown, where: string): readonly unknown[] {
  if (!Array.isArray(value)) fail(where, 'an array', 'một mảng', value);
  return value;
}

function requireObject(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(where, 'an object', 'một đối tượng', value);
  }
  return value as Record<string, unknown>;
}

function requireBytes(value: unknown, where: string): Uint8Array {
  if (!(value instanceof Uint8Array)) fail(where, 'a Buffer or Uint8Array', 'Buffer hoặc Uint8Array', value);
  return value;
}

function requireIndex(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    fail(where, 'a non-negative safe integer', 'số nguyên không âm', value);
  }
  return value;
}

export function requireHashAlgorithm(value: unknown, where = 'algorithm'): HashAlgorithm {
  if (!isHashAlgorithm(value))
    fail(where, `one of ${HASH_ALGORITHMS.join(', ')}`, HASH_ALGORITHMS.join(', '), value);
  return value;
}

function normalizeRange(value: unknown, where: string): [number, number] {
  const pair = requireArray(value, where);
  if (pair.length !== 2) fail(where, 'an [offset, length] pair', 'cặp [vị trí, độ dài]', value);
  const offset = requireIndex(pair[0], `${where}[0]`);
  const length = requireIndex(pair[1], `${where}[1]`);
  if (offset + length > Number.MAX_SAFE_INTEGER) {
    fail(where, 'a range ending below 2^53', 'đoạn kết thúc dưới 2^53', value);
  }
  return [offset, length];
}

export function normalizeHashInputs(value: unknown): NormalizedHashInput[] {
  return requireArray(value, 'inputs').map((input, index): NormalizedHashInput => {
    const where = `inputs[${index}]`;
    if (input instanceof Uint8Array) return input;
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      fail(
        where,
        'a Buffer, Uint8Array or { path, ranges? }',
        'Buffer, Uint8Array hoặc { path, ranges? }',
        input,
      );
    }
    const file = input as Record<string, unknown>;
    const path = file.path;
    if (typeof path !== 'string' || path.length === 0 || path.includes('\0')) {
      fail(
        `${where}.path`,
        'a non-empty file path without NUL bytes',
        'đường dẫn tệp không rỗng, không chứa NUL',
        path,
      );
    }
    if (file.ranges === undefined) return { path };
    const ranges = requireArray(file.ranges, `${where}.ranges`).map((range, r) =>
      normalizeRange(range, `${where}.ranges[${r}]`),
    );
    return { path, ranges };
  });
}

export function normalizeVerifyItems(value: unknown): NormalizedVerifyItem[] {
  return requireArray(value, 'items').map((input, index): NormalizedVerifyItem => {
    const where = `items[${index}]`;
    const item = requireObject(input, where) as Partial<Record<keyof VerifyItem, unknown>>;
    if (typeof item.algorithm !== 'string')
      fail(`${where}.algorithm`, 'a string', 'một chuỗi', item.algorithm);
    if ((item.data === undefined) === (item.digest === undefined)) {
      throw new NativeArgumentError(
        `${where} must have exactly one of data (the message) or digest (its hash)`,
        `${where} phải có đúng một trong hai trường data (thông điệp) hoặc digest (giá trị băm)`,
      );
    }
    let pssSaltLength: number | undefined;
    if (item.pssSaltLength !== undefined && item.pssSaltLength !== 'auto') {
      pssSaltLength = requireIndex(item.pssSaltLength, `${where}.pssSaltLength`);
      if (pssSaltLength > 65535) {
        fail(`${where}.pssSaltLength`, "'auto' or at most 65535", "'auto' hoặc tối đa 65535", pssSaltLength);
      }
    }
    // One object literal with every field, so that 100,000 items share one hidden class.
    return {
      algorithm: item.algorithm,
      publicKey: requireBytes(item.publicKey, `${where}.publicKey`),
      signature: requireBytes(item.signature, `${where}.signature`),
      data: item.data === undefined ? undefined : requireBytes(item.data, `${where}.data`),
      digest: item.digest === undefined ? undefined : requireBytes(item.digest, `${where}.digest`),
      pssSaltLength,
    };
  });
}

export function normalizeLeaves(value: unknown, algorithm: HashAlgorithm): Uint8Array[] {
  const leaves = requireArray(value, 'leaves');
  if (leaves.length === 0) fail('leaves', 'a non-empty array', 'mảng không rỗng', value);
  const length = DIGEST_LENGTH[algorithm];
  return leaves.map((leaf, index) => {
    const bytes = requireBytes(leaf, `leaves[${index}]`);
    if (bytes.length !== length) {
      throw new NativeArgumentError(
        `leaves[${index}] must be a ${length}-byte ${algorithm} digest, got ${bytes.length} bytes`,
        `leaves[${index}] phải là giá trị băm ${algorithm} dài ${length} byte, nhận được ${bytes.length} byte`,
      );
    }
    return bytes;
  });
}

export function requireThreadCount(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 1024) {
    fail('threads', 'an integer from 1 to 1024', 'số nguyên từ 1 đến 1024', value);
  }
  return value;
}
