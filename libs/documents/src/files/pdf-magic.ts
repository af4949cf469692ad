/**
 * True when the bytes look like a PDF: `%PDF-` followed by a version digit within the first 1024 bytes (readers
 * accept a little junk before the header, ISO 32000-1 §7.5.2 note). A cheap first gate before any deeper parsing.
 */
export function looksLikePdf(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 1024);
  const at = head.indexOf('%PDF-');
  return at >= 0 && at + 6 <= head.length && /\d/.test(String.fromCharCode(head[at + 5]));
}
