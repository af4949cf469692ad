import type { DataSource, EntityManager } from 'typeorm';
import {
  type Actor,
  type Clock,
  memberOrganisation,
  requireRole,
  Role,
  vietnamDate,
  vietnamYear,
  documentEvent,
} from '@kyso/org';
import { isUniqueViolation, unitOfWork, type TransactionRunner } from '@kyso/database';
import { DocumentTypeService } from '../document-types/document-type.service';
import { DocumentsError, DocumentsErrorCode } from '../documents.exception';
import { requireVisibleDocument } from '../documents/document-access';
import { OutgoingStatus } from '../documents/document-status';
import { toView, type DocumentView } from '../documents/document-view';
import type { DocumentRecord } from '../documents/document.entity';
import { DocumentRepository } from '../documents/document.repository';
import { buildSymbol, formatNumberSymbol, numberSymbolKey } from '../numbering/number-symbol';
import { AUDIT_NUMBER, AUDIT_NUMBER_SYMBOL, type Numbered } from '../registers/register-counter';
import type { AuditTrail } from '../audit/audit-trail';
import { RegisterRepository } from '../registers/register.repository';
import { DEFAULT_SERIES, type RegisterService } from '../registers/register.service';
import { buildSearchText } from '../search/search-text';

export interface IssueResult {
  document: DocumentView;
  number: number;
  /** `05/QĐ-UBND`. */
  numberSymbol: string;
  documentDate: string;
  registerId: string;
}

/**
 * The clerk gives a signed document its number and date (Decree 30: numbers are assigned by the system, never typed),
 * then applies the organisation's seal signature.
 */
export class IssuingService {
  private readonly documents = new DocumentRepository();
  private readonly numbering = new RegisterRepository();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
    private readonly types: DocumentTypeService,
    private readonly registers: RegisterService,
  ) {}

  /**
   * One transaction: lock the document, open the year's register if needed, take the next number, write number,
   * symbol and date, append the audit entry. The number is taken last so that other issuers of the series wait only
   * for the final writes and the commit. Numbering follows the calendar year in Vietnam at the moment of issue.
   */
  issue(actor: Actor, id: string, runner?: TransactionRunner): Promise<IssueResult> {
    requireRole(actor, Role.CLERK);
    const organisationId = memberOrganisation(actor);
    return unitOfWork(this.ds, runner, async (tx) => {
      const now = this.clock.now();
      const year = vietnamYear(now);
      const documentDate = vietnamDate(now);
      const { doc, shortName, orgName, unitAbbreviation, yearRegisterId } = await this.loadForIssue(
        tx,
        organisationId,
        id,
        year,
      );
      if (doc.direction !== 'outgoing' || doc.status !== OutgoingStatus.SIGNED) {
        throw new DocumentsError(DocumentsErrorCode.INVALID_STATE, { status: doc.status });
      }
      const type = await this.types.require(doc.typeCode, tx);
      const symbol = buildSymbol({
        typeAbbreviation: type.abbreviation,
        organisationShortName: shortName,
        unitAbbreviation: type.abbreviation ? null : unitAbbreviation,
      });
      const register = yearRegisterId
        ? { id: yearRegisterId }
        : await this.registers.registerForYear(
            tx,
            organisationId,
            ['outgoing', 'internal'],
            doc.registerId,
            year,
          );

      const staticChanges = {
        status: OutgoingStatus.ISSUED,
        registerId: register.id,
        documentDate,
        documentYear: year,
        issuedAt: now,
        issuedBy: actor.userId,
        updatedAt: now,
      };
      let numbered: Numbered;
      try {
        numbered = await this.numbering.numberDocument(
          tx,
          register.id,
          doc.id,
          {
            status: staticChanges.status,
            register_id: register.id,
            document_date: documentDate,
            document_year: year,
            issued_at: now.toISOString(),
            issued_by: actor.userId,
            updated_at: now.toISOString(),
          },
          {
            numberSymbolSuffix: `/${symbol}`,
            numberSymbolKeySuffix: numberSymbolKey(`1/${symbol}`).slice(1),
            searchText: {
              before: `${buildSearchText([doc.subject])} \u2502 `,
              after: `/${buildSearchText([symbol])} \u2502 ${buildSearchText([orgName, doc.signerName])}`,
            },
          },
          {
            trail: this.audit,
            at: now,
            event: documentEvent(doc, actor.userId, 'outgoing.issued', {
              registerId: register.id,
              number: AUDIT_NUMBER,
              numberSymbol: AUDIT_NUMBER_SYMBOL,
              documentDate,
            }),
          },
        );
      } catch (err) {
        // Two registers whose series overlap produced the same number/symbol: refuse; the rollback returns the number.
        if (isUniqueViolation(err))
          throw new DocumentsError(DocumentsErrorCode.NUMBER_SYMBOL_TAKEN, { symbol });
        throw err;
      }
      const number = numbered.number;
      const numberSymbol = formatNumberSymbol(number, symbol);
      const changes: Partial<DocumentRecord> = {
        ...staticChanges,
        registerNumber: number,
        numberSymbol,
        numberSymbolKey: numberSymbolKey(numberSymbol),
      };
      return {
        document: toView({ ...doc, ...changes }),
        number,
        numberSymbol,
        documentDate,
        registerId: register.id,
      };
    });
  }

  /**
   * Only clerks issue, and they see every document of their organisation, so visibility is the organisation match.
   */
  private async loadForIssue(tx: EntityManager, organisationId: string, id: string, year: number) {
    const found = await this.documents.findForIssue(tx, organisationId, id, year, DEFAULT_SERIES);
    if (!found) throw new DocumentsError(DocumentsErrorCode.DOCUMENT_NOT_FOUND, { id });
    return found;
  }

  /**
   * Records that the organisation's signature (digital seal) was applied. The seal signer is wired later; the sealed
   * PDF, when there is one, arrives as a new file version.
   */
  seal(actor: Actor, id: string): Promise<DocumentView> {
    requireRole(actor, Role.CLERK);
    return unitOfWork(this.ds, undefined, async (tx) => {
      const doc = await requireVisibleDocument(tx, actor, id, { lock: true });
      if (doc.direction !== 'outgoing' || doc.status !== OutgoingStatus.ISSUED)
        throw new DocumentsError(DocumentsErrorCode.INVALID_STATE, { status: doc.status });
      const now = this.clock.now();
      const changes = { status: OutgoingStatus.SEALED, sealedAt: now, updatedAt: now };
      await this.documents.update(tx, doc.id, changes);
      await this.audit.record(tx, documentEvent(doc, actor.userId, 'outgoing.sealed'), now);
      return toView({ ...doc, ...changes });
    });
  }
}
