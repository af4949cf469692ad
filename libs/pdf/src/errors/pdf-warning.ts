/** Places where the reader tolerated a defect instead of failing; validation may treat them as evidence. */
export type PdfWarningCode =
  | 'STARTXREF_ADJUSTED'
  | 'XREF_ENTRY_ADJUSTED'
  | 'STREAM_LENGTH_REPAIRED'
  | 'XREF_REBUILT'
  | 'XREF_STREAM_SHORT'
  | 'EOF_MARKER_MISSING'
  | 'HEADER_NOT_AT_START';

export interface PdfWarning {
  readonly code: PdfWarningCode;
  readonly message: string;
  readonly offset?: number;
}
