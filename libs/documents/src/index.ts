export * from './assignments/assignment.entity';
export * from './assignments/assignment.service';
export * from './assignments/processing-event.entity';
export * from './audit/audit-chain-head.entity';
export * from './audit/audit-entry.entity';
export * from './audit/audit-hash';
export * from './audit/audit-trail';
export * from './audit/audit-verify';
export * from './audit/canonical-json';
export * from './continuity/organisation-holdings.repository';
export * from './document-types/document-type.entity';
export * from './document-types/document-type.service';
export * from './documents.exception';
export * from './documents/document-access';
export * from './documents/document-file.entity';
export * from './documents/document-query.service';
export * from './documents/document-recipient.entity';
export * from './documents/document-status';
export * from './documents/document-view';
export * from './documents/document.entity';
export * from './domain-services';
export * from './files/document-file-store';
export * from './files/document-versions.service';
export * from './files/pdf-magic';
export * from './files/uploaded-file';
export * from './i18n/labels';
export * from './incoming/arrival-router';
export * from './incoming/incoming-signature-checker';
export * from './incoming/incoming.service';
export * from './numbering/number-symbol';
export * from './outgoing/dispatch.service';
export * from './outgoing/issuing.service';
export * from './outgoing/outgoing-drafting.service';
export * from './outgoing/recipient-input';
export * from './registers/export/register-export.service';
export * from './registers/export/register-rows';
export * from './registers/register-counter';
export * from './registers/register.entity';
export * from './registers/register.service';
export * from './search/search-text';
export * from './signing-sessions/signing-session.entity';
export * from './signing-sessions/signing-session.error';
export * from './signing-sessions/signing-session.service';
export * from './signing-sessions/user-certificate.entity';
export * from './signing-sessions/user-certificates.service';

import { Assignment } from './assignments/assignment.entity';
import { ProcessingEvent } from './assignments/processing-event.entity';
import { AuditChainHead } from './audit/audit-chain-head.entity';
import { AuditEntry } from './audit/audit-entry.entity';
import { DocumentType } from './document-types/document-type.entity';
import { DocumentFile } from './documents/document-file.entity';
import { DocumentRecipient } from './documents/document-recipient.entity';
import { DocumentRecord } from './documents/document.entity';
import { Register } from './registers/register.entity';
import { SigningSession } from './signing-sessions/signing-session.entity';
import { UserCertificate } from './signing-sessions/user-certificate.entity';

/** The TypeORM entities libs/documents persists; the app adds them to its data source. */
export const documentsEntities = [
  DocumentType,
  Register,
  DocumentRecord,
  DocumentFile,
  DocumentRecipient,
  Assignment,
  ProcessingEvent,
  AuditEntry,
  AuditChainHead,
  SigningSession,
  UserCertificate,
];
