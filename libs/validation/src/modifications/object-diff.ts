import { PdfDict, PdfName, type PdfObject, type PdfReader, PdfRef, PdfStream, PdfString } from '@kyso/pdf';

/** An object an incremental update wrote (or freed) whose value really differs from the previous revision. */
export interface ChangedObject {
  readonly num: number;
  /** Value in the previous revision; null when the object did not exist (or was free). */
  readonly before: PdfObject;
  /** Value after the update; null when the update freed the object. */
  readonly after: PdfObject;
}

/** Largest stream compared byte for byte; bigger streams that were rewritten count as changed. */
const MAX_COMPARED_STREAM = 16 * 1024 * 1024;

/**
 * The objects an update changed: every object number in the update's cross-reference sections whose
 * value differs from the revision before. Writers often re-emit objects unchanged (or re-list all
 * offsets), so entries are compared by value, not trusted as changes. Container objects (xref and
 * object streams) are structure, not content, and are skipped.
 */
export async function changedObjects(
  prev: PdfReader,
  next: PdfReader,
  maxObjects: number,
): Promise<{ changed: ChangedObject[]; truncated: boolean }> {
  const changed: ChangedObject[] = [];
  const nums = new Set<number>();
  for (const section of next.revision.sections) for (const num of section.entries.keys()) nums.add(num);
  let truncated = false;
  let compared = 0;
  for (const num of [...nums].sort((a, b) => a - b)) {
    if (num === 0) continue;
    const a = prev.xrefEntry(num);
    const b = next.xrefEntry(num);
    if (a && b && sameEntry(a, b)) continue;
    if (++compared > maxObjects) {
      truncated = true;
      break;
    }
    const before = a && a.type !== 'free' ? await load(prev, num) : null;
    const after = b && b.type !== 'free' ? await load(next, num) : null;
    if (isContainer(after) || isContainer(before)) continue;
    if (await objectsEqual(before, after, prev, next)) continue;
    changed.push({ num, before, after });
  }
  return { changed, truncated };
}

function sameEntry(
  a: NonNullable<ReturnType<PdfReader['xrefEntry']>>,
  b: NonNullable<ReturnType<PdfReader['xrefEntry']>>,
): boolean {
  if (a.type === 'free' || b.type === 'free') return a.type === b.type;
  if (a.type === 'offset' && b.type === 'offset') return a.offset === b.offset && a.gen === b.gen;
  // Compressed entries: the object stream itself may have been rewritten under the same number, so the
  // same (stream, index) pair proves nothing; compare values.
  return false;
}

async function load(reader: PdfReader, num: number): Promise<PdfObject> {
  try {
    return await reader.getObject(num);
  } catch {
    // An object that no longer parses is a change (to "nothing readable").
    return new PdfString(Buffer.from(`unreadable object ${num}`));
  }
}

function isContainer(value: PdfObject): boolean {
  if (!(value instanceof PdfStream)) return false;
  const type = value.dict.getName('Type');
  return type === 'XRef' || type === 'ObjStm';
}

/** Deep equality of two values; references compare by number and generation, streams by dict and bytes. */
export async function objectsEqual(
  a: PdfObject,
  b: PdfObject,
  ra: PdfReader,
  rb: PdfReader,
  depth = 0,
): Promise<boolean> {
  if (depth > 64) return false;
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (a instanceof PdfRef) return b instanceof PdfRef && a.num === b.num && a.gen === b.gen;
  if (a instanceof PdfName) return b instanceof PdfName && a.value === b.value;
  if (a instanceof PdfString) return b instanceof PdfString && a.bytes.equals(b.bytes);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!(await objectsEqual(a[i], b[i], ra, rb, depth + 1))) return false;
    return true;
  }
  if (a instanceof PdfStream) {
    if (!(b instanceof PdfStream)) return false;
    if (!(await dictsEqual(a.dict, b.dict, ra, rb, depth, 'Length'))) return false;
    if (
      a.location &&
      b.location &&
      a.location.offset === b.location.offset &&
      a.location.length === b.location.length
    )
      return true;
    const la = a.data?.length ?? a.location?.length ?? 0;
    const lb = b.data?.length ?? b.location?.length ?? 0;
    if (la !== lb || la > MAX_COMPARED_STREAM) return false;
    try {
      const [da, db] = await Promise.all([
        ra.readStream(a, { decode: false }),
        rb.readStream(b, { decode: false }),
      ]);
      return da.equals(db);
    } catch {
      return false;
    }
  }
  if (a instanceof PdfDict) return b instanceof PdfDict && dictsEqual(a, b, ra, rb, depth);
  return false;
}

async function dictsEqual(
  a: PdfDict,
  b: PdfDict,
  ra: PdfReader,
  rb: PdfReader,
  depth: number,
  ignore?: string,
): Promise<boolean> {
  const keys = new Set([...a.keys(), ...b.keys()]);
  if (ignore) keys.delete(ignore);
  for (const key of keys) {
    const va = a.get(key);
    const vb = b.get(key);
    if (va === undefined || vb === undefined) return false;
    if (!(await objectsEqual(va, vb, ra, rb, depth + 1))) return false;
  }
  return true;
}

/** Names of the keys whose values differ between two dictionaries (shallow: references compare as references). */
export async function changedKeys(
  a: PdfDict | undefined,
  b: PdfDict | undefined,
  ra: PdfReader,
  rb: PdfReader,
): Promise<string[]> {
  const keys = new Set([...(a?.keys() ?? []), ...(b?.keys() ?? [])]);
  const out: string[] = [];
  for (const key of keys) {
    const va = a?.get(key);
    const vb = b?.get(key);
    if (va === undefined || vb === undefined) {
      if (va !== vb) out.push(key);
      continue;
    }
    if (!(await objectsEqual(va, vb, ra, rb))) out.push(key);
  }
  return out;
}
