import { ArchiveError, ArchiveErrorCode } from '../archive.exception';

/**
 * The little DER RFC 4998 needs: definite-length TLVs, SEQUENCE, INTEGER, OCTET STRING, OBJECT IDENTIFIER and
 * context tags. Evidence records are built and read here byte for byte, so that what kyso hashes for a hash-tree
 * renewal is exactly what it wrote.
 */
export interface DerNode {
  tag: number;
  /** Offset of the tag byte in `source`. */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  end: number;
  source: Buffer;
}

function lengthBytes(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), lengthBytes(content.length), content]);
}

export const sequence = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
export const octetString = (bytes: Uint8Array): Buffer => tlv(0x04, Buffer.from(bytes));
/** Context-specific constructed `[n]` (IMPLICIT: `content` is the inner value's contents, without its own tag). */
export const contextConstructed = (n: number, content: Buffer): Buffer => tlv(0xa0 | n, content);

export function integer(value: number): Buffer {
  const bytes: number[] = [];
  let v = value;
  do {
    bytes.unshift(v & 0xff);
    v = Math.floor(v / 256);
  } while (v > 0);
  if (bytes[0] & 0x80) bytes.unshift(0);
  return tlv(0x02, Buffer.from(bytes));
}

export function objectIdentifier(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const out: number[] = [parts[0] * 40 + parts[1]];
  for (const p of parts.slice(2)) {
    const stack: number[] = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) stack.unshift((v & 0x7f) | 0x80);
    out.push(...stack);
  }
  return tlv(0x06, Buffer.from(out));
}

function malformed(reason: string): ArchiveError {
  return new ArchiveError(ArchiveErrorCode.EVIDENCE_MALFORMED, { reason });
}

/** Reads one TLV at `offset` (definite lengths only, as DER requires). */
export function readNode(source: Buffer, offset = 0, limit = source.length): DerNode {
  if (offset + 2 > limit) throw malformed('truncated');
  const tag = source[offset];
  if ((tag & 0x1f) === 0x1f) throw malformed('multi-byte tags are not used by RFC 4998');
  let length = source[offset + 1];
  let contentStart = offset + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 4 || contentStart + n > limit) throw malformed('bad length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + source[contentStart + i];
    contentStart += n;
  }
  const end = contentStart + length;
  if (end > limit) throw malformed('length beyond the end');
  return { tag, start: offset, contentStart, end, source };
}

export function children(node: DerNode): DerNode[] {
  const out: DerNode[] = [];
  for (let offset = node.contentStart; offset < node.end;) {
    const child = readNode(node.source, offset, node.end);
    out.push(child);
    offset = child.end;
  }
  return out;
}

export const contentOf = (node: DerNode): Buffer => node.source.subarray(node.contentStart, node.end);
export const bytesOf = (node: DerNode): Buffer => node.source.subarray(node.start, node.end);

export function expectTag(node: DerNode, tag: number, what: string): DerNode {
  if (node.tag !== tag)
    throw malformed(`${what}: expected tag 0x${tag.toString(16)}, found 0x${node.tag.toString(16)}`);
  return node;
}

export function readInteger(node: DerNode): number {
  expectTag(node, 0x02, 'INTEGER');
  return [...contentOf(node)].reduce((v, b) => v * 256 + b, 0);
}

export function readObjectIdentifier(node: DerNode): string {
  const bytes = contentOf(expectTag(node, 0x06, 'OBJECT IDENTIFIER'));
  const parts = [Math.floor(bytes[0] / 40), bytes[0] % 40];
  let v = 0;
  for (const b of bytes.subarray(1)) {
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}
