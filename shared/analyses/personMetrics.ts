/**
 * Person-week metrics by group: summary (every metric), distribution (one metric's quantiles over
 * people) and trend (one metric per week).
 *
 * Person-first averaging: each person's weekly values are averaged over their weeks in the group
 * first, then people are averaged, so a person with more weeks does not weigh more.
 */
import { ATTENDED_PARAM, METRIC_NAMES, PERSON_WEEK_METRICS, PERSON_WEEK_REQUIRES, findMetric, mergeVersionsSql, metricsInputs, personWeekMetricsSql } from './personWeekMetrics.js';
import { FULL_CONTEXT, type BuildContext } from './inputs.js';
import { ATTRIBUTES, byParam, exactAvg, PERIOD_PARAMS, r3, WORKING_HOURS_PARAMS } from './sqlParams.js';
import type { AnalysisDef, ParamValues, ResultColumnSpec } from './types.js';
import { ident } from '../sql/quote.js';
import { BLANK_VALUES_PARAM, groupValueSql } from './groupValue.js';

const metricColumn = (name: string): ResultColumnSpec => {
  const m = findMetric(name);
  return { name: m.name, label: `${m.label} per week`, unit: m.unit, role: 'metric', exactness: m.exactness, definition: m.definition, inputs: m.inputs };
};

const SUMMARY_COLUMNS: ResultColumnSpec[] = [
  { name: 'grp', label: 'Group', role: 'group' },
  { name: 'people', label: 'People', role: 'people' },
  { name: 'group_size', label: 'Group size', role: 'people' },
  { name: 'person_weeks', label: 'Person-weeks', unit: 'person-weeks', role: 'metric', exactness: 'exact' },
  ...METRIC_NAMES.map(metricColumn),
];

const QUANTILES = [
  ['p10', 0.1],
  ['p25', 0.25],
  ['median', 0.5],
  ['p75', 0.75],
  ['p90', 0.9],
] as const;

const DISTRIBUTION_COLUMNS: ResultColumnSpec[] = [
  { name: 'grp', label: 'Group', role: 'group' },
  { name: 'people', label: 'People', role: 'people' },
  { name: 'group_size', label: 'Group size', role: 'people' },
  { name: 'mean', label: '$metric per week, mean of people', role: 'metric', definition: "The chosen metric: each person's weekly average, then the mean over people." },
  ...QUANTILES.map(([n, q]) => ({ name: n, label: `$metric per week, ${n === 'median' ? 'median' : `${q * 100}th percentile`} of people`, role: 'metric' as const, definition: 'Interpolated percentile of the people\'s weekly averages (no individual values are shown).' })),
];

const TREND_COLUMNS: ResultColumnSpec[] = [
  { name: 'grp', label: 'Group', role: 'group' },
  { name: 'week', label: 'Week (Monday)', role: 'group' },
  { name: 'people', label: 'People', role: 'people' },
  { name: 'group_size', label: 'Group size', role: 'people' },
  { name: 'mean', label: '$metric, mean per person', role: 'metric', definition: 'The chosen metric that week, averaged over the group\'s people.' },
];

export const personMetrics: AnalysisDef = {
  id: 'person-metrics',
  title: 'Person-week collaboration metrics',
  question: 'How much do people of each group email, meet, call and chat, and how does it change week to week?',
  definition:
    'One row per measured employee and week of the period (weeks without activity count as 0). Each activity counts for the HR version (PersonHistorical row) valid at its time, not the one valid for the week: in a week with an HR change the person has a row for each version, each with the activity of its days (network size and networking, which describe the trailing weeks, on each). ' +
    PERSON_WEEK_METRICS.map((m) => `${m.label} (${m.exactness}): ${m.definition}`).join(' ') +
    ' Working hours are Monday–Friday in the chosen local hours. Person-first averaging: each person\'s weekly values are averaged over their weeks in the group, then over the group\'s people.',
  params: [
    byParam('Organization'),
    BLANK_VALUES_PARAM,
    { name: 'view', label: 'View', kind: 'enum', options: ['summary', 'distribution', 'trend'], default: 'summary', description: 'summary: every metric by group; distribution: one metric\'s spread over people; trend: one metric by week.' },
    { name: 'metric', label: 'Metric', kind: 'enum', options: METRIC_NAMES, optionLabels: Object.fromEntries(PERSON_WEEK_METRICS.map((m) => [m.name, m.label])), default: 'collaboration_hours', description: 'The metric charted (summary) or shown (distribution, trend).' },
    ATTENDED_PARAM,
    ...PERIOD_PARAMS,
    ...WORKING_HOURS_PARAMS,
  ],
  columns: SUMMARY_COLUMNS,
  columnsByView: { summary: SUMMARY_COLUMNS, distribution: DISTRIBUTION_COLUMNS, trend: TREND_COLUMNS },
  chart: { kind: 'bar', x: 'grp', y: ['$metric'], title: 'Chosen metric per person per week, by group' },
  chartsByView: {
    distribution: { kind: 'box', x: 'grp', y: ['median'], box: { low: 'p10', q1: 'p25', median: 'median', q3: 'p75', high: 'p90', mean: 'mean' }, title: 'Spread over people (whiskers at 10th and 90th percentiles)' },
    trend: { kind: 'line', x: 'week', y: ['mean'], series: 'grp', title: 'Weekly mean per person', xLabel: 'week' },
  },
  inputs: metricsInputs(),
  build(params: ParamValues, ctx: BuildContext = FULL_CONTEXT) {
    const by = ident(String(params.by));
    const metric = findMetric(String(params.metric ?? 'collaboration_hours'));
    const view = String(params.view ?? 'summary');
    // Distribution and trend show one metric: only its parts of the person-week SQL are joined.
    const used = view === 'summary' ? PERSON_WEEK_METRICS : [metric];
    // A week split by an HR change merges back within a group (the versions share its value).
    const base = `WITH e AS (${personWeekMetricsSql(params, used, ctx, { grain: 'event' })}),
m AS (
  SELECT ${groupValueSql(`a.${by}`, params)} AS grp, e.pid, e.week, ${used.map((x) => `${mergeVersionsSql(x, `e.${x.name}`)} AS ${x.name}`).join(', ')}
  FROM e JOIN ${ATTRIBUTES} a ON a.PersonHistoricalId = e.PersonHistoricalId
  GROUP BY 1, e.pid, e.week
)`;
    if (view === 'trend') {
      return {
        groupedBy: String(params.by),
        requires: [...PERSON_WEEK_REQUIRES],
        main: {
          unitsSql: `${base}
SELECT m.grp, m.pid AS person, m.week, m.${metric.name} AS value
FROM m`,
          aggregates: [{ name: 'mean', sql: r3(exactAvg('value')) }],
          dimensions: ['week'],
          orderBy: 'grp, week',
        },
      };
    }
    const perPerson = `${base}
SELECT m.grp, m.pid AS person, count(*) AS weeks,
  ${used.map((x) => `${exactAvg(`m.${x.name}`)} AS ${x.name}`).join(', ')}
FROM m
GROUP BY m.grp, m.pid`;
    if (view === 'distribution') {
      return {
        groupedBy: String(params.by),
        requires: [...PERSON_WEEK_REQUIRES],
        main: {
          unitsSql: perPerson,
          aggregates: [
            { name: 'mean', sql: r3(exactAvg(metric.name)) },
            ...QUANTILES.map(([n, q]) => ({ name: n, sql: r3(`quantile_cont(${metric.name}, ${q})`) })),
          ],
          orderBy: 'median DESC, grp',
        },
      };
    }
    return {
      groupedBy: String(params.by),
      requires: [...PERSON_WEEK_REQUIRES],
      main: {
        unitsSql: perPerson,
        aggregates: [{ name: 'person_weeks', sql: 'sum(weeks)' }, ...PERSON_WEEK_METRICS.map((x) => ({ name: x.name, sql: r3(exactAvg(x.name)) }))],
        orderBy: 'people DESC, grp',
      },
    };
  },
};
