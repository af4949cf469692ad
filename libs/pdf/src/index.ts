// Public API of @kyso/pdf: PDF parsing and incremental writing for PAdES signing and validation.
// Knows nothing about CMS, tokens or storage.

export { PdfError, PdfErrorCode, isPdfError } from './errors/pdf-error';
export type { PdfWarning, PdfWarningCode } from './errors/pdf-warning';

export {
  BufferByteSource,
  ConcatByteSource,
  FileByteSource,
  PrefixByteSource,
  openByteSource,
  withByteSource,
} from './io/byte-source';
export type { ByteSource, ByteSourceInput } from './io/byte-source';

export {
  PdfDict,
  PdfName,
  PdfPlaceholder,
  PdfRef,
  PdfStream,
  PdfString,
  dictOf,
  isDict,
  isName,
  isRef,
  isStream,
  pdfName,
} from './objects/pdf-objects';
export type { ByteSpan, PdfArray, PdfObject, StreamLocation } from './objects/pdf-objects';
export { decodeTextString, encodeTextString } from './objects/pdf-text';
export {
  formatIsoDateTime,
  formatPdfDate,
  parsePdfDate,
  VIETNAM_UTC_OFFSET_MINUTES,
} from './objects/pdf-date';
export type { PdfObjectGraph } from './objects/pdf-object-graph';
export { INVISIBLE_RECT, toPdfRect } from './objects/rect';
export type { Rect } from './objects/rect';
export { DEFAULT_PARSE_LIMITS } from './parse/parse-limits';
export type { ParseLimits } from './parse/parse-limits';

export { PdfReader } from './document/pdf-reader';
export type { PdfReaderOptions } from './document/pdf-reader';
export { withReader } from './document/with-reader';
export type { PdfInput } from './document/with-reader';
export type { PdfRevision } from './xref/pdf-revision';
export type { XrefEntry, XrefKind, XrefSection } from './xref/xref-entry';
export { getPage, listPages } from './document/page-tree';
export type { PdfBox, PdfPage } from './document/page-tree';
export { listFormFields, readAcroForm } from './document/acro-form';
export type { AcroFormInfo, PdfFormField, PdfWidget } from './document/acro-form';
export { readDocMdp } from './document/doc-mdp';
export type { DocMdpInfo, DocMdpPermission } from './document/doc-mdp';
export { readDss } from './document/dss-reader';
export type { DssContents, DssItem, DssVriEntry } from './document/dss-reader';

export { IncrementalUpdate } from './write/incremental-update';
export type { IncrementalUpdateOptions, XrefFormat } from './write/incremental-update';
export { PdfUpdateOutput } from './write/pdf-update-output';
export type { PlaceholderSpan } from './objects/pdf-serializer';

export { listSignatures } from './signature/signature-listing';
export type { PdfSignatureInfo, SignatureKind, SignatureReference } from './signature/signature-listing';
export { listSignatureFields } from './signature/signature-fields';
export type { PdfSignatureField } from './signature/signature-fields';
export { prepareSignature } from './signature/prepare-signature';
export type {
  PrepareSignatureOptions,
  PreparedSignature,
  SignatureSubFilter,
} from './signature/prepare-signature';
export { embedContents } from './signature/embed-contents';
export { byteRangeContent, checkByteRange, hashByteRange, readByteRange } from './signature/byte-range';
export type { DigestAlgorithm } from './signature/byte-range';

export { appendDss } from './dss/append-dss';
export type { AppendDssOptions, DssVriInput } from './dss/append-dss';

export type { AppearanceStream, LeaderAppearance } from './appearance/appearance-stream';
export { buildLeaderAppearance } from './appearance/leader-appearance';
export type { LeaderAppearanceOptions } from './appearance/leader-appearance';
export { buildSealAppearance } from './appearance/seal-appearance';
export type { SealAppearanceOptions } from './appearance/seal-appearance';
export { buildTextStampAppearance } from './appearance/text-stamp-appearance';
export type { TextStampOptions } from './appearance/text-stamp-appearance';
export { sealRectOverLeader, topRightStampRect } from './appearance/stamp-placement';
export { BUNDLED_FONT_FILE, loadBundledFont } from './appearance/bundled-font';
export { AppearanceBuilder } from './appearance/appearance-builder';
export type { AppearanceFont, AppearanceImage } from './appearance/appearance-builder';
export { ContentBuilder } from './appearance/content-builder';
