import { describe, expect, it } from 'vitest';
import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import { PdfDict, PdfName, PdfObject, PdfRef, PdfString } from '../objects/pdf-objects';
import { Lexer, NeedMoreData } from './lexer';
import { ObjectParser } from './object-parser';

const parse = (text: string | Buffer): PdfObject =>
  new ObjectParser(new Lexer(typeof text === 'string' ? Buffer.from(text, 'latin1') : text)).parseObject();

const errorCode = (fn: () => unknown): PdfErrorCode | undefined => {
  try {
    fn();
  } catch (error) {
    if (error instanceof PdfError) return error.code;
    throw error;
  }
  return undefined;
};

describe('object parser: known answers', () => {
  it('reads null, booleans, integers and reals', () => {
    expect(parse('null')).toBeNull();
    expect(parse('true')).toBe(true);
    expect(parse('false')).toBe(false);
    expect(parse('123')).toBe(123);
    expect(parse('-17')).toBe(-17);
    expect(parse('+17')).toBe(17);
    expect(parse('34.5')).toBe(34.5);
    expect(parse('-.002')).toBe(-0.002);
    expect(parse('4.')).toBe(4);
    expect(parse('007')).toBe(7);
    expect(parse('123456789012345')).toBe(123456789012345);
    expect(parse('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(errorCode(() => parse('9007199254740993'))).toBe(PdfErrorCode.NUMBER_OUT_OF_RANGE);
    expect(errorCode(() => parse('12abc'))).toBe(PdfErrorCode.SYNTAX);
  });

  it('reads names with and without #xx escapes, and asks for more data at a window edge', () => {
    expect((parse('/Type') as PdfName).value).toBe('Type');
    expect((parse('/ ') as PdfName).value).toBe('');
    expect((parse('<< /A#42 1 >>') as PdfDict).get('AB')).toBe(1);
    expect(() => new ObjectParser(new Lexer(Buffer.from('/Typ'), { complete: false })).parseObject()).toThrow(
      NeedMoreData,
    );
  });

  it('reads literal strings with every escape, nesting and line continuation', () => {
    const s = parse('(a\\n\\r\\t\\b\\f\\(\\)\\\\ (nested) \\053\\53\\0053 \\\r\nend\\q)') as PdfString;
    expect(s).toBeInstanceOf(PdfString);
    expect(s.bytes.toString('latin1')).toBe('a\n\r\t\b\f()\\ (nested) ++\u00053 endq');
  });

  it('normalises unescaped CR and CRLF in literal strings to LF', () => {
    expect((parse('(x\r\ny\rz)') as PdfString).bytes.toString('latin1')).toBe('x\ny\nz');
  });

  it('reads hex strings, with whitespace and an odd final digit', () => {
    const s = parse('<48 65 6C6c 6F7>') as PdfString;
    expect(s.hex).toBe(true);
    expect(s.bytes).toEqual(Buffer.from('48656c6c6f70', 'hex'));
    expect((parse('<>') as PdfString).bytes.length).toBe(0);
  });

  it('decodes long hex strings (a signature /Contents) the same with and without whitespace', () => {
    const bytes = Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 131) & 0xff));
    const plain = bytes.toString('hex');
    const spaced = plain.replace(/(.{64})/g, '$1\n ');
    expect((parse(`<${plain}>`) as PdfString).bytes.equals(bytes)).toBe(true);
    expect((parse(`<${plain.toUpperCase()}>`) as PdfString).bytes.equals(bytes)).toBe(true);
    expect((parse(`<${spaced}>`) as PdfString).bytes.equals(bytes)).toBe(true);
    // An invalid digit late in an even-length string is still refused.
    expect(errorCode(() => parse(`<${plain.slice(0, -2)}0g>`))).toBe(PdfErrorCode.SYNTAX);
  });

  it('decodes #xx in names', () => {
    expect((parse('/A#20B#2f#23') as PdfName).value).toBe('A B/#');
    expect((parse('/ETSI.CAdES.detached') as PdfName).value).toBe('ETSI.CAdES.detached');
  });

  it('reads arrays, dictionaries and references', () => {
    const d = parse(
      '<< /Type /Sig /ByteRange [0 10 20 30] /V 12 0 R /Nested << /A [1 2 0 R (x)] >> >>',
    ) as PdfDict;
    expect(d.getName('Type')).toBe('Sig');
    expect(d.getArray('ByteRange')).toEqual([0, 10, 20, 30]);
    expect(d.get('V')).toEqual(new PdfRef(12, 0));
    const inner = d.getDict('Nested')?.getArray('A') as PdfObject[];
    expect(inner[0]).toBe(1);
    expect(inner[1]).toEqual(new PdfRef(2, 0));
  });

  it('keeps two integers that are not a reference as integers', () => {
    expect(parse('[1 2 3 R 4 5]')).toEqual([1, new PdfRef(2, 3), 4, 5]);
  });

  it('skips comments', () => {
    expect(parse('% comment\n[1 % two\n 3]')).toEqual([1, 3]);
  });

  it('drops null-valued dictionary entries (equivalent to absent)', () => {
    expect((parse('<< /A null /B 1 >>') as PdfDict).has('A')).toBe(false);
  });

  it('records absolute spans of strings when asked', () => {
    const lexer = new Lexer(Buffer.from('<< /Contents <00AA> >>'), { base: 1000, recordSpans: true });
    const d = new ObjectParser(lexer).parseObject() as PdfDict;
    expect(d.getString('Contents')?.span).toEqual({ start: 1013, end: 1019 });
  });

  it('asks for more data instead of failing at the end of an incomplete window', () => {
    const lexer = new Lexer(Buffer.from('<< /A [1 2'), { complete: false });
    expect(() => new ObjectParser(lexer).parseObject()).toThrow(NeedMoreData);
  });
});

describe('object parser: hostile input', () => {
  it('rejects deep nesting with NESTING_TOO_DEEP, quickly', () => {
    const started = Date.now();
    expect(errorCode(() => parse('['.repeat(100_000)))).toBe(PdfErrorCode.NESTING_TOO_DEEP);
    expect(errorCode(() => parse('<< /A '.repeat(10_000)))).toBe(PdfErrorCode.NESTING_TOO_DEEP);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('rejects numbers out of range', () => {
    expect(errorCode(() => parse('99999999999999999999999'))).toBe(PdfErrorCode.NUMBER_OUT_OF_RANGE);
    expect(errorCode(() => parse(`1${'0'.repeat(400)}.5`))).toBe(PdfErrorCode.NUMBER_OUT_OF_RANGE);
  });

  it('rejects malformed numbers and stray delimiters', () => {
    expect(errorCode(() => parse('1.2.3'))).toBe(PdfErrorCode.SYNTAX);
    expect(errorCode(() => parse(')'))).toBe(PdfErrorCode.SYNTAX);
    expect(errorCode(() => parse('<< 1 2 >>'))).toBe(PdfErrorCode.SYNTAX);
    expect(errorCode(() => parse('<zz>'))).toBe(PdfErrorCode.SYNTAX);
  });

  it('reports truncated objects as TRUNCATED', () => {
    expect(errorCode(() => parse('(unterminated'))).toBe(PdfErrorCode.TRUNCATED);
    expect(errorCode(() => parse('<< /A 1'))).toBe(PdfErrorCode.TRUNCATED);
    expect(errorCode(() => parse('[1 2'))).toBe(PdfErrorCode.TRUNCATED);
  });

  it('rejects tokens of unbounded length', () => {
    expect(errorCode(() => parse('A'.repeat(100_000)))).toBe(PdfErrorCode.SYNTAX);
  });
});
