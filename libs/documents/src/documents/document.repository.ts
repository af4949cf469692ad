import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { Organisation, OrgUnit } from '@kyso/org';
import { isPostgres, writeLock } from '@kyso/database';
import { Register } from '../registers/register.entity';
import { escapeLike, searchTerms } from '../search/search-text';
import type { DocumentDirection } from './document-status';
import { DocumentRecord } from './document.entity';

/** What a document search matches on, as users give it. */
export interface DocumentCriteria {
  /** Words to find in subject, number/symbol, sender and signer, ignoring diacritics and case. */
  q?: string;
  direction?: DocumentDirection;
  typeCode?: string;
  registerId?: string;
  status?: string;
  /** Arrival date for incoming, document date for outgoing; `YYYY-MM-DD`, inclusive. */
  dateFrom?: string;
  dateTo?: string;
  assigneeUserId?: string;
  assigneeUnitId?: string;
}

/** A document search as the query runs it: the criteria, scoped and paged by the caller. */
export interface DocumentSearch extends DocumentCriteria {
  /** Organisations whose documents are searched. */
  organisationIds: string[];
  /** Only what this person drafted or what is assigned to them or their unit. */
  onlyOf?: { userId: string; unitId: string | null };
  skip: number;
  take: number;
}

/** A signed document with what issuing needs of its organisation, drafting unit and register, in one row. */
export interface DocumentForIssue {
  doc: DocumentRecord;
  shortName: string;
  orgName: string;
  unitAbbreviation: string | null;
  yearRegisterId: string | null;
}

/**
 * The `documents` table. Every method runs in the caller's EntityManager, so the caller's transaction (and its row
 * locks) is the unit of work; visibility and state rules stay with the services.
 */
export class DocumentRepository {
  /** The document of `organisationId`; with `lock`, row-locked until the transaction ends (PostgreSQL). */
  findInOrganisation(
    em: EntityManager,
    id: string,
    organisationId: string,
    options: { lock?: boolean } = {},
  ): Promise<DocumentRecord | null> {
    return em.findOne(DocumentRecord, {
      where: { id, organisationId },
      lock: options.lock ? writeLock(em) : undefined,
    });
  }

  findById(em: EntityManager, id: string): Promise<DocumentRecord | null> {
    return em.findOne(DocumentRecord, { where: { id } });
  }

  getById(em: EntityManager, id: string): Promise<DocumentRecord> {
    return em.findOneOrFail(DocumentRecord, { where: { id } });
  }

  /** An outgoing document of the organisation (what a recall, replacement or correction letter may name). */
  findOutgoing(em: EntityManager, id: string, organisationId: string): Promise<DocumentRecord | null> {
    return em.findOne(DocumentRecord, { where: { id, organisationId, direction: 'outgoing' } });
  }

  async insert(em: EntityManager, doc: DocumentRecord): Promise<void> {
    await em.insert(DocumentRecord, doc);
  }

  async update(em: EntityManager, id: string, changes: Partial<DocumentRecord>): Promise<void> {
    await em.update(DocumentRecord, { id }, changes);
  }

  /** Incoming documents registered under the same sender, number/symbol and year (at most five). */
  findSameIncoming(
    em: EntityManager,
    key: Pick<DocumentRecord, 'organisationId' | 'numberSymbolKey' | 'senderKey'> & { documentYear: number },
  ): Promise<Array<Pick<DocumentRecord, 'id' | 'registerNumber' | 'arrivalDate' | 'status'>>> {
    return em.find(DocumentRecord, {
      where: {
        organisationId: key.organisationId,
        direction: 'incoming',
        numberSymbolKey: key.numberSymbolKey!,
        documentYear: key.documentYear,
        senderKey: key.senderKey!,
      },
      select: { id: true, registerNumber: true, arrivalDate: true, status: true },
      take: 5,
    });
  }

  /** The copies kyso delivered of an outgoing document, one per receiving organisation. */
  findDeliveredCopies(
    em: EntityManager,
    sourceDocumentId: string,
  ): Promise<Array<Pick<DocumentRecord, 'id' | 'organisationId'>>> {
    return em.find(DocumentRecord, {
      where: { sourceDocumentId },
      select: { id: true, organisationId: true },
    });
  }

  /** A register's documents in number order. */
  findInRegister(em: EntityManager, registerId: string): Promise<DocumentRecord[]> {
    return em.find(DocumentRecord, { where: { registerId }, order: { registerNumber: 'ASC' } });
  }

  /**
   * The document (row-locked on PostgreSQL), its organisation's names, the drafting unit's abbreviation and the id
   * of the register of the same kind and series for `year`, in one query: issuing is the hot path of a clerk's day.
   */
  async findForIssue(
    em: EntityManager,
    organisationId: string,
    id: string,
    year: number,
    defaultSeries: string,
  ): Promise<DocumentForIssue | null> {
    const qb = em
      .createQueryBuilder(DocumentRecord, 'd')
      .innerJoin(Organisation, 'o', 'o.id = d.organisation_id')
      .leftJoin(OrgUnit, 'u', 'u.id = d.drafting_unit_id')
      .leftJoin(Register, 'r', 'r.id = d.register_id')
      .addSelect('o.short_name', 'o_short_name')
      .addSelect('o.name', 'o_name')
      .addSelect('u.abbreviation', 'u_abbreviation')
      .addSelect(
        (sub) =>
          sub
            .select('r2.id')
            .from(Register, 'r2')
            .where(
              "r2.organisation_id = d.organisation_id AND r2.kind = COALESCE(r.kind, 'outgoing') AND r2.series = COALESCE(r.series, :series) AND r2.year = :year",
            ),
        'year_register_id',
      )
      .where('d.id = :id AND d.organisation_id = :org', {
        id,
        org: organisationId,
        series: defaultSeries,
        year,
      });
    if (isPostgres(em)) qb.setLock('pessimistic_write', undefined, ['d']);
    const { entities, raw } = await qb.getRawAndEntities<Record<string, string | null>>();
    if (!entities[0]) return null;
    const row = raw[0];
    return {
      doc: entities[0],
      shortName: row.o_short_name!,
      orgName: row.o_name!,
      unitAbbreviation: row.u_abbreviation,
      yearRegisterId: row.year_register_id,
    };
  }

  /** One page of a search, newest first, with the total count. */
  search(em: EntityManager, s: DocumentSearch): Promise<[DocumentRecord[], number]> {
    const qb = em
      .createQueryBuilder(DocumentRecord, 'd')
      .where('d.organisation_id IN (:...orgs)', { orgs: s.organisationIds });
    searchTerms(s.q ?? '').forEach((term, i) => {
      qb.andWhere(`d.search_text LIKE :t${i} ESCAPE '\\'`, { [`t${i}`]: `%${escapeLike(term)}%` });
    });
    if (s.direction) qb.andWhere('d.direction = :direction', { direction: s.direction });
    if (s.typeCode) qb.andWhere('d.type_code = :typeCode', { typeCode: s.typeCode });
    if (s.registerId) qb.andWhere('d.register_id = :registerId', { registerId: s.registerId });
    if (s.status) qb.andWhere('d.status = :status', { status: s.status });
    const day = "(CASE WHEN d.direction = 'incoming' THEN d.arrival_date ELSE d.document_date END)";
    if (s.dateFrom) qb.andWhere(`${day} >= :dateFrom`, { dateFrom: s.dateFrom });
    if (s.dateTo) qb.andWhere(`${day} <= :dateTo`, { dateTo: s.dateTo });
    this.whereAssigned(qb, s);
    return qb
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'ASC')
      .skip(s.skip)
      .take(s.take)
      .getManyAndCount();
  }

  private whereAssigned(qb: SelectQueryBuilder<DocumentRecord>, s: DocumentSearch): void {
    if (s.assigneeUserId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM assignments a1 WHERE a1.document_id = d.id AND a1.user_id = :assigneeUserId)',
        { assigneeUserId: s.assigneeUserId },
      );
    }
    if (s.assigneeUnitId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM assignments a2 WHERE a2.document_id = d.id AND a2.unit_id = :assigneeUnitId)',
        { assigneeUnitId: s.assigneeUnitId },
      );
    }
    if (s.onlyOf) {
      qb.andWhere(
        '(d.created_by = :me OR EXISTS (SELECT 1 FROM assignments a3 WHERE a3.document_id = d.id AND (a3.user_id = :me OR a3.unit_id = :myUnit)))',
        { me: s.onlyOf.userId, myUnit: s.onlyOf.unitId ?? '' },
      );
    }
  }
}
