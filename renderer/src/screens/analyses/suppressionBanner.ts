/**
 * The banner above an analysis result: the guard's note and the number of rows, as the table
 * shows them. The backend's note says the output rows (cells) the guard hid are "left out", true
 * for the CLI; where the table lists those slots as ◌ hidden rows (a heatmap's hatched cells,
 * shownRows.ts), the banner says so and counts them among the table's rows.
 */
import type { AnalysisRunResult } from '../../../../shared/api/contract.js';
import { plural } from '../../lib/format.js';
import { MASK_MARK } from '../../lib/maskedWords.js';

export function suppressionBanner(result: Pick<AnalysisRunResult, 'suppression' | 'minGroupSize'>, shownRows: number, listedSlots: number): { note: string; rows: string } {
  const s = result.suppression;
  const rows = listedSlots > 0 ? `${plural(shownRows, 'row')} (${listedSlots} ${MASK_MARK})` : plural(shownRows, 'row');
  if (listedSlots === 0 || s.groupsNote === undefined) return { note: s.note, rows };
  const below = s.cellsSuppressed ?? 0;
  const more = s.cellsComplementary ?? 0;
  const counts = [below > 0 ? `${plural(below, 'slot')} with fewer than ${plural(result.minGroupSize, 'person', 'people')}` : '', more > 0 ? `${more} more (complementary), so that those cannot be recovered by subtracting the shown ones from a total` : '']
    .filter(Boolean)
    .join(', and ');
  const gone = (s.rowsAllHidden ?? []).map((g) => `"${g}"`);
  const cells = [
    counts ? `Hidden for privacy: ${counts}.` : '',
    `The table lists ${listedSlots === below + more ? 'them' : `${listedSlots} of them`} as rows with values ${MASK_MARK} (hatched in the chart)${
      gone.length ? `; ${gone.join(', ')} ${gone.length === 1 ? 'has' : 'have'} every slot hidden, so ${gone.length === 1 ? 'it is' : 'they are'} in neither the table nor the chart` : ''
    }.`,
  ];
  return { note: [s.groupsNote, ...cells].filter(Boolean).join(' '), rows };
}
