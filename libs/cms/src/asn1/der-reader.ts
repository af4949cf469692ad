import { CmsError, CmsErrorCode, malformed } from '../cms-error';
import { encodeLength } from './der-writer';

/** Tag classes as they appear in the two high bits of the identifier octet. */
export enum TagClass {
  Universal = 0,
  Application = 1,
  Context = 2,
  Private = 3,
}

/** Universal tag numbers used in this library. */
export enum UniversalTag {
  Boolean = 1,
  Integer = 2,
  BitString = 3,
  OctetString = 4,
  Null = 5,
  ObjectIdentifier = 6,
  Enumerated = 10,
  Utf8String = 12,
  Sequence = 16,
  Set = 17,
  NumericString = 18,
  PrintableString = 19,
  TeletexString = 20,
  Ia5String = 22,
  UtcTime = 23,
  GeneralizedTime = 24,
  VisibleString = 26,
  UniversalString = 28,
  BmpString = 30,
}

/**
 * One BER/DER element located inside `source`. Nothing is copied: `content` and `raw` are views.
 * Invariant: start + headerLength + length (+2 for an indefinite-length end-of-contents) === end.
 */
export interface DerNode {
  readonly source: Uint8Array;
  readonly tagClass: TagClass;
  readonly constructed: boolean;
  readonly tagNumber: number;
  readonly start: number;
  /** Octets of the identifier (1 unless the tag number is 31 or more). */
  readonly identifierLength: number;
  readonly headerLength: number;
  /** Length of the contents, excluding an end-of-contents marker. */
  readonly length: number;
  readonly end: number;
  readonly indefinite: boolean;
}

/** Nesting deeper than this is not real PKI data; refusing it keeps the reader off the stack limit. */
const MAX_DEPTH = 64;

/** Reads the element starting at `offset`; it must end at or before `limit`. */
export function readNode(source: Uint8Array, offset = 0, limit = source.length): DerNode {
  return readNodeAt(source, offset, limit, 0);
}

/** Reads the single element that must fill `source` (or `source` up to trailing zero padding if allowed). */
export function readRoot(source: Uint8Array, what: string): DerNode {
  if (source.length === 0) throw malformed(`${what}: empty input`);
  const node = readNode(source, 0, source.length);
  if (node.end !== source.length) throw malformed(`${what}: ${source.length - node.end} trailing bytes`);
  return node;
}

function readNodeAt(source: Uint8Array, offset: number, limit: number, depth: number): DerNode {
  if (depth > MAX_DEPTH) throw new CmsError(CmsErrorCode.LimitExceeded, `nesting deeper than ${MAX_DEPTH}`);
  let pos = offset;
  if (pos >= limit) throw malformed(`truncated element at offset ${offset}`);
  const first = source[pos++];
  const tagClass = (first >> 6) as TagClass;
  const constructed = (first & 0x20) !== 0;
  let tagNumber = first & 0x1f;
  if (tagNumber === 0x1f) {
    tagNumber = 0;
    for (let i = 0; ; i++) {
      if (pos >= limit || i >= 4) throw malformed(`bad long-form tag at offset ${offset}`);
      const b = source[pos++];
      tagNumber = tagNumber * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
  }
  const identifierLength = pos - offset;
  if (pos >= limit) throw malformed(`truncated length at offset ${offset}`);
  const lengthByte = source[pos++];
  if (lengthByte === 0x80) {
    if (!constructed) throw malformed(`indefinite length on a primitive element at offset ${offset}`);
    const headerLength = pos - offset;
    // Walk the children to find the end-of-contents marker.
    let child = pos;
    for (;;) {
      if (child + 2 <= limit && source[child] === 0 && source[child + 1] === 0) {
        return {
          source,
          tagClass,
          constructed,
          tagNumber,
          start: offset,
          identifierLength,
          headerLength,
          length: child - pos,
          end: child + 2,
          indefinite: true,
        };
      }
      child = readNodeAt(source, child, limit, depth + 1).end;
    }
  }
  let length: number;
  if (lengthByte < 0x80) {
    length = lengthByte;
  } else {
    const count = lengthByte & 0x7f;
    if (count > 4 || count === 0x7f)
      throw malformed(`unsupported length of ${count} octets at offset ${offset}`);
    if (pos + count > limit) throw malformed(`truncated length at offset ${offset}`);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + source[pos++];
  }
  const end = pos + length;
  if (end > limit) throw malformed(`element at offset ${offset} runs past its container (${end} > ${limit})`);
  return {
    source,
    tagClass,
    constructed,
    tagNumber,
    start: offset,
    identifierLength,
    headerLength: pos - offset,
    length,
    end,
    indefinite: false,
  };
}

/** The contents octets (no header). */
export function contentOf(node: DerNode): Uint8Array {
  const from = node.start + node.headerLength;
  return node.source.subarray(from, from + node.length);
}

/** The whole element: header, contents and any end-of-contents marker. */
export function rawOf(node: DerNode): Uint8Array {
  return node.source.subarray(node.start, node.end);
}

/** Children of a constructed element, in order; `max` bounds the work done on hostile input. */
export function childrenOf(node: DerNode, max = 100_000): DerNode[] {
  if (!node.constructed) throw malformed(`expected a constructed element at offset ${node.start}`);
  const out: DerNode[] = [];
  let pos = node.start + node.headerLength;
  const stop = pos + node.length;
  while (pos < stop) {
    if (out.length >= max) throw new CmsError(CmsErrorCode.LimitExceeded, `more than ${max} elements`);
    const child = readNode(node.source, pos, stop);
    out.push(child);
    pos = child.end;
  }
  return out;
}

export function isUniversal(node: DerNode, tag: UniversalTag): boolean {
  return node.tagClass === TagClass.Universal && node.tagNumber === tag;
}

export function isContext(node: DerNode | undefined, tagNumber: number): node is DerNode {
  return node !== undefined && node.tagClass === TagClass.Context && node.tagNumber === tagNumber;
}

/** Asserts a universal tag and returns the node, so parsers read as a sequence of expectations. */
export function expectUniversal(node: DerNode | undefined, tag: UniversalTag, what: string): DerNode {
  if (node === undefined) throw malformed(`${what}: missing`);
  if (!isUniversal(node, tag)) {
    throw malformed(
      `${what}: expected universal tag ${tag}, found class ${node.tagClass} tag ${node.tagNumber}`,
    );
  }
  return node;
}

export function expectSequence(node: DerNode | undefined, what: string, max?: number): DerNode[] {
  return childrenOf(expectUniversal(node, UniversalTag.Sequence, what), max);
}

/** Children of an EXPLICIT [n] wrapper: exactly one element. */
export function explicitInner(node: DerNode, what: string): DerNode {
  const inner = childrenOf(node, 2);
  if (inner.length !== 1) throw malformed(`${what}: explicit tag must wrap exactly one element`);
  return inner[0];
}

/** Root element of a buffer, tolerating only zero bytes after it (PDF /Contents placeholders are zero padded). */
export function readRootAllowingZeroPadding(source: Uint8Array, what: string): DerNode {
  if (source.length === 0) throw malformed(`${what}: empty input`);
  const node = readNode(source, 0, source.length);
  for (let i = node.end; i < source.length; i++) {
    if (source[i] !== 0) throw malformed(`${what}: unexpected data after the end at offset ${i}`);
  }
  return node;
}

/** Re-encodes `node` with new contents (definite length), keeping its identifier octets. */
export function withContent(node: DerNode, ...content: Uint8Array[]): Buffer {
  const body = Buffer.concat(content);
  const identifier = node.source.subarray(node.start, node.start + node.identifierLength);
  return Buffer.concat([identifier, encodeLength(body.length), body]);
}
