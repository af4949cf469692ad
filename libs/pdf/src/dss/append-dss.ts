import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { readDss } from '../document/dss-reader';
import { PdfReader, PdfReaderOptions } from '../document/pdf-reader';
import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import type { ByteSource } from '../io/byte-source';
import { formatPdfDate, VIETNAM_UTC_OFFSET_MINUTES } from '../objects/pdf-date';
import { PdfDict, PdfName, PdfObject, PdfRef, PdfStream } from '../objects/pdf-objects';
import { encodeTextString } from '../objects/pdf-text';
import { IncrementalUpdate, XrefFormat } from '../write/incremental-update';
import { PdfUpdateOutput } from '../write/pdf-update-output';

export interface DssVriInput {
  certs?: readonly Uint8Array[];
  ocsps?: readonly Uint8Array[];
  crls?: readonly Uint8Array[];
  /** /TU: when this validation data was gathered. */
  tu?: Date;
}

export interface AppendDssOptions {
  certs?: readonly Uint8Array[];
  ocsps?: readonly Uint8Array[];
  crls?: readonly Uint8Array[];
  /**
   * Per-signature entries keyed by the hex VRI key the caller computed (PAdES: SHA-1 of the signature's
   * /Contents bytes); keys are stored upper-case.
   */
  vri?: ReadonlyMap<string, DssVriInput>;
  utcOffsetMinutes?: number;
  xrefFormat?: XrefFormat;
}

type Category = 'Certs' | 'OCSPs' | 'CRLs';

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/**
 * Adds validation data in a new incremental update, merged with any existing /DSS: earlier entries are
 * kept as they are (same objects), and data already stored (same SHA-256) is referenced, not duplicated.
 * When there is nothing new the returned output has an empty update (the file is unchanged).
 */
export async function appendDss(
  input: PdfReader | ByteSource | Uint8Array,
  options: AppendDssOptions,
  readerOptions?: PdfReaderOptions,
): Promise<PdfUpdateOutput> {
  const reader = input instanceof PdfReader ? input : await PdfReader.open(input, readerOptions);
  const existing = await readDss(reader);
  const update = new IncrementalUpdate(reader, { xrefFormat: options.xrefFormat });
  let changed = false;

  const known: Record<Category, Map<string, PdfRef>> = {
    Certs: new Map(),
    OCSPs: new Map(),
    CRLs: new Map(),
  };
  const lists: Record<Category, PdfRef[]> = { Certs: [], OCSPs: [], CRLs: [] };
  const seed = (category: Category, items: readonly { ref?: PdfRef; data: Buffer }[] | undefined) => {
    for (const item of items ?? []) {
      if (!item.ref) continue;
      lists[category].push(item.ref);
      known[category].set(sha256(item.data), item.ref);
    }
  };
  seed('Certs', existing?.certs);
  seed('OCSPs', existing?.ocsps);
  seed('CRLs', existing?.crls);

  const refFor = (category: Category, data: Uint8Array): PdfRef => {
    const hash = sha256(data);
    const found = known[category].get(hash);
    if (found) return found;
    const ref = update.add(
      new PdfStream(new PdfDict({ Filter: new PdfName('FlateDecode') }), deflateSync(data)),
    );
    known[category].set(hash, ref);
    lists[category].push(ref);
    changed = true;
    return ref;
  };
  const refsFor = (category: Category, items: readonly Uint8Array[] | undefined) =>
    (items ?? []).map((data) => refFor(category, data));

  refsFor('Certs', options.certs);
  refsFor('OCSPs', options.ocsps);
  refsFor('CRLs', options.crls);

  const vri = new PdfDict();
  const oldVri = existing ? await reader.resolveDict(existing.dict.get('VRI')) : undefined;
  for (const [key, value] of oldVri?.entries() ?? []) vri.set(key, value);
  for (const [rawKey, entry] of options.vri ?? []) {
    if (!/^[0-9a-fA-F]{8,128}$/.test(rawKey)) {
      throw new PdfError(PdfErrorCode.INVALID_ARGUMENT, { detail: `VRI key "${rawKey}"` });
    }
    const key = rawKey.toUpperCase();
    const previous = await reader.resolveDict(vri.get(key));
    const merged = previous ? previous.clone() : new PdfDict({ Type: new PdfName('VRI') });
    const before = JSON.stringify(serializeRefs(merged));
    await mergeRefs(reader, merged, 'Cert', refsFor('Certs', entry.certs));
    await mergeRefs(reader, merged, 'OCSP', refsFor('OCSPs', entry.ocsps));
    await mergeRefs(reader, merged, 'CRL', refsFor('CRLs', entry.crls));
    if (entry.tu) {
      merged.set(
        'TU',
        encodeTextString(formatPdfDate(entry.tu, options.utcOffsetMinutes ?? VIETNAM_UTC_OFFSET_MINUTES)),
      );
    }
    if (!previous || entry.tu || JSON.stringify(serializeRefs(merged)) !== before) {
      vri.set(key, merged);
      changed = true;
    }
  }

  if (!changed) return new PdfUpdateOutput(reader.source, Buffer.alloc(0));

  const dss = existing ? existing.dict.clone() : new PdfDict({ Type: new PdfName('DSS') });
  for (const category of ['Certs', 'OCSPs', 'CRLs'] as const) {
    if (lists[category].length > 0) dss.set(category, lists[category]);
  }
  if (vri.size > 0) dss.set('VRI', vri);

  if (existing?.ref) {
    update.set(existing.ref, dss);
  } else {
    const catalogRef = reader.trailer.get('Root');
    if (!(catalogRef instanceof PdfRef))
      throw new PdfError(PdfErrorCode.INVALID_STRUCTURE, { detail: '/Root' });
    const catalog = (await reader.catalog()).clone();
    catalog.set('DSS', update.add(dss));
    update.set(catalogRef, catalog);
  }
  return update.write();
}

async function mergeRefs(reader: PdfReader, dict: PdfDict, key: string, refs: PdfRef[]): Promise<void> {
  if (refs.length === 0) return;
  const current = ((await reader.resolveArray(dict.get(key))) ?? []).filter(
    (x): x is PdfRef => x instanceof PdfRef,
  );
  const keys = new Set(current.map((r) => r.key));
  dict.set(key, [...current, ...refs.filter((r) => !keys.has(r.key))]);
}

function serializeRefs(dict: PdfDict): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const key of ['Cert', 'OCSP', 'CRL']) {
    const arr = dict.get(key);
    out[key] = Array.isArray(arr) ? arr.map((x: PdfObject) => (x instanceof PdfRef ? x.key : '?')) : [];
  }
  return out;
}
