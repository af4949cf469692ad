import type { EntityManager } from 'typeorm';

/** A parameterised statement whose placeholders suit the driver it will run on (`$1` on PostgreSQL, `?` on SQLite). */
export interface Statement {
  text: string;
  params: unknown[];
}

export function isPostgres(em: EntityManager): boolean {
  return em.connection.options.type === 'postgres';
}

/**
 * Builds a statement from a template: `sql(em)\`UPDATE t SET a = ${a} WHERE id = ${id}\``. Values always travel as
 * parameters, never as text, so the same call is safe and portable on both databases.
 */
export function sql(em: EntityManager) {
  const pg = isPostgres(em);
  return (strings: TemplateStringsArray, ...values: unknown[]): Statement => {
    let text = strings[0];
    values.forEach((_, i) => {
      text += (pg ? `$${i + 1}` : '?') + strings[i + 1];
    });
    return { text, params: values.map((v) => (typeof v === 'boolean' && !pg ? Number(v) : v)) };
  };
}

/**
 * Runs a statement and returns its rows in the same shape on both drivers (including `RETURNING` rows of an UPDATE,
 * which TypeORM wraps differently per driver).
 */
export async function rows<T = Record<string, unknown>>(
  em: EntityManager,
  statement: Statement,
): Promise<T[]> {
  const own = em.queryRunner === undefined || em.queryRunner.isReleased;
  const runner = own ? em.connection.createQueryRunner() : em.queryRunner!;
  try {
    const result = await runner.query(statement.text, statement.params, true);
    return (result.records ?? []) as T[];
  } finally {
    if (own) await runner.release();
  }
}

/** Runs a statement and returns how many rows it changed. */
export async function execute(em: EntityManager, statement: Statement): Promise<number> {
  const own = em.queryRunner === undefined || em.queryRunner.isReleased;
  const runner = own ? em.connection.createQueryRunner() : em.queryRunner!;
  try {
    const result = await runner.query(statement.text, statement.params, true);
    return result.affected ?? 0;
  } finally {
    if (own) await runner.release();
  }
}

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
