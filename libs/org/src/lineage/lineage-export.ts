import { LineageError, LineageErrorCode } from './lineage.exception';
import { type IdentityPeriod, LineageGraph, type LinkFacts, type OrganisationFacts } from './lineage-graph';

export const LINEAGE_EXPORT_FORMAT = 'kyso-lineage/1';

/**
 * The whole lineage as one JSON document (`kyso org lineage export`), for verifying documents where the database is
 * not at hand (`kyso verify --lineage lineage.json`). Organisations, every identity period and every succession link:
 * exactly what a `LineageGraph` is built from, so the offline note is the one the API would print.
 */
export interface LineageExport {
  format: typeof LINEAGE_EXPORT_FORMAT;
  exportedAt: string;
  organisations: OrganisationFacts[];
  identities: IdentityPeriod[];
  links: LinkFacts[];
}

export function exportLineage(graph: LineageGraph, at: Date): LineageExport {
  const organisations = graph.organisations();
  return {
    format: LINEAGE_EXPORT_FORMAT,
    exportedAt: at.toISOString(),
    organisations,
    identities: organisations.flatMap((o) => graph.identities(o.id)),
    links: graph.links(),
  };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (v: unknown): boolean => typeof v === 'string' && DAY.test(v);
const isDayOrNull = (v: unknown): boolean => v === null || isDay(v);
const isText = (v: unknown): boolean => typeof v === 'string' && v.length > 0;
const isCode = (v: unknown): boolean => v === null || typeof v === 'string';

/** The graph of an export, refusing anything that is not one (the reason names the first bad entry). */
export function lineageFromExport(value: unknown): LineageGraph {
  const bad = (reason: string): never => {
    throw new LineageError(LineageErrorCode.EXPORT_INVALID, { reason });
  };
  if (typeof value !== 'object' || value === null) return bad('not a JSON object');
  const v = value as Partial<Record<keyof LineageExport, unknown>>;
  if (v.format !== LINEAGE_EXPORT_FORMAT) return bad(`format is not ${LINEAGE_EXPORT_FORMAT}`);
  if (!Array.isArray(v.organisations) || !Array.isArray(v.identities) || !Array.isArray(v.links))
    return bad('organisations, identities and links must be arrays');
  v.organisations.forEach((o: Partial<OrganisationFacts>, i) => {
    if (!isText(o?.id) || !isText(o.name) || typeof o.shortName !== 'string' || !isCode(o.code))
      bad(`organisations[${i}]`);
    if (!isDay(o.validFrom) || !isDayOrNull(o.validTo)) bad(`organisations[${i}] dates`);
  });
  v.identities.forEach((p: Partial<IdentityPeriod>, i) => {
    if (!isText(p?.organisationId) || !isText(p.name) || typeof p.shortName !== 'string' || !isCode(p.code))
      bad(`identities[${i}]`);
    if (!isDay(p.validFrom) || !isDayOrNull(p.validTo)) bad(`identities[${i}] dates`);
  });
  v.links.forEach((l: Partial<LinkFacts>, i) => {
    if (!isText(l?.eventId) || !isText(l.predecessorId) || !isText(l.successorId) || !isDay(l.effectiveDate))
      bad(`links[${i}]`);
    if (l.kind !== 'merged-into' && l.kind !== 'split-into') bad(`links[${i}] kind`);
  });
  return new LineageGraph(
    v.organisations as OrganisationFacts[],
    v.identities as IdentityPeriod[],
    v.links as LinkFacts[],
  );
}
