import { archiveEntities } from '@kyso/archive';
import { documentsEntities } from '@kyso/documents';
import { lineageEntities, orgEntities } from '@kyso/org';

/**
 * Every TypeORM entity the API persists. Domain libraries own their entities; the app lists them here so that
 * libs/database stays ignorant of the domain.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const entities: Function[] = [
  ...orgEntities,
  ...lineageEntities,
  ...documentsEntities,
  ...archiveEntities,
];
