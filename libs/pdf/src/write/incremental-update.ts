import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { PdfReader } from '../document/pdf-reader';
import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import { PdfObjectGraph, remapReferences } from '../objects/pdf-object-graph';
import { PdfDict, PdfName, PdfObject, PdfRef, PdfStream, PdfString } from '../objects/pdf-objects';
import { ByteWriter, PlaceholderSpan, writeObject } from '../objects/pdf-serializer';
import { PdfUpdateOutput } from './pdf-update-output';

export type XrefFormat = 'auto' | 'table' | 'stream';

export interface IncrementalUpdateOptions {
  /**
   * 'auto' (default) follows the latest section of the original: an xref stream after an xref stream,
   * a classic table after a table or a hybrid table (new objects are never compressed, so a table is
   * complete and readers that ignore /XRefStm still read it).
   */
  xrefFormat?: XrefFormat;
}

/**
 * Collects new and changed objects and appends them after the original bytes with a new
 * cross-reference section whose /Prev points at the previous one (ISO 32000-1 §7.5.6).
 * Invariant: the original bytes are an exact prefix of the result.
 */
export class IncrementalUpdate {
  private readonly objects = new Map<number, { ref: PdfRef; value: PdfObject }>();
  private nextNumber: number;
  private readonly xrefFormat: 'table' | 'stream';
  private readonly trailerUpdates = new Map<string, PdfObject>();

  constructor(
    readonly reader: PdfReader,
    options: IncrementalUpdateOptions = {},
  ) {
    if (!reader.isLatest) {
      throw new PdfError(PdfErrorCode.INVALID_ARGUMENT, {
        detail: 'an update must extend the latest revision',
      });
    }
    if (reader.repaired) {
      throw new PdfError(PdfErrorCode.XREF_INVALID, {
        detail: 'the cross-reference data had to be rebuilt; an incremental update would not be readable',
      });
    }
    if (reader.isEncrypted) throw new PdfError(PdfErrorCode.ENCRYPTED);
    this.nextNumber = reader.nextObjectNumber;
    const format = options.xrefFormat ?? 'auto';
    this.xrefFormat =
      format === 'auto' ? (reader.revision.xrefKind === 'stream' ? 'stream' : 'table') : format;
  }

  /** Reserves a new object number (generation 0). */
  allocate(): PdfRef {
    return new PdfRef(this.nextNumber++, 0);
  }

  /** Adds a new object and returns its reference. */
  add(value: PdfObject): PdfRef {
    const ref = this.allocate();
    this.set(ref, value);
    return ref;
  }

  /** Sets the content of an object in the new revision (a changed existing object or an allocated one). */
  set(ref: PdfRef, value: PdfObject): void {
    if (ref.num <= 0 || ref.num >= this.nextNumber) {
      throw new PdfError(PdfErrorCode.INVALID_ARGUMENT, { detail: `object ${ref.key} is not allocated` });
    }
    this.objects.set(ref.num, { ref, value });
  }

  /** The value this update will write for `ref`, if it changes it. */
  pending(ref: PdfRef): PdfObject | undefined {
    return this.objects.get(ref.num)?.value;
  }

  /** The object as it will be after this update: the pending value, else the original. */
  async current(ref: PdfRef): Promise<PdfObject> {
    const own = this.objects.get(ref.num);
    return own ? own.value : this.reader.getObject(ref);
  }

  /** Copies a self-contained object graph into the update with fresh numbers; returns its root. */
  importGraph(graph: PdfObjectGraph): PdfRef {
    const numbers = new Map<number, PdfRef>();
    for (const local of graph.objects.keys()) numbers.set(local, this.allocate());
    const map = (ref: PdfRef): PdfRef => {
      const target = numbers.get(ref.num);
      if (!target)
        throw new PdfError(PdfErrorCode.INVALID_ARGUMENT, { detail: `dangling reference ${ref.key}` });
      return target;
    };
    for (const [local, value] of graph.objects) this.set(map(new PdfRef(local)), remapReferences(value, map));
    return map(graph.root);
  }

  /** Overrides a trailer entry of the new section (e.g. /Info). /Size, /Prev, /ID are computed. */
  setTrailerEntry(key: 'Info' | 'Root', value: PdfRef): void {
    this.trailerUpdates.set(key, value);
  }

  get isEmpty(): boolean {
    return this.objects.size === 0;
  }

  /** Lays out the update. Placeholder spans in the result are absolute file offsets. */
  async write(): Promise<PdfUpdateOutput> {
    const source = this.reader.source;
    const originalSize = source.size;
    const writer = new ByteWriter();
    // The first appended object must start on its own line.
    const last = originalSize > 0 ? (await source.read(originalSize - 1, 1))[0] : 0x0a;
    if (last !== 0x0a && last !== 0x0d) writer.write('\n');

    const offsets = new Map<number, { offset: number; gen: number }>();
    const sorted = [...this.objects.values()].sort((a, b) => a.ref.num - b.ref.num);
    for (const { ref, value } of sorted) {
      offsets.set(ref.num, { offset: originalSize + writer.length, gen: ref.gen });
      writer.write(`${ref.num} ${ref.gen} obj\n`);
      writeObject(writer, value);
      writer.write('\nendobj\n');
    }

    const prevTrailer = this.reader.trailer;
    const trailer = new PdfDict();
    const root = this.trailerUpdates.get('Root') ?? prevTrailer.get('Root');
    if (!(root instanceof PdfRef))
      throw new PdfError(PdfErrorCode.INVALID_STRUCTURE, { detail: 'trailer /Root' });
    const info = this.trailerUpdates.get('Info') ?? prevTrailer.get('Info');
    const id = this.documentId(prevTrailer, writer);

    if (this.xrefFormat === 'table') {
      const xrefOffset = originalSize + writer.length;
      writer.write(formatXrefTable(offsets));
      trailer.set('Size', Math.max(this.nextNumber, prevTrailer.getNumber('Size') ?? 0));
      trailer.set('Root', root);
      if (info instanceof PdfRef) trailer.set('Info', info);
      trailer.set('ID', id);
      trailer.set('Prev', this.reader.revision.xrefOffset);
      writer.write('trailer\n');
      writeObject(writer, trailer);
      writer.write(`\nstartxref\n${xrefOffset}\n%%EOF\n`);
    } else {
      const xrefRef = this.allocate();
      const xrefOffset = originalSize + writer.length;
      offsets.set(xrefRef.num, { offset: xrefOffset, gen: 0 });
      const { data, index, widths } = encodeXrefStream(offsets);
      const dict = new PdfDict({
        Type: new PdfName('XRef'),
        Size: Math.max(this.nextNumber, prevTrailer.getNumber('Size') ?? 0),
        Index: index,
        W: widths,
        Root: root,
        Info: info instanceof PdfRef ? info : undefined,
        ID: id,
        Prev: this.reader.revision.xrefOffset,
        Filter: new PdfName('FlateDecode'),
      });
      writer.write(`${xrefRef.num} 0 obj\n`);
      writeObject(writer, new PdfStream(dict, deflateSync(data)));
      writer.write(`\nendobj\nstartxref\n${xrefOffset}\n%%EOF\n`);
    }

    const placeholders: PlaceholderSpan[] = writer.placeholders.map((p) => ({
      ...p,
      start: p.start + originalSize,
      end: p.end + originalSize,
    }));
    return new PdfUpdateOutput(this.reader.source, writer.toBuffer(), placeholders);
  }

  /** Keeps the permanent first /ID element; the second changes with every revision (§14.4). */
  private documentId(prevTrailer: PdfDict, written: ByteWriter): PdfString[] {
    const prev = prevTrailer.getArray('ID');
    const changing = createHash('md5')
      .update(String(this.reader.source.size))
      .update(written.toBuffer())
      .digest();
    const first = prev && prev[0] instanceof PdfString ? prev[0].bytes : changing;
    return [new PdfString(first, true), new PdfString(changing, true)];
  }
}

function formatXrefTable(offsets: Map<number, { offset: number; gen: number }>): string {
  const nums = [...offsets.keys()].sort((a, b) => a - b);
  let out = 'xref\n';
  let i = 0;
  while (i < nums.length) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j] + 1) j++;
    out += `${nums[i]} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++) {
      const { offset, gen } = offsets.get(nums[k]) as { offset: number; gen: number };
      // Exactly 20 bytes per entry, ending in CR LF (§7.5.4).
      out += `${String(offset).padStart(10, '0')} ${String(gen).padStart(5, '0')} n\r\n`;
    }
    i = j + 1;
  }
  return out;
}

function encodeXrefStream(offsets: Map<number, { offset: number; gen: number }>): {
  data: Buffer;
  index: number[];
  widths: number[];
} {
  const nums = [...offsets.keys()].sort((a, b) => a - b);
  const maxOffset = Math.max(...[...offsets.values()].map((v) => v.offset));
  const w1 = Math.max(1, Math.ceil(Math.log2(maxOffset + 1) / 8));
  const widths = [1, w1, 2];
  const row = 1 + w1 + 2;
  const data = Buffer.alloc(nums.length * row);
  const index: number[] = [];
  nums.forEach((num, i) => {
    if (i === 0 || num !== nums[i - 1] + 1) index.push(num, 0);
    index[index.length - 1]++;
    const { offset, gen } = offsets.get(num) as { offset: number; gen: number };
    const at = i * row;
    data[at] = 1;
    data.writeUIntBE(offset, at + 1, w1);
    data.writeUInt16BE(gen, at + 1 + w1);
  });
  return { data, index, widths };
}
