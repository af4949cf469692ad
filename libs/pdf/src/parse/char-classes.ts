/** Byte classes from ISO 32000-1 §7.2.2 (character set). */
export enum Ch {
  NUL = 0x00,
  TAB = 0x09,
  LF = 0x0a,
  FF = 0x0c,
  CR = 0x0d,
  SPACE = 0x20,
  PERCENT = 0x25,
  LPAREN = 0x28,
  RPAREN = 0x29,
  SLASH = 0x2f,
  LT = 0x3c,
  GT = 0x3e,
  LBRACKET = 0x5b,
  BACKSLASH = 0x5c,
  RBRACKET = 0x5d,
  LBRACE = 0x7b,
  RBRACE = 0x7d,
  HASH = 0x23,
}

const WHITESPACE = new Uint8Array(256);
const DELIMITER = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) WHITESPACE[c] = 1;
for (const c of '()<>[]{}/%') DELIMITER[c.charCodeAt(0)] = 1;

export function isWhitespace(c: number): boolean {
  return WHITESPACE[c] === 1;
}

export function isDelimiter(c: number): boolean {
  return DELIMITER[c] === 1;
}

/** Anything that is neither whitespace nor a delimiter. */
export function isRegular(c: number): boolean {
  return WHITESPACE[c] === 0 && DELIMITER[c] === 0;
}

export function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
