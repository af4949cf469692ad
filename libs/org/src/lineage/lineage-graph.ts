import type { LineageLinkKind } from './reorganisation-event';

/** An organisation as the lineage sees it: its current identity and the days it existed (`YYYY-MM-DD`, inclusive). */
export interface OrganisationFacts {
  id: string;
  name: string;
  shortName: string;
  code: string | null;
  validFrom: string;
  /** Last day it operated; null while it exists. */
  validTo: string | null;
}

/** One period of an organisation's name and code. */
export interface IdentityPeriod {
  organisationId: string;
  name: string;
  shortName: string;
  code: string | null;
  validFrom: string;
  validTo: string | null;
}

export interface LinkFacts {
  eventId: string;
  predecessorId: string;
  successorId: string;
  kind: LineageLinkKind;
  effectiveDate: string;
}

/** A live organisation reached from another through the links in `path` (empty: the organisation itself). */
export interface Reached {
  organisation: OrganisationFacts;
  path: LinkFacts[];
}

/** Who holds the records addressed to a code or an organisation on a day, and how it was found. */
export interface AddresseeResolution {
  /** The organisation addressed (the code's holder, possibly dissolved). */
  addressed: OrganisationFacts;
  /** Live organisations that hold its records on that day; one unless a split left several. */
  holders: Reached[];
  /** True when the item goes to someone other than the organisation addressed. */
  redirected: boolean;
}

function byValidFrom(a: { validFrom: string }, b: { validFrom: string }): number {
  return a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : 0;
}

function contains(p: { validFrom: string; validTo: string | null }, day: string): boolean {
  return p.validFrom <= day && (p.validTo === null || day <= p.validTo);
}

/**
 * The lineage of organisations in memory: built once from the database (a few thousand communes and their history),
 * then asked any number of questions without I/O. Dates are Vietnamese calendar days `YYYY-MM-DD`, compared as
 * strings. Only organisation-level links (merge, split) carry succession; a unit transfer leaves both organisations
 * in place.
 */
export class LineageGraph {
  private readonly orgs = new Map<string, OrganisationFacts>();
  private readonly periods = new Map<string, IdentityPeriod[]>();
  private readonly outgoing = new Map<string, LinkFacts[]>();
  private readonly incoming = new Map<string, LinkFacts[]>();
  private readonly byCode = new Map<string, IdentityPeriod[]>();

  constructor(
    organisations: readonly OrganisationFacts[],
    identities: readonly IdentityPeriod[],
    links: readonly LinkFacts[],
  ) {
    for (const o of organisations) this.orgs.set(o.id, o);
    for (const p of identities) {
      const list = this.periods.get(p.organisationId) ?? [];
      list.push(p);
      this.periods.set(p.organisationId, list);
    }
    for (const list of this.periods.values()) list.sort(byValidFrom);
    for (const o of organisations) {
      // An organisation nobody reorganised yet has one period: the identity it was created with.
      if (!this.periods.has(o.id))
        this.periods.set(o.id, [
          {
            organisationId: o.id,
            name: o.name,
            shortName: o.shortName,
            code: o.code,
            validFrom: o.validFrom,
            validTo: o.validTo,
          },
        ]);
    }
    for (const list of this.periods.values()) {
      for (const p of list) {
        if (!p.code) continue;
        const held = this.byCode.get(p.code) ?? [];
        held.push(p);
        this.byCode.set(p.code, held);
      }
    }
    for (const list of this.byCode.values()) list.sort(byValidFrom);
    for (const l of links) {
      if (l.kind === 'unit-transferred') continue;
      (
        this.outgoing.get(l.predecessorId) ?? this.outgoing.set(l.predecessorId, []).get(l.predecessorId)!
      ).push(l);
      (this.incoming.get(l.successorId) ?? this.incoming.set(l.successorId, []).get(l.successorId)!).push(l);
    }
  }

  organisation(id: string): OrganisationFacts | undefined {
    return this.orgs.get(id);
  }

  organisations(): OrganisationFacts[] {
    return [...this.orgs.values()];
  }

  /** Every identity period of the organisation, oldest first. */
  identities(id: string): IdentityPeriod[] {
    return [...(this.periods.get(id) ?? [])];
  }

  identityAt(id: string, day: string): IdentityPeriod | undefined {
    return this.periods.get(id)?.find((p) => contains(p, day));
  }

  isLive(id: string, day: string): boolean {
    const o = this.orgs.get(id);
    return !!o && contains(o, day);
  }

  /** Every succession link (merge, split), grouped by predecessor. */
  links(): LinkFacts[] {
    return [...this.outgoing.values()].flat();
  }

  /** The links that ended this organisation (merge or split), if any. */
  linksFrom(id: string): LinkFacts[] {
    return [...(this.outgoing.get(id) ?? [])];
  }

  linksInto(id: string): LinkFacts[] {
    return [...(this.incoming.get(id) ?? [])];
  }

  /**
   * The live organisations that hold this organisation's records on `day`: itself while it exists, else its
   * successors (followed through later mergers and splits). Empty when it ceased without a successor.
   */
  successorsAt(id: string, day: string): Reached[] {
    const found = new Map<string, Reached>();
    const visit = (current: string, path: LinkFacts[], seen: Set<string>) => {
      const org = this.orgs.get(current);
      if (!org) return;
      if (contains(org, day)) {
        if (!found.has(current)) found.set(current, { organisation: org, path });
        return;
      }
      for (const link of this.outgoing.get(current) ?? []) {
        if (link.effectiveDate > day || seen.has(link.successorId)) continue;
        visit(link.successorId, [...path, link], new Set([...seen, link.successorId]));
      }
    };
    visit(id, [], new Set([id]));
    return [...found.values()];
  }

  /** Every organisation whose records passed (directly or not) to this one, with the link that passed them. */
  predecessorsOf(id: string, day?: string): Array<{ organisation: OrganisationFacts; link: LinkFacts }> {
    const out: Array<{ organisation: OrganisationFacts; link: LinkFacts }> = [];
    const seen = new Set<string>([id]);
    const stack = [id];
    while (stack.length) {
      const current = stack.pop()!;
      for (const link of this.incoming.get(current) ?? []) {
        if ((day && link.effectiveDate > day) || seen.has(link.predecessorId)) continue;
        seen.add(link.predecessorId);
        const org = this.orgs.get(link.predecessorId);
        if (org) out.push({ organisation: org, link });
        stack.push(link.predecessorId);
      }
    }
    return out;
  }

  /** The organisations whose documents members of `id` may read on `day`: its own and its predecessors'. */
  visibleTo(id: string, day: string): string[] {
    return [id, ...this.predecessorsOf(id, day).map((p) => p.organisation.id)];
  }

  /** Every period in which the code was held, oldest first. */
  codeHistory(code: string): IdentityPeriod[] {
    return [...(this.byCode.get(code.trim().toUpperCase()) ?? [])];
  }

  /**
   * Who receives an item addressed to `code` on `day`. The holder on that day if the code is in use; otherwise the
   * last holder of the code, followed to whoever holds its records on `day` (its own new code, or its successors).
   */
  resolveCode(code: string, day: string): AddresseeResolution | undefined {
    const history = this.codeHistory(code);
    const current = history.find((p) => contains(p, day));
    const period = current ?? [...history].reverse().find((p) => p.validFrom <= day) ?? history[0];
    if (!period) return undefined;
    return this.resolveOrganisation(period.organisationId, day);
  }

  resolveOrganisation(id: string, day: string): AddresseeResolution | undefined {
    const addressed = this.orgs.get(id);
    if (!addressed) return undefined;
    const holders = this.successorsAt(id, day);
    return { addressed, holders, redirected: !(holders.length === 1 && holders[0].organisation.id === id) };
  }

  /** True when `to` can be reached from `from` along succession links (of any date). */
  reaches(from: string, to: string): boolean {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length) {
      const current = stack.pop()!;
      if (current === to) return true;
      if (seen.has(current)) continue;
      seen.add(current);
      for (const link of this.outgoing.get(current) ?? []) stack.push(link.successorId);
    }
    return false;
  }
}
