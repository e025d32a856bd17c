/**
 * An analysis table as CSV: the table's columns and rows, a value the privacy guard hid written as
 * the word the table shows for it (HIDDEN_CSV_MARK), so it does not read as "no data" (an empty
 * cell). Numbers stay numbers: a spreadsheet's SUM or AVERAGE skips the word like an empty cell.
 * A note after the rows (one field, after a blank line) says what the word means.
 */
import { toCsv } from '../../lib/csv.js';
import { maskedWhy, slotHiddenWhy } from '../../lib/maskedWords.js';
import { hiddenCsvNote, HIDDEN_CSV_MARK } from '../../../../shared/analyses/hiddenMark.js';
import type { TableColumn } from './resultColumns.js';
import type { ShownRow } from './shownRows.js';

export function resultCsv(columns: TableColumn[], rows: ShownRow[], maskedColumns: readonly string[], minGroupSize: number): string {
  const headers = columns.map((c) => (c.unit ? `${c.label} (${c.unit})` : c.label));
  const masked = (s: ShownRow, c: TableColumn) => s.row[c.name] === null && (s.hidden ? !c.group : maskedColumns.includes(c.name));
  const cells = rows.map((s) => columns.map((c) => (masked(s, c) ? HIDDEN_CSV_MARK : s.row[c.name])));
  const why = [...(rows.some((s) => !s.hidden && columns.some((c) => masked(s, c))) ? [maskedWhy(minGroupSize)] : []), ...[...new Set(rows.flatMap((s) => (s.hidden ? [s.hidden] : [])))].map((k) => `Rows with every value "${HIDDEN_CSV_MARK}" are slots left out. ${slotHiddenWhy(k, minGroupSize)}`)];
  const csv = toCsv(headers, cells);
  return why.length ? `${csv}\r\n${toCsv([hiddenCsvNote(why.join(' '))], [])}` : csv;
}
