/**
 * Generated workload of emails: per sender and local hour slot, the emails sent, their recipients
 * who are people (not the sender, rooms or distribution lists) and those recipients' email hours
 * (MailParticipants.PersonTimeSpentInHours, else PersonTimeSpentInMinutes / 60).
 */
import { personMailHours } from './mail.js';
import { derived } from './names.js';
import type { DerivedTable } from './types.js';

export const generatedEmail: DerivedTable = {
  name: 'generated_email',
  description: 'Measured senders × week × local weekday × hour: emails sent, recipients (people) and the recipients\' email hours.',
  dependsOn: ['person_version', 'mail_event'],
  sources: ['MailParticipants'],
  sql: (src) => `WITH r AS (
  SELECT mp.MailId, count(*) AS recipients, coalesce(sum(${personMailHours('mp')}), 0) AS hours
  FROM ${src('MailParticipants')} mp
  JOIN ${derived('person_version')} v ON v.PersonHistoricalId = mp.PersonHistoricalId
  JOIN ${derived('mail_event')} e ON e.MailId = mp.MailId
  WHERE v.is_person AND NOT coalesce(mp.IsSender, false) AND v.pid IS DISTINCT FROM e.sender_pid
  GROUP BY mp.MailId
)
SELECT e.sender_pid AS pid, e.week, CAST(isodow(e.SentTime) - 1 AS TINYINT) AS dow, CAST(hour(e.SentTime) AS TINYINT) AS hour,
  CAST(count(*) AS INTEGER) AS generated_emails, CAST(sum(r.recipients) AS INTEGER) AS generated_email_recipients, round(sum(r.hours), 6) AS generated_email_hours
FROM ${derived('mail_event')} e JOIN r ON r.MailId = e.MailId
WHERE e.sender_is_measured
GROUP BY pid, week, dow, hour`,
};
