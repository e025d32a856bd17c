/**
 * The word a value hidden by the privacy guard is written as in a CSV (the app's download, the
 * CLI's `analyze --format csv`): the table's mark without its symbol, so a hidden value is never
 * an empty cell, which means "no value". Spreadsheets skip it in sums like an empty cell.
 */
import { countOf } from '../format/plural.js';

export const HIDDEN_CSV_MARK = 'hidden';

/** Why a value is hidden: the table's tooltip and legend, the chart's caption, the CSV's note. */
export function maskedWhy(minGroupSize: number): string {
  return `Hidden to protect privacy: this count covers from 1 to ${countOf(minGroupSize - 1, 'person', 'people')} (or leaves that few out of the row), below the minimum group size of ${minGroupSize}.`;
}

/** What the CSV mark means (an empty cell is "no value"): the download button's tooltip, the CLI's note beside its CSV. */
export function hiddenCsvNote(why: string): string {
  return `Note: "${HIDDEN_CSV_MARK}" = ${why} An empty cell means no value (nothing to compute it from).`;
}
