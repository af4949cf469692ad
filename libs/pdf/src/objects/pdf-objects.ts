/**
 * The PDF object model. Integers and reals are JS numbers, booleans and null are themselves, arrays are
 * JS arrays; names, strings, references, dictionaries and streams are small classes.
 */
export type PdfObject =
  null | boolean | number | PdfName | PdfString | PdfRef | PdfArray | PdfDict | PdfStream | PdfPlaceholder;

export type PdfArray = PdfObject[];

/** Absolute byte span [start, end) of a token in the file; `end` is exclusive. */
export interface ByteSpan {
  readonly start: number;
  readonly end: number;
}

export class PdfName {
  /** The decoded name (without the slash, `#xx` already resolved), one char per byte (latin1). */
  constructor(readonly value: string) {}

  is(value: string): boolean {
    return this.value === value;
  }

  toString(): string {
    return `/${this.value}`;
  }
}

export function pdfName(value: string): PdfName {
  return new PdfName(value);
}

export class PdfString {
  constructor(
    readonly bytes: Buffer,
    /** Written as `<hex>` rather than `(literal)`. */
    readonly hex = false,
    /** Where the string sits in the file, for strings parsed directly from file bytes. */
    readonly span?: ByteSpan,
  ) {}

  static latin1(text: string): PdfString {
    return new PdfString(Buffer.from(text, 'latin1'));
  }
}

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen = 0,
  ) {}

  get key(): string {
    return `${this.num} ${this.gen}`;
  }

  equals(other: PdfRef): boolean {
    return other.num === this.num && other.gen === this.gen;
  }

  toString(): string {
    return `${this.num} ${this.gen} R`;
  }
}

/** An ordered dictionary (insertion order is kept so rewritten objects stay recognisable). */
export class PdfDict {
  private readonly entries_ = new Map<string, PdfObject>();

  constructor(entries?: Iterable<[string, PdfObject]> | Record<string, PdfObject | undefined>) {
    if (!entries) return;
    const iterable =
      Symbol.iterator in entries
        ? (entries as Iterable<[string, PdfObject]>)
        : Object.entries(entries as Record<string, PdfObject | undefined>);
    for (const [key, value] of iterable) if (value !== undefined) this.entries_.set(key, value);
  }

  get size(): number {
    return this.entries_.size;
  }

  get(key: string): PdfObject | undefined {
    return this.entries_.get(key);
  }

  has(key: string): boolean {
    return this.entries_.has(key);
  }

  set(key: string, value: PdfObject): this {
    this.entries_.set(key, value);
    return this;
  }

  delete(key: string): boolean {
    return this.entries_.delete(key);
  }

  keys(): IterableIterator<string> {
    return this.entries_.keys();
  }

  entries(): IterableIterator<[string, PdfObject]> {
    return this.entries_.entries();
  }

  /** Shallow copy: values are shared, so change a copy only by `set`-ing new values. */
  clone(): PdfDict {
    return new PdfDict(this.entries_.entries());
  }

  getName(key: string): string | undefined {
    const v = this.entries_.get(key);
    return v instanceof PdfName ? v.value : undefined;
  }

  getNumber(key: string): number | undefined {
    const v = this.entries_.get(key);
    return typeof v === 'number' ? v : undefined;
  }

  getRef(key: string): PdfRef | undefined {
    const v = this.entries_.get(key);
    return v instanceof PdfRef ? v : undefined;
  }

  getString(key: string): PdfString | undefined {
    const v = this.entries_.get(key);
    return v instanceof PdfString ? v : undefined;
  }

  getArray(key: string): PdfArray | undefined {
    const v = this.entries_.get(key);
    return Array.isArray(v) ? v : undefined;
  }

  getDict(key: string): PdfDict | undefined {
    const v = this.entries_.get(key);
    return v instanceof PdfDict ? v : undefined;
  }
}

/** Where a parsed stream's encoded bytes live in the source. */
export interface StreamLocation {
  readonly offset: number;
  readonly length: number;
}

/**
 * A stream: its dictionary plus either encoded bytes in memory (`data`, for streams we create or that
 * come from a decoded object stream) or a location in the source (for streams parsed from the file, so
 * large images are never read unless asked for).
 */
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    readonly data?: Buffer,
    readonly location?: StreamLocation,
  ) {}
}

/**
 * Fixed-width holes written by the incremental writer and patched after layout: the /Contents hex
 * string (`<00…00>`) and the /ByteRange array. Their offsets are reported in the write result.
 */
export class PdfPlaceholder {
  constructor(
    readonly kind: 'contents' | 'byte-range',
    /** For 'contents': bytes reserved (the hex string has twice as many digits). */
    readonly byteLength = 0,
  ) {}
}

export function isDict(value: PdfObject | undefined): value is PdfDict {
  return value instanceof PdfDict;
}

export function isName(value: PdfObject | undefined, expected?: string): value is PdfName {
  return value instanceof PdfName && (expected === undefined || value.value === expected);
}

export function isRef(value: PdfObject | undefined): value is PdfRef {
  return value instanceof PdfRef;
}

export function isStream(value: PdfObject | undefined): value is PdfStream {
  return value instanceof PdfStream;
}

/** The dictionary of a dict or a stream. */
export function dictOf(value: PdfObject | undefined): PdfDict | undefined {
  if (value instanceof PdfDict) return value;
  if (value instanceof PdfStream) return value.dict;
  return undefined;
}
