import type { DataSource, EntityManager } from 'typeorm';
import { unitOfWork } from '@kyso/database';
import {
  auditEvent,
  type AuditEvent,
  type AuditRecorder,
  type Clock,
  type LineageGraph,
  type LineageService,
  type LinkFacts,
  vietnamDate,
} from '@kyso/org';
import { ProcessingEventRepository } from '../assignments/processing-event.repository';
import type {
  ArrivedDocument,
  OrganisationHoldingsRepository,
} from '../continuity/organisation-holdings.repository';

export interface OrganisationLabel {
  id: string;
  name: string;
  code: string | null;
}

export interface RoutedArrival {
  documentId: string;
  from: OrganisationLabel;
  to: OrganisationLabel;
  /** The lineage link that ended the addressee, e.g. `merged-into` on `2025-07-01`. */
  reason: { kind: string; effectiveDate: string };
}

/** Why an item addressed to one organisation goes to another: the addressee as named, its holder, the link. */
export interface AddresseeRouting {
  from: OrganisationLabel;
  to: OrganisationLabel;
  reason: { kind: string; effectiveDate: string };
  link: LinkFacts | null;
  /** The history line, Vietnamese / English: "gửi UBND xã A → chuyển UBND xã C (…)". */
  note: string;
}

/** Whom to deliver an item addressed to `ref` to, and the routing when that is not the addressee itself. */
export interface DeliveryTarget {
  organisation: OrganisationLabel;
  routing: AddresseeRouting | null;
}

/**
 * Incoming documents addressed to an organisation that has ceased go to whoever holds its records, with a processing
 * event and an audit entry saying so. Three ways in, all in the caller's transaction:
 * - `resolveDelivery` + `recordDelivery`: a delivery path (DispatchService on this kyso, the exchange channel when it
 *   comes) asks whom to deliver to before writing the arrival, writes it there, then records the routing;
 * - `routeIfStranded`: an arrival already written to a ceased organisation is moved (a clerk of the successor
 *   registering it, a receiver that wrote first);
 * - `routeStranded`: the sweep the worker runs as a safety net for anything delivered by a path that does neither.
 * Who holds the records comes from libs/org's lineage; the move itself is the documents domain's
 * (`OrganisationHoldingsRepository.moveDocument`).
 */
export class ArrivalRouter {
  private readonly history = new ProcessingEventRepository();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
    private readonly lineage: LineageService,
    private readonly holdings: OrganisationHoldingsRepository,
  ) {}

  /**
   * The organisation an item addressed to `ref` (an organisation id, or an identification code it holds or held) is
   * delivered to on `at`, read in the caller's transaction: the addressee while it exists, else whoever holds its
   * records (after a split, the primary successor). Undefined when nobody is known by `ref` or nobody holds its
   * records.
   */
  async resolveDelivery(em: EntityManager, ref: string, at: Date): Promise<DeliveryTarget | undefined> {
    const day = vietnamDate(at);
    const graph = await this.lineage.load(em);
    const resolution = await this.lineage.resolveAddressee(ref, day, em);
    const holder = resolution?.holders[0];
    if (!resolution || !holder) return undefined;
    const to = labelOf(graph.identityAt(holder.organisation.id, day) ?? holder.organisation);
    if (!resolution.redirected) return { organisation: to, routing: null };
    return { organisation: to, routing: this.routing(graph, resolution.addressed.id, to, holder.path, day) };
  }

  /**
   * Records a routed delivery of `documentId` (already written to `routing.to`): a processing event in its history
   * and the `incoming.routed` audit entries for both organisations' chains, which the caller records in its fixed
   * chain order with its other entries.
   */
  async recordDelivery(
    em: EntityManager,
    documentId: string,
    routing: AddresseeRouting,
    now: Date,
  ): Promise<AuditEvent[]> {
    await this.history.append(em, {
      documentId,
      organisationId: routing.to.id,
      kind: 'routed',
      actorId: null,
      note: routing.note,
      at: now,
    });
    return this.auditEntries(documentId, routing);
  }

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
    const to = labelOf(graph.identityAt(holder.organisation.id, day) ?? holder.organisation);
    const routing = this.routing(graph, resolution.addressed.id, to, holder.path, day);
    const now = this.clock.now();
    await this.holdings.moveDocument(em, {
      documentId: doc.id,
      from: doc.organisationId,
      to: holder.organisation.id,
      event: { kind: 'routed', actorId: null, note: routing.note },
      at: now,
    });
    for (const entry of this.auditEntries(doc.id, routing)) await this.audit.record(em, entry, now);
    return { documentId: doc.id, from: routing.from, to: routing.to, reason: routing.reason };
  }

  /** The addressee as it was named when it ceased, its holder, the link and the history line. */
  private routing(
    graph: LineageGraph,
    addressedId: string,
    to: OrganisationLabel,
    path: LinkFacts[],
    day: string,
  ): AddresseeRouting {
    const link = path[0] ?? null;
    const fromIdentity =
      (link ? graph.identityAt(addressedId, link.effectiveDate) : undefined) ??
      graph.identities(addressedId).slice(-1)[0] ??
      graph.organisation(addressedId)!;
    const from = { ...labelOf(fromIdentity), id: addressedId };
    const effectiveDate = link?.effectiveDate ?? day;
    const split = link?.kind === 'split-into';
    const codes = from.code || to.code ? `${from.code ?? '—'} → ${to.code ?? '—'}; ` : '';
    const note =
      `gửi ${from.name} → chuyển ${to.name} (${codes}đơn vị đã ${split ? 'chia tách' : 'sáp nhập'} từ ${effectiveDate}) / ` +
      `addressed to ${from.name} → routed to ${to.name} (${codes}${split ? 'split' : 'merged'} on ${effectiveDate})`;
    return { from, to, reason: { kind: link?.kind ?? 'ceased', effectiveDate }, link, note };
  }

  /** `incoming.routed` for the addressee's chain and the receiver's, in a fixed order. */
  private auditEntries(documentId: string, routing: AddresseeRouting): AuditEvent[] {
    const data = {
      from: routing.from.id,
      fromCode: routing.from.code,
      to: routing.to.id,
      link: routing.link
        ? {
            kind: routing.link.kind,
            effectiveDate: routing.link.effectiveDate,
            eventId: routing.link.eventId,
          }
        : null,
    };
    return [routing.from.id, routing.to.id].sort().map((chain) =>
      auditEvent('incoming.routed', {
        chain,
        actor: null,
        entity: { type: 'document', id: documentId },
        data,
      }),
    );
  }
}

function labelOf(o: {
  id?: string;
  organisationId?: string;
  name: string;
  code: string | null;
}): OrganisationLabel {
  return { id: (o.id ?? o.organisationId)!, name: o.name, code: o.code };
}
