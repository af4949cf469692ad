import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import { PdfString } from '../objects/pdf-objects';
import { Ch, HEX_DIGIT, hexValue, isRegular, isWhitespace } from './char-classes';

/**
 * Thrown (internally) when a token runs into the end of a window that is not the end of the data;
 * the caller reads a larger window and parses again. Never escapes the parse layer.
 */
export class NeedMoreData extends Error {
  constructor() {
    super('need more data');
  }
}

export type Token =
  | { readonly type: 'int' | 'real'; readonly value: number; readonly start: number; readonly end: number }
  | { readonly type: 'name'; readonly value: string; readonly start: number; readonly end: number }
  | { readonly type: 'string'; readonly value: PdfString; readonly start: number; readonly end: number }
  | { readonly type: 'keyword'; readonly value: string; readonly start: number; readonly end: number }
  | {
      readonly type: 'delim';
      readonly value: '[' | ']' | '<<' | '>>' | '{' | '}';
      readonly start: number;
      readonly end: number;
    }
  | { readonly type: 'eof'; readonly start: number; readonly end: number };

const MAX_TOKEN_LENGTH = 1024;

export interface LexerOptions {
  /** Absolute offset of `buffer[0]` in the source. */
  base?: number;
  /** True when the buffer ends where the data ends (EOF, or a fully decoded stream). */
  complete?: boolean;
  /** Attach absolute spans to strings (only meaningful when the buffer is a window of the file). */
  recordSpans?: boolean;
}

/** Tokenizer over a window of bytes (ISO 32000-1 §7.2–7.3). */
export class Lexer {
  readonly base: number;
  readonly complete: boolean;
  private readonly recordSpans: boolean;
  private pos = 0;

  constructor(
    readonly buffer: Buffer,
    options: LexerOptions = {},
  ) {
    this.base = options.base ?? 0;
    this.complete = options.complete ?? true;
    this.recordSpans = options.recordSpans ?? false;
  }

  /** Absolute position of the next byte to read. */
  get position(): number {
    return this.base + this.pos;
  }

  set position(absolute: number) {
    this.pos = absolute - this.base;
  }

  get atEnd(): boolean {
    return this.pos >= this.buffer.length;
  }

  private syntax(detail: string, at = this.position): PdfError {
    return new PdfError(PdfErrorCode.SYNTAX, { detail: `${detail} at offset ${at}`, offset: at });
  }

  /** End of window: a real end when complete, otherwise a request for a bigger window. */
  private endOfWindow(what: string): never {
    if (!this.complete) throw new NeedMoreData();
    throw new PdfError(PdfErrorCode.TRUNCATED, {
      detail: `${what} at offset ${this.position}`,
      offset: this.position,
    });
  }

  /** Skips whitespace and comments; returns false at the end of complete data. */
  skipWhitespace(): boolean {
    const buf = this.buffer;
    for (;;) {
      if (this.pos >= buf.length) {
        if (!this.complete) throw new NeedMoreData();
        return false;
      }
      const c = buf[this.pos];
      if (isWhitespace(c)) {
        this.pos++;
      } else if (c === Ch.PERCENT) {
        while (this.pos < buf.length && buf[this.pos] !== Ch.LF && buf[this.pos] !== Ch.CR) this.pos++;
      } else {
        return true;
      }
    }
  }

  /** The next byte without consuming it (after whitespace), or -1 at the end of complete data. */
  peekByte(): number {
    return this.skipWhitespace() ? this.buffer[this.pos] : -1;
  }

  /** Reads the next token. */
  next(): Token {
    if (!this.skipWhitespace()) return { type: 'eof', start: this.position, end: this.position };
    const buf = this.buffer;
    const startRel = this.pos;
    const start = this.base + startRel;
    const c = buf[startRel];
    switch (c) {
      case Ch.LBRACKET:
      case Ch.RBRACKET:
      case Ch.LBRACE:
      case Ch.RBRACE:
        this.pos++;
        return {
          type: 'delim',
          value: String.fromCharCode(c) as '[' | ']' | '{' | '}',
          start,
          end: start + 1,
        };
      case Ch.LT:
        if (startRel + 1 >= buf.length) this.endOfWindow('unterminated "<"');
        if (buf[startRel + 1] === Ch.LT) {
          this.pos += 2;
          return { type: 'delim', value: '<<', start, end: start + 2 };
        }
        return this.readHexString(start);
      case Ch.GT:
        if (startRel + 1 >= buf.length) this.endOfWindow('unterminated ">"');
        if (buf[startRel + 1] === Ch.GT) {
          this.pos += 2;
          return { type: 'delim', value: '>>', start, end: start + 2 };
        }
        throw this.syntax('unexpected ">"');
      case Ch.LPAREN:
        return this.readLiteralString(start);
      case Ch.RPAREN:
        throw this.syntax('unexpected ")"');
      case Ch.SLASH:
        return this.readName(start);
      default:
        return this.readRegular(start);
    }
  }

  private readRegular(start: number): Token {
    const buf = this.buffer;
    const from = this.pos;
    let i = from;
    while (i < buf.length && isRegular(buf[i])) {
      i++;
      if (i - from > MAX_TOKEN_LENGTH) throw this.syntax('token too long', start);
    }
    if (i >= buf.length && !this.complete) throw new NeedMoreData();
    this.pos = i;
    const end = this.base + i;
    const first = buf[from];
    // Unsigned integers (object numbers, generations, lengths, widths) are most of a PDF's tokens: read them
    // from the bytes, without making a string.
    if (first >= 0x30 && first <= 0x39 && i - from <= 15) {
      let value = 0;
      let k = from;
      for (; k < i; k++) {
        const d = buf[k] - 0x30;
        if (d < 0 || d > 9) break;
        value = value * 10 + d;
      }
      if (k === i) return { type: 'int', value, start, end };
    }
    const text = buf.toString('latin1', from, i);
    if ((first >= 0x30 && first <= 0x39) || first === 0x2b || first === 0x2d || first === 0x2e) {
      return this.numberToken(text, start, end);
    }
    return { type: 'keyword', value: text, start, end };
  }

  private numberToken(text: string, start: number, end: number): Token {
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) {
      // Some producers write "--5" or "5-"; readers treat those leniently but a signature layer should not guess.
      throw this.syntax(`malformed number "${text.slice(0, 40)}"`, start);
    }
    const value = Number(text);
    const isReal = text.includes('.');
    if (!Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER) {
      throw new PdfError(PdfErrorCode.NUMBER_OUT_OF_RANGE, {
        detail: `"${text.slice(0, 40)}" at offset ${start}`,
        offset: start,
      });
    }
    // `+ 0` turns -0 into 0.
    return { type: isReal ? 'real' : 'int', value: value + 0, start, end };
  }

  private readName(start: number): Token {
    const buf = this.buffer;
    const from = this.pos + 1;
    let stop = from;
    while (stop < buf.length && isRegular(buf[stop]) && buf[stop] !== Ch.HASH) stop++;
    if (stop - from <= MAX_TOKEN_LENGTH && (stop < buf.length ? buf[stop] !== Ch.HASH : this.complete)) {
      // No #xx escape (nearly every name): the bytes are the name.
      this.pos = stop;
      return { type: 'name', value: buf.toString('latin1', from, stop), start, end: this.base + stop };
    }
    let i = this.pos + 1;
    const bytes: number[] = [];
    while (i < buf.length && isRegular(buf[i])) {
      const c = buf[i];
      if (c === Ch.HASH && i + 2 < buf.length && hexValue(buf[i + 1]) >= 0 && hexValue(buf[i + 2]) >= 0) {
        bytes.push(hexValue(buf[i + 1]) * 16 + hexValue(buf[i + 2]));
        i += 3;
      } else {
        bytes.push(c);
        i++;
      }
      if (bytes.length > MAX_TOKEN_LENGTH) throw this.syntax('name too long', start);
    }
    if (i >= buf.length && !this.complete) throw new NeedMoreData();
    this.pos = i;
    return { type: 'name', value: Buffer.from(bytes).toString('latin1'), start, end: this.base + i };
  }

  /**
   * A hex string is decoded straight into its bytes: a signature's /Contents is tens of thousands of digits,
   * so this loop is the hottest part of reading a signed PDF.
   */
  private readHexString(start: number): Token {
    const buf = this.buffer;
    const from = this.pos + 1;
    const close = buf.indexOf(Ch.GT, from);
    if (close > from && (close - from) % 2 === 0) {
      // Fast path, native decoding: digits only, no whitespace (what signers write). Node stops at the first
      // pair that is not hex, so a full-length result proves the whole string was digits.
      const bytes = Buffer.from(buf.toString('latin1', from, close), 'hex');
      if (bytes.length * 2 === close - from) {
        this.pos = close + 1;
        const end = this.base + this.pos;
        return { type: 'string', value: new PdfString(bytes, true, this.span(start, end)), start, end };
      }
    }
    const stop = close < 0 ? buf.length : close;
    const bytes = Buffer.allocUnsafe((stop - from + 1) >> 1);
    let n = 0;
    let high = -1;
    for (let i = from; i < stop; i++) {
      const v = HEX_DIGIT[buf[i]];
      if (v >= 0) {
        if (high < 0) high = v;
        else {
          bytes[n++] = (high << 4) | v;
          high = -1;
        }
      } else if (v === -2) {
        throw this.syntax(`invalid character 0x${buf[i].toString(16)} in hex string`, this.base + i);
      }
    }
    if (close < 0) {
      this.pos = buf.length;
      this.endOfWindow('unterminated hex string');
    }
    // An odd final digit is completed with 0 (ISO 32000-1 §7.3.4.3).
    if (high >= 0) bytes[n++] = high << 4;
    this.pos = close + 1;
    const end = this.base + this.pos;
    const value = n === bytes.length ? bytes : bytes.subarray(0, n);
    return { type: 'string', value: new PdfString(value, true, this.span(start, end)), start, end };
  }

  private readLiteralString(start: number): Token {
    const buf = this.buffer;
    let i = this.pos + 1;
    let depth = 1;
    const out: number[] = [];
    const need = (): void => {
      if (i >= buf.length) {
        this.pos = i;
        this.endOfWindow('unterminated string');
      }
    };
    for (;;) {
      need();
      const c = buf[i++];
      if (c === Ch.LPAREN) {
        depth++;
        out.push(c);
      } else if (c === Ch.RPAREN) {
        if (--depth === 0) break;
        out.push(c);
      } else if (c === Ch.BACKSLASH) {
        need();
        const e = buf[i++];
        switch (e) {
          case 0x6e:
            out.push(0x0a);
            break; // \n
          case 0x72:
            out.push(0x0d);
            break; // \r
          case 0x74:
            out.push(0x09);
            break; // \t
          case 0x62:
            out.push(0x08);
            break; // \b
          case 0x66:
            out.push(0x0c);
            break; // \f
          case Ch.CR:
            // Backslash + end of line is a line continuation: nothing is added.
            if (i < buf.length && buf[i] === Ch.LF) i++;
            else if (i >= buf.length && !this.complete) throw new NeedMoreData();
            break;
          case Ch.LF:
            break;
          default:
            if (e >= 0x30 && e <= 0x37) {
              let v = e - 0x30;
              for (let k = 0; k < 2; k++) {
                if (i >= buf.length && !this.complete) throw new NeedMoreData();
                if (i < buf.length && buf[i] >= 0x30 && buf[i] <= 0x37) v = v * 8 + (buf[i++] - 0x30);
                else break;
              }
              out.push(v & 0xff);
            } else {
              // Unknown escapes (including \( \) \\) stand for the character itself.
              out.push(e);
            }
        }
      } else if (c === Ch.CR) {
        // An unescaped end of line inside a string reads as a single LF (§7.3.4.2).
        if (i >= buf.length && !this.complete) throw new NeedMoreData();
        if (i < buf.length && buf[i] === Ch.LF) i++;
        out.push(Ch.LF);
      } else {
        out.push(c);
      }
    }
    this.pos = i;
    const end = this.base + i;
    return {
      type: 'string',
      value: new PdfString(Buffer.from(out), false, this.span(start, end)),
      start,
      end,
    };
  }

  private span(start: number, end: number): { start: number; end: number } | undefined {
    return this.recordSpans ? { start, end } : undefined;
  }

  /**
   * After the `stream` keyword: skips the single end-of-line that precedes the data (CRLF or LF;
   * a lone CR is tolerated) and returns the absolute offset of the first data byte.
   */
  consumeStreamEol(): number {
    const buf = this.buffer;
    if (this.pos + 2 > buf.length && !this.complete) throw new NeedMoreData();
    // Tolerate spaces some writers put between `stream` and the EOL.
    while (this.pos < buf.length && buf[this.pos] === Ch.SPACE) this.pos++;
    if (buf[this.pos] === Ch.CR) {
      this.pos++;
      if (buf[this.pos] === Ch.LF) this.pos++;
    } else if (buf[this.pos] === Ch.LF) {
      this.pos++;
    }
    return this.position;
  }

  /** True if `keyword` starts at the current position (after whitespace) followed by a non-regular byte. */
  lookingAt(keyword: string): boolean {
    if (!this.skipWhitespace()) return false;
    const buf = this.buffer;
    const end = this.pos + keyword.length;
    if (end > buf.length) {
      if (!this.complete) throw new NeedMoreData();
      return false;
    }
    if (buf.toString('latin1', this.pos, end) !== keyword) return false;
    if (end === buf.length) {
      if (!this.complete) throw new NeedMoreData();
      return true;
    }
    return !isRegular(buf[end]);
  }
}
