import { Foundation1732300000000 } from './1732300000000-foundation';
import { Organisations1732400000000 } from './1732400000000-organisations';
import { Documents1732400001000 } from './1732400001000-documents';
import { OrganisationLineage1732500000000 } from './1732500000000-organisation-lineage';
import { Archive1732500001000 } from './1732500001000-archive';
import { SigningSessions1732600000000 } from './1732600000000-signing-sessions';
import { VerificationBatches1732700000000 } from './1732700000000-verification-batches';
import { IdempotencyClaims1732800000000 } from './1732800000000-idempotency-claims';
import { LineageVersion1732900000000 } from './1732900000000-lineage-version';
import { RecipientRouting1732900001000 } from './1732900001000-recipient-routing';
import { ScheduledJobs1732900002000 } from './1732900002000-scheduled-jobs';

/**
 * Every migration of kyso, oldest first. Each must run on PostgreSQL and SQLite: write them with TypeORM's
 * Table API and the `col` helpers, never with driver-specific SQL unless both branches are given.
 */
export const migrations = [
  Foundation1732300000000,
  Organisations1732400000000,
  Documents1732400001000,
  OrganisationLineage1732500000000,
  Archive1732500001000,
  SigningSessions1732600000000,
  VerificationBatches1732700000000,
  IdempotencyClaims1732800000000,
  LineageVersion1732900000000,
  RecipientRouting1732900001000,
  ScheduledJobs1732900002000,
];
