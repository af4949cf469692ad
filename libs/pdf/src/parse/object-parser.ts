import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import { PdfDict, PdfName, PdfObject, PdfRef } from '../objects/pdf-objects';
import { Lexer, Token } from './lexer';
import { DEFAULT_PARSE_LIMITS, ParseLimits } from './parse-limits';

/** `N G obj <value>` as found in the file; for streams the data has not been read yet. */
export interface ParsedIndirectObject {
  readonly num: number;
  readonly gen: number;
  /** Offset of the first digit of `N G obj`. */
  readonly headerOffset: number;
  readonly value: PdfObject;
  /** For a stream: absolute offset of its first data byte (after `stream` and its end-of-line). */
  readonly streamDataOffset?: number;
}

/** Builds PDF objects from tokens (ISO 32000-1 §7.3), bounded by {@link ParseLimits}. */
export class ObjectParser {
  constructor(
    readonly lexer: Lexer,
    private readonly limits: ParseLimits = DEFAULT_PARSE_LIMITS,
  ) {}

  private syntax(detail: string, at: number): PdfError {
    return new PdfError(PdfErrorCode.SYNTAX, { detail: `${detail} at offset ${at}`, offset: at });
  }

  /** Parses one direct object (an `int int R` triple becomes a reference). */
  parseObject(): PdfObject {
    const token = this.lexer.next();
    if (token.type === 'eof') {
      throw new PdfError(PdfErrorCode.TRUNCATED, { detail: `object expected at offset ${token.start}` });
    }
    return this.parseValue(token, 0);
  }

  private parseValue(token: Token, depth: number): PdfObject {
    switch (token.type) {
      case 'int':
        return this.intOrRef(token.value);
      case 'real':
        return token.value;
      case 'name':
        return new PdfName(token.value);
      case 'string':
        return token.value;
      case 'keyword':
        if (token.value === 'true') return true;
        if (token.value === 'false') return false;
        if (token.value === 'null') return null;
        throw this.syntax(`unexpected keyword "${token.value.slice(0, 40)}"`, token.start);
      case 'delim':
        if (token.value === '[') return this.parseArray(depth + 1, token.start);
        if (token.value === '<<') return this.parseDict(depth + 1, token.start);
        throw this.syntax(`unexpected "${token.value}"`, token.start);
      case 'eof':
        throw new PdfError(PdfErrorCode.TRUNCATED, { detail: `object expected at offset ${token.start}` });
    }
  }

  private intOrRef(value: number): PdfObject {
    const lexer = this.lexer;
    const save = lexer.position;
    const second = lexer.next();
    if (second.type === 'int') {
      const third = lexer.next();
      if (third.type === 'keyword' && third.value === 'R') {
        if (value < 0 || second.value < 0 || second.value > 65535) {
          throw this.syntax(`invalid reference ${value} ${second.value} R`, third.start);
        }
        return new PdfRef(value, second.value);
      }
    }
    lexer.position = save;
    return value;
  }

  private checkDepth(depth: number, at: number): void {
    if (depth > this.limits.maxNestingDepth) {
      throw new PdfError(PdfErrorCode.NESTING_TOO_DEEP, {
        detail: `more than ${this.limits.maxNestingDepth} levels at offset ${at}`,
        offset: at,
      });
    }
  }

  private parseArray(depth: number, start: number): PdfObject[] {
    this.checkDepth(depth, start);
    const out: PdfObject[] = [];
    for (;;) {
      const token = this.lexer.next();
      if (token.type === 'delim' && token.value === ']') return out;
      if (token.type === 'eof') throw new PdfError(PdfErrorCode.TRUNCATED, { detail: `array from ${start}` });
      out.push(this.parseValue(token, depth));
    }
  }

  private parseDict(depth: number, start: number): PdfDict {
    this.checkDepth(depth, start);
    const dict = new PdfDict();
    for (;;) {
      const key = this.lexer.next();
      if (key.type === 'delim' && key.value === '>>') return dict;
      if (key.type === 'eof')
        throw new PdfError(PdfErrorCode.TRUNCATED, { detail: `dictionary from ${start}` });
      if (key.type !== 'name') throw this.syntax('dictionary key must be a name', key.start);
      const valueToken = this.lexer.next();
      // A key directly followed by ">>" has no value; treat it as absent, as other readers do.
      if (valueToken.type === 'delim' && valueToken.value === '>>') return dict;
      const value = this.parseValue(valueToken, depth);
      // A null value is equivalent to the entry being absent (§7.3.7).
      if (value === null) dict.delete(key.value);
      else dict.set(key.value, value);
    }
  }

  /** Parses `N G obj value [stream|endobj]` at the lexer's position. */
  parseIndirectObject(): ParsedIndirectObject {
    const lexer = this.lexer;
    const numToken = lexer.next();
    const genToken = lexer.next();
    const objToken = lexer.next();
    if (
      numToken.type !== 'int' ||
      genToken.type !== 'int' ||
      objToken.type !== 'keyword' ||
      objToken.value !== 'obj'
    ) {
      throw this.syntax('"N G obj" expected', numToken.start);
    }
    const headerOffset = numToken.start;
    if (lexer.lookingAt('endobj')) {
      lexer.next();
      return { num: numToken.value, gen: genToken.value, headerOffset, value: null };
    }
    const value = this.parseObject();
    if (value instanceof PdfDict && lexer.lookingAt('stream')) {
      lexer.next();
      const streamDataOffset = lexer.consumeStreamEol();
      return { num: numToken.value, gen: genToken.value, headerOffset, value, streamDataOffset };
    }
    // `endobj` is expected here; files that omit it are still readable, so its absence is not an error.
    return { num: numToken.value, gen: genToken.value, headerOffset, value };
  }
}
