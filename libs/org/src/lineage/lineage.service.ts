import { randomUUID } from 'node:crypto';
import { type DataSource, type EntityManager, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { type Actor, isSystemAdmin } from '../access/actor';
import { auditEvent, type AuditEvent, type AuditRecorder, SYSTEM_CHAIN } from '../audit-recorder';
import { addDays, vietnamDate } from '../calendar';
import type { Clock } from '../clock';
import type { OrganisationHoldings } from '../organisations/organisation-holdings';
import { Organisation } from '../organisations/organisation.entity';
import { readOnly, unitOfWork, writeLock } from '@kyso/database';
import { OrgUnit } from '../units/unit.entity';
import { User } from '../users/user.entity';
import {
  type AddresseeResolution,
  type IdentityPeriod,
  LineageGraph,
  type LinkFacts,
  type OrganisationFacts,
} from './lineage-graph';
import { LineageError, LineageErrorCode } from './lineage.exception';
import { LineageLink } from './lineage-link.entity';
import { bumpLineageVersion, readLineageVersion } from './lineage-version';
import {
  checkCodeChange,
  checkEffectiveDate,
  checkMerge,
  checkRename,
  checkSplit,
  checkUnitTransfer,
} from './lineage-rules';
import { OrganisationIdentity } from './organisation-identity.entity';
import type { LineageLinkKind, ReorganisationDetails, ReorganisationKind } from './reorganisation-event';
import { ReorganisationEvent } from './reorganisation-event.entity';

/** An organisation named by its id or by an identification code it holds or held. */
export type OrganisationRef = string;

interface EventMeta {
  effectiveDate: string;
  decision?: string | null;
  note?: string | null;
}

export interface RecordMergeInput extends EventMeta {
  from: OrganisationRef[];
  into: OrganisationRef;
}

export interface RecordSplitInput extends EventMeta {
  from: OrganisationRef;
  into: OrganisationRef[];
  /** Receives items still addressed to the old organisation; default the first successor. */
  primary?: OrganisationRef;
}

export interface RecordRenameInput extends EventMeta {
  organisation: OrganisationRef;
  name: string;
  shortName?: string;
}

export interface RecordCodeChangeInput extends EventMeta {
  organisation: OrganisationRef;
  code: string;
}

export interface RecordUnitTransferInput extends EventMeta {
  unitId: string;
  to: OrganisationRef;
  abbreviation?: string;
}

/** A date or instant, read as the Vietnamese calendar day. */
export type Day = string | Date;

function dayOf(at: Day): string {
  return typeof at === 'string' ? at : vietnamDate(at);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Records reorganisations and answers lineage questions. Recording is one transaction: the event, the lineage links,
 * the identity periods and the predecessors' last day commit together. Renames, code changes and unit transfers take
 * effect by themselves on their effective date (`applyDueChanges`); mergers and splits also move open work, which an
 * administrator confirms through ReorganisationService (dry run, then apply).
 */
export class LineageService {
  private cached?: { graph: LineageGraph; version: string };

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
    private readonly holdings: OrganisationHoldings,
  ) {}

  /**
   * The whole lineage in memory, for many questions at once (validation reports, routing sweeps, search filters).
   * The graph is reused while the database's lineage version (`lineage_version`, bumped by every transaction that
   * changes the lineage, in any process) is the one it was read at: one small read per call, and a change made by
   * the CLI, another API process or a worker is seen by the next call. The version is read before the graph, so a
   * change committed in between makes the next call read again rather than keep a stale graph.
   */
  async load(em?: EntityManager, options: { fresh?: boolean } = {}): Promise<LineageGraph> {
    const read = async (tx: EntityManager) => {
      const version = await readLineageVersion(tx);
      if (!options.fresh && this.cached?.version === version) return this.cached.graph;
      const graph = await readLineageGraph(tx);
      this.cached = { graph, version };
      return graph;
    };
    return em ? read(em) : readOnly(this.ds, read);
  }

  /** The cached lineage, read again when it does not know `ref` yet (an organisation created a moment ago). */
  private async graphKnowing(ref: OrganisationRef, em?: EntityManager): Promise<LineageGraph> {
    const graph = await this.load(em);
    const known = UUID.test(ref.trim())
      ? !!graph.organisation(ref.trim())
      : graph.codeHistory(ref).length > 0;
    return known ? graph : this.load(em, { fresh: true });
  }

  // ---- questions --------------------------------------------------------------------------------------------------

  /** Who holds the organisation's records on `at`: itself while it exists, else its successors. */
  async successors(ref: OrganisationRef, at: Day, em?: EntityManager) {
    const graph = await this.graphKnowing(ref, em);
    return graph.successorsAt(this.resolveRef(graph, ref, dayOf(at)).id, dayOf(at));
  }

  async predecessors(ref: OrganisationRef, em?: EntityManager) {
    const graph = await this.graphKnowing(ref, em);
    const id = this.resolveRef(graph, ref, dayOf(this.clock.now())).id;
    return graph.predecessorsOf(id);
  }

  /** Every period in which the code was held, with whoever holds those records today. */
  async codeHistory(code: string, em?: EntityManager) {
    const graph = await this.graphKnowing(code, em);
    const today = dayOf(this.clock.now());
    return graph
      .codeHistory(code)
      .map((period) => ({ period, heldToday: graph.successorsAt(period.organisationId, today) }));
  }

  /**
   * The organisations whose documents members of `organisationId` may find and read on `at`: their own and every
   * predecessor's (the documents keep their original issuer). libs/documents filters search and access with it.
   */
  async organisationsVisibleTo(
    organisationId: string,
    at: Day = this.clock.now(),
    em?: EntityManager,
  ): Promise<string[]> {
    const graph = await this.graphKnowing(organisationId, em);
    return graph.visibleTo(organisationId, dayOf(at));
  }

  /**
   * Where an item addressed to an organisation (by code or id) goes on `at`. `holders[0]` is the one to deliver to:
   * for a split, the primary successor comes first.
   */
  async resolveAddressee(
    ref: OrganisationRef,
    at: Day = this.clock.now(),
    em?: EntityManager,
  ): Promise<AddresseeResolution | undefined> {
    return unitOfWork(this.ds, em, async (tx) => {
      const graph = await this.graphKnowing(ref, tx);
      const day = dayOf(at);
      const resolution = UUID.test(ref) ? graph.resolveOrganisation(ref, day) : graph.resolveCode(ref, day);
      if (!resolution || resolution.holders.length < 2) return resolution;
      return { ...resolution, holders: await this.primaryFirst(tx, resolution.holders) };
    });
  }

  list(
    filter: { status?: ReorganisationEvent['status'] } = {},
    em?: EntityManager,
  ): Promise<ReorganisationEvent[]> {
    return unitOfWork(this.ds, em, (tx) =>
      tx.find(ReorganisationEvent, {
        where: filter.status ? { status: filter.status } : {},
        order: { effectiveDate: 'ASC', recordedAt: 'ASC' },
      }),
    );
  }

  get(id: string, em?: EntityManager): Promise<ReorganisationEvent> {
    return unitOfWork(this.ds, em, async (tx) => {
      const event = await tx.findOne(ReorganisationEvent, { where: { id } });
      if (!event) throw new LineageError(LineageErrorCode.EVENT_NOT_FOUND, { id });
      return event;
    });
  }

  // ---- recording --------------------------------------------------------------------------------------------------

  /** A, B → C from the effective date. C may be one of the predecessors; the others cease the day before. */
  recordMerge(actor: Actor, input: RecordMergeInput): Promise<ReorganisationEvent> {
    return this.record(actor, 'merge', input, async (tx, graph) => {
      const day = input.effectiveDate;
      const into = this.resolveRef(graph, input.into, day).id;
      const from = input.from.map((r) => this.resolveRef(graph, r, addDays(day, -1)).id);
      checkMerge(graph, { from, into, effectiveDate: day });
      return {
        details: { kind: 'merge', from, into },
        links: from.filter((f) => f !== into).map((f) => [f, into, 'merged-into'] as const),
      };
    });
  }

  /** A → B, C from the effective date; A ceases the day before. */
  recordSplit(actor: Actor, input: RecordSplitInput): Promise<ReorganisationEvent> {
    return this.record(actor, 'split', input, async (tx, graph) => {
      const day = input.effectiveDate;
      const from = this.resolveRef(graph, input.from, addDays(day, -1)).id;
      const into = input.into.map((r) => this.resolveRef(graph, r, day).id);
      const primary = input.primary ? this.resolveRef(graph, input.primary, day).id : into[0];
      checkSplit(graph, { from, into, primary, effectiveDate: day });
      return {
        details: { kind: 'split', from, into, primary },
        links: into.map((s) => [from, s, 'split-into'] as const),
      };
    });
  }

  recordRename(actor: Actor, input: RecordRenameInput): Promise<ReorganisationEvent> {
    return this.record(actor, 'rename', input, async (tx, graph) => {
      const org = this.resolveRef(graph, input.organisation, input.effectiveDate);
      checkRename(graph, { organisationId: org.id, name: input.name, effectiveDate: input.effectiveDate });
      const shortName = input.shortName?.trim() || org.shortName;
      return {
        details: {
          kind: 'rename',
          organisationId: org.id,
          name: input.name.trim(),
          shortName,
          previous: { name: org.name, shortName: org.shortName },
        },
        identity: { organisationId: org.id, name: input.name.trim(), shortName },
      };
    });
  }

  recordCodeChange(actor: Actor, input: RecordCodeChangeInput): Promise<ReorganisationEvent> {
    return this.record(actor, 'code-change', input, async (tx, graph) => {
      const org = this.resolveRef(graph, input.organisation, input.effectiveDate);
      const code = input.code.trim().toUpperCase();
      checkCodeChange(graph, { organisationId: org.id, code, effectiveDate: input.effectiveDate });
      if (await tx.exists(Organisation, { where: { code } }))
        throw new LineageError(LineageErrorCode.CODE_TAKEN, { code });
      return {
        details: { kind: 'code-change', organisationId: org.id, code, previousCode: org.code },
        identity: { organisationId: org.id, code },
      };
    });
  }

  recordUnitTransfer(actor: Actor, input: RecordUnitTransferInput): Promise<ReorganisationEvent> {
    return this.record(actor, 'unit-transfer', input, async (tx, graph) => {
      const unit = await tx.findOne(OrgUnit, { where: { id: input.unitId } });
      if (!unit || !unit.active)
        throw new LineageError(LineageErrorCode.UNIT_NOT_FOUND, { id: input.unitId });
      const to = this.resolveRef(graph, input.to, input.effectiveDate).id;
      checkUnitTransfer(graph, { from: unit.organisationId, to, effectiveDate: input.effectiveDate });
      const abbreviation = input.abbreviation?.trim() || unit.abbreviation;
      if (await tx.exists(OrgUnit, { where: { organisationId: to, abbreviation } })) {
        throw new LineageError(LineageErrorCode.INVALID_EVENT, {
          fields: ['abbreviation'],
          reason: `the receiving organisation already has a unit ${abbreviation}`,
        });
      }
      return {
        details: { kind: 'unit-transfer', unitId: unit.id, from: unit.organisationId, to, abbreviation },
        links: [[unit.organisationId, to, 'unit-transferred'] as const],
        unitId: unit.id,
      };
    });
  }

  /**
   * Puts renames, code changes and unit transfers whose effective date has come into the current records
   * (organisations, units, users). Run daily by the worker and right after recording; idempotent.
   */
  async applyDueChanges(actor: Actor | null = null): Promise<ReorganisationEvent[]> {
    const today = dayOf(this.clock.now());
    const due = await unitOfWork(this.ds, undefined, (tx) =>
      tx.find(ReorganisationEvent, {
        where: { status: 'recorded', kind: In(['rename', 'code-change', 'unit-transfer']) },
        order: { effectiveDate: 'ASC', recordedAt: 'ASC' },
      }),
    );
    const applied: ReorganisationEvent[] = [];
    for (const event of due.filter((e) => e.effectiveDate <= today)) {
      applied.push(
        await unitOfWork(this.ds, undefined, (tx) => this.applyIdentityChange(tx, event.id, actor)),
      );
    }
    return applied;
  }

  // ---- internals --------------------------------------------------------------------------------------------------

  private async record(
    actor: Actor,
    kind: ReorganisationKind,
    meta: EventMeta,
    plan: (
      tx: EntityManager,
      graph: LineageGraph,
    ) => Promise<{
      details: ReorganisationDetails;
      links?: ReadonlyArray<readonly [string, string, LineageLinkKind]>;
      identity?: Partial<IdentityPeriod> & { organisationId: string };
      unitId?: string;
    }>,
  ): Promise<ReorganisationEvent> {
    if (!isSystemAdmin(actor)) throw new LineageError(LineageErrorCode.FORBIDDEN);
    checkEffectiveDate(meta.effectiveDate);
    const recorded = await unitOfWork(this.ds, undefined, async (tx) => {
      const graph = await this.load(tx, { fresh: true });
      const { details, links = [], identity, unitId } = await plan(tx, graph);
      const now = this.clock.now();
      const event: ReorganisationEvent = {
        id: randomUUID(),
        kind,
        effectiveDate: meta.effectiveDate,
        status: 'recorded',
        decision: meta.decision?.trim() || null,
        note: meta.note?.trim() || null,
        details,
        recordedBy: actor.userId,
        recordedAt: now,
        appliedBy: null,
        appliedAt: null,
        application: null,
      };
      await tx.insert(ReorganisationEvent, event as unknown as QueryDeepPartialEntity<ReorganisationEvent>);
      for (const [predecessorId, successorId, linkKind] of links) {
        await tx.insert(LineageLink, {
          id: randomUUID(),
          eventId: event.id,
          predecessorId,
          successorId,
          kind: linkKind,
          effectiveDate: meta.effectiveDate,
          unitId: unitId ?? null,
        });
      }
      const lastDay = addDays(meta.effectiveDate, -1);
      const ceasing = links.filter(([, , k]) => k !== 'unit-transferred').map(([p]) => p);
      for (const id of new Set(ceasing)) {
        await this.closeIdentity(tx, graph, id, lastDay);
        await tx.update(Organisation, { id }, { validTo: lastDay, updatedAt: now });
      }
      if (identity) {
        const current = await this.closeIdentity(tx, graph, identity.organisationId, lastDay);
        await tx.insert(OrganisationIdentity, {
          id: randomUUID(),
          organisationId: identity.organisationId,
          name: identity.name ?? current.name,
          shortName: identity.shortName ?? current.shortName,
          code: identity.code === undefined ? current.code : identity.code,
          validFrom: meta.effectiveDate,
          validTo: null,
          eventId: event.id,
          createdAt: now,
        });
      }
      const involved = new Set<string>([
        ...links.flatMap(([p, s]) => [p, s]),
        ...(identity ? [identity.organisationId] : []),
      ]);
      const auditEvents: AuditEvent[] = [SYSTEM_CHAIN, ...involved].map((chain) =>
        auditEvent('reorganisation.recorded', {
          chain,
          actor: actor.userId,
          entity: { type: 'reorganisation', id: event.id },
          data: { kind, effectiveDate: meta.effectiveDate, decision: event.decision, details },
        }),
      );
      // Fixed chain order, as elsewhere, so that concurrent writers of several chains cannot deadlock.
      for (const e of auditEvents.sort((a, b) =>
        a.chainId < b.chainId ? -1 : a.chainId > b.chainId ? 1 : 0,
      ))
        await this.audit.record(tx, e, now);
      await bumpLineageVersion(tx);
      return event;
    });
    if (
      recorded.kind !== 'merge' &&
      recorded.kind !== 'split' &&
      recorded.effectiveDate <= dayOf(this.clock.now())
    ) {
      return unitOfWork(this.ds, undefined, (tx) => this.applyIdentityChange(tx, recorded.id, actor));
    }
    return recorded;
  }

  /** Ends the organisation's current identity period on `lastDay` (creating the period it was created with first). */
  private async closeIdentity(
    tx: EntityManager,
    graph: LineageGraph,
    organisationId: string,
    lastDay: string,
  ): Promise<IdentityPeriod> {
    const stored = await tx.find(OrganisationIdentity, {
      where: { organisationId },
      order: { validFrom: 'ASC' },
    });
    let current: OrganisationIdentity | IdentityPeriod | undefined = stored[stored.length - 1];
    if (!current) {
      const seed = graph.identities(organisationId)[0];
      const row: OrganisationIdentity = {
        id: randomUUID(),
        ...seed,
        validTo: lastDay,
        eventId: null,
        createdAt: this.clock.now(),
      };
      await tx.insert(OrganisationIdentity, row);
      return row;
    }
    await tx.update(OrganisationIdentity, { id: (current as OrganisationIdentity).id }, { validTo: lastDay });
    current = { ...current, validTo: lastDay };
    return current;
  }

  private async applyIdentityChange(
    tx: EntityManager,
    eventId: string,
    actor: Actor | null,
  ): Promise<ReorganisationEvent> {
    const event = await tx.findOne(ReorganisationEvent, { where: { id: eventId }, lock: writeLock(tx) });
    if (!event) throw new LineageError(LineageErrorCode.EVENT_NOT_FOUND, { id: eventId });
    if (event.status !== 'recorded') return event;
    const now = this.clock.now();
    const d = event.details;
    const application: Record<string, unknown> = {};
    let chainId = SYSTEM_CHAIN;
    if (d.kind === 'rename') {
      await tx.update(
        Organisation,
        { id: d.organisationId },
        { name: d.name, shortName: d.shortName, updatedAt: now },
      );
      chainId = d.organisationId;
    } else if (d.kind === 'code-change') {
      await tx.update(Organisation, { id: d.organisationId }, { code: d.code, updatedAt: now });
      chainId = d.organisationId;
    } else if (d.kind === 'unit-transfer') {
      const open = await this.holdings.openAssignmentsOfUnit(tx, d.unitId);
      if (open.length > 0) {
        throw new LineageError(LineageErrorCode.MAPPING_INCOMPLETE, {
          unitId: d.unitId,
          openAssignments: open,
          reason: `${open.length} open assignment(s) of the unit must be reassigned first`,
        });
      }
      await tx.update(OrgUnit, { id: d.unitId }, { organisationId: d.to, abbreviation: d.abbreviation });
      const moved = await tx.update(User, { unitId: d.unitId }, { organisationId: d.to, updatedAt: now });
      application.usersMoved = moved.affected ?? 0;
      chainId = d.to;
    } else {
      return event;
    }
    const changes = {
      status: 'applied' as const,
      appliedAt: now,
      appliedBy: actor?.userId ?? null,
      application,
    };
    await tx.update(
      ReorganisationEvent,
      { id: event.id },
      changes as unknown as QueryDeepPartialEntity<ReorganisationEvent>,
    );
    await this.audit.record(
      tx,
      auditEvent('reorganisation.applied', {
        chain: chainId,
        actor: actor?.userId ?? null,
        entity: { type: 'reorganisation', id: event.id },
        data: { kind: event.kind, ...application },
      }),
      now,
    );
    await bumpLineageVersion(tx);
    return { ...event, ...changes };
  }

  /** An id, or a code: the organisation that held it on `day` (else its last holder). */
  private resolveRef(graph: LineageGraph, ref: OrganisationRef, day: string): OrganisationFacts {
    const trimmed = ref.trim();
    if (UUID.test(trimmed)) {
      const org = graph.organisation(trimmed);
      if (!org) throw new LineageError(LineageErrorCode.ORGANISATION_NOT_FOUND, { ref });
      return org;
    }
    const history = graph.codeHistory(trimmed);
    const period =
      history.find((p) => p.validFrom <= day && (p.validTo === null || day <= p.validTo)) ??
      history[history.length - 1];
    const org = period && graph.organisation(period.organisationId);
    if (!org) throw new LineageError(LineageErrorCode.ORGANISATION_NOT_FOUND, { ref });
    return org;
  }

  private async primaryFirst(
    tx: EntityManager,
    holders: AddresseeResolution['holders'],
  ): Promise<AddresseeResolution['holders']> {
    const splits = await tx.find(ReorganisationEvent, { where: { kind: 'split' } });
    const primaries = new Set(splits.map((e) => (e.details.kind === 'split' ? e.details.primary : '')));
    return [...holders].sort(
      (a, b) => Number(primaries.has(b.organisation.id)) - Number(primaries.has(a.organisation.id)),
    );
  }
}

/** The whole lineage as it is in the database now, read with the caller's EntityManager. */
export async function readLineageGraph(tx: EntityManager): Promise<LineageGraph> {
  const orgs = await tx.find(Organisation);
  const identities = await tx.find(OrganisationIdentity);
  const links = await tx.find(LineageLink);
  return new LineageGraph(orgs.map(facts), identities, links as LinkFacts[]);
}

/**
 * The organisations whose documents members of `organisationId` may read today: their own and every
 * predecessor's. For readers that have only an EntityManager (libs/documents' access checks and search).
 */
export async function visibleOrganisations(
  tx: EntityManager,
  organisationId: string,
  at: Day,
): Promise<string[]> {
  return (await readLineageGraph(tx)).visibleTo(organisationId, dayOf(at));
}

function facts(o: Organisation): OrganisationFacts {
  return {
    id: o.id,
    name: o.name,
    shortName: o.shortName,
    code: o.code,
    validFrom: o.validFrom,
    validTo: o.validTo,
  };
}
