/** DER contents of every PEM block with `label` in `data` (empty when `data` is not PEM). */
export function pemBlocks(data: Uint8Array, label: string): Buffer[] {
  // PEM is ASCII; a DER body starts with 0x30 and is never mistaken for it.
  if (data.length === 0 || data[0] === 0x30) return [];
  const text = Buffer.from(data).toString('latin1');
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  const out: Buffer[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(Buffer.from(m[1].replace(/\s+/g, ''), 'base64'));
  return out;
}
