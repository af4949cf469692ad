export * from './access/actor';
export * from './access/role';
export * from './audit-recorder';
export * from './calendar';
export * from './clock';
export * from './org.exception';
export * from './organisations/organisation-holdings';
export * from './organisations/organisation-rules';
export * from './organisations/organisation.entity';
export * from './organisations/organisation.service';
export * from './units/unit.entity';
export * from './units/unit.service';
export * from './users/password-hasher';
export * from './users/user-role.entity';
export * from './users/user.entity';
export * from './users/user.service';

import { Organisation } from './organisations/organisation.entity';
import { OrgUnit } from './units/unit.entity';
import { UserRole } from './users/user-role.entity';
import { User } from './users/user.entity';

/** The TypeORM entities libs/org persists; the app adds them to its data source. */
export const orgEntities = [Organisation, OrgUnit, User, UserRole];
export * from './lineage/lineage-graph';
export * from './lineage/lineage-export';
export * from './lineage/lineage-link.entity';
export * from './lineage/lineage-rules';
export * from './lineage/lineage.exception';
export * from './lineage/lineage.service';
export * from './lineage/lineage-version';
export * from './lineage/organisation-identity.entity';
export * from './lineage/reorganisation-event';
export * from './lineage/reorganisation-event.entity';
export * from './lineage/signer-lineage';
export * from './reorganisation/continuity-plan';
export * from './reorganisation/reorganisation.service';
export * from './reorganisation/scheduled-application';
export { lineageEntities } from './lineage/lineage-entities';
