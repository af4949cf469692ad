import type { AppearanceStream } from '../appearance/appearance-stream';
import { listFormFields, PdfFormField } from '../document/acro-form';
import { DocMdpPermission, readDocMdp } from '../document/doc-mdp';
import { getPage } from '../document/page-tree';
import { PdfReader, PdfReaderOptions } from '../document/pdf-reader';
import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import type { ByteSource } from '../io/byte-source';
import { formatPdfDate, VIETNAM_UTC_OFFSET_MINUTES } from '../objects/pdf-date';
import { PdfDict, PdfName, PdfObject, PdfPlaceholder, PdfRef, PdfStream } from '../objects/pdf-objects';
import { BYTE_RANGE_PLACEHOLDER } from '../objects/pdf-serializer';
import { encodeTextString } from '../objects/pdf-text';
import { INVISIBLE_RECT, Rect, toPdfRect } from '../objects/rect';
import { IncrementalUpdate, XrefFormat } from '../write/incremental-update';
import type { PdfUpdateOutput } from '../write/pdf-update-output';
import { listSignatures, SignatureKind } from './signature-listing';

export type SignatureSubFilter = 'ETSI.CAdES.detached' | 'adbe.pkcs7.detached' | 'ETSI.RFC3161';

export interface PrepareSignatureOptions {
  kind: SignatureKind;
  /** Default: ETSI.CAdES.detached for signatures, ETSI.RFC3161 for document timestamps. */
  subFilter?: SignatureSubFilter;
  /** A new unique field name (default `Signature1`, `Signature2`, …) or an existing empty signature field. */
  fieldName?: string;
  /** Zero-based page of the widget (default 0). Ignored when filling an existing field. */
  pageIndex?: number;
  /** Widget rectangle [x, y, width, height]; omitted or all zero means an invisible signature. */
  rect?: Rect;
  appearance?: AppearanceStream;
  /** /M; written with `utcOffsetMinutes` (default +07:00). */
  signingTime?: Date;
  utcOffsetMinutes?: number;
  name?: string;
  reason?: string;
  location?: string;
  contactInfo?: string;
  /** Make this a certification signature (DocMDP) with the given permission level. */
  certification?: { permission: DocMdpPermission };
  /** Bytes reserved for the DER CMS / timestamp token; the hex placeholder has twice as many digits. */
  contentsSize: number;
  xrefFormat?: XrefFormat;
}

export interface PreparedSignature {
  /** Original + appended update with a zero-filled /Contents and the final /ByteRange. */
  readonly output: PdfUpdateOutput;
  /** [0, contentsOffset, contentsOffset + contentsLength, rest]: everything but the /Contents hex string. */
  readonly byteRange: readonly [number, number, number, number];
  /** Absolute offset of the `<` opening the /Contents hex string. */
  readonly contentsOffset: number;
  /** Length of `<…>` including both angle brackets (= 2 × contentsSize + 2). */
  readonly contentsLength: number;
  /** Bytes of DER that fit in the placeholder. */
  readonly contentsSize: number;
  readonly fieldName: string;
  readonly fieldRef: PdfRef;
  readonly signatureRef: PdfRef;
  /** Index the new revision has once written. */
  readonly revisionIndex: number;
}

/** Generous upper bound: a CAdES with a full chain, timestamp and revocation data stays far below. */
const MAX_CONTENTS_SIZE = 4 * 1024 * 1024;
/** Print (4) + Locked (128): printed, and not movable or deletable in viewers. */
const WIDGET_FLAGS = 132;

function invalid(detail: string): PdfError {
  return new PdfError(PdfErrorCode.INVALID_ARGUMENT, { detail });
}

function checkOptions(options: PrepareSignatureOptions): SignatureSubFilter {
  const { kind, contentsSize, rect } = options;
  if (kind !== 'signature' && kind !== 'document-timestamp') throw invalid(`kind ${String(kind)}`);
  if (!Number.isSafeInteger(contentsSize) || contentsSize < 1 || contentsSize > MAX_CONTENTS_SIZE) {
    throw invalid(`contentsSize ${contentsSize}`);
  }
  const subFilter = options.subFilter ?? (kind === 'signature' ? 'ETSI.CAdES.detached' : 'ETSI.RFC3161');
  if ((kind === 'document-timestamp') !== (subFilter === 'ETSI.RFC3161')) {
    throw invalid(`subFilter ${subFilter} does not fit kind ${kind}`);
  }
  if (kind === 'document-timestamp' && options.certification) throw invalid('a timestamp cannot certify');
  if (options.appearance && !(rect && rect[2] > 0 && rect[3] > 0))
    throw invalid('an appearance needs a visible rect');
  if (rect && (rect.length !== 4 || rect.some((n) => !Number.isFinite(n)) || rect[2] < 0 || rect[3] < 0)) {
    throw invalid('rect must be [x, y, width, height] with width, height >= 0');
  }
  return subFilter;
}

/**
 * Adds a signature (or document timestamp) revision with a zero-filled /Contents placeholder and the final
 * /ByteRange. Hash `byteRange` of `output`, build the CMS, then call `embedContents`.
 *
 * For a file input pass a `FileByteSource` (or a reader over one): only the tail and the touched objects
 * are read, and `output.writeTo(path)` copies the file and appends the update.
 */
export async function prepareSignature(
  input: PdfReader | ByteSource | Uint8Array,
  options: PrepareSignatureOptions,
  readerOptions?: PdfReaderOptions,
): Promise<PreparedSignature> {
  const subFilter = checkOptions(options);
  const reader = input instanceof PdfReader ? input : await PdfReader.open(input, readerOptions);

  const existing = await listSignatures(reader);
  const docMdp = await readDocMdp(reader);
  if (docMdp?.permission === 1 && options.kind === 'signature') {
    throw new PdfError(PdfErrorCode.DOCMDP_FORBIDS_CHANGES, { detail: 'certified with /P 1' });
  }
  if (options.certification) {
    if (existing.some((s) => s.kind === 'signature') || docMdp)
      throw new PdfError(PdfErrorCode.DOCMDP_NOT_FIRST);
    if (![1, 2, 3].includes(options.certification.permission)) throw invalid('certification permission');
  }

  // Unlisted fields too, so that a new field never takes the name of a signature another writer left off /Fields.
  const fields = await listFormFields(reader, { includeUnlisted: true });
  const target = pickField(fields, options.fieldName);
  const update = new IncrementalUpdate(reader, { xrefFormat: options.xrefFormat });

  const signatureRef = update.add(signatureDictionary(options, subFilter));
  const rect = options.rect ?? INVISIBLE_RECT;
  const visible = rect[2] > 0 && rect[3] > 0;
  const appearanceRef = visible
    ? options.appearance
      ? update.importGraph(options.appearance)
      : update.add(blankAppearance(rect[2], rect[3]))
    : undefined;

  let fieldRef: PdfRef;
  const catalogRef = reader.trailer.get('Root');
  if (!(catalogRef instanceof PdfRef))
    throw new PdfError(PdfErrorCode.INVALID_STRUCTURE, { detail: '/Root' });
  const catalog = (await reader.catalog()).clone();
  let catalogChanged = false;

  if (target.existing) {
    fieldRef = await fillExistingField(update, target.existing, signatureRef, appearanceRef);
  } else {
    const page = await getPage(reader, options.pageIndex ?? 0);
    fieldRef = update.add(
      new PdfDict({
        Type: new PdfName('Annot'),
        Subtype: new PdfName('Widget'),
        FT: new PdfName('Sig'),
        T: encodeTextString(target.name),
        V: signatureRef,
        F: WIDGET_FLAGS,
        Rect: toPdfRect(visible ? rect : INVISIBLE_RECT),
        P: page.ref,
        AP: appearanceRef ? new PdfDict({ N: appearanceRef }) : undefined,
      }),
    );
    await appendToArrayEntry(update, page.ref, 'Annots', fieldRef);
  }

  // /AcroForm: add the field, and /SigFlags 3 (SignaturesExist | AppendOnly).
  const acroValue = catalog.get('AcroForm');
  if (acroValue instanceof PdfRef) {
    await updateAcroForm(update, acroValue, target.existing ? undefined : fieldRef);
  } else {
    const acro = acroValue instanceof PdfDict ? acroValue.clone() : new PdfDict();
    await addFieldTo(update, acro, target.existing ? undefined : fieldRef);
    if (acroValue instanceof PdfDict) catalog.set('AcroForm', acro);
    else catalog.set('AcroForm', update.add(acro));
    catalogChanged = true;
  }

  if (options.certification) {
    const perms = catalog.get('Perms');
    if (perms instanceof PdfRef) {
      const permsDict = dictCopyOrThrow(await update.current(perms), '/Perms');
      update.set(perms, permsDict.set('DocMDP', signatureRef));
    } else {
      const permsDict = perms instanceof PdfDict ? perms.clone() : new PdfDict();
      catalog.set('Perms', permsDict.set('DocMDP', signatureRef));
      catalogChanged = true;
    }
  }
  if (catalogChanged) update.set(catalogRef, catalog);

  const written = await update.write();
  return finishLayout(written, options.contentsSize, {
    fieldName: target.name,
    fieldRef,
    signatureRef,
    revisionIndex: reader.revisions.length,
  });
}

function pickField(fields: PdfFormField[], requested?: string): { name: string; existing?: PdfFormField } {
  const names = new Set(fields.map((f) => f.fullName));
  if (requested !== undefined) {
    if (!requested || requested.includes('.')) throw invalid(`field name "${requested}"`);
    const same = fields.find((f) => f.fullName === requested);
    if (!same) return { name: requested };
    if (same.fieldType === 'Sig' && same.value === undefined && same.ref && !same.unlisted)
      return { name: requested, existing: same };
    throw new PdfError(PdfErrorCode.FIELD_EXISTS, { detail: requested });
  }
  for (let n = 1; ; n++) if (!names.has(`Signature${n}`)) return { name: `Signature${n}` };
}

function signatureDictionary(options: PrepareSignatureOptions, subFilter: SignatureSubFilter): PdfDict {
  const timestamp = options.kind === 'document-timestamp';
  const dict = new PdfDict({
    Type: new PdfName(timestamp ? 'DocTimeStamp' : 'Sig'),
    Filter: new PdfName('Adobe.PPKLite'),
    SubFilter: new PdfName(subFilter),
    ByteRange: new PdfPlaceholder('byte-range'),
    Contents: new PdfPlaceholder('contents', options.contentsSize),
  });
  if (options.signingTime) {
    dict.set(
      'M',
      encodeTextString(
        formatPdfDate(options.signingTime, options.utcOffsetMinutes ?? VIETNAM_UTC_OFFSET_MINUTES),
      ),
    );
  }
  if (options.name) dict.set('Name', encodeTextString(options.name));
  if (options.reason) dict.set('Reason', encodeTextString(options.reason));
  if (options.location) dict.set('Location', encodeTextString(options.location));
  if (options.contactInfo) dict.set('ContactInfo', encodeTextString(options.contactInfo));
  if (options.certification) {
    dict.set('Reference', [
      new PdfDict({
        Type: new PdfName('SigRef'),
        TransformMethod: new PdfName('DocMDP'),
        TransformParams: new PdfDict({
          Type: new PdfName('TransformParams'),
          P: options.certification.permission,
          V: new PdfName('1.2'),
        }),
      }),
    ]);
  }
  return dict;
}

function blankAppearance(width: number, height: number): PdfStream {
  return new PdfStream(
    new PdfDict({
      Type: new PdfName('XObject'),
      Subtype: new PdfName('Form'),
      BBox: [0, 0, width, height],
      Resources: new PdfDict(),
    }),
    Buffer.alloc(0),
  );
}

/**
 * A copy of an existing dictionary to change and write back. Anything else is a damaged file and is refused:
 * writing a new, empty dictionary in its place would drop the page, form or field the object was.
 */
function dictCopyOrThrow(value: PdfObject, what: string): PdfDict {
  if (value instanceof PdfDict) return value.clone();
  throw new PdfError(PdfErrorCode.INVALID_STRUCTURE, { detail: `${what} is not a dictionary` });
}

/** Appends `item` to an array entry of an object; if the entry is an indirect array, that array object changes. */
async function appendToArrayEntry(update: IncrementalUpdate, owner: PdfRef, key: string, item: PdfRef) {
  const dict = dictCopyOrThrow(await update.current(owner), `object ${owner.num} holding /${key}`);
  const value = dict.get(key);
  if (value instanceof PdfRef) {
    const arr = await update.current(value);
    if (!Array.isArray(arr))
      throw new PdfError(PdfErrorCode.INVALID_STRUCTURE, { detail: `${key} is not an array` });
    update.set(value, [...arr, item]);
    return;
  }
  dict.set(key, [...(Array.isArray(value) ? value : []), item]);
  update.set(owner, dict);
}

async function addFieldTo(
  update: IncrementalUpdate,
  acro: PdfDict,
  fieldRef: PdfRef | undefined,
): Promise<void> {
  const sigFlags = acro.getNumber('SigFlags') ?? 0;
  acro.set('SigFlags', sigFlags | 3);
  if (!fieldRef) return;
  const fields = acro.get('Fields');
  if (fields instanceof PdfRef) {
    const arr = await update.current(fields);
    update.set(fields, [...(Array.isArray(arr) ? arr : []), fieldRef]);
  } else {
    acro.set('Fields', [...(Array.isArray(fields) ? fields : []), fieldRef]);
  }
}

async function updateAcroForm(update: IncrementalUpdate, acroRef: PdfRef, fieldRef: PdfRef | undefined) {
  const acro = dictCopyOrThrow(await update.current(acroRef), '/AcroForm');
  await addFieldTo(update, acro, fieldRef);
  update.set(acroRef, acro);
}

async function fillExistingField(
  update: IncrementalUpdate,
  field: PdfFormField,
  signatureRef: PdfRef,
  appearanceRef: PdfRef | undefined,
): Promise<PdfRef> {
  const fieldRef = field.ref as PdfRef;
  const dict = dictCopyOrThrow(await update.current(fieldRef), `field ${field.fullName}`);
  dict.set('V', signatureRef);
  const widget = field.widgets[0];
  if (appearanceRef && widget) {
    if (!widget.ref || widget.ref.equals(fieldRef)) dict.set('AP', new PdfDict({ N: appearanceRef }));
    else
      update.set(
        widget.ref,
        dictCopyOrThrow(await update.current(widget.ref), `widget of field ${field.fullName}`).set(
          'AP',
          new PdfDict({ N: appearanceRef }),
        ),
      );
  }
  update.set(fieldRef, dict);
  return fieldRef;
}

function finishLayout(
  written: PdfUpdateOutput,
  contentsSize: number,
  ids: Pick<PreparedSignature, 'fieldName' | 'fieldRef' | 'signatureRef' | 'revisionIndex'>,
): PreparedSignature {
  const contents = written.placeholders.find((p) => p.kind === 'contents');
  const range = written.placeholders.find((p) => p.kind === 'byte-range');
  if (!contents || !range)
    throw new PdfError(PdfErrorCode.INVALID_STRUCTURE, { detail: 'placeholders missing' });
  const byteRange: [number, number, number, number] = [
    0,
    contents.start,
    contents.end,
    written.size - contents.end,
  ];
  // Same width as the placeholder, so no offset moves: "[0 a b c" + spaces + "]".
  const text = `[0 ${byteRange[1]} ${byteRange[2]} ${byteRange[3]}`;
  if (text.length + 1 > BYTE_RANGE_PLACEHOLDER.length) throw new PdfError(PdfErrorCode.OBJECT_TOO_LARGE);
  const patch = Buffer.from(text.padEnd(BYTE_RANGE_PLACEHOLDER.length - 1, ' ') + ']', 'latin1');
  return {
    output: written.patched(range.start, patch),
    byteRange,
    contentsOffset: contents.start,
    contentsLength: contents.end - contents.start,
    contentsSize,
    ...ids,
  };
}
