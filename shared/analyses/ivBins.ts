/**
 * Information-value bins as the wpa / vivainsights packages cut them (wpa `calculate_IV`, which
 * vivainsights' R `create_IV` calls): cut points are the sample quantiles at 1/b, 2/b, … of R's
 * `quantile(type = 3)` — an order statistic, so a cut is always one of the values and never a
 * float step off it — duplicates dropped (`unique`), and each value binned by `findInterval`.
 */
import type { AnalysisParam } from './types.js';

/** Which bin a value equal to a cut point goes to. */
export const CUT_TIES = ['upper', 'lower'] as const;
export type CutTies = (typeof CUT_TIES)[number];

export const CUT_TIES_PARAM: AnalysisParam = {
  name: 'cutTies',
  label: 'A value equal to a cut goes to',
  kind: 'enum',
  options: [...CUT_TIES],
  optionLabels: { upper: 'The bin above (packages)', lower: 'The bin below' },
  default: 'upper',
  description:
    "upper: bins are [cut, next cut), as findInterval in wpa's calculate_IV and np.digitize in vivainsights-py's calculate_IV; lower: bins are (cut, next cut], a cut being its bin's inclusive upper bound.",
};

/**
 * Position (1-based, in ascending order of n values) of R's type-3 quantile at probability i/bins,
 * in exact integer arithmetic: nppm = n·i/bins − ½, j = ⌊nppm⌋, the j-th value when nppm is a whole
 * even number, else the (j+1)-th, clamped to 1…n. The same in SQL and in TypeScript (tests).
 */
export function type3Position(n: number, i: number, bins: number): number {
  const num = 2 * n * i - bins;
  const den = 2 * bins;
  const j = Math.floor(num / den);
  const h = num % den === 0 && j % 2 === 0 ? 0 : 1;
  return Math.min(Math.max(j + h, 1), n);
}

function type3PositionSql(n: string, i: string, bins: number): string {
  const num = `(2 * ${n} * ${i} - ${bins})`;
  const j = `CAST(floor(${num} / ${2 * bins}.0) AS BIGINT)`;
  return `least(greatest(${j} + CASE WHEN ${num} % ${2 * bins} = 0 AND ${j} % 2 = 0 THEN 0 ELSE 1 END, 1), ${n})`;
}

/**
 * CTEs (to follow a WITH list) binning `source` (columns grp, x, …; x not NULL) per `grp`:
 * `iv_cuts` (grp, cuts: the distinct cut points, ascending) and `iv_binned` (source's columns,
 * cuts, bin: 1 = lowest). Bins with no value do not appear, as in the packages' `table`.
 */
export function ivBinsSql(source: string, bins: number, ties: CutTies): string {
  const cmp = ties === 'upper' ? '<=' : '<';
  return `iv_ranked AS (SELECT grp, x, row_number() OVER (PARTITION BY grp ORDER BY x) AS k, count(*) OVER (PARTITION BY grp) AS n FROM ${source}),
iv_positions AS (
  SELECT g.grp, ${type3PositionSql('g.n', 'p.i', bins)} AS k
  FROM (SELECT grp, any_value(n) AS n FROM iv_ranked GROUP BY grp) g CROSS JOIN range(1, ${bins}) p(i)
),
iv_cuts AS (SELECT r.grp, list_sort(list_distinct(list(r.x))) AS cuts FROM iv_positions q JOIN iv_ranked r ON r.grp = q.grp AND r.k = q.k GROUP BY r.grp),
iv_binned AS (SELECT s.*, c.cuts, 1 + len(list_filter(c.cuts, cut -> cut ${cmp} s.x)) AS bin FROM ${source} s JOIN iv_cuts c ON c.grp = s.grp)`;
}
