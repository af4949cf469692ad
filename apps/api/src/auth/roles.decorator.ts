import { SetMetadata } from '@nestjs/common';
import type { Role } from '@kyso/org';

export const ROLES_KEY = 'kyso:roles';

/**
 * Roles allowed to call an endpoint (any of them). The guard refuses others early; the domain services check again,
 * together with the organisation, so that the rule holds for every transport.
 */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
