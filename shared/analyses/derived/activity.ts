/**
 * Hour-of-week activity per measured employee: the base of the person-week metrics, after-hours
 * work (for any working hours) and the working-pattern heatmap. Emails and IMs count at their local
 * send time (MailParticipants / InstantMessageParticipants.LocalSentTime, else the message's SentTime);
 * meetings (LocalStartTime for DurationMinutes) and calls (LocalStartTime to LocalEndTime) are
 * spread over the local clock hours they span.
 */
import { personMailHours } from './mail.js';
import { derived } from './names.js';
import type { DerivedTable } from './types.js';

const ZERO_COLUMNS = [
  'emails_sent', 'email_hours', 'ext_email_hours',
  'meetings', 'meeting_hours', 'ext_meeting_hours', 'conflicting_meeting_hours', 'multitasking_meeting_hours', 'manager_1on1_hours',
  'calls', 'call_hours', 'ext_call_hours',
  'ims_sent', 'ims_sent_flagged_after_hours', 'im_hours', 'ext_im_hours',
] as const;
type ActivityColumn = (typeof ZERO_COLUMNS)[number];

/**
 * One source's rows summed per person, week and local hour slot, then padded with zeros for the
 * other sources' columns. Summing each source on its own first keeps the final merge small.
 */
function perSlot(rows: string, set: Partial<Record<ActivityColumn, string>>): string {
  const own = Object.keys(set) as ActivityColumn[];
  return `SELECT pid, week, CAST(isodow(t) - 1 AS TINYINT) AS dow, CAST(hour(t) AS TINYINT) AS hour,
    ${ZERO_COLUMNS.map((c) => (own.includes(c) ? `sum(${set[c]}) AS ${c}` : `0 AS ${c}`)).join(', ')}
  FROM (${rows}) WHERE t IS NOT NULL
  GROUP BY pid, week, dow, hour`;
}

const COUNT_COLUMNS: readonly ActivityColumn[] = ['emails_sent', 'meetings', 'calls', 'ims_sent', 'ims_sent_flagged_after_hours'];

/**
 * Counts are stored as INTEGER and hours rounded to the microhour: sums of INTEGER would be
 * 128-bit and full-precision doubles compress poorly, and both made every later scan ~30× slower.
 */
const finalValue = (c: ActivityColumn, value: string) => (COUNT_COLUMNS.includes(c) ? `CAST(${value} AS INTEGER) AS ${c}` : `round(${value}, 6) AS ${c}`);

/**
 * Emails make most of the slots (~95 % at 1,300 people × 13 weeks). Summing all four sources'
 * sixteen columns in one GROUP BY held a wide row per slot: the table's slowest step and its peak
 * memory (it ran out at 300 MiB for 1,300 people). So the small sources are merged among
 * themselves and joined to the email slots: each side holds its own columns only.
 */
const MAIL_COLUMNS: readonly ActivityColumn[] = ['emails_sent', 'email_hours', 'ext_email_hours'];
const OTHER_COLUMNS = ZERO_COLUMNS.filter((c) => !MAIL_COLUMNS.includes(c));

/** Spread an interval [s, e) over the clock hours it touches: one row per hour with the share `f` in it. */
export const spread = (s: string, e: string) =>
  `unnest(generate_series(date_trunc('hour', ${s}), greatest(date_trunc('hour', ${s}), ${e} - INTERVAL 1 SECOND), INTERVAL 1 HOUR)) AS slot`;
export const share = (s: string, e: string) =>
  `CASE WHEN ${e} > ${s} THEN date_diff('second', greatest(${s}, slot), least(${e}, slot + INTERVAL 1 HOUR)) / CAST(date_diff('second', ${s}, ${e}) AS DOUBLE) ELSE 1.0 END`;

export const activityHour: DerivedTable = {
  name: 'activity_hour',
  description: 'Measured employees × week × local weekday × local hour: emails, meetings, calls, IMs (counts and hours, external shares, meeting flags).',
  dependsOn: ['person_version', 'mail_event', 'meeting_attendance', 'call_leg', 'im_event'],
  sources: ['MailParticipants', 'InstantMessageParticipants'],
  sql: (src) => `WITH mail AS (${perSlot(
    `SELECT v.pid, e.week, coalesce(mp.LocalSentTime, e.SentTime) AS t, mp.IsSender,
    coalesce(${personMailHours('mp')}, CASE WHEN mp.IsSender THEN e.sender_writing_minutes / 60.0 END, 0) AS h, e.has_external
  FROM ${src('MailParticipants')} mp
  JOIN ${derived('person_version')} v ON v.PersonHistoricalId = mp.PersonHistoricalId
  JOIN ${derived('mail_event')} e ON e.MailId = mp.MailId
  WHERE v.is_measured`,
    { emails_sent: 'CAST(coalesce(IsSender, false) AS INTEGER)', email_hours: 'h', ext_email_hours: 'CASE WHEN has_external THEN h ELSE 0 END' },
  )}),
meeting AS (${perSlot(
    `SELECT pid, week, slot AS t, slot = date_trunc('hour', local_start) AS first_slot, adjusted_hours * ${share('local_start', 'local_end')} AS h,
    has_external, is_double_booked, is_multitasking, is_manager_1on1
  FROM (SELECT a.*, ${spread('a.local_start', 'a.local_end')} FROM ${derived('meeting_attendance')} a WHERE a.is_measured)`,
    {
      meetings: 'CAST(first_slot AS INTEGER)',
      meeting_hours: 'h',
      ext_meeting_hours: 'CASE WHEN has_external THEN h ELSE 0 END',
      conflicting_meeting_hours: 'CASE WHEN is_double_booked THEN h ELSE 0 END',
      multitasking_meeting_hours: 'CASE WHEN is_multitasking THEN h ELSE 0 END',
      manager_1on1_hours: 'CASE WHEN is_manager_1on1 THEN h ELSE 0 END',
    },
  )}),
calls AS (${perSlot(
    `SELECT pid, week, slot AS t, slot = date_trunc('hour', local_start) AS first_slot, hours * ${share('local_start', 'local_end')} AS h, has_external
  FROM (SELECT c.*, ${spread('c.local_start', 'c.local_end')} FROM ${derived('call_leg')} c WHERE c.is_measured)`,
    { calls: 'CAST(first_slot AS INTEGER)', call_hours: 'h', ext_call_hours: 'CASE WHEN has_external THEN h ELSE 0 END' },
  )}),
ims AS (${perSlot(
    `SELECT v.pid, e.week, coalesce(ip.LocalSentTime, e.SentTime) AS t, coalesce(ip.IsSender, false) AS is_sender, coalesce(ip.isAfterHours, false) AS flagged,
    CASE WHEN ip.IsSender THEN coalesce(ip.SenderTimeSpentInMinutes, 0) / 60.0 ELSE 0 END AS h, e.has_external
  FROM ${src('InstantMessageParticipants')} ip
  JOIN ${derived('person_version')} v ON v.PersonHistoricalId = ip.PersonHistoricalId
  JOIN ${derived('im_event')} e ON e.InstantMessageId = ip.InstantMessageId
  WHERE v.is_measured`,
    {
      ims_sent: 'CAST(is_sender AS INTEGER)',
      ims_sent_flagged_after_hours: 'CAST(is_sender AND flagged AS INTEGER)',
      im_hours: 'h',
      ext_im_hours: 'CASE WHEN has_external THEN h ELSE 0 END',
    },
  )}),
others AS (
  SELECT pid, week, dow, hour, ${OTHER_COLUMNS.map((c) => `sum(${c}) AS ${c}`).join(', ')}
  FROM (SELECT * FROM meeting UNION ALL SELECT * FROM calls UNION ALL SELECT * FROM ims)
  GROUP BY pid, week, dow, hour
)
SELECT coalesce(m.pid, o.pid) AS pid, coalesce(m.week, o.week) AS week, coalesce(m.dow, o.dow) AS dow, coalesce(m.hour, o.hour) AS hour,
  ${ZERO_COLUMNS.map((c) => finalValue(c, `coalesce(${MAIL_COLUMNS.includes(c) ? 'm' : 'o'}.${c}, 0)`)).join(', ')}
FROM mail m FULL OUTER JOIN others o
  ON o.pid = m.pid AND o.week IS NOT DISTINCT FROM m.week AND o.dow IS NOT DISTINCT FROM m.dow AND o.hour IS NOT DISTINCT FROM m.hour`,
};

