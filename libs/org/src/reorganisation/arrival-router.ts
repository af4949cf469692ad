import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { type AuditRecorder } from '../audit-recorder';
import { vietnamDate } from '../calendar';
import type { Clock } from '../clock';
import type { LineageGraph } from '../lineage/lineage-graph';
import type { LineageService } from '../lineage/lineage.service';
import { execute, rows, unitOfWork, sqlWithLists } from '@kyso/database';

export interface RoutedArrival {
  documentId: string;
  from: { id: string; name: string; code: string | null };
  to: { id: string; name: string; code: string | null };
  /** The lineage link that ended the addressee, e.g. `merged-into` on `2025-07-01`. */
  reason: { kind: string; effectiveDate: string };
}

type ArrivalRow = { id: string; organisation_id: string; arrived_at: string | null; created_at: string };

/**
 * Incoming documents addressed to an organisation that has ceased go to whoever holds its records on the arrival day,
 * with a processing event and an audit entry saying so. `routeIfStranded` runs inside the delivering transaction
 * (DispatchService, an edXML receiver) right after the arrival row is written; `routeStranded` is the sweep the
 * worker runs for anything delivered by a path that does not call it yet.
 */
export class ArrivalRouter {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
    private readonly lineage: LineageService,
  ) {}

  async routeIfStranded(em: EntityManager, documentId: string): Promise<RoutedArrival | null> {
    const q = sqlWithLists(em);
    const [doc] = await rows<ArrivalRow>(
      em,
      q`SELECT id, organisation_id, arrived_at, created_at FROM documents WHERE id = ${documentId} AND direction = ${'incoming'} AND status = ${'01'}`,
    );
    if (!doc) return null;
    return this.route(em, await this.lineage.load(em), doc);
  }

  /** Moves every arrived (01) document of a ceased organisation to its successor. */
  routeStranded(): Promise<RoutedArrival[]> {
    return unitOfWork(this.ds, undefined, async (tx) => {
      const graph = await this.lineage.load(tx);
      const ceased = graph
        .organisations()
        .filter((o) => o.validTo !== null)
        .map((o) => o.id);
      if (ceased.length === 0) return [];
      const q = sqlWithLists(tx);
      const stranded = await rows<ArrivalRow>(
        tx,
        q`SELECT id, organisation_id, arrived_at, created_at FROM documents WHERE organisation_id IN ${ceased} AND direction = ${'incoming'} AND status = ${'01'} ORDER BY id`,
      );
      const routed: RoutedArrival[] = [];
      for (const doc of stranded) {
        const r = await this.route(tx, graph, doc);
        if (r) routed.push(r);
      }
      return routed;
    });
  }

  private async route(
    em: EntityManager,
    graph: LineageGraph,
    doc: ArrivalRow,
  ): Promise<RoutedArrival | null> {
    const day = vietnamDate(new Date(doc.arrived_at ?? doc.created_at));
    if (graph.isLive(doc.organisation_id, day)) return null;
    const resolution = graph.resolveOrganisation(doc.organisation_id, day);
    const holder =
      resolution && (await this.lineage.resolveAddressee(doc.organisation_id, day, em))?.holders[0];
    if (!resolution || !holder) return null;
    const from = resolution.addressed;
    const to = graph.identityAt(holder.organisation.id, day) ?? holder.organisation;
    const link = holder.path[0];
    const now = this.clock.now();
    const label = (o: { name: string; code: string | null }) => (o.code ? `${o.name} (${o.code})` : o.name);
    const fromLabel = label(
      graph.identityAt(from.id, link?.effectiveDate ?? day) ?? graph.identities(from.id).slice(-1)[0] ?? from,
    );
    const note =
      `Văn bản gửi ${fromLabel}, đơn vị đã ${link?.kind === 'split-into' ? 'chia tách' : 'sáp nhập'} từ ${link?.effectiveDate ?? day}; tự động chuyển đến ${label(to)} / ` +
      `addressed to ${fromLabel}, which ${link?.kind === 'split-into' ? 'split' : 'merged'} on ${link?.effectiveDate ?? day}; routed to ${label(to)}`;
    const q = sqlWithLists(em);
    await execute(
      em,
      q`UPDATE documents SET organisation_id = ${holder.organisation.id}, updated_at = ${now.toISOString()} WHERE id = ${doc.id}`,
    );
    await execute(
      em,
      q`INSERT INTO processing_events (id, document_id, organisation_id, assignment_id, kind, actor_id, note, percent, at)
        VALUES (${randomUUID()}, ${doc.id}, ${holder.organisation.id}, ${null}, ${'routed'}, ${null}, ${note}, ${null}, ${now.toISOString()})`,
    );
    const data = {
      from: from.id,
      fromCode: from.code,
      to: holder.organisation.id,
      link: link ? { kind: link.kind, effectiveDate: link.effectiveDate, eventId: link.eventId } : null,
    };
    for (const chainId of [from.id, holder.organisation.id].sort()) {
      await this.audit.record(
        em,
        { chainId, actorId: null, action: 'incoming.routed', entityType: 'document', entityId: doc.id, data },
        now,
      );
    }
    return {
      documentId: doc.id,
      from: { id: from.id, name: from.name, code: from.code },
      to: { id: holder.organisation.id, name: to.name, code: to.code },
      reason: { kind: link?.kind ?? 'ceased', effectiveDate: link?.effectiveDate ?? day },
    };
  }
}
