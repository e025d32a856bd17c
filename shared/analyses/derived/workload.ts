/**
 * Generated workload of emails: per sender and local hour slot, the emails sent, their recipients
 * who are people (not the sender, rooms or distribution lists) and those recipients' email hours
 * (MailParticipants.PersonTimeSpentInHours, else PersonTimeSpentInMinutes / 60).
 */
import { personMailHours } from './mail.js';
import { derived } from './names.js';
import type { DerivedTable } from './types.js';
import { roundMicro } from './round.js';

export const generatedEmail: DerivedTable = {
  name: 'generated_email',
  description: 'Measured senders × week × local weekday × hour: emails sent, recipients (people) and the recipients\' email hours.',
  dependsOn: ['person_version', 'mail_event'],
  sources: ['MailParticipants'],
  // mail_event already counts each email's recipient rows in its one pass over MailParticipants;
  // only rows where the sender is also listed as a recipient (rare) are subtracted here. Grouping
  // the joined participant rows by MailId instead held a 20M-group aggregate beside a 20M-row hash
  // join and ran out of memory at 20,000 people × 26 weeks with the 1 GiB limit.
  sql: (src) => `WITH self AS (
  SELECT mp.MailId, count(*) AS n, coalesce(sum(${personMailHours('mp')}), 0) AS h
  FROM ${src('MailParticipants')} mp
  JOIN ${derived('person_version')} v ON v.PersonHistoricalId = mp.PersonHistoricalId
  JOIN ${derived('mail_event')} e ON e.MailId = mp.MailId AND e.sender_pid = v.pid
  WHERE v.is_person AND NOT coalesce(mp.IsSender, false) AND e.sender_is_measured
  GROUP BY mp.MailId
),
m AS (
  SELECT e.sender_pid, e.week, e.SentTime, e.recipient_rows - coalesce(s.n, 0) AS recipients, e.recipient_hours - coalesce(s.h, 0) AS hours
  FROM ${derived('mail_event')} e LEFT JOIN self s ON s.MailId = e.MailId
  WHERE e.sender_is_measured
)
SELECT sender_pid AS pid, week, CAST(isodow(SentTime) - 1 AS TINYINT) AS dow, CAST(hour(SentTime) AS TINYINT) AS hour,
  CAST(count(*) AS INTEGER) AS generated_emails, CAST(sum(recipients) AS INTEGER) AS generated_email_recipients, ${roundMicro('sum(hours)')} AS generated_email_hours
FROM m WHERE recipients > 0
GROUP BY pid, week, dow, hour`,
};
