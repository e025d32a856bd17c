/** Read and rewrite small CSV files in tests (the generator's output, edited to plant faults). */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseCsvRecords } from '../../electron/backend/ingest/csvHead.js';

export interface CsvTable {
  header: string[];
  rows: string[][];
}

export function readCsv(path: string): CsvTable {
  let text = readFileSync(path, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const { records } = parseCsvRecords(text, ',');
  const nonEmpty = records.filter((r) => !(r.length === 1 && r[0] === ''));
  return { header: nonEmpty[0], rows: nonEmpty.slice(1) };
}

export function csvLine(values: string[], delimiter = ','): string {
  return values.map((v) => (/[",\r\n;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(delimiter);
}

export function writeCsv(path: string, t: CsvTable, options: { delimiter?: string; newline?: string; bom?: boolean } = {}): void {
  const nl = options.newline ?? '\n';
  const body = [t.header, ...t.rows].map((r) => csvLine(r, options.delimiter)).join(nl) + nl;
  writeFileSync(path, (options.bom ? '\uFEFF' : '') + body);
}

/** Rows as objects keyed by header, for independent computations in tests. */
export function csvObjects(path: string): Record<string, string>[] {
  const t = readCsv(path);
  return t.rows.map((r) => Object.fromEntries(t.header.map((h, i) => [h, r[i] ?? ''])));
}
