import { createHash } from 'node:crypto';
import { BoundedMap } from '@kyso/common';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import { PdfDict, PdfName, PdfObject } from '../objects/pdf-objects';
import { undoPredictor } from './predictors';

const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const SYNC_INFLATE_BYTES = 16 * 1024;

/** The filters a signature layer needs to decode; image codecs (DCT, JPX, CCITT, JBIG2) are never decoded. */
export async function decodeStreamData(dict: PdfDict, raw: Buffer, maxOutput: number): Promise<Buffer> {
  const filters = asList(dict.get('Filter'));
  const params = asList(dict.get('DecodeParms') ?? dict.get('DP'));
  let data = raw;
  for (let i = 0; i < filters.length; i++) {
    const filter = filters[i];
    if (!(filter instanceof PdfName)) {
      throw new PdfError(PdfErrorCode.DECODE_FAILED, { detail: 'filter is not a name' });
    }
    const parms = params[i] instanceof PdfDict ? (params[i] as PdfDict) : undefined;
    data = await applyFilter(filter.value, data, parms, maxOutput);
    if (data.length > maxOutput) {
      throw new PdfError(PdfErrorCode.OBJECT_TOO_LARGE, {
        detail: `decoded stream exceeds ${maxOutput} bytes`,
      });
    }
  }
  return data;
}

function asList(value: PdfObject | undefined): PdfObject[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

async function applyFilter(name: string, data: Buffer, parms: PdfDict | undefined, maxOutput: number) {
  switch (name) {
    case 'FlateDecode':
    case 'Fl':
      return withPredictor(await flateDecode(data, maxOutput), parms);
    case 'LZWDecode':
    case 'LZW':
      return withPredictor(lzwDecode(data, parms?.getNumber('EarlyChange') ?? 1, maxOutput), parms);
    case 'ASCIIHexDecode':
    case 'AHx':
      return asciiHexDecode(data);
    case 'ASCII85Decode':
    case 'A85':
      return ascii85Decode(data);
    case 'RunLengthDecode':
    case 'RL':
      return runLengthDecode(data, maxOutput);
    default:
      throw new PdfError(PdfErrorCode.UNSUPPORTED_FILTER, { detail: name });
  }
}

function withPredictor(data: Buffer, parms: PdfDict | undefined): Buffer {
  if (!parms) return data;
  return undoPredictor(data, {
    predictor: parms.getNumber('Predictor') ?? 1,
    colors: parms.getNumber('Colors') ?? 1,
    bitsPerComponent: parms.getNumber('BitsPerComponent') ?? 8,
    columns: parms.getNumber('Columns') ?? 1,
  });
}

/**
 * Small compressed streams decoded in this process, by SHA-256 of their bytes. A DSS carries the same CA, TSA
 * and OCSP-responder certificates in every document of an archive; inflating costs more than hashing.
 */
// At most 1024 × 64 KiB = 64 MiB.
const inflated = new BoundedMap<Buffer>(1024);
const INFLATED_ENTRY_MAX_BYTES = 64 * 1024;

async function flateDecode(data: Buffer, maxOutput: number): Promise<Buffer> {
  if (data.length > SYNC_INFLATE_BYTES) return inflateOnce(data, maxOutput);
  const key = createHash('sha256').update(data).digest('base64');
  const known = inflated.get(key);
  if (known && known.length <= maxOutput) return Buffer.from(known);
  const out = await inflateOnce(data, maxOutput);
  if (out.length > INFLATED_ENTRY_MAX_BYTES) return out;
  inflated.set(key, Buffer.from(out));
  return out;
}

async function inflateOnce(data: Buffer, maxOutput: number): Promise<Buffer> {
  // Z_SYNC_FLUSH returns what could be inflated from streams that lack their final block or checksum,
  // a defect common enough in the wild that every reader tolerates it.
  const options = { maxOutputLength: maxOutput, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  // Small streams (DSS certificates and OCSP responses, appearances) inflate in microseconds: a trip to the
  // libuv thread pool would cost more than the work. Large ones go there to keep the event loop free.
  const sync = data.length <= SYNC_INFLATE_BYTES;
  try {
    return sync ? zlib.inflateSync(data, options) : await inflate(data, options);
  } catch (error) {
    if (error instanceof RangeError || (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new PdfError(PdfErrorCode.OBJECT_TOO_LARGE, {
        detail: `inflated stream exceeds ${maxOutput} bytes`,
      });
    }
    try {
      // Some producers omit the zlib header.
      return sync ? zlib.inflateRawSync(data, options) : await inflateRaw(data, options);
    } catch {
      throw new PdfError(PdfErrorCode.DECODE_FAILED, { detail: 'FlateDecode', cause: error });
    }
  }
}

function lzwDecode(data: Buffer, earlyChange: number, maxOutput: number): Buffer {
  const out: Buffer[] = [];
  let total = 0;
  let table: Buffer[] = [];
  const reset = (): void => {
    table = [];
    for (let i = 0; i < 256; i++) table.push(Buffer.from([i]));
    table.push(Buffer.alloc(0), Buffer.alloc(0)); // 256 clear, 257 EOD
  };
  reset();
  let codeLength = 9;
  let bitBuffer = 0;
  let bitCount = 0;
  let prev: Buffer | undefined;
  for (let i = 0; i < data.length; i++) {
    bitBuffer = ((bitBuffer << 8) | data[i]) >>> 0;
    bitCount += 8;
    while (bitCount >= codeLength) {
      const code = (bitBuffer >>> (bitCount - codeLength)) & ((1 << codeLength) - 1);
      bitCount -= codeLength;
      bitBuffer &= (1 << bitCount) - 1;
      if (code === 256) {
        reset();
        codeLength = 9;
        prev = undefined;
        continue;
      }
      if (code === 257) return Buffer.concat(out);
      let entry: Buffer;
      if (code < table.length) entry = table[code];
      else if (code === table.length && prev) entry = Buffer.concat([prev, prev.subarray(0, 1)]);
      else throw new PdfError(PdfErrorCode.DECODE_FAILED, { detail: 'LZWDecode: invalid code' });
      out.push(entry);
      total += entry.length;
      if (total > maxOutput) throw new PdfError(PdfErrorCode.OBJECT_TOO_LARGE, { detail: 'LZW output' });
      if (prev) table.push(Buffer.concat([prev, entry.subarray(0, 1)]));
      prev = entry;
      // Codes widen one table entry early when /EarlyChange is 1 (the default), §7.4.4.3.
      const next = table.length + earlyChange;
      codeLength = next >= 2048 ? 12 : next >= 1024 ? 11 : next >= 512 ? 10 : 9;
    }
  }
  return Buffer.concat(out);
}

function asciiHexDecode(data: Buffer): Buffer {
  const digits: number[] = [];
  for (const c of data) {
    if (c === 0x3e) break;
    const v =
      c >= 0x30 && c <= 0x39
        ? c - 0x30
        : c >= 0x41 && c <= 0x46
          ? c - 55
          : c >= 0x61 && c <= 0x66
            ? c - 87
            : -1;
    if (v >= 0) digits.push(v);
    else if (![0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20].includes(c)) {
      throw new PdfError(PdfErrorCode.DECODE_FAILED, { detail: 'ASCIIHexDecode: invalid character' });
    }
  }
  if (digits.length % 2) digits.push(0);
  const out = Buffer.alloc(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = digits[2 * i] * 16 + digits[2 * i + 1];
  return out;
}

function ascii85Decode(data: Buffer): Buffer {
  const out: number[] = [];
  const group: number[] = [];
  const flush = (count: number): void => {
    let value = 0;
    for (let i = 0; i < 5; i++) value = value * 85 + (i < group.length ? group[i] : 84);
    const bytes = [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
    out.push(...bytes.slice(0, count));
    group.length = 0;
  };
  for (let i = 0; i < data.length; i++) {
    const c = data[i];
    if (c === 0x7e) break; // "~>" ends the data
    if ([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20].includes(c)) continue;
    if (c === 0x7a && group.length === 0) {
      out.push(0, 0, 0, 0);
      continue;
    }
    if (c < 0x21 || c > 0x75) throw new PdfError(PdfErrorCode.DECODE_FAILED, { detail: 'ASCII85Decode' });
    group.push(c - 0x21);
    if (group.length === 5) flush(4);
  }
  if (group.length > 1) flush(group.length - 1);
  return Buffer.from(out);
}

function runLengthDecode(data: Buffer, maxOutput: number): Buffer {
  const out: Buffer[] = [];
  let total = 0;
  let i = 0;
  while (i < data.length) {
    const n = data[i++];
    if (n === 128) break;
    const chunk = n < 128 ? data.subarray(i, i + n + 1) : Buffer.alloc(257 - n, data[i] ?? 0);
    i += n < 128 ? n + 1 : 1;
    out.push(chunk);
    total += chunk.length;
    if (total > maxOutput) throw new PdfError(PdfErrorCode.OBJECT_TOO_LARGE, { detail: 'RunLength output' });
  }
  return Buffer.concat(out);
}
