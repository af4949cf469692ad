import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { type Actor, isSystemAdmin, requireRole } from '../access/actor';
import { Role } from '../access/role';
import { type AuditRecorder, SYSTEM_CHAIN, auditEvent } from '../audit-recorder';
import { isCalendarDate, vietnamDate } from '../calendar';
import type { Clock } from '../clock';
import { OrgError, OrgErrorCode } from '../org.exception';
import { isUniqueViolation, type TransactionRunner, readOnly, unitOfWork } from '@kyso/database';
import { bumpLineageVersion } from '../lineage/lineage-version';
import { ABBREVIATION_PATTERN, ORGANISATION_CODE_MAX, ORGANISATION_CODE_PATTERN } from './organisation-rules';
import { Organisation } from './organisation.entity';

export interface CreateOrganisationInput {
  name: string;
  shortName: string;
  code?: string | null;
  validFrom?: string;
  validTo?: string | null;
}

export type UpdateOrganisationInput = Partial<CreateOrganisationInput>;

/** Organisations: only the system administrator creates them; an organisation's admin may edit its own record. */
export class OrganisationService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
  ) {}

  create(actor: Actor, input: CreateOrganisationInput, runner?: TransactionRunner): Promise<Organisation> {
    if (!isSystemAdmin(actor)) throw new OrgError(OrgErrorCode.FORBIDDEN);
    const now = this.clock.now();
    const org: Organisation = {
      id: randomUUID(),
      name: input.name.trim(),
      shortName: input.shortName.trim(),
      code: input.code?.trim() || null,
      validFrom: input.validFrom ?? vietnamDate(now),
      validTo: input.validTo ?? null,
      createdAt: now,
      updatedAt: now,
    };
    checkOrganisation(org);
    return unitOfWork(this.ds, runner, async (tx) => {
      try {
        await tx.insert(Organisation, org);
      } catch (err) {
        if (isUniqueViolation(err))
          throw new OrgError(OrgErrorCode.ORGANISATION_CODE_EXISTS, { code: org.code });
        throw err;
      }
      await this.audit.record(
        tx,
        auditEvent('organisation.created', {
          chain: SYSTEM_CHAIN,
          actor: actor.userId,
          entity: { type: 'organisation', id: org.id },
          data: { ...org, createdAt: undefined, updatedAt: undefined },
        }),
        now,
      );
      await bumpLineageVersion(tx);
      return org;
    });
  }

  list(actor: Actor): Promise<Organisation[]> {
    return readOnly(this.ds, (tx) =>
      isSystemAdmin(actor)
        ? tx.find(Organisation, { order: { name: 'ASC' } })
        : tx.find(Organisation, { where: { id: actor.organisationId ?? '' } }),
    );
  }

  get(actor: Actor, id: string): Promise<Organisation> {
    return readOnly(this.ds, async (tx) => {
      if (!isSystemAdmin(actor) && actor.organisationId !== id)
        throw new OrgError(OrgErrorCode.ORGANISATION_NOT_FOUND);
      return this.require(tx, id);
    });
  }

  update(actor: Actor, id: string, patch: UpdateOrganisationInput): Promise<Organisation> {
    if (!isSystemAdmin(actor)) {
      requireRole(actor, Role.ADMIN);
      if (actor.organisationId !== id) throw new OrgError(OrgErrorCode.ORGANISATION_NOT_FOUND);
    }
    return unitOfWork(this.ds, undefined, async (tx) => {
      const org = await this.require(tx, id);
      const now = this.clock.now();
      const next: Organisation = {
        ...org,
        name: patch.name?.trim() ?? org.name,
        shortName: patch.shortName?.trim() ?? org.shortName,
        code: patch.code === undefined ? org.code : patch.code?.trim() || null,
        validFrom: patch.validFrom ?? org.validFrom,
        validTo: patch.validTo === undefined ? org.validTo : patch.validTo,
        updatedAt: now,
      };
      checkOrganisation(next);
      try {
        await tx.update(
          Organisation,
          { id },
          {
            name: next.name,
            shortName: next.shortName,
            code: next.code,
            validFrom: next.validFrom,
            validTo: next.validTo,
            updatedAt: now,
          },
        );
      } catch (err) {
        if (isUniqueViolation(err))
          throw new OrgError(OrgErrorCode.ORGANISATION_CODE_EXISTS, { code: next.code });
        throw err;
      }
      await this.audit.record(
        tx,
        auditEvent('organisation.updated', {
          chain: id,
          actor: actor.userId,
          entity: { type: 'organisation', id: id },
          data: { ...patch },
        }),
        now,
      );
      await bumpLineageVersion(tx);
      return next;
    });
  }

  /** For other domain services, inside their transaction; access was checked by the caller. */
  async require(em: EntityManager, id: string): Promise<Organisation> {
    const org = await em.findOne(Organisation, { where: { id } });
    if (!org) throw new OrgError(OrgErrorCode.ORGANISATION_NOT_FOUND, { id });
    return org;
  }
}

function checkOrganisation(org: Organisation): void {
  const problems: string[] = [];
  if (!org.name) problems.push('name');
  if (!ABBREVIATION_PATTERN.test(org.shortName)) problems.push('shortName');
  if (
    org.code !== null &&
    (org.code.length > ORGANISATION_CODE_MAX || !ORGANISATION_CODE_PATTERN.test(org.code))
  )
    problems.push('code');
  if (!isCalendarDate(org.validFrom)) problems.push('validFrom');
  if (org.validTo !== null && (!isCalendarDate(org.validTo) || org.validTo < org.validFrom))
    problems.push('validTo');
  if (problems.length)
    throw new OrgError(OrgErrorCode.INVALID_INPUT, { fields: problems, reason: problems.join(', ') });
}
