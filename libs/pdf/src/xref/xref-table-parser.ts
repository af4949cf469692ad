import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import type { ByteSource } from '../io/byte-source';
import { PdfDict } from '../objects/pdf-objects';
import { isRegular } from '../parse/char-classes';
import { Lexer, NeedMoreData } from '../parse/lexer';
import { ObjectParser } from '../parse/object-parser';
import type { ParseLimits } from '../parse/parse-limits';
import type { XrefEntry } from './xref-entry';

export interface ParsedXrefTable {
  readonly entries: Map<number, XrefEntry>;
  readonly trailer: PdfDict;
  readonly end: number;
}

const WINDOW = 64 * 1024;

/**
 * Parses a classic `xref` table and its trailer. Entries are read as tokens rather than fixed 20-byte
 * records, so the whitespace variants writers produce (" \n", "\r\n", "\n", missing EOL) all work.
 * The table is read in windows: a million-object table never needs one large read.
 */
export async function parseXrefTable(
  source: ByteSource,
  offset: number,
  limits: ParseLimits,
): Promise<ParsedXrefTable> {
  const entries = new Map<number, XrefEntry>();
  const state = {
    phase: 'header' as 'header' | 'section' | 'entries' | 'trailer',
    safe: offset,
    next: 0,
    left: 0,
  };
  let firstInSection = false;
  let trailer: PdfDict | undefined;
  let end = offset;
  let windowSize = WINDOW;
  let lastSafe = -1;

  const invalid = (detail: string, at: number): PdfError =>
    new PdfError(PdfErrorCode.XREF_INVALID, { detail: `${detail} at offset ${at}`, offset: at });

  const step = (lexer: Lexer): boolean => {
    for (;;) {
      switch (state.phase) {
        case 'header': {
          const t = lexer.next();
          if (t.type !== 'keyword' || t.value !== 'xref') throw invalid('"xref" expected', t.start);
          state.phase = 'section';
          break;
        }
        case 'section': {
          if (lexer.lookingAt('trailer')) {
            state.phase = 'trailer';
            break;
          }
          const a = lexer.next();
          const b = lexer.next();
          if (a.type !== 'int' || b.type !== 'int' || a.value < 0 || b.value < 0) {
            throw invalid('subsection header expected', a.start);
          }
          if (a.value + b.value > limits.maxObjectNumber)
            throw invalid('object numbers out of range', a.start);
          state.next = a.value;
          state.left = b.value;
          firstInSection = true;
          state.phase = b.value > 0 ? 'entries' : 'section';
          break;
        }
        case 'entries': {
          // A table that declares more entries than it has runs into the next header or the trailer.
          if (lexer.lookingAt('trailer')) {
            state.phase = 'trailer';
            break;
          }
          const fixed = readStandardEntry(lexer);
          const o = fixed?.offset ?? lexer.next();
          const g = fixed?.gen ?? lexer.next();
          const k = fixed?.kind ?? lexer.next();
          if (
            o.type !== 'int' ||
            g.type !== 'int' ||
            k.type !== 'keyword' ||
            (k.value !== 'n' && k.value !== 'f')
          ) {
            throw invalid('xref entry expected', o.start);
          }
          // Known writer bug: the first subsection says "1 N" but starts with object 0's free entry.
          if (firstInSection && state.next === 1 && k.value === 'f' && g.value === 65535 && o.value === 0) {
            state.next = 0;
          }
          firstInSection = false;
          if (!entries.has(state.next)) {
            const free = k.value === 'f' || o.value === 0;
            entries.set(
              state.next,
              free ? { type: 'free', gen: g.value } : { type: 'offset', offset: o.value, gen: g.value },
            );
          }
          state.next++;
          if (--state.left === 0) state.phase = 'section';
          break;
        }
        case 'trailer': {
          const t = lexer.next();
          if (t.type !== 'keyword' || t.value !== 'trailer') throw invalid('"trailer" expected', t.start);
          const dict = new ObjectParser(lexer, limits).parseObject();
          if (!(dict instanceof PdfDict)) throw invalid('trailer is not a dictionary', t.start);
          trailer = dict;
          end = lexer.position;
          return true;
        }
      }
      state.safe = lexer.position;
    }
  };

  for (;;) {
    const pos = state.safe;
    if (pos >= source.size) throw new PdfError(PdfErrorCode.TRUNCATED, { detail: `xref table at ${offset}` });
    // Grow the window only when a single unit (e.g. the trailer) did not fit; otherwise slide it.
    windowSize = pos === lastSafe ? windowSize * 4 : WINDOW;
    if (windowSize > limits.maxObjectBytes) throw invalid('xref unit too large', pos);
    lastSafe = pos;
    const window = await source.read(pos, windowSize);
    const lexer = new Lexer(window, { base: pos, complete: pos + window.length >= source.size });
    try {
      if (step(lexer)) break;
    } catch (error) {
      if (!(error instanceof NeedMoreData)) throw error;
    }
  }
  return { entries, trailer: trailer as PdfDict, end };
}

type EntryToken =
  | { readonly type: 'int'; readonly value: number; readonly start: number }
  | { readonly type: 'keyword'; readonly value: string; readonly start: number };

/**
 * Fast path for the standard `nnnnnnnnnn ggggg n` layout (almost every table): reads the 18 bytes directly
 * instead of three tokens. Anything else falls back to the tokenizer.
 */
function readStandardEntry(
  lexer: Lexer,
): { offset: EntryToken; gen: EntryToken; kind: EntryToken } | undefined {
  if (!lexer.skipWhitespace()) return undefined;
  const buf = lexer.buffer;
  const at = lexer.position - lexer.base;
  if (at + 19 > buf.length) return undefined;
  let offset = 0;
  let gen = 0;
  for (let i = 0; i < 10; i++) {
    const c = buf[at + i] - 0x30;
    if (c < 0 || c > 9) return undefined;
    offset = offset * 10 + c;
  }
  for (let i = 11; i < 16; i++) {
    const c = buf[at + i] - 0x30;
    if (c < 0 || c > 9) return undefined;
    gen = gen * 10 + c;
  }
  const kind = buf[at + 17];
  if (
    buf[at + 10] !== 0x20 ||
    buf[at + 16] !== 0x20 ||
    (kind !== 0x6e && kind !== 0x66) ||
    isRegular(buf[at + 18])
  ) {
    return undefined;
  }
  const start = lexer.position;
  lexer.position = start + 18;
  return {
    offset: { type: 'int', value: offset, start },
    gen: { type: 'int', value: gen, start: start + 11 },
    kind: { type: 'keyword', value: kind === 0x6e ? 'n' : 'f', start: start + 17 },
  };
}
