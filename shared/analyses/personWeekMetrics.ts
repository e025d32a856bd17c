/**
 * The person-week metrics (analyses.md, "Person-week metrics computable from the raw tables"): one
 * row per measured employee and week of the period, zeros for weeks without activity. Sales
 * effectiveness, data quality and the person-metrics analysis all read this one definition.
 */
import { derived } from './derived/names.js';
import { allOf, anyOf, FULL_CONTEXT, IN, needRefs, needsMet, PERSON_NEEDS, PERSON_READS, type BuildContext, type Inputs } from './inputs.js';
import { afterHoursCondition, periodCondition } from './sqlParams.js';
import type { ParamValues } from './types.js';

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
}

const ah = 'after_hours';

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
  { name: 'meetings', label: 'Meetings', unit: 'meetings', exactness: 'exact', definition: 'Meetings attended: not Meetings.IsCanceled, MeetingParticipants.Response ≠ declined, ≥ 2 attendees that are people; in the week of Meetings.StartTime.', inputs: IN.meetings, sql: 'meetings' },
  { name: 'meeting_hours', label: 'Meeting hours', unit: 'hours', exactness: 'exact', definition: "Σ the attendee's MeetingParticipants.DurationMinutesAdjusted / 60 (else Meetings.DurationMinutes / 60) over meetings attended.", inputs: meetingHours, sql: 'meeting_hours' },
  { name: 'conflicting_meeting_hours', label: 'Conflicting meeting hours', unit: 'hours', exactness: 'exact', definition: 'Meeting hours of meetings where the person is MeetingParticipants.IsDoubleBooked.', inputs: allOf(meetingHours, { needs: ['MeetingParticipants.IsDoubleBooked'], reads: [] }), sql: 'conflicting_meeting_hours' },
  {
    name: 'multitasking_meeting_hours', label: 'Multitasking meeting hours', unit: 'hours', exactness: 'exact',
    definition: "Meeting hours of meetings in which the person's MeetingParticipants.NumberOfEmailsDuringMeeting is ≥ 2 per scheduled hour (Meetings.DurationMinutes; ≥ 2 for meetings under 1 h).",
    inputs: allOf(meetingHours, { needs: ['MeetingParticipants.NumberOfEmailsDuringMeeting'], reads: ['Meetings.DurationMinutes'] }), sql: 'multitasking_meeting_hours',
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
  { name: 'internal_network_size', label: 'Internal network size', unit: 'people', exactness: 'approximate', definition: 'Distinct internal people (measured employees, internal collaborators; PersonHistorical.PopulationType) with ≥ 2 meaningful interactions in the trailing 4 weeks; meaningful = an email, meeting or call with 2–8 people on it (MailParticipants, MeetingParticipants, CallParticipants rows), or 3 IMs (InstantMessageParticipants.IsSender to each recipient). Close to Microsoft\'s; early weeks see fewer than 4 weeks.', inputs: network, sql: 'internal_network' },
  { name: 'external_network_size', label: 'External network size', unit: 'people', exactness: 'approximate', definition: 'Distinct external collaborators (PersonHistorical.PopulationType ExternalCollaborator, or IsInternal false) with ≥ 2 meaningful interactions in the trailing 4 weeks.', inputs: network, sql: 'external_network' },
  { name: 'manager_1on1_hours', label: 'Manager 1:1 hours', unit: 'hours', exactness: 'exact', definition: "Meeting hours of 2-person meetings with the person's PersonHistorical.ManagerId (exact when ManagerId uses the EmailAddress token space; otherwise 0).", inputs: allOf(meetingHours, { needs: ['PersonHistorical.ManagerId'], reads: [] }), sql: 'manager_1on1_hours' },
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

const SUMMED = [
  'emails_sent', 'email_hours', 'ext_email_hours', 'meetings', 'meeting_hours', 'ext_meeting_hours', 'conflicting_meeting_hours',
  'multitasking_meeting_hours', 'manager_1on1_hours', 'calls', 'call_hours', 'ext_call_hours', 'ims_sent', 'ims_sent_flagged_after_hours', 'im_hours', 'ext_im_hours',
];
const AFTER_HOURS = ['email_hours', 'meeting_hours', 'call_hours', 'im_hours'];

/**
 * One row per measured employee × week of the period: `week`, `pid`, `PersonHistoricalId` (the HR
 * version valid that week) and every metric of `PERSON_WEEK_METRICS` by name.
 */
export function personWeekMetricsSql(params: ParamValues, metrics: readonly MetricDef[] = PERSON_WEEK_METRICS, ctx: BuildContext = FULL_CONTEXT): string {
  const period = periodCondition(params);
  const after = afterHoursCondition(params);
  return `WITH pw AS (
  SELECT week, pid, PersonHistoricalId FROM ${derived('person_week')} WHERE ${period}
),
act AS (
  SELECT pid, week,
    ${SUMMED.map((c) => `sum(${c}) AS ${c}`).join(', ')},
    ${AFTER_HOURS.map((c) => `coalesce(sum(${c}) FILTER (WHERE ${after}), 0) AS ${c}_after_hours`).join(', ')}
  FROM ${derived('activity_hour')} WHERE ${period}
  GROUP BY pid, week
),
joined AS (
  SELECT pw.week, pw.pid, pw.PersonHistoricalId,
    ${[...SUMMED, ...AFTER_HOURS.map((c) => `${c}_after_hours`)].map((c) => `coalesce(act.${c}, 0) AS ${c}`).join(', ')},
    coalesce(n.internal_network, 0) AS internal_network, coalesce(n.external_network, 0) AS external_network
  FROM pw
  LEFT JOIN act ON act.pid = pw.pid AND act.week = pw.week
  LEFT JOIN ${derived('network_size')} n ON n.pid = pw.pid AND n.week = pw.week
)
SELECT week, pid, PersonHistoricalId, ${metrics.map((m) => `${metricSql(m, ctx)} AS ${m.name}`).join(', ')}
FROM joined`;
}

export const PERSON_WEEK_REQUIRES = ['person_week', 'activity_hour', 'network_size'] as const;
