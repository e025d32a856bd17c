/**
 * Data-quality flags (the wpa / vivainsights packages' checks and defaults): non-knowledge workers,
 * holiday weeks, inactive person-weeks, extreme values, the collaboration / after-hours ratio and
 * the email hours per email ratio — what an analyst checks before trusting averages. The rules are
 * in dataQualityChecks.ts.
 */
import { PERSON_WEEK_REQUIRES, findMetric, metricsInputs, personWeekMetricsSql } from './personWeekMetrics.js';
import { FULL_CONTEXT, orNull, type BuildContext } from './inputs.js';
import { ATTRIBUTES, byParam, exactAvg, PERIOD_PARAMS, periodCondition, r3 } from './sqlParams.js';
import { derived } from './derived/names.js';
import type { AnalysisDef, AnalysisParam, ParamValues, ResultColumnSpec } from './types.js';
import { ALL_PEOPLE_LABEL } from './workingPattern.js';
import { ident, literal } from '../sql/quote.js';
import { holidayWeeksSql, PACKAGE_THRESHOLDS, personChecksSql } from './dataQualityChecks.js';
import { BLANK_VALUES_PARAM, groupValueSql } from './groupValue.js';

const EXTREMES = [
  ['call', 'call_hours', 'maxCallHours', 40],
  ['email', 'email_hours', 'maxEmailHours', 80],
  ['meeting', 'meeting_hours', 'maxMeetingHours', 80],
  ['chat', 'im_hours', 'maxChatHours', 40],
] as const;

/** The person-week metrics the checks read. */
const DQ_METRICS = ['collaboration_hours', 'after_hours_hours', 'email_hours', 'emails_sent', ...EXTREMES.map(([, m]) => m)];

const GROUP_COLUMNS: ResultColumnSpec[] = [
  { name: 'grp', label: 'Group', role: 'group' },
  { name: 'people', label: 'People', role: 'people' },
  { name: 'group_size', label: 'Group size', role: 'people' },
  { name: 'person_weeks', label: 'Person-weeks', unit: 'person-weeks', role: 'metric', exactness: 'exact' },
  { name: 'mean_collaboration_hours', label: 'Collaboration hours per person per week', unit: 'hours', role: 'metric', exactness: 'approximate', inputs: findMetric('collaboration_hours').inputs },
  { name: 'non_knowledge_workers', label: 'Non-knowledge workers', unit: 'people', role: 'metric', exactness: 'exact', definition: "People whose mean weekly collaboration over their weeks in the group is below the threshold (default 5 h): identify_nkw (mean < collab_threshold, per PersonId and Organization; here per person and the group-by attribute, the same with Organization, the default)." },
  { name: 'non_knowledge_worker_share', label: 'Non-knowledge workers', unit: '% of people', role: 'metric', exactness: 'exact' },
  { name: 'inactive_person_weeks', label: 'Inactive person-weeks', unit: 'person-weeks', role: 'metric', exactness: 'exact', definition: "Weeks whose z-score against the person's own weeks is ≤ −2 (default): collaboration ≤ mean − 2 SD, as identify_inactiveweeks (per PersonId, over all their weeks; SD 0 flags nothing)." },
  { name: 'inactive_share', label: 'Inactive person-weeks', unit: '% of person-weeks', role: 'metric', exactness: 'exact' },
  { name: 'extreme_person_weeks', label: 'Person-weeks with an extreme value', unit: 'person-weeks', role: 'metric', exactness: 'exact', definition: "Call > 40 h, email > 80 h, meeting > 80 h or chat > 40 h in the week (defaults): wpa's flag_extreme on person-weeks (person = FALSE) with validation_report's thresholds." },
  ...EXTREMES.map(([k, m]) => ({ name: `extreme_${k}_weeks`, label: `Person-weeks with extreme ${k} hours`, unit: 'person-weeks', role: 'metric' as const, exactness: 'exact' as const, inputs: findMetric(m).inputs })),
  { name: 'ch_ratio_people', label: 'Collaboration / after-hours ratio out of range', unit: 'people', role: 'metric', exactness: 'approximate', inputs: findMetric('after_hours_hours').inputs, definition: "People whose mean collaboration hours / mean after-hours collaboration hours over the period is below 1 or above 30 (defaults), as flag_ch_ratio (per PersonId; no after-hours hours at all is an infinite ratio). After-hours hours are the app's approximation (local clock outside the working hours set), not Microsoft's After_hours_collaboration_hours." },
  { name: 'ch_ratio_low_people', label: 'Ratio below the low threshold', unit: 'people', role: 'metric', exactness: 'approximate', definition: 'flag_ch_ratio CH_FlagLow: more after-hours than total collaboration (ratio < 1 by default).' },
  { name: 'ch_ratio_high_people', label: 'Ratio above the high threshold', unit: 'people', role: 'metric', exactness: 'approximate', definition: 'flag_ch_ratio CH_FlagHigh: almost no after-hours collaboration (ratio > 30 by default), often an Outlook working-hours setting that covers the whole day.' },
  { name: 'em_ratio_people', label: 'Email hours per email sent too high', unit: 'people', role: 'metric', exactness: 'exact', inputs: findMetric('email_hours').inputs, definition: "People whose mean email hours / mean emails sent over the period is above 1 hour per email (default), as flag_em_ratio (per PersonId; email hours without any email sent count as infinite). Emails sent = MailParticipants.IsSender rows; email hours = MailParticipants.PersonTimeSpentInHours." },
];

const WEEK_COLUMNS: ResultColumnSpec[] = [
  { name: 'grp', label: 'Population', role: 'group' },
  { name: 'week', label: 'Week (Monday)', role: 'group' },
  { name: 'people', label: 'People', role: 'people' },
  { name: 'group_size', label: 'Group size', role: 'people' },
  { name: 'mean_collaboration_hours', label: 'Collaboration hours per person', unit: 'hours', role: 'metric', exactness: 'approximate' },
  { name: 'z_score', label: 'z-score of the week', role: 'metric', exactness: 'approximate', definition: "(the week's mean − the mean of the weekly means) / their SD, from unrounded means (identify_holidayweeks)." },
  { name: 'holiday_week', label: 'Holiday week', role: 'metric', definition: "z-score < −1 (default), as identify_holidayweeks; optionally also a minimum drop below the mean of weeks (default 0 %, the packages' rule alone)." },
];

const PRIVACY_COLUMNS: ResultColumnSpec[] = [
  { name: 'grp', label: 'HR attribute', role: 'group' },
  { name: 'people', label: 'People', role: 'people' },
  { name: 'group_size', label: 'Group size', role: 'people' },
  { name: 'attribute_groups', label: 'Groups of the attribute', unit: 'groups', role: 'metric', exactness: 'exact', definition: 'Distinct values of the attribute among the people of the period (blank-like values are one Unknown group).' },
  { name: 'groups_below_threshold', label: 'Groups under the privacy threshold', unit: 'groups', role: 'metric', exactness: 'exact', definition: 'Values held by fewer distinct people than the threshold (default 5), as identify_privacythreshold (hrvar_count: distinct people per value, a person counted under every value they had).' },
  { name: 'people_below_threshold', label: 'People in those groups', unit: 'people', role: 'metric', exactness: 'exact', definition: 'Distinct people in groups under the threshold (shown when 0 or at least the minimum group size).' },
];

const THRESHOLD_PARAMS: AnalysisParam[] = [
  { name: 'nkwHours', label: 'Non-knowledge worker below (hours / week)', kind: 'number', default: PACKAGE_THRESHOLDS.nkwHours, min: 0, description: 'Mean weekly collaboration below which a person is flagged (identify_nkw collab_threshold).' },
  { name: 'holidaySd', label: 'Holiday week below mean by (SD)', kind: 'number', default: 1, min: 0, description: 'A week whose z-score is below minus this is a holiday week (identify_holidayweeks sd).' },
  { name: 'holidayMinDrop', label: 'Holiday week also below mean by (%)', kind: 'number', default: 0, min: 0, max: 100, description: "Not in the packages (0 = their rule alone): also require the week's mean to be this many percent below the mean of weeks. With 1 SD alone, ordinary week-to-week variation flags about one week in six." },
  { name: 'inactiveSd', label: 'Inactive week below own mean by (SD)', kind: 'number', default: PACKAGE_THRESHOLDS.inactiveSd, min: 0, description: "A person-week whose z-score against the person's own weeks is at most minus this is inactive (identify_inactiveweeks sd)." },
  { name: 'chRatioLow', label: 'Collaboration / after-hours ratio below', kind: 'number', default: PACKAGE_THRESHOLDS.chRatioLow, min: 0, description: 'flag_ch_ratio threshold, low end.' },
  { name: 'chRatioHigh', label: 'Collaboration / after-hours ratio above', kind: 'number', default: PACKAGE_THRESHOLDS.chRatioHigh, min: 0, description: 'flag_ch_ratio threshold, high end.' },
  { name: 'emRatio', label: 'Email hours per email sent above', kind: 'number', default: PACKAGE_THRESHOLDS.emRatio, min: 0, description: 'flag_em_ratio threshold (hours per email).' },
  ...EXTREMES.map(([k, , name, d]) => ({ name, label: `Extreme ${k} hours above`, kind: 'number' as const, default: d, min: 0, description: `Weekly ${k} hours above this are extreme.` })),
];

export const dataQuality: AnalysisDef = {
  id: 'data-quality',
  title: 'Data-quality flags',
  question: 'Which people, weeks and values should be checked or excluded before trusting the averages?',
  definition:
    'From the person-week metrics (collaboration hours = meeting + call + email + IM hours, an approximation). Each check follows the wpa / vivainsights function named, with its defaults: ' +
    "non-knowledge worker (identify_nkw): mean weekly collaboration over the person's weeks in the group < 5 h; " +
    "inactive person-week (identify_inactiveweeks): collaboration ≤ the person's own weekly mean − 2 SD (z ≤ −2, over all their weeks); " +
    'extreme values (wpa flag_extreme with the thresholds validation_report uses, person = FALSE: person-weeks above): call > 40 h, email > 80 h, meeting > 80 h, chat > 40 h in a week; ' +
    'collaboration / after-hours ratio (flag_ch_ratio): per person, mean collaboration / mean after-hours collaboration < 1 or > 30 (after-hours hours are an approximation on the local clock); ' +
    'email hours per email sent (flag_em_ratio): per person, mean email hours / mean emails sent > 1; ' +
    'holiday week (weeks view, identify_holidayweeks): the company-wide mean collaboration per person has a z-score < −1 among the weeks shown; ' +
    'privacy threshold (privacy-threshold view, identify_privacythreshold): groups of the Group by attribute with fewer than 5 people (the packages list every attribute; here one at a time). ' +
    "Left out: the Outlook working-hours check (flag_outlooktime) needs WorkingStartTimeSetInOutlook / WorkingEndTimeSetInOutlook, which the export does not carry (InstantMessageParticipants.isAfterHours uses them but does not give them). The Privacy audit also checks combinations of attributes. " +
    'Counts are of people and person-weeks in groups of at least the minimum size; no one is named.',
  params: [
    { name: 'view', label: 'View', kind: 'enum', options: ['groups', 'weeks', 'privacy-threshold'], default: 'groups', description: 'groups: flags by group; weeks: company-wide weekly means and holiday weeks; privacy-threshold: how many groups of the Group by attribute are under the privacy threshold.' },
    byParam('Organization'),
    BLANK_VALUES_PARAM,
    ...THRESHOLD_PARAMS,
    { name: 'privacyThreshold', label: 'Privacy threshold (people)', kind: 'integer', default: 5, min: 1, description: 'identify_privacythreshold mingroup: a group of the attribute with fewer people is under it.' },
    ...PERIOD_PARAMS,
  ],
  columns: GROUP_COLUMNS,
  columnsByView: { groups: GROUP_COLUMNS, weeks: WEEK_COLUMNS, 'privacy-threshold': PRIVACY_COLUMNS },
  chart: { kind: 'bar', x: 'grp', y: ['non_knowledge_worker_share', 'inactive_share'], title: 'Flags by group (%)', yLabel: '%' },
  chartsByView: {
    'privacy-threshold': { kind: 'bar', x: 'grp', y: ['attribute_groups', 'groups_below_threshold'], title: 'Groups of the attribute, and those under the privacy threshold', yLabel: 'groups' },
    weeks: { kind: 'line', x: 'week', y: ['mean_collaboration_hours'], title: 'Collaboration hours per person by week (holiday weeks flagged)', xLabel: 'week', yLabel: 'hours' } },
  inputs: metricsInputs(DQ_METRICS.map(findMetric)),
  build(params: ParamValues, ctx: BuildContext = FULL_CONTEXT) {
    const metrics = DQ_METRICS.map(findMetric);
    const base = `WITH m AS (${personWeekMetricsSql(params, metrics, ctx)})`;
    const requires = [...PERSON_WEEK_REQUIRES];
    const num = (name: string, d: number) => Number(params[name] ?? d);
    if (params.view === 'weeks') {
      return {
        requires,
        main: {
          unitsSql: `${base}\nSELECT ${literal(ALL_PEOPLE_LABEL)} AS grp, pid AS person, week, collaboration_hours FROM m`,
          dimensions: ['week'],
          // Unrounded: the z-scores are computed from it; rounded for display after.
          aggregates: [{ name: 'mean_collaboration_hours', sql: exactAvg('collaboration_hours') }],
          // The flag compares guarded weekly means only.
          finalSql: `SELECT * EXCLUDE (mu) REPLACE (${r3('mean_collaboration_hours')} AS mean_collaboration_hours, round(z_score, 3) AS z_score) FROM (
${holidayWeeksSql('guarded', 'mean_collaboration_hours', num('holidaySd', 1), num('holidayMinDrop', 0))})`,
          orderBy: 'week',
        },
      };
    }
    const by = ident(String(params.by));
    if (params.view === 'privacy-threshold') {
      const k = num('privacyThreshold', 5);
      // grp is the attribute's name, not one of its values: no differencing against other attributes' groups.
      return {
        requires,
        main: {
          // One row: the attribute. Its values are never output, only how many are small.
          unitsSql: `WITH vals AS (
  SELECT DISTINCT p.pid, ${groupValueSql(`a.${by}`, params)} AS value
  FROM ${derived('person_week')} p JOIN ${ATTRIBUTES} a ON a.PersonHistoricalId = p.PersonHistoricalId
  WHERE ${periodCondition(params, 'p.week')}
),
sizes AS (SELECT value, count(*) AS value_people FROM vals GROUP BY value)
SELECT ${literal(String(params.by))} AS grp, v.pid AS person, v.value, s.value_people FROM vals v JOIN sizes s ON s.value = v.value`,
          subsetCounts: [{ people: 'people_below_threshold', columns: ['people_below_threshold'] }],
          aggregates: [
            { name: 'attribute_groups', sql: 'count(DISTINCT value)' },
            { name: 'groups_below_threshold', sql: `count(DISTINCT value) FILTER (WHERE value_people < ${k})` },
            { name: 'people_below_threshold', sql: `count(DISTINCT person) FILTER (WHERE value_people < ${k})` },
          ],
        },
      };
    }
    const t = PACKAGE_THRESHOLDS;
    const extreme = EXTREMES.map(([k, m, p, d]) => [k, `m.${m} > ${num(p, d)}`] as const);
    const unitsSql = `${base},
pw AS (
  SELECT m.pid, m.week, ${groupValueSql(`a.${by}`, params)} AS grp, m.collaboration_hours, m.after_hours_hours, m.email_hours, m.emails_sent,
    ${extreme.map(([k, cond]) => `${cond} AS extreme_${k}`).join(', ')}
  FROM m JOIN ${ATTRIBUTES} a ON a.PersonHistoricalId = m.PersonHistoricalId
),
checks AS (${personChecksSql('pw', { nkwHours: num('nkwHours', t.nkwHours), inactiveSd: num('inactiveSd', t.inactiveSd), chRatioLow: num('chRatioLow', t.chRatioLow), chRatioHigh: num('chRatioHigh', t.chRatioHigh), emRatio: num('emRatio', t.emRatio) })}),
extremes AS (
  SELECT grp, pid, count(*) FILTER (WHERE ${extreme.map(([k]) => `extreme_${k}`).join(' OR ')}) AS extreme_weeks,
    ${extreme.map(([k]) => `count(*) FILTER (WHERE extreme_${k}) AS extreme_${k}_weeks`).join(', ')}
  FROM pw GROUP BY grp, pid
)
SELECT c.*, e.* EXCLUDE (grp, pid)
FROM checks c JOIN extremes e ON e.grp IS NOT DISTINCT FROM c.grp AND e.pid = c.person`;
    // Flagged people and person-weeks show only when the flagged people, and the others, are each 0 or at least the minimum.
    const flagged = (name: string, condition: string) => ({ name, sql: `count(DISTINCT person) FILTER (WHERE ${condition})` });
    const chNeeds = findMetric('after_hours_hours').inputs.needs;
    const emNeeds = [...findMetric('email_hours').inputs.needs, ...findMetric('emails_sent').inputs.needs];
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
          { people: 'ch_ratio_people', columns: ['ch_ratio_people'] },
          { people: 'ch_ratio_low_people', columns: ['ch_ratio_low_people'] },
          { people: 'ch_ratio_high_people', columns: ['ch_ratio_high_people'] },
          { people: 'em_ratio_people', columns: ['em_ratio_people'] },
        ],
        hiddenColumns: ['inactive_people', 'extreme_people', ...EXTREMES.map(([k]) => `extreme_${k}_people`)],
        aggregates: [
          flagged('inactive_people', 'inactive_weeks > 0'),
          flagged('extreme_people', 'extreme_weeks > 0'),
          ...EXTREMES.map(([k]) => flagged(`extreme_${k}_people`, `extreme_${k}_weeks > 0`)),
          { name: 'person_weeks', sql: 'sum(weeks)' },
          { name: 'mean_collaboration_hours', sql: r3(exactAvg('mean_c')) },
          { name: 'non_knowledge_workers', sql: 'count(DISTINCT person) FILTER (WHERE nkw)' },
          { name: 'non_knowledge_worker_share', sql: 'round(100.0 * count(DISTINCT person) FILTER (WHERE nkw) / count(DISTINCT person), 2)' },
          { name: 'inactive_person_weeks', sql: 'sum(inactive_weeks)' },
          { name: 'inactive_share', sql: 'round(100.0 * sum(inactive_weeks) / sum(weeks), 2)' },
          { name: 'extreme_person_weeks', sql: 'sum(extreme_weeks)' },
          // A source the export lacks has no extreme weeks to count: NULL, not 0.
          ...EXTREMES.map(([k, m]) => ({ name: `extreme_${k}_weeks`, sql: orNull(findMetric(m).inputs.needs, `sum(extreme_${k}_weeks)`, ctx, 'HUGEINT') })),
          { name: 'ch_ratio_people', sql: orNull(chNeeds, 'count(DISTINCT person) FILTER (WHERE ch_low OR ch_high)', ctx, 'BIGINT') },
          { name: 'ch_ratio_low_people', sql: orNull(chNeeds, 'count(DISTINCT person) FILTER (WHERE ch_low)', ctx, 'BIGINT') },
          { name: 'ch_ratio_high_people', sql: orNull(chNeeds, 'count(DISTINCT person) FILTER (WHERE ch_high)', ctx, 'BIGINT') },
          { name: 'em_ratio_people', sql: orNull(emNeeds, 'count(DISTINCT person) FILTER (WHERE em_high)', ctx, 'BIGINT') },
        ],
        orderBy: 'people DESC, grp',
      },
    };
  },
};
