import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import type { PdfWarning } from '../errors/pdf-warning';
import { decodeStreamData } from '../filters/stream-decoder';
import { BufferByteSource, ByteSource, PrefixByteSource } from '../io/byte-source';
import { PdfArray, PdfDict, PdfObject, PdfRef, PdfStream } from '../objects/pdf-objects';
import { measureStreamData, readIndirectObjectAt } from '../parse/indirect-object-reader';
import { DEFAULT_PARSE_LIMITS, ParseLimits } from '../parse/parse-limits';
import { buildRevisions, PdfRevision } from '../xref/pdf-revision';
import { findStartXref, loadXrefChain } from '../xref/xref-chain-loader';
import type { XrefEntry, XrefSection } from '../xref/xref-entry';
import { rebuildRevision } from '../xref/xref-rebuilder';
import { ObjectStream } from '../xref/object-stream';

export interface PdfReaderOptions {
  /**
   * Rebuild the cross-reference data by scanning for `N G obj` when it is unusable. The result is
   * flagged (`repaired`); never sign on top of a repaired file without telling the user.
   */
  repair?: boolean;
  /** Open encrypted files anyway (structure inspection only: strings stay encrypted). */
  allowEncrypted?: boolean;
  limits?: Partial<ParseLimits>;
}

/** State shared by every revision view of one file. */
interface ReaderCore {
  readonly source: ByteSource;
  readonly limits: ParseLimits;
  readonly revisions: readonly PdfRevision[];
  readonly warnings: PdfWarning[];
  readonly repaired: boolean;
  /** Parsed objects keyed by where they live, so all revision views share them. */
  readonly objects: Map<string, PdfObject>;
  readonly objectStreams: Map<string, ObjectStream>;
}

const OBJECT_STREAM_CACHE = 16;

/**
 * Read access to a PDF, bound to one revision ("the document as of revision N"). Objects are parsed
 * on demand from the byte source; stream data is read only when asked for.
 */
export class PdfReader {
  private readonly view: ByteSource;

  private constructor(
    private readonly core: ReaderCore,
    readonly revision: PdfRevision,
  ) {
    const isLatest = revision.index === core.revisions.length - 1;
    this.view = isLatest ? core.source : new PrefixByteSource(core.source, revision.endOffset);
  }

  static async open(input: ByteSource | Uint8Array, options: PdfReaderOptions = {}): Promise<PdfReader> {
    const source = input instanceof Uint8Array ? new BufferByteSource(input) : input;
    const limits = { ...DEFAULT_PARSE_LIMITS, ...options.limits };
    const warnings: PdfWarning[] = [];
    await checkHeader(source, warnings);

    let revisions: PdfRevision[];
    let repaired = false;
    try {
      const start = await findStartXref(source);
      const sections = await loadXrefChain(source, start, limits, warnings);
      revisions = await buildRevisions(source, sections, warnings);
    } catch (error) {
      if (!options.repair || !(error instanceof PdfError)) throw error;
      revisions = [await rebuildRevision(source, limits, warnings, error)];
      repaired = true;
    }

    const core: ReaderCore = {
      source,
      limits,
      revisions,
      warnings,
      repaired,
      objects: new Map(),
      objectStreams: new Map(),
    };
    const reader = new PdfReader(core, revisions[revisions.length - 1]);
    if (reader.trailer.has('Encrypt') && !options.allowEncrypted) throw new PdfError(PdfErrorCode.ENCRYPTED);
    return reader;
  }

  /** The bytes of the document as of this revision (a prefix of the file for older revisions). */
  get source(): ByteSource {
    return this.view;
  }

  /** The whole file, whatever revision this view is bound to. */
  get fileSource(): ByteSource {
    return this.core.source;
  }

  get revisions(): readonly PdfRevision[] {
    return this.core.revisions;
  }

  get isLatest(): boolean {
    return this.revision.index === this.core.revisions.length - 1;
  }

  get trailer(): PdfDict {
    return this.revision.trailer;
  }

  get repaired(): boolean {
    return this.core.repaired;
  }

  get warnings(): readonly PdfWarning[] {
    return this.core.warnings;
  }

  get limits(): ParseLimits {
    return this.core.limits;
  }

  get isEncrypted(): boolean {
    return this.trailer.has('Encrypt');
  }

  /** A view of the document as it was at the end of revision `index` (0 = original). */
  atRevision(index: number): PdfReader {
    const revision = this.core.revisions[index];
    if (!revision) {
      throw new PdfError(PdfErrorCode.INVALID_ARGUMENT, {
        detail: `revision ${index} of ${this.core.revisions.length}`,
      });
    }
    return new PdfReader(this.core, revision);
  }

  /** The entry for an object in this revision (newest section first), or undefined. */
  xrefEntry(num: number): XrefEntry | undefined {
    for (let r = this.revision.index; r >= 0; r--) {
      const sections = this.core.revisions[r].sections;
      for (let s = sections.length - 1; s >= 0; s--) {
        const entry = sections[s].entries.get(num);
        if (entry) return entry;
      }
    }
    return undefined;
  }

  /** Every object number with an in-use entry in this revision. */
  objectNumbers(): number[] {
    const seen = new Map<number, XrefEntry>();
    for (let r = this.revision.index; r >= 0; r--) {
      const sections: readonly XrefSection[] = this.core.revisions[r].sections;
      for (let s = sections.length - 1; s >= 0; s--) {
        for (const [num, entry] of sections[s].entries) if (!seen.has(num)) seen.set(num, entry);
      }
    }
    return [...seen].filter(([, e]) => e.type !== 'free').map(([n]) => n);
  }

  /** The object number the next new object should get (the trailer's /Size, or higher if it lies). */
  get nextObjectNumber(): number {
    let max = this.trailer.getNumber('Size') ?? 0;
    for (let r = this.revision.index; r >= 0; r--) {
      for (const section of this.core.revisions[r].sections) {
        for (const num of section.entries.keys()) if (num + 1 > max) max = num + 1;
      }
    }
    return max;
  }

  /** Loads an indirect object; free or missing objects are `null` (ISO 32000-1 §7.3.10). */
  async getObject(ref: PdfRef | number): Promise<PdfObject> {
    const num = typeof ref === 'number' ? ref : ref.num;
    const gen = typeof ref === 'number' ? undefined : ref.gen;
    return this.loadObject(num, gen, []);
  }

  /** Follows references until a direct object. */
  async resolve(value: PdfObject | undefined): Promise<PdfObject> {
    let current: PdfObject | undefined = value;
    for (let hops = 0; current instanceof PdfRef; hops++) {
      if (hops >= this.core.limits.maxResolveDepth) {
        throw new PdfError(PdfErrorCode.REFERENCE_CYCLE, { detail: `reference chain at ${current.key}` });
      }
      // Objects already parsed are taken as they are: walking a document resolves each of them many times, and
      // the chain of async loaders costs more than the lookup.
      const parsed = this.parsedObject(current);
      current = parsed !== undefined ? parsed : await this.getObject(current);
    }
    return current === undefined ? null : current;
  }

  /**
   * What `ref` resolves to in this revision when that object was already parsed (the same answer getObject
   * gives), or undefined when it must be loaded.
   */
  private parsedObject(ref: PdfRef): PdfObject | undefined {
    const entry = this.xrefEntry(ref.num);
    if (!entry || entry.type === 'free') return null;
    if (entry.type === 'offset') {
      if (entry.gen !== ref.gen) return null;
      return this.core.objects.get(offsetKey(entry.offset));
    }
    return this.core.objects.get(
      compressedKey(this.objectStreamLocation(entry.streamNum), entry.index, ref.num),
    );
  }

  /** Where an object stream is, as the caches name it: by offset when the xref gives one. */
  private objectStreamLocation(streamNum: number): string {
    const streamEntry = this.xrefEntry(streamNum);
    return streamEntry?.type === 'offset' ? offsetKey(streamEntry.offset) : `n${streamNum}`;
  }

  async resolveDict(value: PdfObject | undefined): Promise<PdfDict | undefined> {
    const v = await this.resolve(value);
    if (v instanceof PdfDict) return v;
    if (v instanceof PdfStream) return v.dict;
    return undefined;
  }

  async resolveArray(value: PdfObject | undefined): Promise<PdfArray | undefined> {
    const v = await this.resolve(value);
    return Array.isArray(v) ? v : undefined;
  }

  async resolveNumber(value: PdfObject | undefined): Promise<number | undefined> {
    const v = await this.resolve(value);
    return typeof v === 'number' ? v : undefined;
  }

  /** The document catalog (/Root). */
  async catalog(): Promise<PdfDict> {
    const root = this.trailer.get('Root');
    const dict = await this.resolveDict(root);
    if (!dict)
      throw new PdfError(PdfErrorCode.INVALID_STRUCTURE, { detail: 'trailer /Root is not a dictionary' });
    return dict;
  }

  /** The stream's bytes, decoded through its filters unless `decode` is false. */
  async readStream(stream: PdfStream, options: { decode?: boolean } = {}): Promise<Buffer> {
    return this.readStreamData(stream, options.decode ?? true, []);
  }

  private async readStreamData(stream: PdfStream, decode: boolean, chain: number[]): Promise<Buffer> {
    let raw: Buffer;
    if (stream.data) raw = stream.data;
    else if (stream.location) {
      if (stream.location.length > this.core.limits.maxDecodedStreamBytes) {
        throw new PdfError(PdfErrorCode.OBJECT_TOO_LARGE, {
          detail: `stream of ${stream.location.length} bytes`,
        });
      }
      raw = await this.core.source.read(stream.location.offset, stream.location.length);
    } else raw = Buffer.alloc(0);
    if (!decode) return raw;
    // Filter parameters may be indirect; resolve them before decoding.
    const dict = stream.dict.clone();
    for (const key of ['Filter', 'DecodeParms']) {
      const v = dict.get(key);
      if (v instanceof PdfRef) dict.set(key, await this.loadObject(v.num, v.gen, chain));
      const resolved = dict.get(key);
      if (Array.isArray(resolved)) {
        const items: PdfObject[] = [];
        for (const item of resolved)
          items.push(item instanceof PdfRef ? await this.loadObject(item.num, item.gen, chain) : item);
        dict.set(key, items);
      }
    }
    return decodeStreamData(dict, raw, this.core.limits.maxDecodedStreamBytes);
  }

  private async loadObject(num: number, gen: number | undefined, chain: number[]): Promise<PdfObject> {
    if (chain.includes(num) || chain.length >= this.core.limits.maxResolveDepth) {
      throw new PdfError(PdfErrorCode.REFERENCE_CYCLE, { detail: `object ${num} via ${chain.join(' → ')}` });
    }
    const entry = this.xrefEntry(num);
    if (!entry || entry.type === 'free') return null;
    const next = [...chain, num];
    if (entry.type === 'offset') {
      if (gen !== undefined && entry.gen !== gen) return null;
      return this.loadAtOffset(num, entry.gen, entry.offset, next);
    }
    return this.loadCompressed(num, entry.streamNum, entry.index, next);
  }

  private async loadAtOffset(num: number, gen: number, offset: number, chain: number[]): Promise<PdfObject> {
    const key = offsetKey(offset);
    const cached = this.core.objects.get(key);
    if (cached !== undefined) return cached;
    const source = this.core.source;
    if (!Number.isSafeInteger(offset) || offset < 0 || offset >= this.view.size) {
      throw new PdfError(PdfErrorCode.XREF_OFFSET_OUT_OF_RANGE, {
        detail: `object ${num} ${gen} at ${offset}, document size ${this.view.size}`,
        offset,
      });
    }
    let parsed = await readIndirectObjectAt(source, offset, this.core.limits).catch(() => undefined);
    if (!parsed || parsed.num !== num) {
      // Off-by-a-few offsets are a common writer bug; look for the header nearby before failing.
      const found = await findObjectHeaderNear(source, num, gen, offset);
      if (found === undefined) {
        throw new PdfError(PdfErrorCode.OBJECT_NOT_FOUND, {
          detail: `object ${num} ${gen} at ${offset}`,
          offset,
        });
      }
      this.core.warnings.push({
        code: 'XREF_ENTRY_ADJUSTED',
        message: `object ${num} ${gen} listed at ${offset}, found at ${found}`,
        offset: found,
      });
      parsed = await readIndirectObjectAt(source, found, this.core.limits);
    }
    let value = parsed.value;
    if (parsed.streamDataOffset !== undefined && value instanceof PdfDict) {
      const lengthValue = value.get('Length');
      let declared: number | undefined;
      if (typeof lengthValue === 'number') declared = lengthValue;
      else if (lengthValue instanceof PdfRef) {
        // An unresolvable /Length is not fatal: the data ends at `endstream`.
        const resolved = await this.loadObject(lengthValue.num, lengthValue.gen, chain).catch(
          (error: unknown) => {
            if (error instanceof PdfError && error.code === PdfErrorCode.REFERENCE_CYCLE) throw error;
            return undefined;
          },
        );
        declared = typeof resolved === 'number' ? resolved : undefined;
      }
      const { length, repaired } = await measureStreamData(source, parsed.streamDataOffset, declared);
      if (repaired) {
        this.core.warnings.push({
          code: 'STREAM_LENGTH_REPAIRED',
          message: `object ${num} ${gen}: /Length ${declared ?? 'missing'}, actual ${length}`,
          offset,
        });
      }
      value = new PdfStream(value, undefined, { offset: parsed.streamDataOffset, length });
    }
    this.core.objects.set(key, value);
    return value;
  }

  private async loadCompressed(
    num: number,
    streamNum: number,
    index: number,
    chain: number[],
  ): Promise<PdfObject> {
    const location = this.objectStreamLocation(streamNum);
    const key = compressedKey(location, index, num);
    const cached = this.core.objects.get(key);
    if (cached !== undefined) return cached;
    const objStm = await this.objectStream(streamNum, location, chain);
    const value = objStm.objectAt(index, num);
    if (value === undefined) {
      throw new PdfError(PdfErrorCode.OBJECT_NOT_FOUND, {
        detail: `object ${num} in object stream ${streamNum}`,
      });
    }
    this.core.objects.set(key, value);
    return value;
  }

  private async objectStream(streamNum: number, location: string, chain: number[]): Promise<ObjectStream> {
    const cached = this.core.objectStreams.get(location);
    if (cached) return cached;
    const stream = await this.loadObject(streamNum, undefined, chain);
    if (!(stream instanceof PdfStream) || stream.dict.getName('Type') !== 'ObjStm') {
      throw new PdfError(PdfErrorCode.INVALID_STRUCTURE, {
        detail: `object ${streamNum} is not an object stream`,
      });
    }
    const data = await this.readStreamData(stream, true, chain);
    const objStm = ObjectStream.parse(stream.dict, data, this.core.limits);
    const cache = this.core.objectStreams;
    if (cache.size >= OBJECT_STREAM_CACHE) cache.delete(cache.keys().next().value as string);
    cache.set(location, objStm);
    return objStm;
  }
}

async function checkHeader(source: ByteSource, warnings: PdfWarning[]): Promise<void> {
  if (source.size < 8) throw new PdfError(PdfErrorCode.NOT_PDF, { detail: `${source.size} bytes` });
  const head = await source.read(0, 1024);
  const at = head.indexOf('%PDF-');
  if (at < 0) throw new PdfError(PdfErrorCode.NOT_PDF, { detail: 'no %PDF- header' });
  if (at > 0)
    warnings.push({ code: 'HEADER_NOT_AT_START', message: `%PDF- header at offset ${at}`, offset: at });
}

async function findObjectHeaderNear(source: ByteSource, num: number, gen: number, offset: number) {
  const lo = Math.max(0, offset - 1024);
  const text = (await source.read(lo, Math.min(source.size, offset + 1024) - lo)).toString('latin1');
  const pattern = new RegExp(
    `(?<![0-9])${num}[ \\t\\r\\n\\f\\0]+${gen}[ \\t\\r\\n\\f\\0]+obj(?![A-Za-z])`,
    'g',
  );
  let best: number | undefined;
  for (const m of text.matchAll(pattern)) {
    const at = lo + m.index;
    if (best === undefined || Math.abs(at - offset) < Math.abs(best - offset)) best = at;
  }
  return best;
}

/** Cache key of an object stored at a file offset. */
function offsetKey(offset: number): string {
  return `o${offset}`;
}

/** Cache key of an object stored in an object stream. */
function compressedKey(streamLocation: string, index: number, num: number): string {
  return `c${streamLocation}:${index}:${num}`;
}
