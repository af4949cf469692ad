/**
 * The searchable form of Vietnamese text: decomposed (NFD), combining marks removed, đ/Đ → d, lower case, runs of
 * whitespace collapsed. `Quyết định số 05/QĐ-UBND` → `quyet dinh so 05/qd-ubnd`. Documents store this form in
 * `search_text` and queries are normalised the same way, so that search ignores diacritics and case identically on
 * PostgreSQL and SQLite (no collation or extension needed).
 */
export function normaliseForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Joins the searchable fields of a document (subject, number/symbol, sender, signer) into one column value. */
export function buildSearchText(parts: Array<string | null | undefined>): string {
  return normaliseForSearch(parts.filter((p): p is string => !!p).join(' \u2502 '));
}

/** The words of a query, normalised; a document matches when its search text contains every one of them. */
export function searchTerms(query: string): string[] {
  return [...new Set(normaliseForSearch(query).split(' ').filter(Boolean))].slice(0, 8);
}

/** Escapes LIKE wildcards so that a user's `%` or `_` is matched literally (with `ESCAPE '\'`). */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}
