import type { RegisterTable } from './register-rows';

const BOM = '\uFEFF';

function cell(value: string): string {
  return /[",\r\n;]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * CSV for Excel: UTF-8 with a byte-order mark (without it Excel reads Vietnamese as Windows-1252), CRLF line ends,
 * one heading row then one row per document.
 */
export function renderRegisterCsv(table: RegisterTable): Buffer {
  const lines = [table.columns.map((c) => cell(c.heading)), ...table.rows.map((r) => r.map(cell))].map((r) =>
    r.join(','),
  );
  return Buffer.from(BOM + lines.join('\r\n') + '\r\n', 'utf8');
}
