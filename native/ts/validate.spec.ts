import { describe, expect, it } from 'vitest';

import { NativeArgumentError } from './errors';
import { CORES } from '../testing/test-cores';
import type { HashInput, VerifyItem } from './types';

const key = Buffer.alloc(10);
const item: VerifyItem = { algorithm: 'ecdsa-sha256', publicKey: key, signature: key, data: key };

describe.each(CORES)('arguments are validated before any work (%s core)', (_name, core) => {
  it.each<[string, unknown, unknown, RegExp]>([
    ['inputs not an array', 'x', 'sha256', /inputs must be an array/],
    ['unknown hash algorithm', [], 'md5', /algorithm must be one of sha256, sha384, sha512, got "md5"/],
    [
      'input neither bytes nor file',
      [42],
      'sha256',
      /inputs\[0\] must be a Buffer, Uint8Array or \{ path, ranges\? \}, got 42/,
    ],
    ['empty path', [{ path: '' }], 'sha256', /inputs\[0\]\.path must be a non-empty file path/],
    [
      'negative offset',
      [{ path: '/f', ranges: [[-1, 5]] }],
      'sha256',
      /inputs\[0\]\.ranges\[0\]\[0\] must be a non-negative safe integer, got -1/,
    ],
    [
      'fractional length',
      [{ path: '/f', ranges: [[0, 1.5]] }],
      'sha256',
      /inputs\[0\]\.ranges\[0\]\[1\] must be a non-negative safe integer/,
    ],
    [
      'range not a pair',
      [{ path: '/f', ranges: [[0, 1, 2]] }],
      'sha256',
      /inputs\[0\]\.ranges\[0\] must be an \[offset, length\] pair/,
    ],
    [
      'ranges not an array',
      [{ path: '/f', ranges: 'all' }],
      'sha256',
      /inputs\[0\]\.ranges must be an array/,
    ],
    ['range beyond 2^53', [{ path: '/f', ranges: [[2 ** 52, 2 ** 52]] }], 'sha256', /ending below 2\^53/],
  ])('hashBatch: %s', async (_case, inputs, algorithm, message) => {
    const call = core().hashBatch(inputs as HashInput[], algorithm as 'sha256');
    await expect(call).rejects.toBeInstanceOf(NativeArgumentError);
    await expect(call).rejects.toThrow(message);
  });

  it.each<[string, unknown, RegExp]>([
    ['items not an array', {}, /items must be an array/],
    ['item not an object', [null], /items\[0\] must be an object, got null/],
    ['algorithm not a string', [{ ...item, algorithm: 7 }], /items\[0\]\.algorithm must be a string/],
    [
      'publicKey not bytes',
      [{ ...item, publicKey: 'MIIB…' }],
      /items\[0\]\.publicKey must be a Buffer or Uint8Array/,
    ],
    ['neither data nor digest', [{ ...item, data: undefined }], /exactly one of data .* or digest/],
    ['both data and digest', [{ ...item, digest: key }], /exactly one of data .* or digest/],
    ['negative salt', [{ ...item, pssSaltLength: -1 }], /pssSaltLength must be a non-negative safe integer/],
  ])('verifyBatch: %s', async (_case, items, message) => {
    const call = core().verifyBatch(items as VerifyItem[]);
    await expect(call).rejects.toBeInstanceOf(TypeError);
    await expect(call).rejects.toThrow(message);
  });

  it('gives a Vietnamese message too', async () => {
    const error: unknown = await core()
      .hashBatch([{ path: '/f', ranges: [[-1, 0]] }], 'sha256')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'INVALID_ARGUMENT',
      messageVi: expect.stringContaining('số nguyên không âm'),
    });
  });
});
