import { listFormFields } from '../document/acro-form';
import { PdfReader, PdfReaderOptions } from '../document/pdf-reader';
import { PdfInput, withReader } from '../document/with-reader';
import { PdfDict, PdfObject, PdfRef, PdfString } from '../objects/pdf-objects';
import { parsePdfDate } from '../objects/pdf-date';
import { decodeTextString } from '../objects/pdf-text';

export type SignatureKind = 'signature' | 'document-timestamp';

/** One entry of /Reference (a signature reference dictionary, ISO 32000-1 §12.8.1, Table 253). */
export interface SignatureReference {
  readonly transformMethod?: string;
  /** DocMDP /P (1, 2, 3), FieldMDP /Action and /Fields, /V. */
  readonly p?: number;
  readonly v?: string;
  readonly action?: string;
  readonly fields?: readonly string[];
}

export interface PdfSignatureInfo {
  /** The first field (in /Fields order) whose /V is this dictionary; absent if only reachable via /Perms. */
  readonly fieldName?: string;
  readonly fieldNames: readonly string[];
  readonly fieldRef?: PdfRef;
  /**
   * True when every field holding this signature sits only on a page's /Annots, not in the AcroForm /Fields
   * (valid for every PAdES validator, but viewers that read only /Fields do not show it).
   */
  readonly fieldNotListed: boolean;
  /** The signature dictionary's own object, when indirect. */
  readonly signatureRef?: PdfRef;
  readonly kind: SignatureKind;
  /** /Type as written: 'Sig', 'DocTimeStamp' or undefined. */
  readonly type?: string;
  readonly filter?: string;
  readonly subFilter?: string;
  /** /ByteRange exactly as written (validate before use: see `checkByteRange`). */
  readonly byteRange?: readonly number[];
  /** /Contents decoded from hex, including the zero padding after the DER. */
  readonly contents: Buffer;
  /** Offset of the `<` that opens /Contents in the file (undefined inside an object stream). */
  readonly contentsStart?: number;
  /** Offset just after the closing `>` (exclusive). */
  readonly contentsEnd?: number;
  /** /M as written, and parsed. */
  readonly signingTimeText?: string;
  readonly signingTime?: Date;
  readonly name?: string;
  readonly reason?: string;
  readonly location?: string;
  readonly contactInfo?: string;
  readonly references: readonly SignatureReference[];
  /** True when /Perms /DocMDP names this dictionary (a certification signature). */
  readonly isCertification: boolean;
  /** The first revision whose end is at or after the end of the byte range. */
  readonly revisionIndex?: number;
  readonly dict: PdfDict;
}

async function text(reader: PdfReader, value: PdfObject | undefined): Promise<string | undefined> {
  const v = await reader.resolve(value);
  return v instanceof PdfString ? decodeTextString(v.bytes) : undefined;
}

/**
 * Every signature and document timestamp: the /V of each signature field (those of /Fields, then signature
 * widgets found only on a page's /Annots) plus dictionaries named by /Perms. A dictionary referenced from
 * several fields is listed once, with all their names.
 */
export async function listSignatures(
  input: PdfInput,
  options?: PdfReaderOptions,
): Promise<PdfSignatureInfo[]> {
  return withReader(input, (reader) => listSignaturesOf(reader), options);
}

async function listSignaturesOf(reader: PdfReader): Promise<PdfSignatureInfo[]> {
  const found = new Map<
    string,
    { value: PdfObject; fieldNames: string[]; fieldRef?: PdfRef; listed: boolean }
  >();
  const fields = await listFormFields(reader, { includeUnlisted: true });
  for (const field of fields) {
    if (field.fieldType !== 'Sig' || field.value === undefined) continue;
    const key =
      field.value instanceof PdfRef ? `r${field.value.key}` : `f${field.ref?.key ?? field.fullName}`;
    const entry = found.get(key);
    if (entry) {
      entry.fieldNames.push(field.fullName);
      entry.listed ||= !field.unlisted;
    } else
      found.set(key, {
        value: field.value,
        fieldNames: [field.fullName],
        fieldRef: field.ref,
        listed: !field.unlisted,
      });
  }
  const catalog = await reader.catalog();
  const perms = await reader.resolveDict(catalog.get('Perms'));
  const certRef = perms?.get('DocMDP');
  for (const [, value] of perms?.entries() ?? []) {
    if (value instanceof PdfRef && !found.has(`r${value.key}`))
      found.set(`r${value.key}`, { value, fieldNames: [], listed: true });
  }

  const out: PdfSignatureInfo[] = [];
  for (const { value, fieldNames, fieldRef, listed } of found.values()) {
    const dict = await reader.resolveDict(value);
    if (!dict) continue;
    const type = dict.getName('Type');
    const subFilter = dict.getName('SubFilter');
    if (!dict.has('Contents') && !dict.has('ByteRange')) continue;
    const contentsValue = await reader.resolve(dict.get('Contents'));
    const contents = contentsValue instanceof PdfString ? contentsValue : undefined;
    const byteRangeValue = await reader.resolveArray(dict.get('ByteRange'));
    const byteRange = byteRangeValue?.every((n) => typeof n === 'number')
      ? (byteRangeValue as number[])
      : undefined;
    const signingTimeText = await text(reader, dict.get('M'));
    const references: SignatureReference[] = [];
    for (const item of (await reader.resolveArray(dict.get('Reference'))) ?? []) {
      const ref = await reader.resolveDict(item);
      if (!ref) continue;
      const params = await reader.resolveDict(ref.get('TransformParams'));
      const fieldsList = (await reader.resolveArray(params?.get('Fields'))) ?? undefined;
      references.push({
        transformMethod: ref.getName('TransformMethod'),
        p: params?.getNumber('P'),
        v: params?.getName('V'),
        action: params?.getName('Action'),
        fields: fieldsList
          ?.filter((f): f is PdfString => f instanceof PdfString)
          .map((f) => decodeTextString(f.bytes)),
      });
    }
    const end =
      byteRange && byteRange.length >= 2
        ? byteRange[byteRange.length - 2] + byteRange[byteRange.length - 1]
        : undefined;
    const revision = end === undefined ? undefined : reader.revisions.find((r) => r.endOffset >= end);
    out.push({
      fieldName: fieldNames[0],
      fieldNames,
      fieldRef,
      fieldNotListed: !listed,
      signatureRef: value instanceof PdfRef ? value : undefined,
      kind: type === 'DocTimeStamp' || subFilter === 'ETSI.RFC3161' ? 'document-timestamp' : 'signature',
      type,
      filter: dict.getName('Filter'),
      subFilter,
      byteRange,
      contents: contents?.bytes ?? Buffer.alloc(0),
      contentsStart: contents?.span?.start,
      contentsEnd: contents?.span?.end,
      signingTimeText,
      signingTime: signingTimeText ? parsePdfDate(signingTimeText) : undefined,
      name: await text(reader, dict.get('Name')),
      reason: await text(reader, dict.get('Reason')),
      location: await text(reader, dict.get('Location')),
      contactInfo: await text(reader, dict.get('ContactInfo')),
      references,
      isCertification: certRef instanceof PdfRef && value instanceof PdfRef && certRef.equals(value),
      revisionIndex: revision?.index,
      dict,
    });
  }
  return out;
}
