import type { ValueTransformer } from 'typeorm';

/** JSON in a `text` column (the same on PostgreSQL and SQLite). */
export const jsonText: ValueTransformer = {
  to: (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v)),
  from: (v: string | null) => (v === null || v === undefined ? null : (JSON.parse(v) as unknown)),
};
