import type { EntityManager } from 'typeorm';
import { type Actor, hasRole, isSystemAdmin, Role, visibleOrganisations } from '@kyso/org';
import { VerificationBatchError, VerificationBatchErrorCode } from './verification-batch.exception';

/** Members who may verify their organisation's documents in bulk (officers see only their own work). */
export const BATCH_ROLES: readonly Role[] = [Role.ADMIN, Role.CLERK, Role.LEADER];

/**
 * Who may start and follow a batch over an organisation's documents: the system administrator for any
 * organisation; an administrator, clerk (văn thư) or leader for their own organisation and for those it inherited
 * records from (a merged commune's documents are read by its successor). Everyone else is refused.
 */
export async function mayVerifyOrganisation(
  em: EntityManager,
  actor: Actor,
  organisationId: string,
  now: Date,
): Promise<boolean> {
  if (isSystemAdmin(actor)) return true;
  if (!actor.organisationId || !hasRole(actor, ...BATCH_ROLES)) return false;
  if (actor.organisationId === organisationId) return true;
  return (await visibleOrganisations(em, actor.organisationId, now)).includes(organisationId);
}

export async function requireBatchAccess(
  em: EntityManager,
  actor: Actor,
  organisationId: string,
  now: Date,
): Promise<void> {
  if (!(await mayVerifyOrganisation(em, actor, organisationId, now)))
    throw new VerificationBatchError(VerificationBatchErrorCode.FORBIDDEN, { organisationId });
}
