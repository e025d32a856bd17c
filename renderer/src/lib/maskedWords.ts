/** One wording for a value the privacy guard hid: the table's mark, its legend, the chart's tooltip and caption. */
import { plural } from './format.js';
import { HIDDEN_CSV_MARK, maskedWhy } from '../../../shared/analyses/hiddenMark.js';

/** Why a hidden value is hidden, as its mark's tooltip and the legend under the table or chart say (the CLI's CSV note too). */
export { maskedWhy } from '../../../shared/analyses/hiddenMark.js';

/** The table's mark; a CSV writes its word alone (HIDDEN_CSV_MARK). */
export const MASK_MARK = `◌ ${HIDDEN_CSV_MARK}`;

/** Why a chart cell (a group's slot, week…) is left out: the guard hid the whole cell, not one value of it. */
export function cellHiddenWhy(minGroupSize: number): string {
  return `Hidden to protect privacy: this cell covers from 1 to ${plural(minGroupSize - 1, 'person', 'people')}, below the minimum group size of ${minGroupSize}, or is hidden so that such a cell cannot be recovered from a total.`;
}

/**
 * Why a table row of a slot the guard left out (a heatmap's hatched cell) shows no values:
 * `cell-or-empty` when fewer slots were hidden than are missing, so the slot may be one nobody is in.
 */
export function slotHiddenWhy(kind: 'cell' | 'cell-or-empty', minGroupSize: number): string {
  return kind === 'cell' ? cellHiddenWhy(minGroupSize) : `${cellHiddenWhy(minGroupSize)} Or nobody is in this slot: fewer slots were hidden than are missing.`;
}

/**
 * The legend under an analysis table: what the mark means, said once. `values`: some shown rows
 * have values hidden; `slots`: the kinds of listed slot rows (shownRows.ts) whose every value is hidden.
 */
export function maskedLegend(values: boolean, slots: readonly ('cell' | 'cell-or-empty')[], minGroupSize: number): string {
  if (slots.length === 0) return `${MASK_MARK}: ${maskedWhy(minGroupSize)}`;
  const few = plural(minGroupSize - 1, 'person', 'people');
  const parts = [`${MASK_MARK} = hidden to protect privacy, below the minimum group size of ${minGroupSize}.`];
  if (values) parts.push(`A hidden value covers from 1 to ${few} (or leaves that few out of its row).`);
  parts.push(`A row whose values are ${MASK_MARK} (all but those known from other rows, like the group's size) is a slot the chart hatches: it covers from 1 to ${few}, or is hidden so that such a slot cannot be recovered from a total.`);
  if (slots.includes('cell-or-empty')) parts.push('Some of these rows may be slots nobody is in: fewer slots were hidden than are missing.');
  return parts.join(' ');
}
