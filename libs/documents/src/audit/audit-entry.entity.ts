import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '@kyso/database';

/**
 * One entry of an organisation's audit chain. `hash` = SHA-256 over the entry's fields and `prev_hash`, so altering
 * or deleting any entry breaks every later link. Entries are only ever inserted.
 */
@Entity('audit_entries')
export class AuditEntry {
  @PrimaryColumn({ name: 'chain_id', type: 'varchar', length: 40 })
  chainId: string;

  @PrimaryColumn({ type: 'integer' })
  seq: number;

  @InstantColumn()
  at: Date;

  @Column({ name: 'actor_id', type: 'varchar', length: 36, nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 40 })
  action: string;

  @Column({ name: 'entity_type', type: 'varchar', length: 30 })
  entityType: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 40, nullable: true })
  entityId: string | null;

  /** Canonical JSON, exactly as hashed. */
  @Column({ type: 'text' })
  data: string;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash: string;

  @Column({ type: 'varchar', length: 64 })
  hash: string;
}
