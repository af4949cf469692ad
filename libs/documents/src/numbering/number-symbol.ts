import { normaliseForSearch } from '../search/search-text';

/** The number as printed: at least two digits (`05`, `12`, `123`). */
export function formatNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`document number must be a positive integer, got ${n}`);
  return n < 10 ? `0${n}` : String(n);
}

export interface SymbolParts {
  /** Abbreviation of the document type (`QĐ`); null for a công văn. */
  typeAbbreviation: string | null;
  /** The issuing organisation's short name (`UBND`). */
  organisationShortName: string;
  /** Abbreviation of the drafting unit or field (`VX`); used for công văn. */
  unitAbbreviation?: string | null;
}

/**
 * The symbol (ký hiệu) per Decree 30 Appendix I: a named document type gives `QĐ-UBND` (type - organisation); a
 * công văn gives `UBND-VX` (organisation - drafting unit). Groups are joined by `-` without spaces.
 */
export function buildSymbol(parts: SymbolParts): string {
  const groups = parts.typeAbbreviation
    ? [parts.typeAbbreviation, parts.organisationShortName]
    : [parts.organisationShortName, parts.unitAbbreviation];
  return groups
    .filter((g): g is string => !!g)
    .map((g) => g.replace(/\s+/g, ''))
    .join('-');
}

/** `05/QĐ-UBND`. */
export function formatNumberSymbol(n: number, symbol: string): string {
  return `${formatNumber(n)}/${symbol}`;
}

/**
 * The comparable form of a number/symbol as typed by a clerk from a received paper: no spaces, no diacritics, upper
 * case, leading zeros of the number removed. `5/QĐ-UBND`, `05 / qđ-ubnd` and `05/QD-UBND` all give `5/QD-UBND`.
 */
export function numberSymbolKey(numberSymbol: string): string {
  const compact = normaliseForSearch(numberSymbol).replace(/\s+/g, '').toUpperCase();
  return compact.replace(/^0+(?=\d)/, '');
}

/** The comparable form of a sender: its identification code when known, else its name without diacritics. */
export function senderKey(sender: { code?: string | null; name?: string | null }): string | null {
  if (sender.code) return `code:${sender.code.trim().toUpperCase()}`;
  if (sender.name) return `name:${normaliseForSearch(sender.name)}`;
  return null;
}
