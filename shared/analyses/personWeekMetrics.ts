/**
 * The person-week metrics (analyses.md, "Person-week metrics computable from the raw tables"): one
 * row per measured employee and week of the period, zeros for weeks without activity. Sales
 * effectiveness, data quality and the person-metrics analysis all read this one definition.
 */
import { derived } from './derived/names.js';
import { afterHoursCondition, periodCondition } from './sqlParams.js';
import type { ParamValues } from './types.js';

export interface MetricDef {
  name: string;
  label: string;
  unit: string;
  exactness: 'exact' | 'approximate';
  definition: string;
  /** Expression over the week's sums of `activity_hour` columns (with `ah` = after hours). */
  sql: string;
}

const ah = 'after_hours';

export const PERSON_WEEK_METRICS: MetricDef[] = [
  { name: 'emails_sent', label: 'Emails sent', unit: 'emails', exactness: 'exact', definition: 'MailParticipants rows with IsSender.', sql: 'emails_sent' },
  { name: 'email_hours', label: 'Email hours', unit: 'hours', exactness: 'exact', definition: 'Σ MailParticipants.PersonTimeSpentInHours (Microsoft\'s heuristic), sent and received.', sql: 'email_hours' },
  { name: 'meetings', label: 'Meetings', unit: 'meetings', exactness: 'exact', definition: 'Meetings attended: not canceled or all-day, Response ≠ Declined, ≥ 2 attendees that are people.', sql: 'meetings' },
  { name: 'meeting_hours', label: 'Meeting hours', unit: 'hours', exactness: 'exact', definition: 'Σ DurationMinutesAdjusted / 60 over meetings attended.', sql: 'meeting_hours' },
  { name: 'conflicting_meeting_hours', label: 'Conflicting meeting hours', unit: 'hours', exactness: 'exact', definition: 'Meeting hours of meetings where the person IsDoubleBooked.', sql: 'conflicting_meeting_hours' },
  { name: 'multitasking_meeting_hours', label: 'Multitasking meeting hours', unit: 'hours', exactness: 'exact', definition: 'Meeting hours of meetings during which the person sent ≥ 2 emails per scheduled hour (≥ 2 for meetings under 1 h).', sql: 'multitasking_meeting_hours' },
  { name: 'calls', label: 'Calls', unit: 'calls', exactness: 'exact', definition: 'CallParticipants rows.', sql: 'calls' },
  { name: 'call_hours', label: 'Call hours', unit: 'hours', exactness: 'exact', definition: 'Σ LocalEndTime − LocalStartTime of CallParticipants rows.', sql: 'call_hours' },
  { name: 'ims_sent', label: 'IMs sent', unit: 'messages', exactness: 'exact', definition: 'InstantMessageParticipants rows with IsSender.', sql: 'ims_sent' },
  { name: 'im_hours', label: 'IM hours', unit: 'hours', exactness: 'exact', definition: 'Σ SenderTimeSpentInMinutes / 60 of IMs sent.', sql: 'im_hours' },
  { name: 'after_hours_ims', label: 'After-hours IMs', unit: 'messages', exactness: 'exact', definition: "IMs sent with the export's isAfterHours flag (the tenant's own working hours).", sql: 'ims_sent_flagged_after_hours' },
  { name: 'after_hours_email_hours', label: 'After-hours email hours', unit: 'hours', exactness: 'approximate', definition: 'Email hours of emails whose local send time is outside working hours.', sql: `email_hours_${ah}` },
  { name: 'after_hours_meeting_hours', label: 'After-hours meeting hours', unit: 'hours', exactness: 'approximate', definition: 'The part of meeting hours falling outside working hours (local clock hours the meeting spans).', sql: `meeting_hours_${ah}` },
  { name: 'after_hours_call_hours', label: 'After-hours call hours', unit: 'hours', exactness: 'approximate', definition: 'The part of call hours falling outside working hours.', sql: `call_hours_${ah}` },
  { name: 'after_hours_hours', label: 'After-hours collaboration hours', unit: 'hours', exactness: 'approximate', definition: 'Email, meeting, call and IM hours outside working hours (local time).', sql: `email_hours_${ah} + meeting_hours_${ah} + call_hours_${ah} + im_hours_${ah}` },
  { name: 'collaboration_hours', label: 'Collaboration hours', unit: 'hours', exactness: 'approximate', definition: 'Meeting + call + email + IM hours; overlaps (an email sent in a meeting) are not removed.', sql: 'meeting_hours + call_hours + email_hours + im_hours' },
  { name: 'external_collaboration_hours', label: 'External collaboration hours', unit: 'hours', exactness: 'approximate', definition: 'Collaboration hours on emails, meetings, calls and IMs that had an ExternalCollaborator on them.', sql: 'ext_email_hours + ext_meeting_hours + ext_call_hours + ext_im_hours' },
  { name: 'internal_collaboration_hours', label: 'Internal collaboration hours', unit: 'hours', exactness: 'approximate', definition: 'Collaboration hours without an ExternalCollaborator.', sql: '(meeting_hours + call_hours + email_hours + im_hours) - (ext_email_hours + ext_meeting_hours + ext_call_hours + ext_im_hours)' },
  { name: 'internal_network_size', label: 'Internal network size', unit: 'people', exactness: 'approximate', definition: 'Distinct internal people (measured employees, internal collaborators) with ≥ 2 meaningful interactions in the trailing 4 weeks; meaningful = an email, meeting or call with 2–8 people, or 3 IMs. Close to Microsoft\'s; early weeks see fewer than 4 weeks.', sql: 'internal_network' },
  { name: 'external_network_size', label: 'External network size', unit: 'people', exactness: 'approximate', definition: 'Distinct external collaborators with ≥ 2 meaningful interactions in the trailing 4 weeks.', sql: 'external_network' },
  { name: 'manager_1on1_hours', label: 'Manager 1:1 hours', unit: 'hours', exactness: 'exact', definition: "Meeting hours of 2-person meetings with the person's ManagerId (exact when ManagerId uses the EmailAddress token space; otherwise 0).", sql: 'manager_1on1_hours' },
];

export const METRIC_NAMES = PERSON_WEEK_METRICS.map((m) => m.name);

export function findMetric(name: string): MetricDef {
  const m = PERSON_WEEK_METRICS.find((x) => x.name === name);
  if (!m) throw new Error(`unknown person-week metric ${name}`);
  return m;
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
export function personWeekMetricsSql(params: ParamValues, metrics: readonly MetricDef[] = PERSON_WEEK_METRICS): string {
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
SELECT week, pid, PersonHistoricalId, ${metrics.map((m) => `${m.sql} AS ${m.name}`).join(', ')}
FROM joined`;
}

export const PERSON_WEEK_REQUIRES = ['person_week', 'activity_hour', 'network_size'] as const;
