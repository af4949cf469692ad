import type { EntityManager } from 'typeorm';

/** Something that happened and must be kept in the tamper-evident audit trail. */
export interface AuditEvent {
  /** The organisation whose chain the entry joins, or `system` for actions outside any organisation. */
  chainId: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  data: Record<string, unknown>;
}

export const SYSTEM_CHAIN = 'system';

/**
 * The port through which organisation services write audit entries, inside the caller's transaction so that the
 * entry commits or rolls back with the change it describes. libs/documents' AuditTrail implements it.
 */
export interface AuditRecorder {
  record(em: EntityManager, event: AuditEvent, at: Date): Promise<void>;
}
