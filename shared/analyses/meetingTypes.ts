/**
 * Meeting types: how much of each group's meeting time goes to one-on-ones, decision-making
 * meetings, status updates, bloated, lengthy, all-hands meetings and workshops?
 *
 * Types follow the wpa package's rules (`meetingtype_dist_mt`) on the number of attendees that are
 * people and the scheduled duration, first match wins.
 */
import { derived } from './derived/names.js';
import { ATTRIBUTES, byParam, PERIOD_PARAMS, periodCondition, exactSum, exactSumOver, r3 } from './sqlParams.js';
import type { AnalysisDef, ParamValues } from './types.js';
import { allOf, IN, PERSON_NEEDS, PERSON_READS } from './inputs.js';
import { ident } from '../sql/quote.js';
import { BLANK_VALUES_PARAM, groupValueSql } from './groupValue.js';
import { ATTENDED_PARAM, attendedCondition } from './personWeekMetrics.js';

export const MEETING_TYPES = ['One-on-one', 'Decision making', 'Status update', 'Bloated', 'Lengthy', 'All hands', 'Workshop'] as const;

/** The rules, in order, on `n` = attendees that are people (not declined) and `d` = scheduled hours. */
export const MEETING_TYPE_RULES: { type: (typeof MEETING_TYPES)[number]; rule: string; sql: (n: string, d: string) => string }[] = [
  { type: 'One-on-one', rule: '2 attendees, ≤ 1 h', sql: (n, d) => `${n} = 2 AND ${d} <= 1` },
  { type: 'Decision making', rule: '3–8 attendees, ≤ 1 h', sql: (n, d) => `${n} BETWEEN 3 AND 8 AND ${d} <= 1` },
  { type: 'Status update', rule: '9–18 attendees, ≤ 1 h', sql: (n, d) => `${n} BETWEEN 9 AND 18 AND ${d} <= 1` },
  { type: 'Bloated', rule: '19–50 attendees, ≤ 2 h', sql: (n, d) => `${n} BETWEEN 19 AND 50 AND ${d} <= 2` },
  { type: 'Lengthy', rule: '≤ 18 attendees, 1–2 h', sql: (n, d) => `${n} <= 18 AND ${d} >= 1 AND ${d} <= 2` },
  { type: 'All hands', rule: '≥ 51 attendees', sql: (n) => `${n} >= 51` },
  { type: 'Workshop', rule: '≤ 50 attendees, ≥ 2 h', sql: (n, d) => `${n} <= 50 AND ${d} >= 2` },
];

/** A CASE expression giving the type of a meeting from its attendees and scheduled hours. */
export function meetingTypeSql(n: string, d: string): string {
  return `CASE ${MEETING_TYPE_RULES.map((r) => `WHEN ${r.sql(n, d)} THEN '${r.type}'`).join(' ')} ELSE 'Other' END`;
}

/**
 * Types with no meeting at all in the analysed period: said so, since the question names all seven
 * and a missing one otherwise reads as hidden for privacy (a count of 0 over everyone reveals nobody).
 */
export function absentTypesNote(present: readonly string[]): string | undefined {
  const absent = MEETING_TYPE_RULES.filter((r) => !present.includes(r.type));
  if (absent.length === 0) return undefined;
  const one = absent.length === 1;
  return `No ${absent.map((r) => `${r.type} (${r.rule})`).join(', ')} meetings were attended in the analysed period, so ${one ? 'this type is' : 'these types are'} not in the table (not hidden for privacy).`;
}

export const meetingTypes: AnalysisDef = {
  id: 'meeting-types',
  title: 'Meeting types',
  question: 'How much of each group\'s meeting time goes to one-on-ones, decision-making meetings, status updates, bloated and lengthy meetings, all-hands and workshops?',
  definition:
    'Meetings that count: not Meetings.IsCanceled, attendees = people on MeetingParticipants whose Response is not declined, at least 2. Type by attendees (n) and scheduled duration (d = Meetings.DurationMinutes), first rule that matches: ' +
    MEETING_TYPE_RULES.map((r) => `${r.type}: ${r.rule}`).join('; ') +
    ' (the wpa package\'s rules). A person\'s hours count when they attended by the "Attended means" parameter (accepted or organised by default, the packages\' rule; the same rule as person-metrics, so its meeting hours are the sum over types). Hours = the attendee\'s MeetingParticipants.DurationMinutesAdjusted / 60 (else DurationMinutes / 60). Hours per person per week: each person\'s hours in the type over their weeks in the group, averaged over everyone in the group (people without such meetings count as 0). ' +
    'Share = the type\'s part of the group\'s meeting hours among the types shown, from unrounded hours (rounded only for display). Exact counts over the export.',
  params: [byParam('FunctionType', "The attendee's HR attribute to group by."), BLANK_VALUES_PARAM, ATTENDED_PARAM, ...PERIOD_PARAMS],
  columns: [
    { name: 'grp', label: 'Group', role: 'group' },
    { name: 'meeting_type', label: 'Meeting type', role: 'group' },
    { name: 'people', label: 'People attending', role: 'people' },
    { name: 'group_size', label: 'Group size', role: 'people' },
    { name: 'meetings', label: 'Meetings', unit: 'meetings', role: 'metric', exactness: 'exact' },
    { name: 'attendee_hours', label: 'Attendee meeting hours', unit: 'hours', role: 'metric', exactness: 'exact' },
    { name: 'hours_per_person_week', label: 'Hours per person per week', unit: 'hours', role: 'metric', exactness: 'exact' },
    // Shares are of the shown rows (finalSql reads only the guarded ones): the label says so, since
    // a group with suppressed types otherwise reads 100 % as all of its hours.
    {
      name: 'share_of_hours',
      label: "Share of the group's shown meeting hours",
      unit: '%',
      role: 'metric',
      exactness: 'exact',
      definition: "The type's hours over the group's hours in the rows shown: types left out for privacy are not in the total, so a group's shown shares add up to 100 %.",
    },
  ],
  chart: { kind: 'bar', x: 'grp', y: ['hours_per_person_week'], series: 'meeting_type', stacked: true, title: 'Meeting hours per person per week by type', yLabel: 'hours per week' },
  inputs: {
    needs: [...PERSON_NEEDS, ...IN.meetings.needs, 'Meetings.DurationMinutes'],
    reads: [...new Set([...PERSON_READS, ...allOf(IN.meetings, IN.meetingTime).reads])],
  },
  build(params: ParamValues) {
    const by = ident(String(params.by));
    const unitsSql = `WITH pw AS (
  SELECT p.week, p.pid, ${groupValueSql(`a.${by}`, params)} AS grp
  FROM ${derived('person_week')} p JOIN ${ATTRIBUTES} a ON a.PersonHistoricalId = p.PersonHistoricalId
  WHERE ${periodCondition(params, 'p.week')}
),
weeks_in_group AS (SELECT grp, pid, count(*) AS n_weeks FROM pw GROUP BY grp, pid)
SELECT pw.grp, pw.pid AS person, ${meetingTypeSql('m.attendees', 'm.scheduled_hours')} AS meeting_type,
  m.MeetingId, m.adjusted_hours, w.n_weeks
FROM ${derived('meeting_attendance')} m
JOIN pw ON pw.pid = m.pid AND pw.week = m.week
JOIN weeks_in_group w ON w.grp IS NOT DISTINCT FROM pw.grp AND w.pid = pw.pid
WHERE ${attendedCondition(params, 'm.is_accepted')}`;
    return {
      groupedBy: String(params.by),
      requires: ['person_week', 'meeting_attendance'],
      notes: [{ sql: `SELECT DISTINCT meeting_type FROM (${unitsSql})`, note: (rows) => absentTypesNote(rows.map((r) => String(r.meeting_type))) }],
      main: {
        unitsSql,
        populationSql: `SELECT ${groupValueSql(`a.${by}`, params)} AS grp, p.pid AS person FROM ${derived('person_week')} p JOIN ${ATTRIBUTES} a ON a.PersonHistoricalId = p.PersonHistoricalId WHERE ${periodCondition(params, 'p.week')}`,
        dimensions: ['meeting_type'],
        // Person-metrics shows each group's meeting hours (the sum over types), and grouping by an
        // attribute everyone shares gives each type's total: neither may give away a hidden cell.
        margins: [['grp'], ['meeting_type']],
        aggregates: [
          { name: 'meetings', sql: 'count(DISTINCT MeetingId)' },
          { name: 'attendee_hours', sql: `round(${exactSum('adjusted_hours')}, 2)` },
          // Unrounded here: shares are computed from it, and it is rounded for display after.
          { name: 'hours_per_person_week', sql: `${exactSum('adjusted_hours / n_weeks')} / any_value(group_size)` },
        ],
        finalSql: `SELECT * REPLACE (${r3('hours_per_person_week')} AS hours_per_person_week) FROM (
  SELECT *, round(100.0 * hours_per_person_week / nullif(${exactSumOver('hours_per_person_week', '(PARTITION BY grp)')}, 0), 2) AS share_of_hours FROM guarded)`,
        orderBy: `grp, CASE meeting_type ${MEETING_TYPES.map((t, i) => `WHEN '${t}' THEN ${i}`).join(' ')} ELSE 99 END`,
      },
    };
  },
};
