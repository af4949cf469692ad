import type { EntityManager } from 'typeorm';
import { isPostgres, type Statement } from '../persistence/sql';

/**
 * Like `sql(em)`, but an array value becomes a parenthesised list of parameters, for `IN (…)`:
 * `sqlWithLists(em)\`SELECT id FROM documents WHERE organisation_id IN ${ids}\``. An empty array becomes `(NULL)`,
 * which matches nothing. Values always travel as parameters.
 */
export function sqlWithLists(em: EntityManager) {
  const pg = isPostgres(em);
  return (strings: TemplateStringsArray, ...values: unknown[]): Statement => {
    const params: unknown[] = [];
    const bind = (v: unknown) => {
      params.push(typeof v === 'boolean' && !pg ? Number(v) : v);
      return pg ? `$${params.length}` : '?';
    };
    let text = strings[0];
    values.forEach((v, i) => {
      text +=
        (Array.isArray(v) ? (v.length ? `(${v.map(bind).join(', ')})` : '(NULL)') : bind(v)) + strings[i + 1];
    });
    return { text, params };
  };
}
