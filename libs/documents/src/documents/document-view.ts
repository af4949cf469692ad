import type { Assignment } from '../assignments/assignment.entity';
import type { ProcessingEvent } from '../assignments/processing-event.entity';
import type { DocumentFile } from './document-file.entity';
import type { DocumentRecipient } from './document-recipient.entity';
import type { DocumentRecord } from './document.entity';

/** A document as services return it: every field except the internal search column. */
export type DocumentView = Omit<DocumentRecord, 'searchText'>;

export type FileView = Omit<DocumentFile, 'blobKey' | 'signatureReport'> & {
  signatureReport: Record<string, unknown> | null;
};

export type RecipientView = Omit<DocumentRecipient, 'downloadTokenHash'>;

export interface DocumentDetail extends DocumentView {
  files: FileView[];
  recipients: RecipientView[];
  assignments: Assignment[];
  events: ProcessingEvent[];
}

export function toView(doc: DocumentRecord): DocumentView {
  const { searchText: _search, ...view } = doc;
  return view;
}

export function toFileView(file: DocumentFile): FileView {
  const { blobKey: _key, signatureReport, ...rest } = file;
  return {
    ...rest,
    signatureReport: signatureReport ? (JSON.parse(signatureReport) as Record<string, unknown>) : null,
  };
}

export function toRecipientView(r: DocumentRecipient): RecipientView {
  const { downloadTokenHash: _hash, ...rest } = r;
  return rest;
}
