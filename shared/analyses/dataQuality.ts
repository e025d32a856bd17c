/**
 * Data-quality flags (the wpa package's defaults): non-knowledge workers, holiday weeks, inactive
 * person-weeks and extreme values — what an analyst checks before trusting averages.
 */
import { PERSON_WEEK_REQUIRES, findMetric, metricsInputs, personWeekMetricsSql } from './personWeekMetrics.js';
import { FULL_CONTEXT, orNull, type BuildContext } from './inputs.js';
import { ATTRIBUTES, byParam, PERIOD_PARAMS, r3 } from './sqlParams.js';
import type { AnalysisDef, AnalysisParam, ParamValues, ResultColumnSpec } from './types.js';
import { ALL_PEOPLE_LABEL } from './workingPattern.js';
import { ident, literal } from '../sql/quote.js';

const EXTREMES = [
  ['call', 'call_hours', 'maxCallHours', 40],
  ['email', 'email_hours', 'maxEmailHours', 80],
  ['meeting', 'meeting_hours', 'maxMeetingHours', 80],
  ['chat', 'im_hours', 'maxChatHours', 40],
] as const;

const GROUP_COLUMNS: ResultColumnSpec[] = [
  { name: 'grp', label: 'Group', role: 'group' },
  { name: 'people', label: 'People', role: 'people' },
  { name: 'group_size', label: 'Group size', role: 'people' },
  { name: 'person_weeks', label: 'Person-weeks', unit: 'person-weeks', role: 'metric', exactness: 'exact' },
  { name: 'mean_collaboration_hours', label: 'Collaboration hours per person per week', unit: 'hours', role: 'metric', exactness: 'approximate', inputs: findMetric('collaboration_hours').inputs },
  { name: 'non_knowledge_workers', label: 'Non-knowledge workers', unit: 'people', role: 'metric', exactness: 'exact', definition: 'People whose mean weekly collaboration over the period is below the threshold (default 5 h).' },
  { name: 'non_knowledge_worker_share', label: 'Non-knowledge workers', unit: '% of people', role: 'metric', exactness: 'exact' },
  { name: 'inactive_person_weeks', label: 'Inactive person-weeks', unit: 'person-weeks', role: 'metric', exactness: 'exact', definition: "Weeks with collaboration more than 2 SD below the person's own mean." },
  { name: 'inactive_share', label: 'Inactive person-weeks', unit: '% of person-weeks', role: 'metric', exactness: 'exact' },
  { name: 'extreme_person_weeks', label: 'Person-weeks with an extreme value', unit: 'person-weeks', role: 'metric', exactness: 'exact', definition: 'Call > 40 h, email > 80 h, meeting > 80 h or chat > 40 h in the week (defaults).' },
  ...EXTREMES.map(([k, m]) => ({ name: `extreme_${k}_weeks`, label: `Person-weeks with extreme ${k} hours`, unit: 'person-weeks', role: 'metric' as const, exactness: 'exact' as const, inputs: findMetric(m).inputs })),
];

const WEEK_COLUMNS: ResultColumnSpec[] = [
  { name: 'grp', label: 'Population', role: 'group' },
  { name: 'week', label: 'Week (Monday)', role: 'group' },
  { name: 'people', label: 'People', role: 'people' },
  { name: 'group_size', label: 'Group size', role: 'people' },
  { name: 'mean_collaboration_hours', label: 'Collaboration hours per person', unit: 'hours', role: 'metric', exactness: 'approximate' },
  { name: 'holiday_week', label: 'Holiday week', role: 'metric', definition: 'The week\'s mean is more than the chosen number of SDs (default 1) below the mean of the weeks shown.' },
];

const THRESHOLD_PARAMS: AnalysisParam[] = [
  { name: 'nkwHours', label: 'Non-knowledge worker below (hours / week)', kind: 'number', default: 5, min: 0, description: 'Mean weekly collaboration below which a person is flagged.' },
  { name: 'holidaySd', label: 'Holiday week below mean by (SD)', kind: 'number', default: 1, min: 0, description: 'A week whose mean collaboration is this many SDs below the mean of weeks is a holiday week.' },
  { name: 'inactiveSd', label: 'Inactive week below own mean by (SD)', kind: 'number', default: 2, min: 0, description: "A person-week this many SDs below the person's own mean is inactive." },
  ...EXTREMES.map(([k, , name, d]) => ({ name, label: `Extreme ${k} hours above`, kind: 'number' as const, default: d, min: 0, description: `Weekly ${k} hours above this are extreme.` })),
];

export const dataQuality: AnalysisDef = {
  id: 'data-quality',
  title: 'Data-quality flags',
  question: 'Which people, weeks and values should be checked or excluded before trusting the averages?',
  definition:
    'From the person-week metrics (collaboration hours = meeting + call + email + IM hours, an approximation). Non-knowledge worker: mean weekly collaboration over the period below the threshold (default 5 h). ' +
    "Inactive person-week: collaboration more than 2 SD (default) below the person's own weekly mean. Extreme values (defaults): call > 40 h, email > 80 h, meeting > 80 h, chat > 40 h in a week. " +
    'Holiday week (weeks view): the company-wide mean collaboration per person is more than 1 SD (default) below the mean of all weeks. Counts are of people and person-weeks in groups of at least the minimum size; no one is named.',
  params: [
    { name: 'view', label: 'View', kind: 'enum', options: ['groups', 'weeks'], default: 'groups', description: 'groups: flags by group; weeks: company-wide weekly means and holiday weeks.' },
    byParam('Organization'),
    ...THRESHOLD_PARAMS,
    ...PERIOD_PARAMS,
  ],
  columns: GROUP_COLUMNS,
  columnsByView: { groups: GROUP_COLUMNS, weeks: WEEK_COLUMNS },
  chart: { kind: 'bar', x: 'grp', y: ['non_knowledge_worker_share', 'inactive_share'], title: 'Flags by group (%)', yLabel: '%' },
  chartsByView: { weeks: { kind: 'line', x: 'week', y: ['mean_collaboration_hours'], title: 'Collaboration hours per person by week (holiday weeks flagged)', xLabel: 'week', yLabel: 'hours' } },
  inputs: metricsInputs(['collaboration_hours', ...EXTREMES.map(([, m]) => m)].map(findMetric)),
  build(params: ParamValues, ctx: BuildContext = FULL_CONTEXT) {
    const metrics = ['collaboration_hours', ...EXTREMES.map(([, m]) => m)].map(findMetric);
    const base = `WITH m AS (${personWeekMetricsSql(params, metrics, ctx)})`;
    const requires = [...PERSON_WEEK_REQUIRES];
    if (params.view === 'weeks') {
      const sd = Number(params.holidaySd ?? 1);
      return {
        requires,
        main: {
          unitsSql: `${base}\nSELECT ${literal(ALL_PEOPLE_LABEL)} AS grp, pid AS person, week, collaboration_hours FROM m`,
          dimensions: ['week'],
          aggregates: [{ name: 'mean_collaboration_hours', sql: r3('avg(collaboration_hours)') }],
          // The flag compares guarded weekly means only.
          finalSql: `SELECT *, mean_collaboration_hours < avg(mean_collaboration_hours) OVER () - ${sd} * coalesce(stddev_samp(mean_collaboration_hours) OVER (), 0) AS holiday_week FROM guarded`,
          orderBy: 'week',
        },
      };
    }
    const by = ident(String(params.by));
    const extreme = EXTREMES.map(([k, m, p, d]) => [k, `m.${m} > ${Number(params[p] ?? d)}`] as const);
    const unitsSql = `${base},
stats AS (SELECT pid, avg(collaboration_hours) AS mean_c, coalesce(stddev_samp(collaboration_hours), 0) AS sd_c FROM m GROUP BY pid),
flags AS (
  SELECT m.pid, m.PersonHistoricalId, m.collaboration_hours,
    s.mean_c < ${Number(params.nkwHours ?? 5)} AS nkw,
    s.sd_c > 0 AND m.collaboration_hours < s.mean_c - ${Number(params.inactiveSd ?? 2)} * s.sd_c AS inactive,
    ${extreme.map(([k, cond]) => `${cond} AS extreme_${k}`).join(', ')}
  FROM m JOIN stats s ON s.pid = m.pid
)
SELECT a.${by} AS grp, f.pid AS person, count(*) AS weeks, avg(f.collaboration_hours) AS mean_c, bool_or(f.nkw) AS nkw,
  count(*) FILTER (WHERE f.inactive) AS inactive_weeks,
  count(*) FILTER (WHERE ${extreme.map(([k]) => `f.extreme_${k}`).join(' OR ')}) AS extreme_weeks,
  ${extreme.map(([k]) => `count(*) FILTER (WHERE f.extreme_${k}) AS extreme_${k}_weeks`).join(', ')}
FROM flags f JOIN ${ATTRIBUTES} a ON a.PersonHistoricalId = f.PersonHistoricalId
GROUP BY a.${by}, f.pid`;
    // Flagged people and person-weeks show only when the flagged people, and the others, are each 0 or at least the minimum.
    const flagged = (name: string, condition: string) => ({ name, sql: `count(DISTINCT person) FILTER (WHERE ${condition})` });
    return {
      groupedBy: String(params.by),
      requires,
      main: {
        unitsSql,
        subsetCounts: [
          { people: 'non_knowledge_workers', columns: ['non_knowledge_workers', 'non_knowledge_worker_share'] },
          { people: 'inactive_people', columns: ['inactive_person_weeks', 'inactive_share'] },
          { people: 'extreme_people', columns: ['extreme_person_weeks'] },
          ...EXTREMES.map(([k]) => ({ people: `extreme_${k}_people`, columns: [`extreme_${k}_weeks`] })),
        ],
        hiddenColumns: ['inactive_people', 'extreme_people', ...EXTREMES.map(([k]) => `extreme_${k}_people`)],
        aggregates: [
          flagged('inactive_people', 'inactive_weeks > 0'),
          flagged('extreme_people', 'extreme_weeks > 0'),
          ...EXTREMES.map(([k]) => flagged(`extreme_${k}_people`, `extreme_${k}_weeks > 0`)),
          { name: 'person_weeks', sql: 'sum(weeks)' },
          { name: 'mean_collaboration_hours', sql: r3('avg(mean_c)') },
          { name: 'non_knowledge_workers', sql: 'count(DISTINCT person) FILTER (WHERE nkw)' },
          { name: 'non_knowledge_worker_share', sql: 'round(100.0 * count(DISTINCT person) FILTER (WHERE nkw) / count(DISTINCT person), 2)' },
          { name: 'inactive_person_weeks', sql: 'sum(inactive_weeks)' },
          { name: 'inactive_share', sql: 'round(100.0 * sum(inactive_weeks) / sum(weeks), 2)' },
          { name: 'extreme_person_weeks', sql: 'sum(extreme_weeks)' },
          // A source the export lacks has no extreme weeks to count: NULL, not 0.
          ...EXTREMES.map(([k, m]) => ({ name: `extreme_${k}_weeks`, sql: orNull(findMetric(m).inputs.needs, `sum(extreme_${k}_weeks)`, ctx, 'HUGEINT') })),
        ],
        orderBy: 'people DESC, grp',
      },
    };
  },
};
