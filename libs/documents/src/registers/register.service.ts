import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { type Actor, memberOrganisation, requireRole, Role, vietnamYear, auditEvent } from '@kyso/org';
import { isUniqueViolation, unitOfWork, readOnly } from '@kyso/database';
import type { AuditRecorder, Clock } from '@kyso/org';
import { DocumentsError, DocumentsErrorCode } from '../documents.exception';
import { REGISTER_KINDS, type Register, type RegisterKind } from './register.entity';
import { RegisterRepository } from './register.repository';

export const DEFAULT_SERIES = 'chung';
const SERIES_PATTERN = /^[\p{L}0-9][\p{L}0-9._-]{0,39}$/u;

export interface CreateRegisterInput {
  kind: RegisterKind;
  /** Defaults to the current year (Vietnam time). */
  year?: number;
  series?: string;
  name?: string;
}

const DEFAULT_NAMES: Record<RegisterKind, string> = {
  incoming: 'Sổ đăng ký văn bản đến',
  outgoing: 'Sổ đăng ký văn bản đi',
  internal: 'Sổ đăng ký văn bản nội bộ',
};

function defaultName(kind: RegisterKind, series: string, year: number): string {
  return `${DEFAULT_NAMES[kind]}${series === DEFAULT_SERIES ? '' : ` (${series})`} năm ${year}`;
}

/**
 * Registers (sổ văn bản) per organisation, kind, series and year. A register for a new year is opened automatically
 * the first time a number is needed in that year, with the same series, so numbering restarts at 01 on 1 January
 * without anyone having to remember.
 */
export class RegisterService {
  private readonly repository = new RegisterRepository();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
  ) {}

  create(actor: Actor, input: CreateRegisterInput): Promise<Register> {
    requireRole(actor, Role.ADMIN, Role.CLERK);
    const organisationId = memberOrganisation(actor);
    const now = this.clock.now();
    const series = input.series?.trim() || DEFAULT_SERIES;
    const year = input.year ?? vietnamYear(now);
    if (!REGISTER_KINDS.includes(input.kind) || !SERIES_PATTERN.test(series) || year < 1945 || year > 9999) {
      throw new DocumentsError(DocumentsErrorCode.INVALID_INPUT, { reason: 'kind, series or year' });
    }
    const register: Register = {
      id: randomUUID(),
      organisationId,
      kind: input.kind,
      year,
      series,
      name: input.name?.trim() || defaultName(input.kind, series, year),
      nextNumber: 1,
      createdAt: now,
      closedAt: null,
    };
    return unitOfWork(this.ds, undefined, async (tx) => {
      if (await this.repository.exists(tx, { organisationId, kind: register.kind, series, year })) {
        throw new DocumentsError(DocumentsErrorCode.REGISTER_EXISTS);
      }
      try {
        await this.repository.insert(tx, register);
      } catch (err) {
        // Another request created the same register between the check and the insert.
        if (isUniqueViolation(err)) throw new DocumentsError(DocumentsErrorCode.REGISTER_EXISTS);
        throw err;
      }
      await this.audit.record(
        tx,
        auditEvent('register.created', {
          chain: organisationId,
          actor: actor.userId,
          entity: { type: 'register', id: register.id },
          data: { kind: register.kind, series, year, name: register.name },
        }),
        now,
      );
      return register;
    });
  }

  list(actor: Actor, filter: { kind?: RegisterKind; year?: number } = {}): Promise<Register[]> {
    requireRole(actor, Role.ADMIN, Role.CLERK, Role.LEADER);
    const organisationId = memberOrganisation(actor);
    return readOnly(this.ds, (tx) => this.repository.list(tx, organisationId, filter));
  }

  get(actor: Actor, id: string): Promise<Register> {
    requireRole(actor, Role.ADMIN, Role.CLERK, Role.LEADER);
    return readOnly(this.ds, (tx) => this.requireInOrganisation(tx, memberOrganisation(actor), id));
  }

  async requireInOrganisation(em: EntityManager, organisationId: string, id: string): Promise<Register> {
    const register = await this.repository.findInOrganisation(em, id, organisationId);
    if (!register) throw new DocumentsError(DocumentsErrorCode.REGISTER_NOT_FOUND, { id });
    return register;
  }

  /**
   * The register a document is numbered in for `year`: the chosen register if it is of that year, else the
   * register of the same series for that year (opened if needed). Without a choice: the organisation's default
   * series of that kind.
   */
  async registerForYear(
    em: EntityManager,
    organisationId: string,
    kinds: readonly RegisterKind[],
    chosenId: string | null | undefined,
    year: number,
  ): Promise<Register> {
    let kind = kinds[0];
    let series = DEFAULT_SERIES;
    let name: string | undefined;
    if (chosenId) {
      const chosen = await this.requireInOrganisation(em, organisationId, chosenId);
      if (!kinds.includes(chosen.kind)) throw new DocumentsError(DocumentsErrorCode.REGISTER_KIND_MISMATCH);
      if (chosen.closedAt) throw new DocumentsError(DocumentsErrorCode.REGISTER_CLOSED, { id: chosen.id });
      if (chosen.year === year) return chosen;
      kind = chosen.kind;
      series = chosen.series;
      name = chosen.name.includes(String(chosen.year))
        ? chosen.name.replace(String(chosen.year), String(year))
        : undefined;
    }
    const key = { organisationId, kind, series, year };
    const existing = await this.repository.find(em, key);
    if (existing?.closedAt) throw new DocumentsError(DocumentsErrorCode.REGISTER_CLOSED, { id: existing.id });
    if (existing) return existing;
    return this.repository.open(em, key, name ?? defaultName(kind, series, year), this.clock.now());
  }
}
