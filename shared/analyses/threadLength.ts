/**
 * Email-thread analysis: which groups start long email threads?
 *
 * A thread is a ConversationId. Its originator is the sender of its earliest email, with the HR
 * attributes of the PersonHistorical version valid then. Groups are the originators' attribute
 * values; a group's size is its number of distinct originators.
 */
import type { AnalysisDef, ParamValues } from './types.js';
import { isPerson, sqlIdent } from './sqlParams.js';

export const threadLength: AnalysisDef = {
  id: 'thread-length',
  title: 'Email threads by originator',
  question: 'Which groups start long email threads?',
  definition:
    'Thread = Mails.ConversationId. Originator = sender (MailParticipants.IsSender) of the thread\'s earliest SentTime, with the attributes of that PersonHistorical version. ' +
    'Thread length = emails sent in the thread. Participants = distinct people (masked EmailAddress; rooms and distribution lists excluded) sending or receiving. ' +
    'Active contributors = distinct senders. Lifespan = last minus first SentTime. Mean response time = lifespan / (emails − 1), the mean gap between consecutive emails. ' +
    'Email hours = Σ PersonTimeSpentInHours of all participants. All metrics are exact counts over the export.',
  params: [
    { name: 'by', label: 'Group by', kind: 'attribute', default: 'FunctionType', description: "The originator's HR attribute to group threads by." },
    { name: 'longThreshold', label: 'Long thread (emails)', kind: 'integer', default: 5, description: 'A thread with at least this many emails counts as long.' },
  ],
  columns: [
    { name: 'grp', label: 'Group', role: 'group' },
    { name: 'people', label: 'Originators', role: 'people', definition: 'Distinct people who started threads.' },
    { name: 'threads', label: 'Threads originated', role: 'metric', exactness: 'exact' },
    { name: 'emails_sent', label: 'Emails sent', role: 'metric', exactness: 'exact' },
    { name: 'mean_length', label: 'Mean thread length', unit: 'emails', role: 'metric', exactness: 'exact' },
    { name: 'median_length', label: 'Median thread length', unit: 'emails', role: 'metric', exactness: 'exact' },
    { name: 'p90_length', label: 'P90 thread length', unit: 'emails', role: 'metric', exactness: 'exact' },
    { name: 'share_long', label: 'Share of long threads', unit: '%', role: 'metric', exactness: 'exact' },
    { name: 'mean_participants', label: 'Participants per thread', role: 'metric', exactness: 'exact' },
    { name: 'mean_active_contributors', label: 'Active contributors per thread', role: 'metric', exactness: 'exact' },
    { name: 'mean_lifespan_days', label: 'Mean thread lifespan', unit: 'days', role: 'metric', exactness: 'exact' },
    { name: 'mean_response_hours', label: 'Mean response time', unit: 'hours', role: 'metric', exactness: 'exact', definition: 'Over threads with 2 or more emails.' },
    { name: 'email_hours', label: 'Email workload', unit: 'hours', role: 'metric', exactness: 'exact' },
    { name: 'email_hours_per_thread', label: 'Email hours per thread', unit: 'hours', role: 'metric', exactness: 'exact' },
  ],
  chart: { kind: 'bar', x: 'grp', y: ['mean_length'], title: 'Mean thread length by originator group' },
  build(params: ParamValues) {
    const by = sqlIdent(String(params.by ?? 'FunctionType'));
    const long = Number(params.longThreshold ?? 5);
    const unitsSql = `
WITH per_thread AS (
  SELECT m.ConversationId AS thread,
    count(*) FILTER (WHERE mp.IsSender) AS emails,
    min(m.SentTime) FILTER (WHERE mp.IsSender) AS first_sent,
    max(m.SentTime) FILTER (WHERE mp.IsSender) AS last_sent,
    arg_min(mp.PersonHistoricalId, m.SentTime) FILTER (WHERE mp.IsSender) AS originator_version,
    count(DISTINCT p.EmailAddress) FILTER (WHERE ${isPerson('p')}) AS participants,
    count(DISTINCT p.EmailAddress) FILTER (WHERE mp.IsSender) AS active_contributors,
    sum(mp.PersonTimeSpentInHours) AS email_hours
  FROM MailParticipants mp
  JOIN Mails m ON m.MailId = mp.MailId
  LEFT JOIN PersonHistorical p ON p.PersonHistoricalId = mp.PersonHistoricalId
  GROUP BY m.ConversationId
)
SELECT o.${by} AS grp, o.EmailAddress AS person, t.thread, t.emails, t.participants, t.active_contributors, t.email_hours,
  date_diff('second', t.first_sent, t.last_sent) / 86400.0 AS lifespan_days,
  CASE WHEN t.emails > 1 THEN date_diff('second', t.first_sent, t.last_sent) / 3600.0 / (t.emails - 1) END AS response_hours
FROM per_thread t
JOIN PersonAttributes o ON o.PersonHistoricalId = t.originator_version
WHERE t.emails > 0`;
    return {
      unitsSql,
      aggregates: [
        { name: 'threads', sql: 'count(*)' },
        { name: 'emails_sent', sql: 'sum(emails)' },
        { name: 'mean_length', sql: 'round(avg(emails), 3)' },
        { name: 'median_length', sql: 'median(emails)' },
        { name: 'p90_length', sql: 'quantile_cont(emails, 0.9)' },
        { name: 'share_long', sql: `round(100.0 * avg(CASE WHEN emails >= ${long} THEN 1 ELSE 0 END), 2)` },
        { name: 'mean_participants', sql: 'round(avg(participants), 3)' },
        { name: 'mean_active_contributors', sql: 'round(avg(active_contributors), 3)' },
        { name: 'mean_lifespan_days', sql: 'round(avg(lifespan_days), 3)' },
        { name: 'mean_response_hours', sql: 'round(avg(response_hours), 3)' },
        { name: 'email_hours', sql: 'round(sum(email_hours), 2)' },
        { name: 'email_hours_per_thread', sql: 'round(avg(email_hours), 3)' },
      ],
      orderBy: 'mean_length DESC',
    };
  },
};
