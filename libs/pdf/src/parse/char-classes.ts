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

/** Value of each byte as a hex digit; -1 for whitespace (skipped in hex strings), -2 for anything else. */
export const HEX_DIGIT = new Int8Array(256).fill(-2);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) HEX_DIGIT[c] = -1;
for (let d = 0; d < 16; d++) {
  HEX_DIGIT['0123456789abcdef'.charCodeAt(d)] = d;
  HEX_DIGIT['0123456789ABCDEF'.charCodeAt(d)] = d;
}

export function hexValue(c: number): number {
  const v = HEX_DIGIT[c];
  return v >= 0 ? v : -1;
}

export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
