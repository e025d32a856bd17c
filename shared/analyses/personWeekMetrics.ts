/**
 * The person-week metrics (analyses.md, "Person-week metrics computable from the raw tables"): one
 * row per measured employee and week of the period, zeros for weeks without activity. Sales
 * effectiveness, data quality and the person-metrics analysis all read this one definition.
 */
import { derived } from './derived/names.js';
import { allOf, anyOf, FULL_CONTEXT, IN, needRefs, needsMet, PERSON_NEEDS, PERSON_READS, type BuildContext, type Inputs } from './inputs.js';
import { afterHoursCondition, periodCondition } from './sqlParams.js';
import { MEETING_HOUR_COUNTS, MEETING_HOUR_HOURS } from './derived/meetingQuality.js';
import type { AnalysisParam, ParamValues } from './types.js';

export interface MetricDef {
  name: string;
  label: string;
  unit: string;
  exactness: 'exact' | 'approximate';
  /** The definition, naming the documented columns (`Table.Column`) it reads. */
  definition: string;
  /** The documented columns it reads; without its `needs` the metric is NULL (never 0). */
  inputs: Inputs;
  /** Expression over the week's sums of `activity_hour` columns (with `ah` = after hours). */
  sql: string;
  /** A state of the week (network size), not a sum of events: a week split by an HR change repeats it, never adds it. */
  state?: true;
}

/** How a person-week's rows split by HR version merge back in one group: events add up, states do not. */
export const mergeVersionsSql = (m: MetricDef, column = m.name): string => (m.state ? `max(${column})` : `sum(${column})`);

const ah = 'after_hours';

/**
 * Who attended a meeting: the packages (and Viva Insights' person query) count meetings the person
 * accepted or organised; "not declined" adds tentative and no-response invitees. Either way a
 * meeting counts only when not canceled and at least two people did not decline it.
 */
export const ATTENDED_PARAM: AnalysisParam = {
  name: 'attended',
  label: 'Attended means',
  kind: 'enum',
  options: ['accepted', 'not_declined'],
  optionLabels: { accepted: 'Accepted or organised (the packages\' rule)', not_declined: 'Not declined (accepted, tentative, no response, organiser)' },
  default: 'accepted',
  description: 'Which invitees attended a meeting (MeetingParticipants.Response, IsOrganizer): accepted or organised — the wpa / vivainsights packages\' rule, the default — or anyone who did not decline.',
};

/** SQL condition on an accepted-or-organised flag column that keeps the chosen attendees. */
export function attendedCondition(params: ParamValues, column = 'accepted'): string {
  return params.attended === 'not_declined' ? 'true' : column;
}

const ATTENDED = 'attended = accepted or organised (MeetingParticipants.Response, IsOrganizer; the packages\' rule, default) or not declined, by the "Attended means" parameter';

const emailHours = allOf(IN.emails, IN.emailTime);
const meetingHours = allOf(IN.meetings, IN.meetingTime);
const collaboration = anyOf(emailHours, meetingHours, IN.calls, allOf(IN.ims, IN.imTime));
const withExternal = (i: Inputs): Inputs => ({ needs: i.needs, reads: [...i.reads, 'PersonHistorical.PopulationType', 'PersonHistorical.IsInternal'] });
/** Meaningful interactions for network size: emails, meetings, calls (people on them) and IMs. */
const network = withExternal(anyOf(IN.emails, IN.meetings, IN.calls, IN.ims));

export const PERSON_WEEK_METRICS: MetricDef[] = [
  { name: 'emails_sent', label: 'Emails sent', unit: 'emails', exactness: 'exact', definition: 'MailParticipants rows with IsSender, in the week of Mails.SentTime.', inputs: IN.emails, sql: 'emails_sent' },
  {
    name: 'email_hours', label: 'Email hours', unit: 'hours', exactness: 'exact',
    definition: "Σ MailParticipants.PersonTimeSpentInHours (else PersonTimeSpentInMinutes / 60; for the sender, else Mails.SenderTimeSpentinMinutes / 60) — Microsoft's heuristic — over emails sent and received.",
    inputs: emailHours, sql: 'email_hours',
  },
  { name: 'meetings', label: 'Meetings', unit: 'meetings', exactness: 'exact', definition: `Meetings attended: not Meetings.IsCanceled, ≥ 2 people who did not decline (MeetingParticipants.Response); ${ATTENDED}; in the week of Meetings.StartTime.`, inputs: IN.meetings, sql: 'meetings' },
  { name: 'meeting_hours', label: 'Meeting hours', unit: 'hours', exactness: 'exact', definition: "Σ the attendee's MeetingParticipants.DurationMinutesAdjusted / 60 (else Meetings.DurationMinutes / 60) over meetings attended.", inputs: meetingHours, sql: 'meeting_hours' },
  { name: 'double_booked_meeting_hours', label: 'Double-booked meeting hours', unit: 'hours', exactness: 'exact', definition: 'Meeting hours of meetings where the person is MeetingParticipants.IsDoubleBooked (another meeting or appointment on the calendar at that time, attended or not).', inputs: allOf(meetingHours, { needs: ['MeetingParticipants.IsDoubleBooked'], reads: [] }), sql: 'double_booked_hours' },
  {
    name: 'conflicting_meeting_hours', label: 'Conflicting meeting hours', unit: 'hours', exactness: 'exact',
    definition: 'Meeting hours of accepted (or organised) meetings that overlap another meeting the person accepted or organised (Meetings.StartTime to StartTime + DurationMinutes), as the packages\' Conflicting_meeting_hours; only accepted meetings conflict, whichever "attended" is chosen.',
    inputs: allOf(meetingHours, { needs: ['MeetingParticipants.Response', 'Meetings.DurationMinutes'], reads: ['MeetingParticipants.IsOrganizer'] }), sql: 'conflicting_meeting_hours',
  },
  {
    name: 'multitasking_meeting_hours', label: 'Multitasking meeting hours', unit: 'hours', exactness: 'exact',
    definition: "Meeting hours of meetings in which the person's MeetingParticipants.NumberOfEmailsDuringMeeting is ≥ 2 per scheduled hour (Meetings.DurationMinutes; ≥ 2 for meetings under 1 h).",
    inputs: allOf(meetingHours, { needs: ['MeetingParticipants.NumberOfEmailsDuringMeeting'], reads: ['Meetings.DurationMinutes'] }), sql: 'multitasking_meeting_hours',
  },
  {
    name: 'redundant_meeting_hours', label: 'Redundant meeting hours', unit: 'hours', exactness: 'approximate',
    definition: "Meeting hours of meetings the person's manager and skip-level manager (PersonHistorical.ManagerId, and the manager's ManagerId) also attend: three levels of one reporting line. The packages' Redundant_meeting_hours__organizational_ counts any three levels of the hierarchy; the export carries only each person's own line.",
    inputs: allOf(meetingHours, { needs: ['PersonHistorical.ManagerId'], reads: [] }), sql: 'redundant_meeting_hours',
  },
  {
    name: 'low_quality_meeting_hours', label: 'Low-quality meeting hours', unit: 'hours', exactness: 'approximate',
    definition: 'Meeting hours of meetings that are multitasking (MeetingParticipants.NumberOfEmailsDuringMeeting), conflicting or redundant, each hour once, as the packages\' Low_quality_meeting_hours; approximate because redundant is.',
    inputs: allOf(meetingHours, { needs: ['MeetingParticipants.NumberOfEmailsDuringMeeting'], reads: ['PersonHistorical.ManagerId', 'MeetingParticipants.Response'] }), sql: 'low_quality_meeting_hours',
  },
  { name: 'meetings_with_manager', label: 'Meetings with manager', unit: 'meetings', exactness: 'exact', definition: "Meetings attended that the person's manager (PersonHistorical.ManagerId of the version on the meeting, resolved in the EmailAddress token space) also attends (did not decline), of any size.", inputs: allOf(IN.meetings, { needs: ['PersonHistorical.ManagerId'], reads: [] }), sql: 'manager_meetings' },
  { name: 'meeting_hours_with_manager', label: 'Meeting hours with manager', unit: 'hours', exactness: 'exact', definition: 'Meeting hours of meetings with the manager (PersonHistorical.ManagerId attends), any size.', inputs: allOf(meetingHours, { needs: ['PersonHistorical.ManagerId'], reads: [] }), sql: 'manager_meeting_hours' },
  { name: 'meetings_with_manager_1on1', label: 'Meetings with manager 1:1', unit: 'meetings', exactness: 'exact', definition: 'Meetings attended with exactly 2 attendees, the other being the manager (PersonHistorical.ManagerId).', inputs: allOf(IN.meetings, { needs: ['PersonHistorical.ManagerId'], reads: [] }), sql: 'manager_1on1_meetings' },
  { name: 'meetings_with_skip_level', label: 'Meetings with skip level', unit: 'meetings', exactness: 'exact', definition: "Meetings attended that the manager's manager (the manager's PersonHistorical.ManagerId on their version valid at Meetings.StartTime) also attends, of any size.", inputs: allOf(IN.meetings, { needs: ['PersonHistorical.ManagerId'], reads: ['PersonHistorical.StartDate', 'PersonHistorical.EndDate'] }), sql: 'skip_level_meetings' },
  { name: 'meeting_hours_with_skip_level', label: 'Meeting hours with skip level', unit: 'hours', exactness: 'exact', definition: 'Meeting hours of meetings with the skip-level manager (the manager\'s PersonHistorical.ManagerId attends), any size.', inputs: allOf(meetingHours, { needs: ['PersonHistorical.ManagerId'], reads: [] }), sql: 'skip_level_meeting_hours' },
  { name: 'meetings_organized', label: 'Meetings organized', unit: 'meetings', exactness: 'exact', definition: 'Counted meetings the person organised (MeetingParticipants.IsOrganizer).', inputs: allOf(IN.meetings, { needs: ['MeetingParticipants.IsOrganizer'], reads: [] }), sql: 'meetings_organized' },
  { name: 'generated_workload_meeting_hours', label: 'Generated workload meeting hours', unit: 'hours', exactness: 'exact', definition: "Σ the other attendees' meeting hours (MeetingParticipants.DurationMinutesAdjusted / 60, attendees who did not decline) in counted meetings the person organised (MeetingParticipants.IsOrganizer), as the packages' Generated_workload_meeting_hours.", inputs: allOf(meetingHours, { needs: ['MeetingParticipants.IsOrganizer'], reads: [] }), sql: 'generated_meeting_hours' },
  { name: 'generated_workload_meeting_attendees', label: 'Generated workload meeting attendees', unit: 'people', exactness: 'exact', definition: 'Other attendees (people who did not decline, MeetingParticipants.Response) of counted meetings the person organised (MeetingParticipants.IsOrganizer), summed over the meetings.', inputs: allOf(IN.meetings, { needs: ['MeetingParticipants.IsOrganizer'], reads: [] }), sql: 'generated_meeting_attendees' },
  { name: 'generated_workload_email_hours', label: 'Generated workload email hours', unit: 'hours', exactness: 'exact', definition: "Σ the recipients' email hours (MailParticipants.PersonTimeSpentInHours, else PersonTimeSpentInMinutes / 60; recipients who are people, internal or external) of emails the person sent (MailParticipants.IsSender), as the packages' Generated_workload_email_hours.", inputs: emailHours, sql: 'generated_email_hours' },
  { name: 'generated_workload_email_recipients', label: 'Generated workload email recipients', unit: 'people', exactness: 'exact', definition: 'Recipients (MailParticipants rows without MailParticipants.IsSender that are people, not the sender) of emails the person sent, summed over the emails.', inputs: IN.emails, sql: 'generated_email_recipients' },
  {
    name: 'workweek_span', label: 'Workweek span', unit: 'hours', exactness: 'approximate',
    definition: 'Σ over the days of the week of the time from the first to the last local clock hour with an email sent (MailParticipants.IsSender at LocalSentTime) or a meeting attended (MeetingParticipants.LocalStartTime for Meetings.DurationMinutes), as the packages\' Workweek_span; to the whole hour (an email at 9:10 and one at 16:50 span 8 h), every day of the week.',
    inputs: anyOf(IN.emails, IN.meetings), sql: 'workweek_span',
  },
  {
    name: 'uninterrupted_hours', label: 'Uninterrupted hours', unit: 'hours', exactness: 'approximate',
    definition: 'Σ over Monday–Friday of the open blocks of at least 1 h within working hours between the meetings attended (local MeetingParticipants.LocalStartTime for Meetings.DurationMinutes); a day without meetings is one block. Calendar only: emails, calls and chats do not interrupt.',
    inputs: IN.meetings, sql: 'uninterrupted_hours',
  },
  {
    name: 'focus_hours', label: 'Focus hours', unit: 'hours', exactness: 'approximate',
    definition: "As uninterrupted hours with blocks of at least 2 h between meetings attended (MeetingParticipants.LocalStartTime for Meetings.DurationMinutes), the packages' Total_focus_hours (2-hour or longer meeting-free blocks in working hours).",
    inputs: IN.meetings, sql: 'focus_hours',
  },
  { name: 'calls', label: 'Calls', unit: 'calls', exactness: 'exact', definition: "CallParticipants rows, in the week of the call's earliest CallParticipants.LocalStartTime.", inputs: IN.calls, sql: 'calls' },
  { name: 'call_hours', label: 'Call hours', unit: 'hours', exactness: 'exact', definition: 'Σ CallParticipants.LocalEndTime − LocalStartTime.', inputs: IN.calls, sql: 'call_hours' },
  { name: 'ims_sent', label: 'IMs sent', unit: 'messages', exactness: 'exact', definition: 'InstantMessageParticipants rows with IsSender, in the week of InstantMessages.SentTime.', inputs: IN.ims, sql: 'ims_sent' },
  { name: 'im_hours', label: 'IM hours', unit: 'hours', exactness: 'exact', definition: 'Σ InstantMessageParticipants.SenderTimeSpentInMinutes / 60 of IMs sent.', inputs: allOf(IN.ims, IN.imTime), sql: 'im_hours' },
  { name: 'after_hours_ims', label: 'After-hours IMs', unit: 'messages', exactness: 'exact', definition: "IMs sent with InstantMessageParticipants.isAfterHours (the tenant's own working hours).", inputs: allOf(IN.ims, { needs: ['InstantMessageParticipants.isAfterHours'], reads: [] }), sql: 'ims_sent_flagged_after_hours' },
  { name: 'after_hours_email_hours', label: 'After-hours email hours', unit: 'hours', exactness: 'approximate', definition: 'Email hours of emails whose local send time (MailParticipants.LocalSentTime, else Mails.SentTime) is outside working hours.', inputs: emailHours, sql: `email_hours_${ah}` },
  { name: 'after_hours_meeting_hours', label: 'After-hours meeting hours', unit: 'hours', exactness: 'approximate', definition: 'The part of meeting hours falling outside working hours (the local clock hours from MeetingParticipants.LocalStartTime for Meetings.DurationMinutes).', inputs: meetingHours, sql: `meeting_hours_${ah}` },
  { name: 'after_hours_call_hours', label: 'After-hours call hours', unit: 'hours', exactness: 'approximate', definition: 'The part of call hours (CallParticipants.LocalStartTime to LocalEndTime) falling outside working hours.', inputs: IN.calls, sql: `call_hours_${ah}` },
  { name: 'after_hours_hours', label: 'After-hours collaboration hours', unit: 'hours', exactness: 'approximate', definition: 'Email, meeting, call and IM hours outside working hours, on the local clock (MailParticipants.LocalSentTime, MeetingParticipants.LocalStartTime, CallParticipants.LocalStartTime–LocalEndTime, InstantMessageParticipants.LocalSentTime).', inputs: collaboration, sql: `email_hours_${ah} + meeting_hours_${ah} + call_hours_${ah} + im_hours_${ah}` },
  { name: 'collaboration_hours', label: 'Collaboration hours', unit: 'hours', exactness: 'approximate', definition: 'Meeting + call + email + IM hours (MeetingParticipants.DurationMinutesAdjusted, CallParticipants.LocalStartTime–LocalEndTime, MailParticipants.PersonTimeSpentInHours, InstantMessageParticipants.SenderTimeSpentInMinutes); overlaps (an email sent in a meeting) are not removed. Without a source (its table or time column not in the export) it is the sum of the others, and the run says so.', inputs: collaboration, sql: 'meeting_hours + call_hours + email_hours + im_hours' },
  { name: 'external_collaboration_hours', label: 'External collaboration hours', unit: 'hours', exactness: 'approximate', definition: 'Collaboration hours on emails, meetings, calls and IMs that had an external collaborator on them (PersonHistorical.PopulationType ExternalCollaborator, or IsInternal false).', inputs: withExternal(collaboration), sql: 'ext_email_hours + ext_meeting_hours + ext_call_hours + ext_im_hours' },
  { name: 'internal_collaboration_hours', label: 'Internal collaboration hours', unit: 'hours', exactness: 'approximate', definition: 'Collaboration hours of activities without an external collaborator (PersonHistorical.PopulationType ExternalCollaborator, or IsInternal false).', inputs: withExternal(collaboration), sql: '(meeting_hours + call_hours + email_hours + im_hours) - (ext_email_hours + ext_meeting_hours + ext_call_hours + ext_im_hours)' },
  { name: 'internal_network_size', label: 'Internal network size', unit: 'people', exactness: 'approximate', definition: 'Distinct internal people (measured employees, internal collaborators; PersonHistorical.PopulationType) with ≥ 2 meaningful interactions in the trailing 4 weeks; meaningful = an email, meeting or call with 2–8 people on it (MailParticipants, MeetingParticipants, CallParticipants rows), or 3 IMs (InstantMessageParticipants.IsSender to each recipient). Close to Microsoft\'s; early weeks see fewer than 4 weeks.', inputs: network, sql: 'internal_network', state: true },
  { name: 'external_network_size', label: 'External network size', unit: 'people', exactness: 'approximate', definition: 'Distinct external collaborators (PersonHistorical.PopulationType ExternalCollaborator, or IsInternal false) with ≥ 2 meaningful interactions in the trailing 4 weeks.', inputs: network, sql: 'external_network', state: true },
  { name: 'manager_1on1_hours', label: 'Manager 1:1 hours', unit: 'hours', exactness: 'exact', definition: "Meeting hours of 2-person meetings with the person's PersonHistorical.ManagerId (exact when ManagerId uses the EmailAddress token space; otherwise 0).", inputs: allOf(meetingHours, { needs: ['PersonHistorical.ManagerId'], reads: [] }), sql: 'manager_1on1_hours' },
  { name: 'networking_outside_organization', label: 'Networking outside organization', unit: 'organizations', exactness: 'approximate', definition: "Distinct PersonHistorical.Organization values, other than the person's own, of internal people in the person's network (the internal network size's ties: ≥ 2 meaningful interactions in the trailing 4 weeks).", inputs: withExternal(allOf(network, { needs: ['PersonHistorical.Organization'], reads: [] })), sql: 'outside_organization', state: true },
  { name: 'networking_outside_company', label: 'Networking outside company', unit: 'domains', exactness: 'approximate', definition: "Distinct domains of PersonHistorical.ExternalCollaboratorId (the part after @) of external collaborators in the person's network (the external network size's ties). Needs external ids in the export (a tenant setting); without them the metric is empty.", inputs: allOf(network, { needs: ['PersonHistorical.ExternalCollaboratorId'], reads: [] }), sql: 'outside_company', state: true },
];

/** What any analysis over the person-week metrics reads: the population and every metric's columns. */
export function metricsInputs(metrics: readonly MetricDef[] = PERSON_WEEK_METRICS): Inputs {
  return { needs: PERSON_NEEDS, reads: [...new Set([...PERSON_READS, ...metrics.flatMap((m) => [...m.inputs.reads, ...needRefs(m.inputs.needs)])])] };
}

export const METRIC_NAMES = PERSON_WEEK_METRICS.map((m) => m.name);

export function findMetric(name: string): MetricDef {
  const m = PERSON_WEEK_METRICS.find((x) => x.name === name);
  if (!m) throw new Error(`unknown person-week metric ${name}`);
  return m;
}

/** A metric's expression, or NULL when the export lacks what it needs (never counted as 0). */
export function metricSql(m: MetricDef, ctx: BuildContext = FULL_CONTEXT): string {
  return needsMet(m.inputs.needs, ctx) ? m.sql : 'CAST(NULL AS DOUBLE)';
}

/** Per-person-week sums of activity_hour (emails, calls, IMs; meetings come from meeting_hour). */
const ACTIVITY = ['emails_sent', 'email_hours', 'ext_email_hours', 'calls', 'call_hours', 'ext_call_hours', 'ims_sent', 'ims_sent_flagged_after_hours', 'im_hours', 'ext_im_hours'];
const ACTIVITY_AFTER_HOURS = ['email_hours', 'call_hours', 'im_hours'];
const MEETING = [...MEETING_HOUR_COUNTS, ...MEETING_HOUR_HOURS];
const GENERATED = ['generated_emails', 'generated_email_recipients', 'generated_email_hours'];
const DAY_METRICS = ['workweek_span', 'uninterrupted_hours', 'focus_hours'];

/**
 * One row per measured employee × week of the period (`grain: 'week'`, the HR version valid that
 * week) or per employee × week × HR version in effect during the week (`grain: 'event'`): each
 * activity then counts for the version valid at its local time (day metrics: at the day's start),
 * a week with an HR change gives a row per version, and state metrics (network size, networking)
 * repeat on each. Columns: `week`, `pid`, `PersonHistoricalId` and every metric by name.
 */
export function personWeekMetricsSql(params: ParamValues, metrics: readonly MetricDef[] = PERSON_WEEK_METRICS, ctx: BuildContext = FULL_CONTEXT, opts: { grain?: 'week' | 'event' } = {}): string {
  const period = periodCondition(params);
  const after = afterHoursCondition(params, 'x.dow', 'x.hour');
  const event = opts.grain === 'event';
  const attended = attendedCondition(params);
  const ws = Number(params.workStart ?? 8);
  const we = Number(params.workEnd ?? 17);
  const dayLength = Math.max(0, we - ws);
  /**
   * A (pid, week, dow, hour) source summed per person-week and HR version (`vid`). Almost every
   * person-week has one version for all its slots: those are summed per person-week first and get
   * the week's version after, so the millions of hour slots are grouped by two integers and never
   * range-joined. Only the weeks of `split` (an HR change within the week) look up the version of
   * each slot (as-of-event attribution; slots no version covers count for the week's).
   */
  const versionedSums = (from: string, select: string, where = 'true') => {
    const whole = `SELECT s.pid, s.week, pw.PersonHistoricalId AS vid, s.* EXCLUDE (pid, week)
  FROM (SELECT x.pid, x.week, ${select} FROM ${from} x WHERE ${where} AND ${periodCondition(params, 'x.week')} GROUP BY x.pid, x.week) s
  JOIN pw ON pw.pid = s.pid AND pw.week = s.week`;
    if (!event) return whole;
    // The source joins `split` alone (it carries the week's version): with no split week, nothing more is joined.
    return `${whole}
  WHERE NOT EXISTS (SELECT 1 FROM split WHERE split.pid = s.pid AND split.week = s.week)
  UNION ALL
  SELECT x.pid, x.week, coalesce(v.PersonHistoricalId, split.week_vid) AS vid, ${select}
  FROM ${from} x
  JOIN split ON split.pid = x.pid AND split.week = x.week
  LEFT JOIN ${derived('person_week_version')} v ON v.pid = x.pid AND v.week = x.week AND CAST(x.dow AS INTEGER) * 24 + x.hour >= v.from_slot AND CAST(x.dow AS INTEGER) * 24 + x.hour < v.to_slot
  WHERE ${where}
  GROUP BY x.pid, x.week, vid`;
  };
  const sums = (cols: readonly string[]) => cols.map((c) => `sum(x.${c}) AS ${c}`);
  const afterSums = (cols: readonly string[]) => cols.map((c) => `coalesce(sum(x.${c}) FILTER (WHERE ${after}), 0) AS ${c}_after_hours`);
  const rows = event
    ? `SELECT week, pid, PersonHistoricalId FROM ${derived('person_week_version')} WHERE ${period} UNION SELECT week, pid, PersonHistoricalId FROM pw`
    : 'SELECT week, pid, PersonHistoricalId FROM pw';
  // Only the sums a chosen metric reads are computed, and a source none reads is not joined:
  // distribution and trend show one metric, and summing every column of millions of slots is most of the cost.
  const reads = (cols: readonly string[]) => metrics.some((m) => cols.some((c) => new RegExp(`\\b${c}\\b`).test(m.sql)));
  const read = (cols: readonly string[]) => cols.filter((c) => reads([c]));
  const afterHours = (cols: readonly string[]) => cols.filter((c) => reads([`${c}_after_hours`]));
  const actAfter = afterHours(ACTIVITY_AFTER_HOURS);
  const meetAfter = afterHours(['meeting_hours']);
  const actSums = [...sums(read(ACTIVITY)), ...afterSums(actAfter)];
  const meetSums = [...sums(read(MEETING)), ...afterSums(meetAfter)];
  const genSums = sums(read(GENERATED));
  const withDays = reads(DAY_METRICS);
  const withReach = reads(['outside_organization', 'outside_company']);
  /** Every column the joined row carries: from its source when that was summed (or joined), else 0. */
  const fill = (alias: string, cols: readonly string[], summed: readonly string[]) => cols.map((c) => (summed.includes(c) ? `coalesce(${alias}.${c}, 0) AS ${c}` : `0 AS ${c}`));
  const withAfter = (cols: readonly string[]) => cols.map((c) => `${c}_after_hours`);
  const filled = [
    ...fill('act', [...ACTIVITY, ...withAfter(ACTIVITY_AFTER_HOURS)], [...read(ACTIVITY), ...withAfter(actAfter)]),
    ...fill('meet', [...MEETING, 'meeting_hours_after_hours'], [...read(MEETING), ...withAfter(meetAfter)]),
    ...fill('gen', GENERATED, read(GENERATED)),
    ...fill('days', DAY_METRICS, withDays ? DAY_METRICS : []),
    ...fill('reach', ['outside_organization', 'outside_company'], withReach ? ['outside_organization', 'outside_company'] : []),
  ];
  return `WITH pw AS (
  SELECT week, pid, PersonHistoricalId FROM ${derived('person_week')} WHERE ${period}
),
${event ? `-- Person-weeks with an HR change within the week: their slots look up their version.
split AS (
  SELECT DISTINCT v.pid, v.week, pw.PersonHistoricalId AS week_vid FROM ${derived('person_week_version')} v JOIN pw ON pw.pid = v.pid AND pw.week = v.week
  WHERE v.PersonHistoricalId <> pw.PersonHistoricalId
),
` : ''}${actSums.length ? `act AS (
  ${versionedSums(derived('activity_hour'), actSums.join(', '))}
),` : ''}
meet_slots AS (SELECT * FROM ${derived('meeting_hour')} WHERE ${attended}),
${meetSums.length ? `meet AS (
  ${versionedSums(derived('meeting_hour'), meetSums.join(', '), attendedCondition(params, 'x.accepted'))}
),` : ''}
${genSums.length ? `gen AS (
  ${versionedSums(derived('generated_email'), genSums.join(', '))}
),` : ''}
-- Days: the version of a day is the one valid at its start.
day_v AS (
  SELECT pw.pid, pw.week, CAST(d.dow AS TINYINT) AS dow, ${event ? 'coalesce(v.PersonHistoricalId, pw.PersonHistoricalId)' : 'pw.PersonHistoricalId'} AS vid
  FROM pw CROSS JOIN range(0, 7) d(dow)
  ${event ? `LEFT JOIN ${derived('person_week_version')} v ON v.pid = pw.pid AND v.week = pw.week AND CAST(d.dow AS INTEGER) * 24 >= v.from_slot AND CAST(d.dow AS INTEGER) * 24 < v.to_slot` : ''}
),
-- Workweek span: first to last local hour with an email sent or a meeting attended, per day.
span AS (
  SELECT pid, week, dow, max(hour) - min(hour) + 1 AS span FROM (
    SELECT pid, week, dow, hour FROM ${derived('activity_hour')} WHERE emails_sent > 0 AND ${period}
    UNION ALL SELECT pid, week, dow, hour FROM meet_slots WHERE meeting_hours > 0 AND ${period}
  ) GROUP BY pid, week, dow
),
-- Open time: gaps between the meetings attended within working hours (Mon–Fri, local clock).
busy AS (
  SELECT pid, CAST(date_trunc('week', local_start) AS DATE) AS week, CAST(isodow(local_start) - 1 AS TINYINT) AS dow,
    date_trunc('day', local_start) + to_hours(${ws}) AS day_start, date_trunc('day', local_start) + to_hours(${we}) AS day_end,
    greatest(local_start, date_trunc('day', local_start) + to_hours(${ws})) AS s, least(local_end, date_trunc('day', local_start) + to_hours(${we})) AS e
  FROM ${derived('meeting_attendance')} WHERE is_measured AND ${attendedCondition(params, 'is_accepted')} AND isodow(local_start) <= 5
),
ordered AS (
  SELECT *, max(e) OVER (PARTITION BY pid, week, dow ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end,
    max(e) OVER (PARTITION BY pid, week, dow) AS last_end
  FROM busy WHERE e > s
),
gaps AS (
  SELECT pid, week, dow, date_diff('second', coalesce(prev_end, day_start), s) / 3600.0 AS g FROM ordered
  UNION ALL SELECT DISTINCT pid, week, dow, date_diff('second', last_end, day_end) / 3600.0 FROM ordered
),
open_days AS (
  SELECT pid, week, dow, sum(CASE WHEN g >= 1 THEN g ELSE 0 END) AS open1, sum(CASE WHEN g >= 2 THEN g ELSE 0 END) AS open2 FROM gaps GROUP BY pid, week, dow
),
days AS (
  SELECT d.pid, d.week, d.vid,
    sum(coalesce(sp.span, 0)) AS workweek_span,
    sum(CASE WHEN d.dow >= 5 THEN 0 WHEN o.pid IS NOT NULL THEN o.open1 ELSE ${dayLength >= 1 ? dayLength : 0} END) AS uninterrupted_hours,
    sum(CASE WHEN d.dow >= 5 THEN 0 WHEN o.pid IS NOT NULL THEN o.open2 ELSE ${dayLength >= 2 ? dayLength : 0} END) AS focus_hours
  FROM day_v d
  LEFT JOIN span sp ON sp.pid = d.pid AND sp.week = d.week AND sp.dow = d.dow
  LEFT JOIN open_days o ON o.pid = d.pid AND o.week = d.week AND o.dow = d.dow
  GROUP BY d.pid, d.week, d.vid
),
joined AS (
  SELECT r.week, r.pid, r.PersonHistoricalId,
    ${filled.join(', ')},
    coalesce(n.internal_network, 0) AS internal_network, coalesce(n.external_network, 0) AS external_network
  FROM (${rows}) r
  ${actSums.length ? 'LEFT JOIN act ON act.pid = r.pid AND act.week = r.week AND act.vid = r.PersonHistoricalId' : ''}
  ${meetSums.length ? 'LEFT JOIN meet ON meet.pid = r.pid AND meet.week = r.week AND meet.vid = r.PersonHistoricalId' : ''}
  ${genSums.length ? 'LEFT JOIN gen ON gen.pid = r.pid AND gen.week = r.week AND gen.vid = r.PersonHistoricalId' : ''}
  ${withDays ? 'LEFT JOIN days ON days.pid = r.pid AND days.week = r.week AND days.vid = r.PersonHistoricalId' : ''}
  LEFT JOIN ${derived('network_size')} n ON n.pid = r.pid AND n.week = r.week
  ${withReach ? `LEFT JOIN ${derived('network_reach')} reach ON reach.pid = r.pid AND reach.week = r.week` : ''}
)
SELECT week, pid, PersonHistoricalId, ${metrics.map((m) => `${metricSql(m, ctx)} AS ${m.name}`).join(', ')}
FROM joined`;
}

export const PERSON_WEEK_REQUIRES = ['person_week', 'person_week_version', 'activity_hour', 'meeting_hour', 'meeting_attendance', 'generated_email', 'network_size', 'network_reach'] as const;
