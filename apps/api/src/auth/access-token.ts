import { type Actor, isRole, type Role } from '@kyso/org';

/** Claims of a kyso access token (HS256). Roles and organisation are fixed for the token's life (8 h by default). */
export interface AccessTokenClaims {
  sub: string;
  org: string | null;
  unit: string | null;
  roles: Role[];
}

export function claimsOf(actor: Actor): AccessTokenClaims {
  return { sub: actor.userId, org: actor.organisationId, unit: actor.unitId, roles: [...actor.roles] };
}

/** Rebuilds the actor from verified claims; anything malformed yields null (treated as unauthenticated). */
export function actorFromClaims(claims: unknown): Actor | null {
  const c = claims as Partial<AccessTokenClaims> | null;
  if (
    !c ||
    typeof c.sub !== 'string' ||
    !Array.isArray(c.roles) ||
    !c.roles.every((r) => typeof r === 'string' && isRole(r))
  )
    return null;
  const org = typeof c.org === 'string' ? c.org : null;
  const unit = typeof c.unit === 'string' ? c.unit : null;
  return { userId: c.sub, organisationId: org, unitId: unit, roles: c.roles };
}
