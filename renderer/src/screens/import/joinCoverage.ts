/**
 * What a saved join covers, for its entry in the saved-joins list: the share of the file's rows that
 * matched a person (the join's match rate) is not how many people get its values — a file of 60
 * rows can match all of them and still leave most of the export's people without values, who then
 * read "Unknown" in its columns.
 */
import type { JoinInfo } from '../../../../shared/api/contract.js';
import { formatCount, plural } from '../../lib/format.js';
import { formatRate } from './JoinPreview.js';

export interface JoinCoverage {
  rows: { text: string; title: string };
  people?: { text: string; title: string; partial: boolean };
}

export function joinCoverage(j: Pick<JoinInfo, 'dataset' | 'matchRate' | 'measuredCovered'>): JoinCoverage {
  const rows = { text: `${formatRate(j.matchRate)} of rows matched`, title: `${formatRate(j.matchRate)} of the rows of ${j.dataset} matched a person in the export when the join was saved.` };
  const c = j.measuredCovered;
  if (!c) return { rows };
  const others = c.total - c.matched;
  return {
    rows,
    people: {
      text: `${formatCount(c.matched)} of ${plural(c.total, 'measured employee')} get values`,
      title:
        others > 0
          ? `${j.dataset} has no row for the other ${plural(others, 'measured employee')}: in its columns they read "Unknown" (a group of their own when you group by one).`
          : `Every measured employee gets values from ${j.dataset}.`,
      partial: others > 0,
    },
  };
}
