import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The last sequence number and hash of a chain. Appending locks this row, which orders the chain; it also lets the
 * verifier notice entries cut off the end of a chain.
 */
@Entity('audit_chain_heads')
export class AuditChainHead {
  @PrimaryColumn({ name: 'chain_id', type: 'varchar', length: 40 })
  chainId: string;

  @Column({ type: 'integer' })
  seq: number;

  /** Hash of the entry before the last one: the last entry's prev_hash, kept so one UPDATE can advance the head. */
  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash: string;

  @Column({ name: 'last_hash', type: 'varchar', length: 64 })
  lastHash: string;
}
