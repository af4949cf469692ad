/**
 * True when `data` is exactly one DER SET (tag 0x31) with a definite length covering all bytes — the
 * shape of CMS signed attributes as they are signed (RFC 5652 §5.4). The agent signs nothing else, so
 * a request token cannot make it sign, say, a TLS transcript or a bare hash chosen by someone else.
 */
export function isDerSet(data: Uint8Array): boolean {
  if (data.length < 2 || data[0] !== 0x31) return false;
  const first = data[1]!;
  let length: number;
  let offset: number;
  if (first < 0x80) {
    length = first;
    offset = 2;
  } else {
    const count = first & 0x7f;
    // 0x80 is BER's indefinite length; more than 4 length bytes is never a few-KiB attribute set.
    if (count === 0 || count > 4 || data.length < 2 + count) return false;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + data[2 + i]!;
    // DER: the shortest form, no leading zero byte, long form only from 128 on.
    if (data[2] === 0 || length < 0x80) return false;
    offset = 2 + count;
  }
  return offset + length === data.length;
}
