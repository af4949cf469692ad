import { LineageLink } from './lineage-link.entity';
import { OrganisationIdentity } from './organisation-identity.entity';
import { ReorganisationEvent } from './reorganisation-event.entity';

/** The TypeORM entities of the lineage; the app adds them to its data source next to `orgEntities`. */
export const lineageEntities = [ReorganisationEvent, LineageLink, OrganisationIdentity];
