import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import type { PdfDict, PdfObject } from '../objects/pdf-objects';
import { Lexer } from '../parse/lexer';
import { ObjectParser } from '../parse/object-parser';
import type { ParseLimits } from '../parse/parse-limits';

/** A decoded object stream (/Type /ObjStm, ISO 32000-1 §7.5.7): its index and data. */
export class ObjectStream {
  private constructor(
    readonly numbers: readonly number[],
    private readonly offsets: readonly number[],
    private readonly data: Buffer,
    private readonly first: number,
    private readonly limits: ParseLimits,
  ) {}

  static parse(dict: PdfDict, data: Buffer, limits: ParseLimits): ObjectStream {
    const n = dict.getNumber('N');
    const first = dict.getNumber('First');
    if (n === undefined || first === undefined || n < 0 || first < 0 || first > data.length) {
      throw new PdfError(PdfErrorCode.INVALID_STRUCTURE, { detail: 'object stream /N or /First invalid' });
    }
    const lexer = new Lexer(data.subarray(0, first));
    const numbers: number[] = [];
    const offsets: number[] = [];
    for (let i = 0; i < n; i++) {
      const num = lexer.next();
      const off = lexer.next();
      if (num.type !== 'int' || off.type !== 'int' || off.value < 0) {
        throw new PdfError(PdfErrorCode.INVALID_STRUCTURE, { detail: `object stream index entry ${i}` });
      }
      numbers.push(num.value);
      offsets.push(off.value);
    }
    return new ObjectStream(numbers, offsets, data, first, limits);
  }

  get count(): number {
    return this.numbers.length;
  }

  /** The object at `index`, checked against the expected number (searching the index if they differ). */
  objectAt(index: number, expectedNum?: number): PdfObject | undefined {
    let i = index;
    if (expectedNum !== undefined && this.numbers[i] !== expectedNum) i = this.numbers.indexOf(expectedNum);
    if (i < 0 || i >= this.numbers.length) return undefined;
    const start = this.first + this.offsets[i];
    // Bound the object by the next one's start so lookahead never reads a neighbour's tokens.
    const next = i + 1 < this.offsets.length ? this.first + this.offsets[i + 1] : this.data.length;
    const end = next > start ? Math.min(next, this.data.length) : this.data.length;
    if (start >= this.data.length) {
      throw new PdfError(PdfErrorCode.INVALID_STRUCTURE, { detail: `object stream offset ${start}` });
    }
    return new ObjectParser(new Lexer(this.data.subarray(start, end)), this.limits).parseObject();
  }
}
