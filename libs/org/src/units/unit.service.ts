import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { type Actor, isSystemAdmin, organisationOf, requireRole } from '../access/actor';
import { Role } from '../access/role';
import { type AuditRecorder, auditEvent } from '../audit-recorder';
import type { Clock } from '../clock';
import { OrgError, OrgErrorCode } from '../org.exception';
import { ABBREVIATION_PATTERN } from '../organisations/organisation-rules';
import { Organisation } from '../organisations/organisation.entity';
import { isUniqueViolation, readOnly, unitOfWork } from '@kyso/database';
import { OrgUnit } from './unit.entity';

export interface CreateUnitInput {
  /** Required only when the system administrator acts; members act in their own organisation. */
  organisationId?: string;
  name: string;
  abbreviation: string;
}

export interface UpdateUnitInput {
  name?: string;
  abbreviation?: string;
  active?: boolean;
}

/** Units (phòng/ban) of an organisation, managed by its admin; every member may list them (to pick assignees). */
export class UnitService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
  ) {}

  create(actor: Actor, input: CreateUnitInput): Promise<OrgUnit> {
    requireRole(actor, Role.ADMIN);
    const organisationId = organisationOf(actor, input.organisationId);
    const now = this.clock.now();
    const unit: OrgUnit = {
      id: randomUUID(),
      organisationId,
      name: input.name.trim(),
      abbreviation: input.abbreviation.trim(),
      active: true,
      createdAt: now,
    };
    checkUnit(unit);
    return unitOfWork(this.ds, undefined, async (tx) => {
      if (!(await tx.exists(Organisation, { where: { id: organisationId } }))) {
        throw new OrgError(OrgErrorCode.ORGANISATION_NOT_FOUND);
      }
      try {
        await tx.insert(OrgUnit, unit);
      } catch (err) {
        if (isUniqueViolation(err)) throw new OrgError(OrgErrorCode.UNIT_ABBREVIATION_EXISTS);
        throw err;
      }
      await this.audit.record(
        tx,
        auditEvent('unit.created', {
          chain: organisationId,
          actor: actor.userId,
          entity: { type: 'unit', id: unit.id },
          data: { name: unit.name, abbreviation: unit.abbreviation },
        }),
        now,
      );
      return unit;
    });
  }

  list(actor: Actor, organisationId?: string): Promise<OrgUnit[]> {
    const orgId = organisationOf(actor, organisationId);
    return readOnly(this.ds, (tx) =>
      tx.find(OrgUnit, { where: { organisationId: orgId }, order: { abbreviation: 'ASC' } }),
    );
  }

  update(actor: Actor, id: string, patch: UpdateUnitInput): Promise<OrgUnit> {
    requireRole(actor, Role.ADMIN);
    return unitOfWork(this.ds, undefined, async (tx) => {
      const unit = await this.requireVisible(tx, actor, id);
      const next: OrgUnit = {
        ...unit,
        name: patch.name?.trim() ?? unit.name,
        abbreviation: patch.abbreviation?.trim() ?? unit.abbreviation,
        active: patch.active ?? unit.active,
      };
      checkUnit(next);
      try {
        await tx.update(
          OrgUnit,
          { id },
          { name: next.name, abbreviation: next.abbreviation, active: next.active },
        );
      } catch (err) {
        if (isUniqueViolation(err)) throw new OrgError(OrgErrorCode.UNIT_ABBREVIATION_EXISTS);
        throw err;
      }
      await this.audit.record(
        tx,
        auditEvent('unit.updated', {
          chain: unit.organisationId,
          actor: actor.userId,
          entity: { type: 'unit', id: id },
          data: { ...patch },
        }),
        this.clock.now(),
      );
      return next;
    });
  }

  /** A unit the actor may see: one of their own organisation (any unit for the system administrator). */
  async requireVisible(em: EntityManager, actor: Actor, id: string): Promise<OrgUnit> {
    const unit = await em.findOne(OrgUnit, { where: { id } });
    if (!unit || (!isSystemAdmin(actor) && unit.organisationId !== actor.organisationId)) {
      throw new OrgError(OrgErrorCode.UNIT_NOT_FOUND, { id });
    }
    return unit;
  }

  /** A unit of the given organisation, for other domain services. */
  async requireInOrganisation(em: EntityManager, organisationId: string, id: string): Promise<OrgUnit> {
    const unit = await em.findOne(OrgUnit, { where: { id, organisationId } });
    if (!unit) throw new OrgError(OrgErrorCode.UNIT_NOT_FOUND, { id });
    return unit;
  }
}

function checkUnit(unit: OrgUnit): void {
  const problems: string[] = [];
  if (!unit.name) problems.push('name');
  if (unit.abbreviation.length > 20 || !ABBREVIATION_PATTERN.test(unit.abbreviation))
    problems.push('abbreviation');
  if (problems.length)
    throw new OrgError(OrgErrorCode.INVALID_INPUT, { fields: problems, reason: problems.join(', ') });
}
