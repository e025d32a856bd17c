/**
 * Emails and threads. Mails.SentTime is in the sender's local time (the documents say so), so an
 * email's week and a thread's lifespan are read on the senders' clocks.
 *
 * A participant's email time: MailParticipants.PersonTimeSpentInHours, else
 * PersonTimeSpentInMinutes / 60; for the sender, when both are empty, Mails.SenderTimeSpentinMinutes / 60.
 */
import { derived } from './names.js';
import type { DerivedTable } from './types.js';

/** A MailParticipants row's own email hours (NULL when the export gives neither value). */
export const personMailHours = (mp: string) => `coalesce(${mp}.PersonTimeSpentInHours, ${mp}.PersonTimeSpentInMinutes / 60.0)`;

/** One row per email sent: its thread, time, week, sender and who was on it. */
export const mailEvent: DerivedTable = {
  name: 'mail_event',
  description: "One row per email: ConversationId, SentTime (sender's local time), week, sender, the sender's writing minutes, people on it, whether an external collaborator was, the participants' email hours, and its recipient rows (people, not the sender's own row) with their email hours.",
  dependsOn: ['person_version'],
  sources: ['Mails', 'MailParticipants'],
  sql: (src) => `WITH per_mail AS (
  SELECT mp.MailId,
    count(*) FILTER (WHERE v.is_person) AS people,
    coalesce(bool_or(v.is_external), false) AS has_external,
    coalesce(sum(${personMailHours('mp')}), 0) AS own_hours,
    coalesce(bool_or(mp.IsSender AND ${personMailHours('mp')} IS NULL), false) AS sender_time_missing,
    min(v.pid) FILTER (WHERE mp.IsSender) AS sender_pid,
    min(mp.PersonHistoricalId) FILTER (WHERE mp.IsSender) AS sender_version,
    coalesce(bool_or(v.is_person) FILTER (WHERE mp.IsSender), false) AS sender_is_person,
    coalesce(bool_or(v.is_measured) FILTER (WHERE mp.IsSender), false) AS sender_is_measured,
    count(*) FILTER (WHERE v.is_person AND NOT coalesce(mp.IsSender, false)) AS recipient_rows,
    coalesce(sum(${personMailHours('mp')}) FILTER (WHERE v.is_person AND NOT coalesce(mp.IsSender, false)), 0) AS recipient_hours
  FROM ${src('MailParticipants')} mp
  JOIN ${derived('person_version')} v ON v.PersonHistoricalId = mp.PersonHistoricalId
  GROUP BY mp.MailId
)
SELECT m.MailId, m.ConversationId, m.SentTime, CAST(date_trunc('week', m.SentTime) AS DATE) AS week,
  m.SenderTimeSpentinMinutes AS sender_writing_minutes,
  round(p.own_hours + CASE WHEN p.sender_time_missing THEN coalesce(m.SenderTimeSpentinMinutes, 0) / 60.0 ELSE 0 END, 6) AS participant_hours,
  p.* EXCLUDE (MailId, own_hours, sender_time_missing)
FROM per_mail p JOIN ${src('Mails')} m ON m.MailId = p.MailId
WHERE m.SentTime IS NOT NULL`,
};

/**
 * One row per thread (ConversationId). The originator is the sender of its earliest email, with
 * the HR version on that email; lengths count emails that have a sender.
 */
export const thread: DerivedTable = {
  name: 'thread',
  description: 'One row per email thread: originator, emails, first and last sent, distinct participants and senders, touchpoints, email hours.',
  dependsOn: ['mail_event', 'person_version'],
  sources: ['MailParticipants'],
  sql: (src) => `WITH per_thread AS (
  SELECT ConversationId,
    count(*) AS emails,
    min(SentTime) AS first_sent,
    max(SentTime) AS last_sent,
    arg_min(sender_version, SentTime) AS originator_version,
    arg_min(sender_pid, SentTime) AS originator_pid,
    CAST(sum(people) AS BIGINT) AS touchpoints,
    round(sum(participant_hours), 6) AS email_hours
  FROM ${derived('mail_event')}
  WHERE sender_pid IS NOT NULL AND ConversationId IS NOT NULL
  GROUP BY ConversationId
),
-- Distinct senders and people per thread in two GROUP BYs each, which spill to disk:
-- count(DISTINCT) does not, and ran out of memory at 20,000 people × 26 weeks with the 1 GiB limit.
senders AS (
  SELECT ConversationId, count(*) AS active_contributors FROM (
    SELECT ConversationId, sender_pid FROM ${derived('mail_event')}
    WHERE sender_is_person AND sender_pid IS NOT NULL AND ConversationId IS NOT NULL
    GROUP BY ConversationId, sender_pid
  ) GROUP BY ConversationId
),
participants AS (
  SELECT ConversationId, count(*) AS participants FROM (
    SELECT e.ConversationId, v.pid
    FROM ${src('MailParticipants')} mp
    JOIN ${derived('person_version')} v ON v.PersonHistoricalId = mp.PersonHistoricalId
    JOIN ${derived('mail_event')} e ON e.MailId = mp.MailId
    WHERE v.is_person AND v.pid IS NOT NULL AND e.sender_pid IS NOT NULL AND e.ConversationId IS NOT NULL
    GROUP BY e.ConversationId, v.pid
  ) GROUP BY ConversationId
)
SELECT t.ConversationId, t.emails, t.first_sent, t.last_sent, t.originator_version, t.originator_pid, coalesce(s.active_contributors, 0) AS active_contributors,
  t.touchpoints, t.email_hours, coalesce(p.participants, 0) AS participants, CAST(date_trunc('week', t.first_sent) AS DATE) AS week
FROM per_thread t LEFT JOIN senders s ON s.ConversationId = t.ConversationId LEFT JOIN participants p ON p.ConversationId = t.ConversationId`,
};
