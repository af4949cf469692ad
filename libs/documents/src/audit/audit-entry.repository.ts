import type { EntityManager } from 'typeorm';
import { AuditChainHead } from './audit-chain-head.entity';
import { AuditEntry } from './audit-entry.entity';

/**
 * Reads of the audit tables (`audit_entries`, `audit_chain_heads`) for verification. Appending is AuditTrail's:
 * it alone advances a chain head.
 */
export class AuditEntryRepository {
  listHeads(em: EntityManager): Promise<AuditChainHead[]> {
    return em.find(AuditChainHead, { order: { chainId: 'ASC' } });
  }

  /** Every chain that has entries, with or without a head. */
  async listChainIds(em: EntityManager): Promise<string[]> {
    const found = await em
      .createQueryBuilder(AuditEntry, 'e')
      .select('DISTINCT e.chain_id', 'chain_id')
      .getRawMany<{ chain_id: string }>();
    return found.map((r) => r.chain_id);
  }

  /** Up to `limit` entries of the chain from sequence number `fromSeq` on, in order. */
  listFrom(em: EntityManager, chainId: string, fromSeq: number, limit: number): Promise<AuditEntry[]> {
    return em
      .createQueryBuilder(AuditEntry, 'e')
      .where('e.chain_id = :chain AND e.seq >= :from', { chain: chainId, from: fromSeq })
      .orderBy('e.seq', 'ASC')
      .limit(limit)
      .getMany();
  }
}
