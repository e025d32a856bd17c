/** One wording for a value the privacy guard hid: the table's mark, its legend, the chart's tooltip and caption. */
import { plural } from './format.js';
import { HIDDEN_CSV_MARK } from '../../../shared/analyses/hiddenMark.js';

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
