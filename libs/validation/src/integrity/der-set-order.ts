/**
 * DER (X.690 11.6) requires the elements of a SET OF in ascending order of their encodings. CMS signs the
 * DER encoding of the signed attributes (RFC 5652 5.4), so a SignerInfo whose stored attributes are out of
 * order was signed over bytes that are not their DER encoding. These helpers find that and produce the DER.
 */

/** Splits the content of a definite-length TLV into its child TLVs; undefined when it is not well formed. */
export function childTlvs(tlv: Uint8Array): Uint8Array[] | undefined {
  const header = readHeader(tlv, 0);
  if (!header || header.end !== tlv.length) return undefined;
  const children: Uint8Array[] = [];
  for (let at = header.contentStart; at < header.end;) {
    const child = readHeader(tlv, at);
    if (!child || child.end > header.end) return undefined;
    children.push(tlv.subarray(at, child.end));
    at = child.end;
  }
  return children;
}

/** True when the children of the SET are in DER order (equal elements are allowed). */
export function isDerSortedSet(setTlv: Uint8Array): boolean {
  const children = childTlvs(setTlv);
  if (!children) return true; // not checkable here (indefinite length): the signature check decides
  for (let i = 1; i < children.length; i++) if (compareDer(children[i - 1], children[i]) > 0) return false;
  return true;
}

/** The same SET with its children sorted into DER order (header bytes kept). */
export function sortDerSet(setTlv: Uint8Array): Buffer {
  const children = childTlvs(setTlv);
  if (!children) return Buffer.from(setTlv);
  const header = readHeader(setTlv, 0)!;
  const sorted = [...children].sort(compareDer);
  return Buffer.concat([setTlv.subarray(0, header.contentStart), ...sorted]);
}

/** X.690 11.6: compare as octet strings, the shorter one padded with trailing zero octets. */
function compareDer(a: Uint8Array, b: Uint8Array): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x - y;
  }
  return 0;
}

function readHeader(buf: Uint8Array, at: number): { contentStart: number; end: number } | undefined {
  if (at + 2 > buf.length) return undefined;
  let i = at + 1;
  if ((buf[at] & 0x1f) === 0x1f) {
    while (i < buf.length && buf[i] & 0x80) i++;
    i++;
  }
  if (i >= buf.length) return undefined;
  const first = buf[i++];
  let length: number;
  if (first < 0x80) length = first;
  else {
    const count = first & 0x7f;
    if (count === 0 || count > 4 || i + count > buf.length) return undefined; // indefinite or absurd
    length = 0;
    for (let k = 0; k < count; k++) length = length * 256 + buf[i++];
  }
  const end = i + length;
  return end <= buf.length ? { contentStart: i, end } : undefined;
}
