import { Column, type ColumnOptions, type ValueTransformer } from 'typeorm';

/**
 * Instants are stored as ISO-8601 UTC strings (`2025-07-01T02:30:00.000Z`) so that one schema and one set of
 * migrations serve PostgreSQL and SQLite alike; fixed-width UTC strings sort and compare like the instants.
 */
export const isoInstant: ValueTransformer = {
  to: (v: Date | null | undefined) => (v == null ? v : v.toISOString()),
  from: (v: string | null | undefined) => (v == null ? v : new Date(v)),
};

export function InstantColumn(options: Omit<ColumnOptions, 'type' | 'transformer'> = {}): PropertyDecorator {
  return Column({ ...options, type: 'varchar', length: 32, transformer: isoInstant });
}

/** A calendar date (`YYYY-MM-DD`), e.g. a document date or a deadline, with no time zone attached. */
export function CalendarDateColumn(options: Omit<ColumnOptions, 'type' | 'length'> = {}): PropertyDecorator {
  return Column({ ...options, type: 'varchar', length: 10 });
}

/** Column definitions for migrations, in the vocabulary both drivers accept. */
export const col = {
  id: (name = 'id') => ({ name, type: 'varchar', length: '36', isPrimary: true }),
  uuid: (name: string, isNullable = false) => ({ name, type: 'varchar', length: '36', isNullable }),
  str: (name: string, length: number, isNullable = false) => ({
    name,
    type: 'varchar',
    length: String(length),
    isNullable,
  }),
  text: (name: string, isNullable = false) => ({ name, type: 'text', isNullable }),
  int: (name: string, isNullable = false) => ({ name, type: 'integer', isNullable }),
  bigint: (name: string, isNullable = false) => ({ name, type: 'bigint', isNullable }),
  /** 8-byte float (rates, ratios); both drivers read it back as a JS number, unlike `bigint`. */
  double: (name: string, isNullable = false) => ({ name, type: 'double precision', isNullable }),
  bool: (name: string, dflt = false) => ({ name, type: 'boolean', isNullable: false, default: dflt }),
  instant: (name: string, isNullable = false) => ({ name, type: 'varchar', length: '32', isNullable }),
  date: (name: string, isNullable = false) => ({ name, type: 'varchar', length: '10', isNullable }),
  json: (name: string, isNullable = true) => ({ name, type: 'text', isNullable }),
};

/** JSON in a `text` column (the same on PostgreSQL and SQLite). */
export const jsonText: ValueTransformer = {
  to: (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v)),
  from: (v: string | null) => (v === null || v === undefined ? null : (JSON.parse(v) as unknown)),
};
