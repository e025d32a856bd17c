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
import { roundMicro } from './round.js';

/**
 * Meetings keep only their count and hours here (the working pattern reads them): the person-week
 * meeting metrics, external share and flags included, read meeting_hour. Four more meeting columns
 * (external, double-booked, multitasking, manager 1:1 hours) that nothing read cost ~10 % of this
 * table's CPU: a double column of ~6M rows costs ~0.2 s of CPU to write alone (5,000 × 13 bench,
 * December 2026).
 */
const ZERO_COLUMNS = [
  'emails_sent', 'email_hours', 'ext_email_hours',
  'meetings', 'meeting_hours',
  'calls', 'call_hours', 'ext_call_hours',
  'ims_sent', 'ims_sent_flagged_after_hours', 'im_hours', 'ext_im_hours',
] as const;
type ActivityColumn = (typeof ZERO_COLUMNS)[number];

const COUNT_COLUMNS: readonly ActivityColumn[] = ['emails_sent', 'meetings', 'calls', 'ims_sent', 'ims_sent_flagged_after_hours'];

/**
 * Counts are stored as INTEGER and hours rounded to the microhour: sums of INTEGER would be
 * 128-bit and full-precision doubles compress poorly, and both made every later scan ~30× slower.
 */
const finalValue = (c: ActivityColumn, value: string) => (COUNT_COLUMNS.includes(c) ? `CAST(${value} AS INTEGER) AS ${c}` : `${roundMicro(value)} AS ${c}`);

/**
 * Emails make most of the slots (~95 % at 1,300 people × 13 weeks): they are summed per slot on
 * their own (three states a group) and joined to the slots of meetings, calls and IMs. One GROUP BY
 * of all four sources' sixteen columns held a wide row per slot: the slowest step and the peak
 * memory (it ran out at 300 MiB for 1,300 people).
 *
 * Meetings, calls and IMs are few: their raw slot rows go through one GROUP BY, each column summing
 * its own source's rows (FILTER). Summing each source apart and re-summing the union cost 1.5× more
 * CPU (5,000 × 13 bench, December 2026). A column with no row of its source is NULL, read as 0.
 */
const MAIL_COLUMNS: readonly ActivityColumn[] = ['emails_sent', 'email_hours', 'ext_email_hours'];
const OTHER_SUMS: Partial<Record<ActivityColumn, string>> = {
  meetings: "count(*) FILTER (WHERE kind = 'meeting' AND counted)",
  meeting_hours: "sum(h) FILTER (WHERE kind = 'meeting')",
  calls: "count(*) FILTER (WHERE kind = 'call' AND counted)",
  call_hours: "sum(h) FILTER (WHERE kind = 'call')",
  ext_call_hours: "sum(h) FILTER (WHERE kind = 'call' AND has_external)",
  ims_sent: "count(*) FILTER (WHERE kind = 'im' AND counted)",
  ims_sent_flagged_after_hours: "count(*) FILTER (WHERE kind = 'im' AND counted AND flagged)",
  im_hours: "sum(h) FILTER (WHERE kind = 'im')",
  ext_im_hours: "sum(h) FILTER (WHERE kind = 'im' AND has_external)",
};
const OTHER_COLUMNS = ZERO_COLUMNS.filter((c) => !MAIL_COLUMNS.includes(c));

/**
 * A slot's person and local hour of the week as one BIGINT key (pid × 256 + weekday × 24 + hour;
 * pids are positive INTEGERs, never NULL here): the GROUP BYs and the merge hash two keys, not four.
 */
const SLOT_KEY = '(CAST(pid AS BIGINT) << 8) | ((isodow(t) - 1) * 24 + hour(t))';

/** Spread an interval [s, e) over the clock hours it touches: one row per hour with the share `f` in it. */
export const spread = (s: string, e: string) =>
  `unnest(generate_series(date_trunc('hour', ${s}), greatest(date_trunc('hour', ${s}), ${e} - INTERVAL 1 SECOND), INTERVAL 1 HOUR)) AS slot`;
export const share = (s: string, e: string) =>
  `CASE WHEN ${e} > ${s} THEN date_diff('second', greatest(${s}, slot), least(${e}, slot + INTERVAL 1 HOUR)) / CAST(date_diff('second', ${s}, ${e}) AS DOUBLE) ELSE 1.0 END`;

export const activityHour: DerivedTable = {
  name: 'activity_hour',
  description: 'Measured employees × week × local weekday × local hour: emails, meetings, calls, IMs (counts and hours, external shares of emails, calls and IMs).',
  dependsOn: ['person_version', 'mail_event', 'meeting_attendance', 'call_leg', 'im_event'],
  sources: ['MailParticipants', 'InstantMessageParticipants'],
  sql: (src) => `WITH mail AS (
  SELECT week, ${SLOT_KEY} AS ps,
    count(*) FILTER (WHERE IsSender) AS emails_sent, sum(h) AS email_hours, sum(h) FILTER (WHERE has_external) AS ext_email_hours
  FROM (
    SELECT v.pid, e.week, coalesce(mp.LocalSentTime, e.SentTime) AS t, mp.IsSender,
      coalesce(${personMailHours('mp')}, CASE WHEN mp.IsSender THEN e.sender_writing_minutes / 60.0 END, 0) AS h, e.has_external
    FROM ${src('MailParticipants')} mp
    JOIN ${derived('person_version')} v ON v.PersonHistoricalId = mp.PersonHistoricalId
    JOIN ${derived('mail_event')} e ON e.MailId = mp.MailId
    WHERE v.is_measured
  ) WHERE t IS NOT NULL
  GROUP BY week, ps
),
others AS (
  SELECT week, ${SLOT_KEY} AS ps,
    ${OTHER_COLUMNS.map((c) => `${OTHER_SUMS[c]} AS ${c}`).join(', ')}
  FROM (
    SELECT pid, week, slot AS t, 'meeting' AS kind, slot = date_trunc('hour', local_start) AS counted, adjusted_hours * ${share('local_start', 'local_end')} AS h,
      has_external, false AS flagged
    FROM (SELECT a.*, ${spread('a.local_start', 'a.local_end')} FROM ${derived('meeting_attendance')} a WHERE a.is_measured)
    UNION ALL
    SELECT pid, week, slot, 'call', slot = date_trunc('hour', local_start), hours * ${share('local_start', 'local_end')}, has_external, false
    FROM (SELECT c.*, ${spread('c.local_start', 'c.local_end')} FROM ${derived('call_leg')} c WHERE c.is_measured)
    UNION ALL
    SELECT v.pid, e.week, coalesce(ip.LocalSentTime, e.SentTime), 'im', coalesce(ip.IsSender, false),
      CASE WHEN ip.IsSender THEN coalesce(ip.SenderTimeSpentInMinutes, 0) / 60.0 ELSE 0 END, e.has_external, coalesce(ip.isAfterHours, false)
    FROM ${src('InstantMessageParticipants')} ip
    JOIN ${derived('person_version')} v ON v.PersonHistoricalId = ip.PersonHistoricalId
    JOIN ${derived('im_event')} e ON e.InstantMessageId = ip.InstantMessageId
    WHERE v.is_measured
  ) WHERE t IS NOT NULL
  GROUP BY week, ps
)
SELECT CAST(ps >> 8 AS INTEGER) AS pid, week, CAST((ps & 255) // 24 AS TINYINT) AS dow, CAST((ps & 255) % 24 AS TINYINT) AS hour, * EXCLUDE (week, ps) FROM (
  SELECT coalesce(m.week, o.week) AS week, coalesce(m.ps, o.ps) AS ps,
    ${ZERO_COLUMNS.map((c) => finalValue(c, `coalesce(${MAIL_COLUMNS.includes(c) ? 'm' : 'o'}.${c}, 0)`)).join(', ')}
  FROM mail m FULL OUTER JOIN others o ON o.week = m.week AND o.ps = m.ps
)`,
};

