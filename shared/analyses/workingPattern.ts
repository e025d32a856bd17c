/**
 * Working pattern: when in the week do people collaborate? An hourly heatmap of collaboration
 * hours per person per week, by local hour × weekday (everyone) or local hour × group.
 */
import { derived } from './derived/names.js';
import { afterHoursCondition, ATTRIBUTES, byParam, PERIOD_PARAMS, periodCondition, r3, weekdayName, WORKING_HOURS_PARAMS } from './sqlParams.js';
import type { AnalysisDef, ParamValues } from './types.js';
import { allOf, IN, PERSON_NEEDS, PERSON_READS, type Inputs } from './inputs.js';
import { findMetric } from './personWeekMetrics.js';
import { ident, literal } from '../sql/quote.js';
import { BLANK_VALUES_PARAM, groupValueSql } from './groupValue.js';

const ACTIVITY: Record<string, { label: string; sql: string; inputs: Inputs }> = {
  collaboration: { label: 'Collaboration hours (email + meeting + call + IM)', sql: 'email_hours + meeting_hours + call_hours + im_hours', inputs: findMetric('collaboration_hours').inputs },
  email: { label: 'Email hours', sql: 'email_hours', inputs: allOf(IN.emails, IN.emailTime) },
  meeting: { label: 'Meeting hours', sql: 'meeting_hours', inputs: allOf(IN.meetings, IN.meetingTime) },
  call: { label: 'Call hours', sql: 'call_hours', inputs: IN.calls },
  im: { label: 'IM hours', sql: 'im_hours', inputs: allOf(IN.ims, IN.imTime) },
};
const activityOf = (params: ParamValues) => ACTIVITY[String(params.activity ?? 'collaboration')] ?? ACTIVITY.collaboration;

export const ALL_PEOPLE_LABEL = 'All measured employees';

export const workingPattern: AnalysisDef = {
  id: 'working-pattern',
  title: 'Hourly working pattern',
  question: 'At which hours and on which days do people collaborate, and does it differ by group?',
  definition:
    "Local time of each activity: emails and IMs at their send time (MailParticipants / InstantMessageParticipants.LocalSentTime), meetings from MeetingParticipants.LocalStartTime for Meetings.DurationMinutes and calls from CallParticipants.LocalStartTime to LocalEndTime, spread over the clock hours they span (the attendee's MeetingParticipants.DurationMinutesAdjusted in proportion to the minutes in each hour). " +
    'Value = hours in that hour slot per person per week: each person\'s slot hours over their weeks in the period, averaged over everyone in the group (people with nothing in the slot count as 0). ' +
    'A slot is shown only if at least the minimum group size of people were active in it. In working hours = Mon–Fri within the chosen hours. Approximate: email and IM times are Microsoft\'s heuristics.',
  params: [
    { name: 'view', label: 'View', kind: 'enum', options: ['weekday', 'group'], default: 'weekday', description: 'weekday: local hour × weekday for everyone; group: local hour × group (all days).' },
    byParam('FunctionType', 'HR attribute for the group view.'),
    BLANK_VALUES_PARAM,
    { name: 'activity', label: 'Activity', kind: 'enum', options: Object.keys(ACTIVITY), default: 'collaboration', description: 'Which hours to count.' },
    ...PERIOD_PARAMS,
    ...WORKING_HOURS_PARAMS,
  ],
  columns: [
    { name: 'grp', label: 'Group', role: 'group' },
    { name: 'weekday', label: 'Weekday', role: 'group' },
    { name: 'dow', label: 'Weekday number (0 = Monday)', role: 'group' },
    { name: 'hour', label: 'Local hour', role: 'group' },
    { name: 'people', label: 'People active in the slot', role: 'people' },
    { name: 'group_size', label: 'Group size', role: 'people' },
    { name: 'hours_per_person_week', label: 'Hours per person per week', unit: 'hours', role: 'metric', exactness: 'approximate' },
    { name: 'share_active', label: 'People active in the slot', unit: '% of group', role: 'metric', exactness: 'exact' },
    { name: 'in_working_hours', label: 'In working hours', role: 'metric' },
  ],
  columnsByView: {
    group: [
      { name: 'grp', label: 'Group', role: 'group' },
      { name: 'hour', label: 'Local hour', role: 'group' },
      { name: 'people', label: 'People active in the hour', role: 'people' },
      { name: 'group_size', label: 'Group size', role: 'people' },
      { name: 'hours_per_person_week', label: 'Hours per person per week', unit: 'hours', role: 'metric', exactness: 'approximate' },
      { name: 'share_active', label: 'People active in the hour', unit: '% of group', role: 'metric', exactness: 'exact' },
    ],
  },
  chart: { kind: 'heatmap', x: 'hour', y: ['weekday'], value: 'hours_per_person_week', title: 'Collaboration by local hour and weekday (hours per person per week)', xLabel: 'local hour', yLabel: 'weekday', xOrder: Array.from({ length: 24 }, (_, h) => String(h)) },
  chartsByView: {
    group: { kind: 'heatmap', x: 'hour', y: ['grp'], value: 'hours_per_person_week', title: 'Collaboration by local hour and group (hours per person per week)', xLabel: 'local hour', yLabel: 'group' },
  },
  inputs: { needs: PERSON_NEEDS, reads: [...new Set([...PERSON_READS, ...Object.values(ACTIVITY).flatMap((a) => a.inputs.reads)])] },
  // The chosen activity must be in the export; "collaboration" sums whichever activities are.
  needsFor: (params) => [...activityOf(params).inputs.needs],
  build(params: ParamValues) {
    const byGroup = params.view === 'group';
    const grp = byGroup ? groupValueSql(`a.${ident(String(params.by))}`, params) : literal(ALL_PEOPLE_LABEL);
    const activity = activityOf(params);
    const population = `SELECT p.week, p.pid, ${grp} AS grp FROM ${derived('person_week')} p JOIN ${ATTRIBUTES} a ON a.PersonHistoricalId = p.PersonHistoricalId WHERE ${periodCondition(params, 'p.week')}`;
    const unitsSql = `WITH pw AS (${population}),
weeks_in_group AS (SELECT grp, pid, count(*) AS n_weeks FROM pw GROUP BY grp, pid),
act AS (
  SELECT pid, week, dow, hour, ${activity.sql} AS h FROM ${derived('activity_hour')}
  WHERE ${periodCondition(params)} AND ${activity.sql} > 0
)
-- One unit per person and slot: their slot hours over all their weeks in the group.
SELECT pw.grp, pw.pid AS person, ${byGroup ? '' : 'act.dow, '}act.hour, sum(act.h) / any_value(w.n_weeks) AS h
FROM act
JOIN pw ON pw.pid = act.pid AND pw.week = act.week
JOIN weeks_in_group w ON w.grp IS NOT DISTINCT FROM pw.grp AND w.pid = pw.pid
GROUP BY pw.grp, pw.pid${byGroup ? '' : ', act.dow'}, act.hour`;
    return {
      ...(byGroup ? { groupedBy: String(params.by) } : {}),
      requires: ['person_week', 'activity_hour'],
      main: {
        unitsSql,
        populationSql: `SELECT grp, pid AS person FROM (${population})`,
        dimensions: byGroup ? ['hour'] : ['dow', 'hour'],
        aggregates: [
          { name: 'hours_per_person_week', sql: r3('sum(h) / any_value(group_size)') },
          { name: 'share_active', sql: 'round(100.0 * count(DISTINCT person) / any_value(group_size), 1)' },
        ],
        finalSql: byGroup
          ? 'SELECT * FROM guarded'
          : `SELECT grp, ${weekdayName('dow')} AS weekday, * EXCLUDE (grp), NOT ${afterHoursCondition(params)} AS in_working_hours FROM guarded`,
        orderBy: byGroup ? 'grp, hour' : 'dow, hour',
      },
    };
  },
};
