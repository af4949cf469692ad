import { vietnamDate } from '../calendar';
import { ORGANISATION_CODE_PATTERN } from '../organisations/organisation-rules';
import type { IdentityPeriod, LineageGraph, LinkFacts, OrganisationFacts } from './lineage-graph';

/**
 * What the lineage needs to know about a signer's certificate. Structurally a subset of libs/validation's
 * `SignerCertificateFacts`, so that `describeSignerFromLineage(graph)` can be passed as `describeSigner` without
 * libs/org depending on libs/validation.
 */
export interface SignerFacts {
  readonly organisation: string | null;
  readonly commonName: string | null;
  readonly attributes: Readonly<Record<string, readonly string[]>>;
  readonly signingTime: Date;
}

/** Subject attributes that carry an organisation's identification code (ETSI EN 319 412-1 organizationIdentifier, UID). */
const CODE_ATTRIBUTES = ['organizationIdentifier', '2.5.4.97', 'UID', '0.9.2342.19200300.100.1.1'];

/** `VN:000.00.31.H41`, `NTRVN-000.00.31.H41` or just the code: the last token shaped like a code. */
function codeIn(value: string): string | undefined {
  return value
    .toUpperCase()
    .split(/[\s:;,/-]+/)
    .reverse()
    .find((token) => token.includes('.') && ORGANISATION_CODE_PATTERN.test(token));
}

/** Names compared without case, accents variants or the "Ủy ban nhân dân" / "UBND" difference. */
export function normaliseOrganisationName(name: string): string {
  return name
    .normalize('NFC')
    .toLowerCase()
    .replace(/ủy ban nhân dân|uỷ ban nhân dân/g, 'ubnd')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The organisation (and its identity then) that a certificate names at its signing time. */
export function organisationOfSigner(
  graph: LineageGraph,
  facts: SignerFacts,
): { organisation: OrganisationFacts; identity: IdentityPeriod } | undefined {
  const day = vietnamDate(facts.signingTime);
  for (const key of CODE_ATTRIBUTES) {
    for (const value of facts.attributes[key] ?? []) {
      const code = codeIn(value);
      if (!code) continue;
      const history = graph.codeHistory(code);
      const period =
        history.find((p) => p.validFrom <= day && (p.validTo === null || day <= p.validTo)) ??
        history[history.length - 1];
      const org = period && graph.organisation(period.organisationId);
      if (org && period) return { organisation: org, identity: period };
    }
  }
  // Personal certificates carry only the organisation's name (O=UBND xã Tân Lập).
  const names = [facts.organisation, ...(facts.attributes.O ?? [])]
    .filter((n): n is string => !!n)
    .map(normaliseOrganisationName);
  if (names.length === 0) return undefined;
  // The identity in force on the signing day; else the latest one that had begun by then (a certificate used after
  // its organisation ceased still names that organisation).
  let best: { organisation: OrganisationFacts; identity: IdentityPeriod } | undefined;
  for (const org of graph.organisations()) {
    for (const period of graph.identities(org.id)) {
      if (!names.includes(normaliseOrganisationName(period.name)) || period.validFrom > day) continue;
      if (period.validTo === null || day <= period.validTo) return { organisation: org, identity: period };
      if (!best || period.validTo! > best.identity.validTo!) best = { organisation: org, identity: period };
    }
  }
  return best;
}

function label(p: { name: string; code: string | null }): string {
  return p.code ? `${p.name} (${p.code})` : p.name;
}

const VERB: Record<string, { vi: string; en: string }> = {
  'merged-into': { vi: 'sáp nhập vào', en: 'merged into' },
  'split-into': { vi: 'chia tách, chuyển giao cho', en: 'split into' },
};

/**
 * One line on what became of the signer's organisation after it signed, in Vietnamese and English:
 * `UBND xã Tân Lập (000.00.31.H41), sáp nhập vào UBND xã Tân Hòa (000.00.35.H41) từ 2025-07-01 / merged into
 * UBND xã Tân Hòa (000.00.35.H41) on 2025-07-01`. Undefined when nothing changed since, or the signer is unknown.
 */
export function describeSignerLineage(
  graph: LineageGraph,
  facts: SignerFacts,
  today: string,
  lang?: 'vi' | 'en',
): string | undefined {
  const note = bilingualNote(graph, facts, today);
  if (!note || !lang) return note?.join(' / ');
  return lang === 'vi' ? note[0] : note[1];
}

/** The note in Vietnamese and in English. */
function bilingualNote(graph: LineageGraph, facts: SignerFacts, today: string): [string, string] | undefined {
  const found = organisationOfSigner(graph, facts);
  if (!found) return undefined;
  const { organisation, identity } = found;
  const links = graph.linksFrom(organisation.id).filter((l) => l.effectiveDate <= today);
  if (links.length > 0) {
    const byKind = new Map<string, LinkFacts[]>();
    for (const l of links) byKind.set(l.kind, [...(byKind.get(l.kind) ?? []), l]);
    const vi: string[] = [];
    const en: string[] = [];
    for (const [kind, group] of byKind) {
      const targets = group.map((l) => {
        const s = graph.organisation(l.successorId);
        const p = s && graph.identityAt(s.id, l.effectiveDate);
        return label(p ?? s ?? { name: l.successorId, code: null });
      });
      const date = group[0].effectiveDate;
      vi.push(`${VERB[kind]?.vi ?? kind} ${targets.join(', ')} từ ${date}`);
      en.push(`${VERB[kind]?.en ?? kind} ${targets.join(', ')} on ${date}`);
    }
    const now = graph.successorsAt(organisation.id, today).filter((r) => r.path.length > 1);
    const later = now.map((r) => label(graph.identityAt(r.organisation.id, today) ?? r.organisation));
    const tailVi = later.length ? `; nay thuộc ${later.join(', ')}` : '';
    const tailEn = later.length ? `; now part of ${later.join(', ')}` : '';
    return [`${label(identity)}, ${vi.join('; ')}${tailVi}`, `${label(identity)}, ${en.join('; ')}${tailEn}`];
  }
  const current = graph.identityAt(organisation.id, today);
  if (current && (current.name !== identity.name || current.code !== identity.code)) {
    return [
      `${label(identity)}, nay là ${label(current)} từ ${current.validFrom}`,
      `${label(identity)}, now ${label(current)} since ${current.validFrom}`,
    ];
  }
  return undefined;
}

/**
 * A `describeSigner` hook for libs/validation's `validatePdf`, answering from a loaded lineage graph; in both
 * languages (`vi / en`) unless `lang` picks one.
 */
export function describeSignerFromLineage(
  graph: LineageGraph,
  now: () => Date = () => new Date(),
  lang?: 'vi' | 'en',
): (facts: SignerFacts) => string | undefined {
  return (facts) => describeSignerLineage(graph, facts, vietnamDate(now()), lang);
}
