/**
 * Working pattern: when in the week do people collaborate? An hourly heatmap of collaboration
 * hours per person per week, by local hour × weekday (everyone) or local hour × group.
 */
import { derived } from './derived/names.js';
import { afterHoursCondition, ATTRIBUTES, byParam, PERIOD_PARAMS, periodCondition, exactSum, r3, weekdayName, WORKING_HOURS_PARAMS } from './sqlParams.js';
import { EMPTY_GROUP_LABEL, type AnalysisDef, type ParamValues } from './types.js';
import { allOf, IN, PERSON_NEEDS, PERSON_READS, type Inputs } from './inputs.js';
import { findMetric } from './personWeekMetrics.js';
import { ident, literal } from '../sql/quote.js';
import { BLANK_VALUES_PARAM, groupValueSql } from './groupValue.js';
import { peopleCountSql } from '../privacy.js';

/**
 * `active`: the person did something in the slot themselves: sent an email or IM, attended (or
 * organised) a meeting or a call. Receiving mail is not activity: reading time counts in the
 * hours, but a mailbox that receives at 1 AM is not a person at work at 1 AM.
 */
const SENT_MAIL = 'emails_sent > 0';
const SENT_IM = 'ims_sent > 0';
const IN_MEETING = '(meetings > 0 OR meeting_hours > 0)';
const ON_CALL = '(calls > 0 OR call_hours > 0)';
const ACTIVITY: Record<string, { label: string; sql: string; active: string; inputs: Inputs }> = {
  collaboration: { label: 'Collaboration hours (email + meeting + call + IM)', sql: 'email_hours + meeting_hours + call_hours + im_hours', active: `${SENT_MAIL} OR ${SENT_IM} OR ${IN_MEETING} OR ${ON_CALL}`, inputs: findMetric('collaboration_hours').inputs },
  email: { label: 'Email hours', sql: 'email_hours', active: SENT_MAIL, inputs: allOf(IN.emails, IN.emailTime) },
  meeting: { label: 'Meeting hours', sql: 'meeting_hours', active: IN_MEETING, inputs: allOf(IN.meetings, IN.meetingTime) },
  call: { label: 'Call hours', sql: 'call_hours', active: ON_CALL, inputs: IN.calls },
  im: { label: 'IM hours', sql: 'im_hours', active: SENT_IM, inputs: allOf(IN.ims, IN.imTime) },
};
const activityOf = (params: ParamValues) => ACTIVITY[String(params.activity ?? 'collaboration')] ?? ACTIVITY.collaboration;

/**
 * What the two people counts count (activity_hour): time lands in a slot for mail sent or received
 * (a recipient's reading time at the local hour the mail was sent), meetings and calls
 * attended (over the hours they span) and IMs sent; activity is only what the person did there.
 * Anyone with time but no activity in a slot only received mail in it.
 */
const peopleWithHours = (slot: string) =>
  `People with time attributed to the ${slot} in at least one week: mail they sent or received (a received mail's reading time counts at the local hour it was sent), meetings and calls they attended (spread over the hours they span), IMs they sent; for one activity, that activity's time. ` +
  'So this is always at least the people active: the others only received mail in it.';
const peopleActive = (slot: string, when: string) =>
  `Sent an email or an IM, or attended or organised a meeting or a call, in the ${slot} ${when} (for one activity: that activity). Receiving mail is not activity, so this is at most the people with hours.`;

export const ALL_PEOPLE_LABEL = 'All measured employees';
/** Units are one per group, person and slot (grouped so below), and their groups are the population's. */
const UNIQUE = { oneUnitPerPersonCell: true } as const;
const HOURS = Array.from({ length: 24 }, (_, h) => String(h));

export const workingPattern: AnalysisDef = {
  id: 'working-pattern',
  title: 'Hourly working pattern',
  question: 'At which hours and on which days do people collaborate, and does it differ by group?',
  definition:
    "Local time of each activity: emails and IMs at their send time (MailParticipants / InstantMessageParticipants.LocalSentTime), meetings from MeetingParticipants.LocalStartTime for Meetings.DurationMinutes and calls from CallParticipants.LocalStartTime to LocalEndTime, spread over the clock hours they span (the attendee's MeetingParticipants.DurationMinutesAdjusted in proportion to the minutes in each hour). " +
    'Value = hours in that hour slot per person per week: each person\'s slot hours over their weeks in the period, averaged over everyone in the group (people with nothing in the slot count as 0). ' +
    'Active in a slot = the person sent an email or an IM, or attended or organised a meeting or a call, in that hour (for one activity: that activity); receiving mail is not activity, though its reading time counts in the hours. ' +
    'A slot is shown only if at least the minimum group size of people have hours in it; the share active is each person\'s share of weeks active in the slot, averaged over the group; the count and share of active people are shown only when the active and the other people are each none or at least the minimum. ' +
    'Both views honour Group by: the weekday view draws one row per group and weekday (everyone together when Group by is empty). In working hours = Mon–Fri within the chosen hours. Approximate: email and IM times are Microsoft\'s heuristics.',
  params: [
    { name: 'view', label: 'View', kind: 'enum', options: ['group', 'weekday'], default: 'group', optionLabels: { group: 'Hour × group', weekday: 'Hour × weekday' }, description: 'group: local hour × group (all days); weekday: local hour × weekday, per group when Group by is set.' },
    { ...byParam('FunctionType', 'HR attribute to group people by (empty: everyone together).'), optional: true },
    BLANK_VALUES_PARAM,
    { name: 'activity', label: 'Activity', kind: 'enum', options: Object.keys(ACTIVITY), optionLabels: { collaboration: 'Collaboration', email: 'Email', meeting: 'Meetings', call: 'Calls', im: 'IMs (instant messages)' }, default: 'collaboration', description: 'Which hours to count.' },
    ...PERIOD_PARAMS,
    ...WORKING_HOURS_PARAMS,
  ],
  columns: [
    { name: 'grp', label: 'Group', role: 'group' },
    { name: 'weekday', label: 'Weekday', role: 'group' },
    // The weekday's number orders the rows and the heatmap's row label names group and weekday: the table shows both already.
    { name: 'dow', label: 'Weekday number (0 = Monday)', role: 'group', hidden: true },
    { name: 'hour', label: 'Local hour', role: 'group' },
    { name: 'slot_row', label: 'Group · weekday', role: 'group', hidden: true },
    { name: 'people', label: 'People with hours (incl. received mail)', role: 'people', definition: peopleWithHours('slot') },
    { name: 'group_size', label: 'Group size', role: 'people', knownInHiddenSlot: { sameAs: ['grp'] } },
    { name: 'hours_per_person_week', label: 'Hours per person per week', unit: 'hours', role: 'metric', exactness: 'approximate' },
    { name: 'active_people', label: 'People active (sent or attended)', role: 'metric', exactness: 'exact', definition: peopleActive('slot', 'in at least one week') },
    { name: 'share_active', label: 'Active in the slot in a typical week', unit: '% of group', role: 'metric', exactness: 'exact', definition: "Σ over the group's people of the share of their weeks they were active in the slot, over the group size." },
    { name: 'in_working_hours', label: 'In working hours', role: 'metric', knownInHiddenSlot: { rule: 'workingHours' } },
  ],
  columnsByView: {
    group: [
      { name: 'grp', label: 'Group', role: 'group' },
      { name: 'hour', label: 'Local hour', role: 'group' },
      { name: 'people', label: 'People with hours (incl. received mail)', role: 'people', definition: peopleWithHours('hour (any day)') },
      { name: 'group_size', label: 'Group size', role: 'people', knownInHiddenSlot: { sameAs: ['grp'] } },
      { name: 'hours_per_person_week', label: 'Hours per person per week', unit: 'hours', role: 'metric', exactness: 'approximate' },
      { name: 'active_people', label: 'People active (sent or attended)', role: 'metric', exactness: 'exact', definition: peopleActive('hour', 'on at least one day') },
      { name: 'share_active', label: 'Active in the hour in a typical week', unit: '% of group', role: 'metric', exactness: 'exact', definition: "Σ over the group's people of the share of their weeks they were active in the hour (any day), over the group size." },
    ],
  },
  chart: { kind: 'heatmap', x: 'hour', y: ['grp'], value: 'hours_per_person_week', title: 'Collaboration by local hour and group (hours per person per week)', xLabel: 'local hour', yLabel: 'group', xOrder: HOURS },
  chartsByView: {
    group: { kind: 'heatmap', x: 'hour', y: ['grp'], value: 'hours_per_person_week', title: 'Collaboration by local hour and group (hours per person per week)', xLabel: 'local hour', yLabel: 'group', xOrder: HOURS },
    weekday: { kind: 'heatmap', x: 'hour', y: ['slot_row'], value: 'hours_per_person_week', title: 'Collaboration by local hour and weekday (hours per person per week)', xLabel: 'local hour', yLabel: 'weekday', xOrder: HOURS },
  },
  inputs: { needs: PERSON_NEEDS, reads: [...new Set([...PERSON_READS, ...Object.values(ACTIVITY).flatMap((a) => a.inputs.reads)])] },
  // The chosen activity must be in the export; "collaboration" sums whichever activities are.
  needsFor: (params) => [...activityOf(params).inputs.needs],
  build(params: ParamValues) {
    const byGroup = params.view === 'group';
    const grouped = typeof params.by === 'string' && params.by !== '';
    const grp = grouped ? groupValueSql(`a.${ident(String(params.by))}`, params) : literal(ALL_PEOPLE_LABEL);
    const activity = activityOf(params);
    const population = `SELECT p.week, p.pid, ${grp} AS grp FROM ${derived('person_week')} p JOIN ${ATTRIBUTES} a ON a.PersonHistoricalId = p.PersonHistoricalId WHERE ${periodCondition(params, 'p.week')}`;
    // Slots are summed per person and integer group number, the group's label and week count
    // joined after: grouping millions of slots by a text label cost most of the run. activity_hour
    // has one row per person, week, weekday and hour, so in the weekday view a slot's active weeks
    // are a count of rows; the hour view first merges a week's weekdays into one row per hour.
    // Active in the slot = at least one active week: read off that count, not a second aggregate
    // (bool_or) over the millions of slots.
    const slot = byGroup ? 'hour' : 'dow, hour';
    const unitsSql = `WITH pw AS (SELECT *, dense_rank() OVER (ORDER BY grp) AS gid FROM (${population})),
weeks_in_group AS (SELECT gid, any_value(grp) AS grp, pid, count(*) AS n_weeks FROM pw GROUP BY gid, pid),
act AS (
  SELECT pid, week, dow, hour, ${activity.sql} AS h, ${activity.active} AS active FROM ${derived('activity_hour')}
  WHERE ${periodCondition(params)} AND (${activity.sql} > 0 OR ${activity.active})
),${byGroup ? `
act_hours AS (SELECT pid, week, hour, sum(h) AS h, bool_or(active) AS active FROM act GROUP BY pid, week, hour),` : ''}
slots AS (
  SELECT pw.gid, act.pid, ${slot.replaceAll(/(\w+)/g, 'act.$1')}, sum(act.h) AS h, count(*) FILTER (WHERE act.active) AS active_weeks
  FROM ${byGroup ? 'act_hours' : 'act'} act
  JOIN pw ON pw.pid = act.pid AND pw.week = act.week
  GROUP BY pw.gid, act.pid, ${slot.replaceAll(/(\w+)/g, 'act.$1')}
)
-- One unit per person and slot: their slot hours over all their weeks in the group, and whether they acted in it.
SELECT w.grp, s.pid AS person, ${slot.replaceAll(/(\w+)/g, 's.$1')}, s.h / w.n_weeks AS h, s.active_weeks > 0 AS active, s.active_weeks / w.n_weeks AS active_weeks
FROM slots s
JOIN weeks_in_group w ON w.gid = s.gid AND w.pid = s.pid`;
    const weekdayRow = grouped ? `coalesce(nullif(grp, ''), ${literal(EMPTY_GROUP_LABEL)}) || ' · ' || ${weekdayName('dow')}` : weekdayName('dow');
    return {
      ...(grouped ? { groupedBy: String(params.by) } : {}),
      requires: ['person_week', 'activity_hour'],
      main: {
        unitsSql,
        ...UNIQUE,
        populationSql: `SELECT grp, pid AS person FROM (${population})`,
        dimensions: byGroup ? ['hour'] : ['dow', 'hour'],
        // Totals a reader sees elsewhere: the weekday view's slots add up to the hour view's cell of
        // the same group and hour, and to the everyone-together slot; hidden slots must not be
        // recoverable from either by subtraction (a walk recovered 38 at a minimum of 20). Group ×
        // hour comes twice: the guard adds one cell per margin and pass, and the everyone pass in
        // between may leave a group × hour short again.
        ...(byGroup ? {} : { margins: [['grp', 'hour'], ['dow', 'hour'], ['grp', 'hour']] }),
        // A heatmap row whose every hour is left out is named by the note (weekday view: "Group · weekday").
        ...(byGroup ? {} : { chartRowSql: weekdayRow }),
        aggregates: [
          { name: 'hours_per_person_week', sql: r3(`${exactSum('h')} / any_value(group_size)`) },
          { name: 'active_people', sql: peopleCountSql(UNIQUE, 'active') },
          { name: 'share_active', sql: `round(100.0 * ${exactSum('active_weeks')} / any_value(group_size), 1)` },
        ],
        // The active people are a subset of the slot's people: shown only when neither they nor the rest are a handful.
        subsetCounts: [{ people: 'active_people', columns: ['active_people', 'share_active'] }],
        finalSql: byGroup
          ? 'SELECT * FROM guarded'
          : `SELECT grp, ${weekdayName('dow')} AS weekday, ${weekdayRow} AS slot_row, * EXCLUDE (grp), NOT ${afterHoursCondition(params)} AS in_working_hours FROM guarded`,
        orderBy: byGroup ? 'grp, hour' : 'grp, dow, hour',
      },
    };
  },
};
