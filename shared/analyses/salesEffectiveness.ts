/**
 * Sales / customer-service effectiveness: how do outcomes from the user's sales file relate to
 * external and internal collaboration, manager 1:1 time and after-hours work?
 *
 * The population is the people whose PersonAttributes row carries the outcome (the joined sales
 * file's column). Person-level values never leave the query: every view outputs groups of people
 * (quantile groups, per-metric correlations over everyone, information-value bins), each guarded.
 */
import { PERSON_WEEK_REQUIRES, findMetric, metricsInputs, personWeekMetricsSql } from './personWeekMetrics.js';
import { FULL_CONTEXT, type BuildContext } from './inputs.js';
import { ATTRIBUTES, exactAvg, PERIOD_PARAMS, r3, WORKING_HOURS_PARAMS } from './sqlParams.js';
import type { AnalysisDef, ParamValues, ResultColumnSpec } from './types.js';
import { ident, literal } from '../sql/quote.js';
import { CUT_TIES_PARAM, ivBinsSql, type CutTies } from './ivBins.js';

/** The collaboration measures compared with outcomes. */
export const SALES_METRICS = [
  'external_collaboration_hours',
  'external_network_size',
  'internal_collaboration_hours',
  'internal_network_size',
  'manager_1on1_hours',
  'after_hours_hours',
  'collaboration_hours',
] as const;

const metricCols = (): ResultColumnSpec[] =>
  SALES_METRICS.map((n) => {
    const m = findMetric(n);
    return { name: n, label: `${m.label} per week`, unit: m.unit, role: 'metric', exactness: m.exactness, definition: m.definition, inputs: m.inputs };
  });

const QUANTILE_COLUMNS: ResultColumnSpec[] = [
  { name: 'grp', label: 'Outcome group', role: 'group' },
  { name: 'people', label: 'People', role: 'people' },
  { name: 'group_size', label: 'Group size', role: 'people' },
  { name: 'mean_outcome', label: 'Mean outcome', role: 'metric', exactness: 'exact' },
  ...metricCols(),
];

const CORRELATION_COLUMNS: ResultColumnSpec[] = [
  { name: 'grp', label: 'Collaboration measure', role: 'group' },
  { name: 'people', label: 'People', role: 'people' },
  { name: 'group_size', label: 'Group size', role: 'people' },
  { name: 'r', label: 'Pearson correlation with the outcome', role: 'metric', exactness: 'exact', definition: "Over people: each person's weekly average of the measure vs their outcome." },
  { name: 'r_squared', label: 'R²', role: 'metric', exactness: 'exact' },
  { name: 'slope', label: 'Outcome change per unit of the measure', role: 'metric', exactness: 'exact', definition: 'Least-squares slope.' },
  { name: 'mean_measure', label: 'Mean of the measure', role: 'metric', exactness: 'approximate' },
];

const IV_COLUMNS: ResultColumnSpec[] = [
  { name: 'grp', label: 'Collaboration measure', role: 'group' },
  { name: 'bin', label: 'Bin (1 = lowest)', role: 'group' },
  { name: 'people', label: 'People', role: 'people' },
  { name: 'group_size', label: 'People with the outcome', role: 'people' },
  { name: 'bin_from', label: 'Bin from', role: 'metric', definition: 'The cut point below the bin (a value of the measure; empty for the first bin): inclusive when a value equal to a cut goes to the bin above (the default, as the packages), exclusive otherwise.' },
  { name: 'bin_to', label: 'Bin to', role: 'metric', definition: 'The cut point above the bin (empty for the last bin): exclusive when a value equal to a cut goes to the bin above (the default), inclusive otherwise.' },
  { name: 'good', label: 'Good outcomes', unit: 'people', role: 'metric', exactness: 'exact' },
  { name: 'bad', label: 'Other outcomes', unit: 'people', role: 'metric', exactness: 'exact' },
  { name: 'mean_outcome', label: 'Mean outcome', role: 'metric', exactness: 'exact' },
  { name: 'woe', label: 'Weight of evidence', role: 'metric', exactness: 'exact', definition: "ln(share of good outcomes in the bin / share of other outcomes in the bin), as wpa's calculate_IV (shares over the bins shown; a bin shown never has a count of 0, where the packages take WOE = 0)." },
  { name: 'iv', label: 'Information value of the measure', role: 'metric', exactness: 'exact', definition: 'Σ over the bins shown (good share − other share) × WOE, from unrounded WOE (wpa calculate_IV sums over every bin; bins hidden for privacy are left out here). < 0.02 none, 0.02–0.1 weak, 0.1–0.3 medium, > 0.3 strong.' },
];

export const salesEffectiveness: AnalysisDef = {
  id: 'sales-effectiveness',
  title: 'Sales and customer-service effectiveness',
  question: 'How do sellers\' outcomes relate to their external and internal collaboration, manager 1:1 time and after-hours work?',
  definition:
    'Population: measured employees whose PersonAttributes row has a numeric value in the outcome column (a column of the joined sales file, e.g. QuotaAttainment, Revenue, CSAT; joined by the Key_ID mapping key). ' +
    "For each person, each measure is their weekly average over the period (person-week metrics; external = activities with an ExternalCollaborator on them) and the outcome is their value. " +
    'quantiles: people in the top and bottom share of outcomes vs the middle; correlation: Pearson r over people; ' +
    "information-value: follows wpa's calculate_IV (called by vivainsights' R create_IV): each measure's cut points are its quantiles at 1/b, 2/b, … by R's quantile type 3 (an order statistic, so a cut is one of the values), duplicate cuts dropped (so bins can be fewer), each value binned by findInterval (a value equal to a cut goes to the bin above; a parameter puts it in the bin below instead). " +
    'vivainsights-py interpolates its cuts (mquantiles, alphap = betap = 0) and so can cut elsewhere. The packages need a 0/1 outcome; here a good outcome is one at or above the chosen quantile of the outcome. People without a value of the measure are left out of its bins. ' +
    'Every bin, quantile group and correlation covers at least the minimum group size of people; no person-level value is output. Association, not cause.',
  params: [
    { name: 'outcome', label: 'Outcome column', kind: 'attribute', default: 'QuotaAttainment', joined: { file: 'a sales file' }, description: 'A numeric column of the joined sales file (the first one when QuotaAttainment is not there).' },
    { name: 'view', label: 'View', kind: 'enum', options: ['quantiles', 'correlation', 'information-value'], default: 'quantiles', description: 'quantiles: top vs bottom performers; correlation: Pearson r per measure; information-value: binned weight of evidence.' },
    { name: 'quantile', label: 'Top / bottom share', kind: 'number', default: 0.25, min: 0.05, max: 0.5, description: 'Share of people (by outcome) in the top and in the bottom group.' },
    { name: 'bins', label: 'Information-value bins', kind: 'integer', default: 5, min: 2, max: 10, description: 'Quantile bins per measure (create_IV default 5).' },
    { name: 'goodQuantile', label: 'Good outcome from quantile', kind: 'number', default: 0.5, min: 0.05, max: 0.95, description: 'An outcome at or above this quantile counts as good (information value).' },
    CUT_TIES_PARAM,
    ...PERIOD_PARAMS,
    ...WORKING_HOURS_PARAMS,
  ],
  columns: QUANTILE_COLUMNS,
  columnsByView: { quantiles: QUANTILE_COLUMNS, correlation: CORRELATION_COLUMNS, 'information-value': IV_COLUMNS },
  chart: { kind: 'bar', x: 'grp', y: ['external_collaboration_hours', 'internal_collaboration_hours', 'after_hours_hours'], title: 'Collaboration of top vs bottom performers', yLabel: 'hours per week' },
  chartsByView: {
    correlation: { kind: 'bar', x: 'grp', y: ['r'], title: 'Correlation of each measure with the outcome', yLabel: 'Pearson r', horizontal: true },
    'information-value': { kind: 'bar', x: 'bin', y: ['woe'], series: 'grp', title: 'Weight of evidence by bin', xLabel: 'bin (1 = lowest)', yLabel: 'WOE' },
  },
  inputs: metricsInputs(SALES_METRICS.map(findMetric)),
  build(params: ParamValues, ctx: BuildContext = FULL_CONTEXT) {
    const outcome = `TRY_CAST(a.${ident(String(params.outcome))} AS DOUBLE)`;
    const view = String(params.view ?? 'quantiles');
    const metrics = SALES_METRICS.map(findMetric);
    // A person's outcome is the same on most of their weeks; its average is exact so that the
    // order the weeks are summed in (13 × 1.04 / 13 is 1.04 or 1.0399999999999996 in DOUBLE) never
    // moves a person across a quantile cut that equals their value. Their metrics' means likewise.
    const sellers = `WITH m AS (${personWeekMetricsSql(params, metrics, ctx)}),
sellers AS (
  SELECT m.pid, ${exactAvg(outcome)} AS outcome, ${SALES_METRICS.map((n) => `${exactAvg(`m.${n}`)} AS ${n}`).join(', ')}
  FROM m JOIN ${ATTRIBUTES} a ON a.PersonHistoricalId = m.PersonHistoricalId
  WHERE isfinite(${outcome})
  GROUP BY m.pid
)`;
    const requires = [...PERSON_WEEK_REQUIRES];
    if (view === 'correlation') {
      return {
        requires,
        main: {
          unitsSql: `${sellers}
${metrics.map((m) => `SELECT ${literal(m.label)} AS grp, pid AS person, ${m.name} AS x, outcome AS y FROM sellers`).join('\nUNION ALL ')}`,
          aggregates: [
            { name: 'r', sql: 'round(corr(x, y), 4)' },
            { name: 'r_squared', sql: 'round(corr(x, y) * corr(x, y), 4)' },
            { name: 'slope', sql: 'round(regr_slope(y, x), 6)' },
            { name: 'mean_measure', sql: r3(exactAvg('x')) },
          ],
          orderBy: 'r DESC NULLS LAST, grp',
        },
      };
    }
    if (view === 'information-value') {
      const bins = Number(params.bins ?? 5);
      const ties = (params.cutTies === 'lower' ? 'lower' : 'upper') as CutTies;
      const units = `${sellers},
measures AS (
  ${metrics.map((m) => `SELECT ${literal(m.label)} AS grp, pid, round(${m.name}, 9) AS x, outcome FROM sellers WHERE ${m.name} IS NOT NULL`).join('\n  UNION ALL ')}
),
${ivBinsSql('measures', bins, ties)},
good_cut AS (SELECT quantile_cont(outcome, ${Number(params.goodQuantile ?? 0.5)}) AS cut FROM sellers)
SELECT b.grp, b.pid AS person, b.bin, b.x, b.outcome,
  CASE WHEN b.bin > 1 THEN b.cuts[b.bin - 1] END AS bin_from, CASE WHEN b.bin <= len(b.cuts) THEN b.cuts[b.bin] END AS bin_to,
  CASE WHEN b.outcome >= g.cut THEN 1 ELSE 0 END AS good
FROM iv_binned b CROSS JOIN good_cut g`;
      return {
        requires,
        main: {
          unitsSql: units,
          dimensions: ['bin'],
          // Good and bad are counts of people: each is shown at the minimum or above, and the
          // measure's totals (everyone with the outcome, all good outcomes) give away no hidden bin.
          peopleChecks: ['good', 'bad'],
          margins: [['grp']],
          aggregates: [
            { name: 'bin_from', sql: r3('any_value(bin_from)') },
            { name: 'bin_to', sql: r3('any_value(bin_to)') },
            { name: 'good', sql: 'sum(good)' },
            { name: 'bad', sql: 'count(*) - sum(good)' },
            { name: 'mean_outcome', sql: r3(exactAvg('outcome')) },
          ],
          // Weights of evidence from the guarded bins only (a suppressed bin never feeds them).
          // Shown bins hold at least the minimum of good and of other outcomes, so the packages' rule
          // for a count of 0 (WOE 0) never applies; WOE is rounded for display only.
          finalSql: `SELECT * EXCLUDE (g_tot, b_tot, iv_part, woe_raw), round(woe_raw, 4) AS woe, round(sum(iv_part) OVER (PARTITION BY grp), 4) AS iv FROM (
  SELECT *, (good / g_tot - bad / b_tot) * woe_raw AS iv_part FROM (
    SELECT *, ln((good / g_tot) / (bad / b_tot)) AS woe_raw FROM (
      SELECT *, CAST(nullif(sum(good) OVER (PARTITION BY grp), 0) AS DOUBLE) AS g_tot, CAST(nullif(sum(bad) OVER (PARTITION BY grp), 0) AS DOUBLE) AS b_tot FROM guarded)))`,
          orderBy: 'iv DESC NULLS LAST, grp, bin',
        },
      };
    }
    const q = Number(params.quantile ?? 0.25);
    const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
    const top = `Top ${pct(q)}`;
    const bottom = `Bottom ${pct(q)}`;
    const middle = `Middle ${pct(1 - 2 * q)}`;
    return {
      requires,
      main: {
        unitsSql: `${sellers},
cuts AS (SELECT quantile_cont(outcome, ${q}) AS lo, quantile_cont(outcome, ${1 - q}) AS hi FROM sellers)
SELECT CASE WHEN s.outcome >= c.hi THEN ${literal(top)} WHEN s.outcome <= c.lo THEN ${literal(bottom)} ELSE ${literal(middle)} END AS grp,
  s.pid AS person, s.outcome, ${SALES_METRICS.map((n) => `s.${n}`).join(', ')}
FROM sellers s CROSS JOIN cuts c`,
        aggregates: [{ name: 'mean_outcome', sql: r3(exactAvg('outcome')) }, ...SALES_METRICS.map((n) => ({ name: n, sql: r3(exactAvg(n)) }))],
        orderBy: `CASE WHEN grp = ${literal(top)} THEN 1 WHEN grp = ${literal(middle)} THEN 2 WHEN grp = ${literal(bottom)} THEN 3 ELSE 4 END`,
      },
    };
  },
};
