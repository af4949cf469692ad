import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { execute, sql } from '@kyso/database';
import {
  numberDocument,
  takeNextNumber,
  type NumberDerivedColumns,
  type Numbered,
  type NumberingAudit,
} from './register-counter';
import { Register, type RegisterKind } from './register.entity';

/** What identifies a register: one per organisation, kind, series and year. */
export interface RegisterKey {
  organisationId: string;
  kind: RegisterKind;
  series: string;
  year: number;
}

/**
 * The `registers` table and its counters. Numbering takes the register's row lock inside the caller's transaction
 * (see register-counter.ts for why that makes numbers gap-free and unique).
 */
export class RegisterRepository {
  exists(em: EntityManager, key: RegisterKey): Promise<boolean> {
    return em.exists(Register, { where: { ...key } });
  }

  async insert(em: EntityManager, register: Register): Promise<void> {
    await em.insert(Register, register);
  }

  list(
    em: EntityManager,
    organisationId: string,
    filter: { kind?: RegisterKind; year?: number },
  ): Promise<Register[]> {
    return em.find(Register, {
      where: { organisationId, ...filter },
      order: { year: 'DESC', kind: 'ASC', series: 'ASC' },
    });
  }

  findInOrganisation(em: EntityManager, id: string, organisationId: string): Promise<Register | null> {
    return em.findOne(Register, { where: { id, organisationId } });
  }

  find(em: EntityManager, key: RegisterKey): Promise<Register | null> {
    return em.findOne(Register, { where: { ...key } });
  }

  /**
   * The register of `key`, opened (next number 1) if it does not exist yet. Concurrent openers agree on one row:
   * the insert does nothing when another transaction created it first.
   */
  async open(em: EntityManager, key: RegisterKey, name: string, createdAt: Date): Promise<Register> {
    const q = sql(em);
    await execute(
      em,
      q`INSERT INTO registers (id, organisation_id, kind, year, series, name, next_number, created_at)
        VALUES (${randomUUID()}, ${key.organisationId}, ${key.kind}, ${key.year}, ${key.series}, ${name}, ${1}, ${createdAt.toISOString()})
        ON CONFLICT DO NOTHING`,
    );
    return em.findOneOrFail(Register, { where: { ...key } });
  }

  /** Takes the register's next number (row lock until the transaction ends). */
  nextNumber(em: EntityManager, registerId: string): Promise<number> {
    return takeNextNumber(em, registerId);
  }

  /** Takes the next number and writes it, the columns derived from it and `changes` into the document. */
  numberDocument(
    em: EntityManager,
    registerId: string,
    documentId: string,
    changes: Record<string, string | number | null>,
    derived?: NumberDerivedColumns,
    audit?: NumberingAudit,
  ): Promise<Numbered> {
    return numberDocument(em, registerId, documentId, changes, derived, audit);
  }
}
