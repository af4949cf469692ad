import { PdfDict, PdfObject, PdfRef, PdfStream, PdfString } from '../objects/pdf-objects';
import { decodeTextString } from '../objects/pdf-text';
import type { PdfReader } from './pdf-reader';

/** One stored item of the DSS: its decoded bytes and the stream object holding it. */
export interface DssItem {
  readonly ref?: PdfRef;
  readonly data: Buffer;
}

export interface DssVriEntry {
  readonly certs: readonly DssItem[];
  readonly ocsps: readonly DssItem[];
  readonly crls: readonly DssItem[];
  /** /TU: when the validation data was gathered, as written (PDF date string). */
  readonly tu?: string;
  /** /TS: a timestamp token over the VRI data, when present. */
  readonly ts?: Buffer;
}

/** The Document Security Store (ETSI EN 319 142-1 §5.4.2, ISO 32000-2 §12.8.4.3). */
export interface DssContents {
  /** Set when /DSS is an indirect object. */
  readonly ref?: PdfRef;
  readonly dict: PdfDict;
  readonly certs: readonly DssItem[];
  readonly ocsps: readonly DssItem[];
  readonly crls: readonly DssItem[];
  /** Keyed by the upper-case hex VRI key as stored. */
  readonly vri: ReadonlyMap<string, DssVriEntry>;
}

const MAX_ITEMS = 10_000;

/** Reads /DSS from the catalog, decoding every certificate, OCSP response and CRL stream. */
export async function readDss(reader: PdfReader): Promise<DssContents | undefined> {
  const catalog = await reader.catalog();
  const value = catalog.get('DSS');
  const dict = await reader.resolveDict(value);
  if (!dict) return undefined;
  const vri = new Map<string, DssVriEntry>();
  const vriDict = await reader.resolveDict(dict.get('VRI'));
  if (vriDict) {
    for (const [key, entryValue] of vriDict.entries()) {
      const entry = await reader.resolveDict(entryValue);
      if (!entry) continue;
      const tu = await reader.resolve(entry.get('TU'));
      const ts = await reader.resolve(entry.get('TS'));
      vri.set(key.toUpperCase(), {
        certs: await readItems(reader, entry.get('Cert')),
        ocsps: await readItems(reader, entry.get('OCSP')),
        crls: await readItems(reader, entry.get('CRL')),
        tu: tu instanceof PdfString ? decodeTextString(tu.bytes) : undefined,
        ts: ts instanceof PdfStream ? await reader.readStream(ts) : undefined,
      });
    }
  }
  return {
    ref: value instanceof PdfRef ? value : undefined,
    dict,
    certs: await readItems(reader, dict.get('Certs')),
    ocsps: await readItems(reader, dict.get('OCSPs')),
    crls: await readItems(reader, dict.get('CRLs')),
    vri,
  };
}

async function readItems(reader: PdfReader, value: PdfObject | undefined): Promise<DssItem[]> {
  const items: DssItem[] = [];
  const list = (await reader.resolveArray(value)) ?? [];
  for (const item of list.slice(0, MAX_ITEMS)) {
    const stream = await reader.resolve(item);
    if (!(stream instanceof PdfStream)) continue;
    items.push({ ref: item instanceof PdfRef ? item : undefined, data: await reader.readStream(stream) });
  }
  return items;
}
