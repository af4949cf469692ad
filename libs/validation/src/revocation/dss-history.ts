import {
  decodeTextString,
  PdfDict,
  type PdfObject,
  type PdfReader,
  PdfRef,
  PdfStream,
  PdfString,
} from '@kyso/pdf';

/** The validation data of one DSS, decoded (the shape libs/pdf's readDss gives, without VRI /TS tokens). */
export interface DssData {
  readonly certs: readonly Buffer[];
  readonly ocsps: readonly Buffer[];
  readonly crls: readonly Buffer[];
  /** VRI keys (upper-case hex SHA-1 of a signature's /Contents) with their /TU, when present. */
  readonly vri: ReadonlyMap<string, { readonly tu?: string }>;
}

export interface DssBudget {
  /** Streams decoded across all DSS revisions. */
  readonly maxItems: number;
  /** Decoded bytes across all DSS revisions (a DSS of compressed "zip bombs" must not exhaust memory). */
  readonly maxBytes: number;
}

/**
 * Every DSS the document ever had, newest first, within a budget. A later DSS may replace an earlier one
 * instead of extending it, so validation data of older signatures can live only in an earlier revision.
 * Streams already read (same object) are not decoded twice; what exceeds the budget is left out.
 */
export async function readDssHistory(reader: PdfReader, budget: DssBudget): Promise<DssData[]> {
  const out: DssData[] = [];
  const state: DssReadState = { budget, seen: new Set(), items: 0, bytes: 0 };
  let previous = '';
  for (let r = 0; r < reader.revisions.length; r++) {
    const at = reader.atRevision(r);
    try {
      const value = (await at.catalog()).get('DSS');
      if (value === undefined) continue;
      const key =
        value instanceof PdfRef ? `${value.key}@${JSON.stringify(at.xrefEntry(value.num))}` : `direct@${r}`;
      if (key === previous) continue;
      previous = key;
      const dict = await at.resolveDict(value);
      if (!dict) continue;
      const certs: Buffer[] = [];
      const ocsps: Buffer[] = [];
      const crls: Buffer[] = [];
      await readStreams(state, at, dict.get('Certs'), certs);
      await readStreams(state, at, dict.get('OCSPs'), ocsps);
      await readStreams(state, at, dict.get('CRLs'), crls);
      const vri = new Map<string, { tu?: string }>();
      const vriDict = await at.resolveDict(dict.get('VRI'));
      for (const [vriKey, entryValue] of vriDict?.entries() ?? []) {
        const entry = await at.resolveDict(entryValue);
        if (!(entry instanceof PdfDict)) continue;
        await readStreams(state, at, entry.get('Cert'), certs);
        await readStreams(state, at, entry.get('OCSP'), ocsps);
        await readStreams(state, at, entry.get('CRL'), crls);
        const tu = await at.resolve(entry.get('TU'));
        vri.set(vriKey.toUpperCase(), {
          tu: tu instanceof PdfString ? decodeTextString(tu.bytes) : undefined,
        });
      }
      out.unshift({ certs, ocsps, crls, vri });
    } catch {
      // A damaged DSS in one revision only loses that revision's validation data.
    }
  }
  return out;
}

interface DssReadState {
  readonly budget: DssBudget;
  /** Streams already read, by object and xref entry. */
  readonly seen: Set<string>;
  items: number;
  bytes: number;
}

async function readStreams(
  s: DssReadState,
  at: PdfReader,
  list: PdfObject | undefined,
  into: Buffer[],
): Promise<void> {
  for (const item of (await at.resolveArray(list)) ?? []) {
    if (s.items >= s.budget.maxItems || s.bytes >= s.budget.maxBytes) return;
    const id = item instanceof PdfRef ? `${item.key}@${JSON.stringify(at.xrefEntry(item.num))}` : undefined;
    if (id && s.seen.has(id)) continue;
    if (id) s.seen.add(id);
    const stream = await at.resolve(item);
    if (!(stream instanceof PdfStream)) continue;
    s.items++;
    try {
      const data = await at.readStream(stream);
      s.bytes += data.length;
      if (s.bytes <= s.budget.maxBytes) into.push(data);
    } catch {
      // An undecodable entry is not evidence; the others still are.
    }
  }
}
