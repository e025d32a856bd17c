/**
 * An analysis table as CSV: the table's columns and rows, a value the privacy guard hid written as
 * the word the table shows for it (HIDDEN_CSV_MARK), so it does not read as "no data" (an empty
 * cell). Numbers stay numbers: a spreadsheet's SUM or AVERAGE skips the word like an empty cell.
 * A yes/no value is the table's word too (Yes/No, not true/false), so the file reads as the table.
 * Only data rows: a note line after them would be read as a row by pandas, R or a pivot table, so
 * the download button says what the word means (csvButtonTitle).
 */
import { toCsv } from '../../lib/csv.js';
import { hiddenCsvNote, HIDDEN_CSV_MARK, maskedWhy } from '../../../../shared/analyses/hiddenMark.js';
import type { TableColumn } from './resultColumns.js';
import type { ShownRow } from './shownRows.js';
import { yesNo } from '../../lib/yesNo.js';

export function resultCsv(columns: TableColumn[], rows: ShownRow[], maskedColumns: readonly string[]): string {
  const headers = columns.map((c) => (c.unit ? `${c.label} (${c.unit})` : c.label));
  const masked = (s: ShownRow, c: TableColumn) => s.row[c.name] === null && (s.hidden ? !c.group : maskedColumns.includes(c.name));
  const cells = rows.map((s) => columns.map((c) => (masked(s, c) ? HIDDEN_CSV_MARK : typeof s.row[c.name] === 'boolean' ? yesNo(s.row[c.name] as boolean) : s.row[c.name])));
  return toCsv(headers, cells);
}

/** The CSV button's tooltip: what the file holds, and what its mark means. */
export function csvButtonTitle(minGroupSize: number): string {
  return `Download this table as CSV. ${hiddenCsvNote(maskedWhy(minGroupSize))}`;
}
