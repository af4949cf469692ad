import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import { PdfDict, PdfObject, PdfRef, PdfString } from '../objects/pdf-objects';
import { decodeTextString } from '../objects/pdf-text';
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

/** All terminal fields of the interactive form, in /Fields order. */
export async function listFormFields(reader: PdfReader): Promise<PdfFormField[]> {
  const form = await readAcroForm(reader);
  if (!form) return [];
  const roots = (await reader.resolveArray(form.dict.get('Fields'))) ?? [];
  const walk: FieldWalk = { reader, fields: [], visited: new Set() };
  for (const root of roots) await visitField(walk, root, undefined, undefined, undefined, 0);
  return walk.fields;
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
