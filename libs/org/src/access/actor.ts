import { OrgError, OrgErrorCode } from '../org.exception';
import { Role } from './role';

/** Who is acting: the authenticated user as the services see it. Built from the access token by the transport. */
export interface Actor {
  userId: string;
  /** null only for the system administrator. */
  organisationId: string | null;
  unitId: string | null;
  roles: readonly Role[];
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return roles.some((r) => actor.roles.includes(r));
}

export function isSystemAdmin(actor: Actor): boolean {
  return actor.organisationId === null && actor.roles.includes(Role.ADMIN);
}

/** Refuses unless the actor holds one of the roles. */
export function requireRole(actor: Actor, ...roles: Role[]): void {
  if (!hasRole(actor, ...roles)) {
    throw new OrgError(OrgErrorCode.FORBIDDEN, { required: roles });
  }
}

/**
 * The organisation the actor works in. Members of an organisation only ever act inside it; the system administrator
 * may name one explicitly where that makes sense (creating its first users).
 */
export function organisationOf(actor: Actor, requested?: string | null): string {
  if (actor.organisationId) {
    if (requested && requested !== actor.organisationId) throw new OrgError(OrgErrorCode.FORBIDDEN);
    return actor.organisationId;
  }
  if (isSystemAdmin(actor) && requested) return requested;
  throw new OrgError(OrgErrorCode.ORGANISATION_REQUIRED);
}

/**
 * The organisation of a member acting inside it (registers, documents, assignments). The system administrator
 * belongs to none and is refused: it administers organisations, it does not read their documents.
 */
export function memberOrganisation(actor: Actor): string {
  if (!actor.organisationId) throw new OrgError(OrgErrorCode.FORBIDDEN);
  return actor.organisationId;
}
