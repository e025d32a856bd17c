/**
 * An analysis table as CSV: the table's columns and rows, a value the privacy guard hid written as
 * the word the table shows for it (HIDDEN_CSV_MARK), so it does not read as "no data" (an empty
 * cell). Numbers stay numbers: a spreadsheet's SUM or AVERAGE skips the word like an empty cell.
 * A note after the rows (one field, after a blank line) says what the word means.
 */
import { toCsv } from '../../lib/csv.js';
import { maskedWhy } from '../../lib/maskedWords.js';
import { hiddenCsvNote, HIDDEN_CSV_MARK } from '../../../../shared/analyses/hiddenMark.js';
import type { TableColumn } from './resultColumns.js';
import type { Row } from '../../../../shared/api/contract.js';

export function resultCsv(columns: TableColumn[], rows: Row[], maskedColumns: readonly string[], minGroupSize: number): string {
  const headers = columns.map((c) => (c.unit ? `${c.label} (${c.unit})` : c.label));
  const masked = (r: Row, c: TableColumn) => r[c.name] === null && maskedColumns.includes(c.name);
  const cells = rows.map((r) => columns.map((c) => (masked(r, c) ? HIDDEN_CSV_MARK : r[c.name])));
  const csv = toCsv(headers, cells);
  return rows.some((r) => columns.some((c) => masked(r, c))) ? `${csv}\r\n${toCsv([hiddenCsvNote(maskedWhy(minGroupSize))], [])}` : csv;
}
