import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import { PdfDict, PdfObject, PdfRef, PdfString } from '../objects/pdf-objects';
import { decodeTextString } from '../objects/pdf-text';
import { listPages } from './page-tree';
import type { PdfReader } from './pdf-reader';

export interface PdfWidget {
  readonly ref?: PdfRef;
  readonly dict: PdfDict;
}

/** A terminal form field (ISO 32000-1 §12.7.3): one whose kids, if any, are only widgets. */
export interface PdfFormField {
  readonly ref?: PdfRef;
  readonly dict: PdfDict;
  /** Partial names joined with "." from the root of the field tree. */
  readonly fullName: string;
  readonly partialName: string;
  /** /FT after inheritance: Btn, Tx, Ch or Sig. */
  readonly fieldType?: string;
  /** /V (unresolved; for signature fields a reference to the signature dictionary). */
  readonly value?: PdfObject;
  /** The field's widget annotations: the field itself when merged, else its /Kids. */
  readonly widgets: readonly PdfWidget[];
  readonly parentRef?: PdfRef;
  /**
   * True for a field found only on a page's /Annots, not reachable from the AcroForm /Fields (some writers,
   * poppler's `pdfsig -add-signature` among them, add a signature field that way).
   */
  readonly unlisted?: boolean;
}

export interface ListFormFieldsOptions {
  /**
   * Also list the complete fields (a widget with its own /FT and /T) that sit on a page's /Annots without
   * being reachable from /Fields, marked `unlisted`. They follow the listed fields, in page order.
   */
  readonly includeUnlisted?: boolean;
}

export interface AcroFormInfo {
  /** Set when /AcroForm is an indirect object (then that object is what an update rewrites). */
  readonly ref?: PdfRef;
  readonly dict: PdfDict;
}

const MAX_FIELD_DEPTH = 32;
const MAX_FIELDS = 100_000;

export async function readAcroForm(reader: PdfReader): Promise<AcroFormInfo | undefined> {
  const catalog = await reader.catalog();
  const value = catalog.get('AcroForm');
  const dict = await reader.resolveDict(value);
  if (!dict) return undefined;
  return { ref: value instanceof PdfRef ? value : undefined, dict };
}

/** All terminal fields of the interactive form, in /Fields order (then the unlisted ones, when asked). */
export async function listFormFields(
  reader: PdfReader,
  options: ListFormFieldsOptions = {},
): Promise<PdfFormField[]> {
  const form = await readAcroForm(reader);
  const walk: FieldWalk = { reader, fields: [], visited: new Set() };
  const roots = form ? ((await reader.resolveArray(form.dict.get('Fields'))) ?? []) : [];
  for (const root of roots) await visitField(walk, root, undefined, undefined, undefined, 0);
  if (options.includeUnlisted) await addUnlistedFields(walk);
  return walk.fields;
}

/**
 * The widgets on the pages' /Annots that are complete fields (own /FT and /T) but that no listed field owns.
 * A broken page tree yields none: the listed fields stay what they were, and page checks report the tree.
 */
async function addUnlistedFields(w: FieldWalk): Promise<void> {
  const { reader, fields, visited } = w;
  const known = new Set(visited);
  for (const field of fields) for (const widget of field.widgets) if (widget.ref) known.add(widget.ref.key);
  let pages;
  try {
    pages = await listPages(reader);
  } catch {
    return;
  }
  for (const page of pages) {
    let annots: PdfObject[];
    try {
      annots = (await reader.resolveArray(page.dict.get('Annots'))) ?? [];
    } catch {
      continue;
    }
    for (const item of annots) {
      if (!(item instanceof PdfRef) || known.has(item.key)) continue;
      known.add(item.key);
      if (fields.length > MAX_FIELDS)
        throw new PdfError(PdfErrorCode.OBJECT_TOO_LARGE, { detail: 'too many fields' });
      const dict = await reader.resolveDict(item).catch(() => undefined);
      const t = dict?.get('T');
      const fieldType = dict?.getName('FT');
      if (!dict || !(t instanceof PdfString) || fieldType === undefined) continue;
      const partialName = decodeTextString(t.bytes);
      const parentName = await ancestorName(reader, dict);
      fields.push({
        ref: item,
        dict,
        fullName: parentName ? `${parentName}.${partialName}` : partialName,
        partialName,
        fieldType,
        value: dict.get('V'),
        widgets: [{ ref: item, dict }],
        parentRef: dict.getRef('Parent'),
        unlisted: true,
      });
    }
  }
}

/** The joined partial names of a field's /Parent chain (bounded, cycles stop it). */
async function ancestorName(reader: PdfReader, dict: PdfDict): Promise<string> {
  const names: string[] = [];
  const seen = new Set<string>();
  let parent = dict.getRef('Parent');
  while (parent && !seen.has(parent.key) && seen.size < MAX_FIELD_DEPTH) {
    seen.add(parent.key);
    const p = await reader.resolveDict(parent).catch(() => undefined);
    if (!p) break;
    const t = p.get('T');
    if (t instanceof PdfString) names.unshift(decodeTextString(t.bytes));
    parent = p.getRef('Parent');
  }
  return names.filter((n) => n !== '').join('.');
}

interface FieldWalk {
  readonly reader: PdfReader;
  readonly fields: PdfFormField[];
  readonly visited: Set<string>;
}

// Top-level rather than a closure per call: V8 optimises closures per instance, and validation lists the
// fields of every document of a batch.
async function visitField(
  w: FieldWalk,
  value: PdfObject,
  parentName: string | undefined,
  parentRef: PdfRef | undefined,
  inheritedType: string | undefined,
  depth: number,
): Promise<void> {
  const { reader, fields, visited } = w;
  if (depth > MAX_FIELD_DEPTH)
    throw new PdfError(PdfErrorCode.NESTING_TOO_DEEP, { detail: 'form field tree' });
  if (fields.length > MAX_FIELDS)
    throw new PdfError(PdfErrorCode.OBJECT_TOO_LARGE, { detail: 'too many fields' });
  const ref = value instanceof PdfRef ? value : undefined;
  if (ref) {
    if (visited.has(ref.key)) return;
    visited.add(ref.key);
  }
  const dict = await reader.resolveDict(value);
  if (!dict) return;
  const t = dict.get('T');
  const partialName = t instanceof PdfString ? decodeTextString(t.bytes) : '';
  const fullName = parentName ? (partialName ? `${parentName}.${partialName}` : parentName) : partialName;
  const fieldType = dict.getName('FT') ?? inheritedType;

  const childFields: PdfObject[] = [];
  const widgets: PdfWidget[] = [];
  for (const kid of (await reader.resolveArray(dict.get('Kids'))) ?? []) {
    const kidDict = await reader.resolveDict(kid);
    if (!kidDict) continue;
    // Kids without /T are this field's widgets; kids with /T are child fields.
    if (kidDict.has('T')) childFields.push(kid);
    else widgets.push({ ref: kid instanceof PdfRef ? kid : undefined, dict: kidDict });
  }
  if (childFields.length > 0) {
    for (const child of childFields) await visitField(w, child, fullName, ref, fieldType, depth + 1);
    return;
  }
  if (widgets.length === 0 && (dict.getName('Subtype') === 'Widget' || dict.has('Rect')))
    widgets.push({ ref, dict });
  fields.push({ ref, dict, fullName, partialName, fieldType, value: dict.get('V'), widgets, parentRef });
}
