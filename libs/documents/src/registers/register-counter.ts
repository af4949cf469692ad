import type { EntityManager } from 'typeorm';
import { type AuditEvent } from '@kyso/org';
import { isPostgres, rows, sql } from '@kyso/database';
import { type AuditTrail, pgAuditAppendCtes } from '../audit/audit-trail';
import { canonicalJson } from '../audit/canonical-json';
import { DocumentsError, DocumentsErrorCode } from '../documents.exception';

/**
 * Takes the next number of a register inside the caller's transaction.
 *
 * `UPDATE … SET next_number = next_number + 1 … RETURNING` locks the register row until the transaction ends: a
 * concurrent issuer waits, then (PostgreSQL re-evaluates the row it waited for) increments the value the first one
 * committed. If the transaction rolls back, so does the increment, so a number is consumed exactly when the document
 * that carries it commits — no duplicates, no gaps. On SQLite the single writer gives the same guarantee.
 * Call it as late as possible in the transaction: everything after it runs while other issuers of the series wait.
 */
export async function takeNextNumber(em: EntityManager, registerId: string): Promise<number> {
  const q = sql(em);
  const result = await rows<{ number: number | string }>(
    em,
    q`UPDATE registers SET next_number = next_number + 1 WHERE id = ${registerId} AND closed_at IS NULL RETURNING next_number - 1 AS number`,
  );
  if (result.length !== 1) throw await notNumbered(em, registerId);
  return Number(result[0].number);
}

/**
 * Why a register gave no number: it was closed (by a reorganisation that committed while this transaction waited
 * for the register's row) — the caller's document must go to the successor's register — or it is gone.
 */
async function notNumbered(em: EntityManager, registerId: string): Promise<Error> {
  const q = sql(em);
  const found = await rows<{ closed_at: unknown }>(
    em,
    q`SELECT closed_at FROM registers WHERE id = ${registerId}`,
  );
  if (found.length === 1 && found[0].closed_at !== null)
    return new DocumentsError(DocumentsErrorCode.REGISTER_CLOSED, { id: registerId });
  return new Error(`register ${registerId} vanished while numbering`);
}

/** Columns of the numbered document whose value depends on the number; written by the numbering statement. */
export interface NumberDerivedColumns {
  /** `number_symbol` = the number (two digits at least) + this, e.g. `/QĐ-UBND`. */
  numberSymbolSuffix?: string;
  /** `number_symbol_key` = the number (no leading zero) + this. */
  numberSymbolKeySuffix?: string;
  /** `search_text` = before + padded number + after. */
  searchText?: { before: string; after: string };
}

/** Placeholders for audit data values that are only known once the number is taken. */
export const AUDIT_NUMBER = '\u0000kyso:number\u0000';
export const AUDIT_NUMBER_SYMBOL = '\u0000kyso:number-symbol\u0000';

export interface NumberingAudit {
  trail: AuditTrail;
  /** Its data may hold AUDIT_NUMBER / AUDIT_NUMBER_SYMBOL, replaced by the number and the number/symbol. */
  event: AuditEvent;
  at: Date;
}

export interface Numbered {
  number: number;
  numberSymbol: string | null;
}

/**
 * Takes the register's next number and writes it into the document together with the columns derived from it and
 * `changes`, then appends the audit entry that records it.
 *
 * On PostgreSQL all of this is ONE statement (data-modifying CTEs: counter → document → audit head → audit entry):
 * the register lock is then held for one round trip plus the commit, which is what bounds the numbering rate of a
 * series. On SQLite (no network) the same SQL for the document, and the audit entry appended separately.
 */
export async function numberDocument(
  em: EntityManager,
  registerId: string,
  documentId: string,
  changes: Record<string, string | number | null>,
  derived: NumberDerivedColumns = {},
  audit?: NumberingAudit,
): Promise<Numbered> {
  const pg = isPostgres(em);
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return pg ? `$${params.length}` : '?';
  };
  // SQLite: take the number first (no network, nothing to save); its placeholder must follow the SET clause's.
  const taken = pg ? undefined : await takeNextNumber(em, registerId);
  const padded = `(CASE WHEN n.num < 10 THEN '0' ELSE '' END || CAST(n.num AS TEXT))`;
  const sets = ['register_number = n.num'];
  if (derived.numberSymbolSuffix !== undefined)
    sets.push(`number_symbol = ${padded} || ${p(derived.numberSymbolSuffix)}`);
  if (derived.numberSymbolKeySuffix !== undefined)
    sets.push(`number_symbol_key = CAST(n.num AS TEXT) || ${p(derived.numberSymbolKeySuffix)}`);
  if (derived.searchText)
    sets.push(`search_text = ${p(derived.searchText.before)} || ${padded} || ${p(derived.searchText.after)}`);
  for (const [column, value] of Object.entries(changes)) sets.push(`${column} = ${p(value)}`);

  let result: Array<{ number: number | string; number_symbol: string | null; audited?: number }>;
  if (pg) {
    const counter = `n AS (UPDATE registers SET next_number = next_number + 1 WHERE id = ${p(registerId)} AND closed_at IS NULL RETURNING next_number - 1 AS num)`;
    const doc = `d AS (UPDATE documents SET ${sets.join(', ')} FROM n WHERE documents.id = ${p(documentId)} RETURNING documents.register_number, documents.number_symbol)`;
    const ctes = [counter, doc];
    if (audit) ctes.push(pgAuditAppendCtes(audit.event, audit.at, p, auditDataSql(audit.event.data, p), 'd'));
    const audited = audit ? ', (SELECT COUNT(*)::int FROM entry) AS audited' : '';
    result = await rows(em, {
      text: `WITH ${ctes.join(',\n')} SELECT d.register_number AS number, d.number_symbol${audited} FROM d`,
      params,
    });
  } else {
    const text = `UPDATE documents SET ${sets.join(', ')} FROM (SELECT CAST(${p(taken)} AS INTEGER) AS num) AS n WHERE documents.id = ${p(documentId)} RETURNING register_number AS number, number_symbol`;
    result = await rows(em, { text, params });
  }
  if (result.length !== 1) {
    const reason = await notNumbered(em, registerId);
    throw reason instanceof DocumentsError
      ? reason
      : new Error(`document ${documentId} vanished while numbering`);
  }
  const numbered: Numbered = { number: Number(result[0].number), numberSymbol: result[0].number_symbol };
  // SQLite, or a chain without a head yet (its first entry): append the entry the ordinary way.
  if (audit && result[0].audited !== 1) {
    await audit.trail.record(em, { ...audit.event, data: substitute(audit.event.data, numbered) }, audit.at);
  }
  return numbered;
}

/** The audit data as an SQL expression: canonical JSON text with the placeholders spliced in from the `d` CTE. */
function auditDataSql(data: Record<string, unknown>, p: (v: unknown) => string): string {
  const parts = canonicalJson(data).split(/("\\u0000kyso:number(?:-symbol)?\\u0000")/);
  return parts
    .map((part) => {
      if (part === JSON.stringify(AUDIT_NUMBER)) return 'd.register_number::text';
      if (part === JSON.stringify(AUDIT_NUMBER_SYMBOL))
        return "COALESCE(to_json(d.number_symbol)::text, 'null')";
      return part ? p(part) : null;
    })
    .filter((s): s is string => s !== null)
    .map((s) => `${s}`)
    .join(' || ');
}

function substitute(data: Record<string, unknown>, numbered: Numbered): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(data).map(([k, v]) => [
      k,
      v === AUDIT_NUMBER ? numbered.number : v === AUDIT_NUMBER_SYMBOL ? numbered.numberSymbol : v,
    ]),
  );
}
