import type { ByteSource } from '../io/byte-source';

const CHUNK = 1024 * 1024;

/**
 * Finds the first occurrence of `needle` at or after `from` (and before `limit`), reading the source in
 * 1 MiB chunks that overlap by the needle's length. Returns -1 when absent.
 */
export async function searchForward(
  source: ByteSource,
  needle: Buffer,
  from: number,
  limit = source.size,
): Promise<number> {
  let pos = Math.max(0, from);
  const end = Math.min(limit, source.size);
  while (pos < end) {
    const chunk = await source.read(pos, Math.min(CHUNK, end - pos));
    const hit = chunk.indexOf(needle);
    if (hit >= 0) return pos + hit;
    if (pos + chunk.length >= end) return -1;
    pos += chunk.length - needle.length + 1;
  }
  return -1;
}

/** Finds the last occurrence of `needle` that ends at or before `end`, scanning backwards from there. */
export async function searchBackward(
  source: ByteSource,
  needle: Buffer,
  end: number,
  floor = 0,
): Promise<number> {
  let hi = Math.min(end, source.size);
  while (hi > floor) {
    const lo = Math.max(floor, hi - CHUNK);
    const chunk = await source.read(lo, hi - lo);
    const hit = chunk.lastIndexOf(needle);
    if (hit >= 0) return lo + hit;
    if (lo === floor) return -1;
    hi = lo + needle.length - 1;
  }
  return -1;
}
