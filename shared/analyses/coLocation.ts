/**
 * Co-location: do co-located people of one function spend more time together than colleagues of
 * the same function elsewhere?
 *
 * Unit: a measured employee's week. For that week it holds the person's possible same-function
 * partners at the same Location (n − 1 of their cell) and at other Locations, and their pair time,
 * meaningful contacts and ties with them. Summing over people counts every pair from both ends —
 * numerator and denominator alike — so the ratios are per pair.
 */
import { classifiedPairsCtes, PAIR_ANALYSIS_INPUTS, PAIR_DEFINITION, PAIR_TIME_INPUTS, PAIR_WEIGHTING_PARAM } from './pairSql.js';
import { exactSum, PERIOD_PARAMS, r3 } from './sqlParams.js';
import type { AnalysisDef, ParamValues, ResultColumnSpec } from './types.js';
import { ident } from '../sql/quote.js';
import { BLANK_VALUES_PARAM, knownValueSql } from './groupValue.js';

const SIDES = [
  ['same', 'same Location'],
  ['diff', 'other Locations'],
] as const;

const metricColumns: ResultColumnSpec[] = SIDES.flatMap(([s, label]) => [
  { name: `${s}_pair_hours`, label: `Hours per pair per week, ${label}`, unit: 'hours / pair-week', role: 'metric' as const, exactness: 'approximate' as const, definition: 'Pair time summed over pairs and weeks, divided by possible pair-weeks (pairs with no contact count as 0).', inputs: PAIR_TIME_INPUTS },
  { name: `${s}_share_interacting`, label: `Pairs interacting, ${label}`, unit: '% of pair-weeks', role: 'metric' as const, exactness: 'exact' as const, definition: 'Share of possible pair-weeks with at least one meaningful interaction.' },
  { name: `${s}_density`, label: `Density, ${label}`, unit: '% of pair-weeks', role: 'metric' as const, exactness: 'exact' as const, definition: 'Connected pair-weeks (at least the tie threshold of meaningful interactions) / possible pair-weeks.' },
  { name: `${s}_pair_weeks`, label: `Possible pair-weeks, ${label}`, unit: 'pair-weeks', role: 'metric' as const, exactness: 'exact' as const },
  { name: `people_${s}`, label: `People with partners at ${label}`, role: 'people' as const },
]);

const BY_FUNCTION_COLUMNS: ResultColumnSpec[] = [
  { name: 'grp', label: 'Function', role: 'group' },
  { name: 'people', label: 'People', role: 'people' },
  { name: 'group_size', label: 'Group size', role: 'people' },
  ...metricColumns,
  { name: 'same_vs_diff', label: 'Same ÷ other Locations (hours per pair)', unit: '×', role: 'metric', exactness: 'approximate' },
];

const MATRIX_COLUMNS: ResultColumnSpec[] = [
  { name: 'grp', label: 'Function', role: 'group' },
  { name: 'grp2', label: 'Location', role: 'group' },
  ...BY_FUNCTION_COLUMNS.slice(1),
];

/**
 * Same function, as a filter rather than a join condition (fn is never NULL here): written as
 * `fn_a = fn_b`, DuckDB joined the two ends' person-weeks on function first — 49M rows at
 * 5,000 × 13 — before probing pair_week with them (13 s of CPU instead of 2).
 */
const SAME_FUNCTION = 'coalesce(fn_a = fn_b, false)';

export const coLocation: AnalysisDef = {
  id: 'co-location',
  title: 'Co-location and collaboration within functions',
  question: 'Do co-located people of the same function spend more time together than those who are not?',
  definition:
    `Pairs of measured employees of the same function (FunctionType by default) in the same week, split by whether they share a Location, each person with the HR version valid that week. ${PAIR_DEFINITION} ` +
    'Hours per pair per week = pair time / possible pair-weeks (approximate: email and IM times are Microsoft\'s heuristics, overlaps not removed). Pairs interacting = share of possible pair-weeks with ≥ 1 meaningful interaction; density = share with at least the tie threshold (default 2). ' +
    'By function, a row is shown only if both the same-Location and the other-Location side have at least the minimum group size of people. The matrix view shows each Function × Location cell. People without a function or location are left out. This is an association, not a cause.',
  params: [
    { name: 'functionAttr', label: 'Function attribute', kind: 'attribute', default: 'FunctionType', description: 'The attribute pairs must share.' },
    { name: 'locationAttr', label: 'Location attribute', kind: 'attribute', default: 'Location', description: 'The attribute that decides co-location (from PersonHistorical or a joined HR file).' },
    { ...BLANK_VALUES_PARAM, description: `${BLANK_VALUES_PARAM.description} People whose function or location is Unknown are left out of the pairs (an unknown location is not a shared one).` },
    { name: 'view', label: 'View', kind: 'enum', options: ['by-function', 'matrix'], default: 'by-function', description: 'by-function: same vs other Location per function; matrix: Function × Location cells.' },
    PAIR_WEIGHTING_PARAM,
    { name: 'tieMin', label: 'Tie threshold (meaningful interactions per week)', kind: 'integer', default: 2, min: 1, description: 'A pair-week with at least this many meaningful interactions counts as connected for density.' },
    ...PERIOD_PARAMS,
  ],
  columns: BY_FUNCTION_COLUMNS,
  columnsByView: { 'by-function': BY_FUNCTION_COLUMNS, matrix: MATRIX_COLUMNS },
  chart: { kind: 'bar', x: 'grp', y: ['same_pair_hours', 'diff_pair_hours'], title: 'Hours per pair per week: same vs other Location, by function', yLabel: 'hours per pair-week' },
  chartsByView: {
    matrix: { kind: 'heatmap', x: 'grp2', y: ['grp'], value: 'same_pair_hours', title: 'Hours per co-located same-function pair per week (Function × Location)', xLabel: 'Location', yLabel: 'Function' },
  },
  inputs: PAIR_ANALYSIS_INPUTS,
  build(params: ParamValues) {
    const fn = ident(String(params.functionAttr));
    const loc = ident(String(params.locationAttr));
    const tieMin = Number(params.tieMin ?? 2);
    const matrix = params.view === 'matrix';
    const unitsSql = `WITH ${classifiedPairsCtes(params, { fn: knownValueSql(`a.${fn}`, params), loc: knownValueSql(`a.${loc}`, params) })},
same_fn AS (SELECT week, a, b, h, mi, loc_a = loc_b AS same_loc FROM pairs WHERE ${SAME_FUNCTION}),
ends AS (SELECT week, a AS pid, same_loc, h, mi FROM same_fn UNION ALL SELECT week, b, same_loc, h, mi FROM same_fn),
per_person AS (
  SELECT week, pid,
    ${SIDES.map(([s]) => {
      const cond = s === 'same' ? 'same_loc' : 'NOT same_loc';
      return `sum(h) FILTER (WHERE ${cond}) AS ${s}_hours, count(*) FILTER (WHERE ${cond} AND mi >= 1) AS ${s}_interacting, count(*) FILTER (WHERE ${cond} AND mi >= ${tieMin}) AS ${s}_ties`;
    }).join(',\n    ')}
  FROM ends GROUP BY week, pid
),
cell AS (SELECT week, fn, loc, count(*) AS n FROM pw GROUP BY week, fn, loc),
fnc AS (SELECT week, fn, count(*) AS n FROM pw GROUP BY week, fn)
SELECT pw.fn AS grp, ${matrix ? 'pw.loc AS grp2, ' : ''}pw.pid AS person, pw.week,
  c.n - 1 AS same_possible, f.n - c.n AS diff_possible,
  ${SIDES.map(([s]) => `coalesce(pp.${s}_hours, 0) AS ${s}_hours, coalesce(pp.${s}_interacting, 0) AS ${s}_interacting, coalesce(pp.${s}_ties, 0) AS ${s}_ties`).join(',\n  ')}
FROM pw
JOIN cell c ON c.week = pw.week AND c.fn = pw.fn AND c.loc = pw.loc
JOIN fnc f ON f.week = pw.week AND f.fn = pw.fn
LEFT JOIN per_person pp ON pp.week = pw.week AND pp.pid = pw.pid`;
    const aggregates = SIDES.flatMap(([s]) => [
      { name: `${s}_pair_hours`, sql: r3(`${exactSum(`${s}_hours`)} / nullif(sum(${s}_possible), 0)`) },
      { name: `${s}_share_interacting`, sql: `round(100.0 * sum(${s}_interacting) / nullif(sum(${s}_possible), 0), 2)` },
      { name: `${s}_density`, sql: `round(100.0 * sum(${s}_ties) / nullif(sum(${s}_possible), 0), 2)` },
      // Pairs inside the group are counted from both ends; in the matrix, pairs to other Locations from this cell's end only.
      { name: `${s}_pair_weeks`, sql: matrix && s === 'diff' ? `sum(${s}_possible)` : `sum(${s}_possible) / 2` },
      { name: `people_${s}`, sql: `count(DISTINCT person) FILTER (WHERE ${s}_possible > 0)` },
    ]);
    aggregates.push({ name: 'same_vs_diff', sql: r3(`(${exactSum('same_hours')} / nullif(sum(same_possible), 0)) / nullif(${exactSum('diff_hours')} / nullif(sum(diff_possible), 0), 0)`) });
    return {
      requires: ['person_week', 'pair_week'],
      ...(matrix ? {} : { groupedBy: String(params.functionAttr) }),
      main: {
        unitsSql,
        aggregates,
        compositeKey: matrix,
        // The by-function view shows each function's total over Locations: hidden cells of a function must not be its total minus the shown ones.
        ...(matrix ? { margins: [['grp'], []] } : {}),
        peopleChecks: matrix ? [] : ['people_same', 'people_diff'],
        orderBy: matrix ? 'grp, grp2' : 'same_vs_diff DESC NULLS LAST, grp',
      },
    };
  },
};
