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

/** What an audit entry is about: `{ type: 'document', id }`, `{ type: 'user', id }`, … */
export interface AuditEntity {
  type: string;
  id: string | null;
}

/**
 * Builds an audit event. The one place the event's fields are spelled out, so that every call site says what
 * happened (`action`), in whose chain, by whom and to what — and nothing else.
 */
export function auditEvent(
  action: string,
  e: { chain: string; actor: string | null; entity: AuditEntity; data?: Record<string, unknown> },
): AuditEvent {
  return {
    chainId: e.chain,
    actorId: e.actor,
    action,
    entityType: e.entity.type,
    entityId: e.entity.id,
    data: e.data ?? {},
  };
}

/** An event about a document, in the chain of the organisation that holds it. */
export function documentEvent(
  doc: { id: string; organisationId: string },
  actorId: string | null,
  action: string,
  data: Record<string, unknown> = {},
): AuditEvent {
  return auditEvent(action, {
    chain: doc.organisationId,
    actor: actorId,
    entity: { type: 'document', id: doc.id },
    data,
  });
}

/**
 * The port through which organisation services write audit entries, inside the caller's transaction so that the
 * entry commits or rolls back with the change it describes. libs/documents' AuditTrail implements it.
 */
export interface AuditRecorder {
  record(em: EntityManager, event: AuditEvent, at: Date): Promise<void>;
}
