import type { DataSource, EntityManager } from 'typeorm';
import { unitOfWork } from '@kyso/database';
import {
  auditEvent,
  type AuditRecorder,
  type Clock,
  type LineageGraph,
  type LineageService,
  vietnamDate,
} from '@kyso/org';
import type {
  ArrivedDocument,
  OrganisationHoldingsRepository,
} from '../continuity/organisation-holdings.repository';

export interface RoutedArrival {
  documentId: string;
  from: { id: string; name: string; code: string | null };
  to: { id: string; name: string; code: string | null };
  /** The lineage link that ended the addressee, e.g. `merged-into` on `2025-07-01`. */
  reason: { kind: string; effectiveDate: string };
}

/**
 * Incoming documents addressed to an organisation that has ceased go to whoever holds its records on the arrival day,
 * with a processing event and an audit entry saying so. `routeIfStranded` runs inside the delivering transaction
 * (DispatchService, an edXML receiver) right after the arrival row is written; `routeStranded` is the sweep the
 * worker runs for anything delivered by a path that does not call it yet. Who holds the records comes from libs/org's
 * lineage; the move itself is the documents domain's (`OrganisationHoldingsRepository.moveDocument`).
 */
export class ArrivalRouter {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
    private readonly lineage: LineageService,
    private readonly holdings: OrganisationHoldingsRepository,
  ) {}

  async routeIfStranded(em: EntityManager, documentId: string): Promise<RoutedArrival | null> {
    const doc = await this.holdings.arrivalOf(em, documentId);
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
      const stranded = await this.holdings.arrivalsOf(tx, ceased);
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
    doc: ArrivedDocument,
  ): Promise<RoutedArrival | null> {
    const day = vietnamDate(doc.arrivedAt ?? doc.createdAt);
    if (graph.isLive(doc.organisationId, day)) return null;
    const resolution = graph.resolveOrganisation(doc.organisationId, day);
    const holder =
      resolution && (await this.lineage.resolveAddressee(doc.organisationId, day, em))?.holders[0];
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
    await this.holdings.moveDocument(em, {
      documentId: doc.id,
      from: doc.organisationId,
      to: holder.organisation.id,
      event: { kind: 'routed', actorId: null, note },
      at: now,
    });
    const data = {
      from: from.id,
      fromCode: from.code,
      to: holder.organisation.id,
      link: link ? { kind: link.kind, effectiveDate: link.effectiveDate, eventId: link.eventId } : null,
    };
    for (const chainId of [from.id, holder.organisation.id].sort()) {
      await this.audit.record(
        em,
        auditEvent('incoming.routed', {
          chain: chainId,
          actor: null,
          entity: { type: 'document', id: doc.id },
          data,
        }),
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
