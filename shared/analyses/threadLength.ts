/**
 * Email-thread analysis: which groups start long email threads?
 *
 * A thread is a ConversationId. Its originator is the sender of its earliest email, with the HR
 * attributes of the PersonHistorical version on that email; only measured employees originate (the
 * population rule), so external collaborators never form a group. Groups are the originators' attribute
 * values; a group's size is its number of distinct originators. The metrics are Process Explorer's
 * "Email Thread Analysis" set.
 */
import { derived } from './derived/names.js';
import { ATTRIBUTES, byParam, PERIOD_PARAMS, periodCondition, exactAvg, exactSum, r3 } from './sqlParams.js';
import type { AnalysisDef, ParamValues } from './types.js';
import { FULL_CONTEXT, IN, orNull, PERSON_NEEDS, PERSON_READS, type BuildContext } from './inputs.js';
import { ident } from '../sql/quote.js';
import { BLANK_VALUES_PARAM, groupValueSql } from './groupValue.js';
import { isMeasuredSql } from './population.js';

const EMAIL_TIME = IN.emailTime;

/** The threads' email hours summed exactly (a DOUBLE sum moved a total across a rounding step between two runs). */
const EXACT_HOURS_SUM = exactSum('email_hours');

export const threadLength: AnalysisDef = {
  id: 'thread-length',
  title: 'Email threads by originator',
  question: 'Which groups start long email threads?',
  definition:
    "Thread = Mails.ConversationId. Originator = sender (MailParticipants.IsSender) of the thread's earliest Mails.SentTime, with the attributes of that PersonHistorical version; threads count in the period of their first email. " +
    'Originators are measured employees (that version\'s PersonHistorical.PopulationType = MeasuredEmployee): threads started by collaborators outside the measured population are left out, though they still count as participants in the threads they join. ' +
    "Mails.SentTime is in each sender's local time, so lifespans and response times mix the senders' clocks. " +
    'Thread length = emails sent in the thread. Participants = distinct people (masked EmailAddress; rooms and distribution lists excluded) sending or receiving. ' +
    'Active contributors = distinct senders. Touchpoints = person × email pairs (each person on each email). Lifespan = last minus first SentTime. Mean response time = lifespan / (emails − 1), the mean gap between consecutive emails. ' +
    'Email hours = Σ MailParticipants.PersonTimeSpentInHours of all participants (else PersonTimeSpentInMinutes / 60; for the sender, else Mails.SenderTimeSpentinMinutes / 60); participation workload = email hours per participant. All metrics are exact counts over the export.',
  params: [
    byParam('FunctionType', "The originator's HR attribute to group threads by."),
    BLANK_VALUES_PARAM,
    { name: 'longThreshold', label: 'Long thread (emails)', kind: 'integer', default: 5, min: 2, description: 'A thread with at least this many emails counts as long.' },
    ...PERIOD_PARAMS,
  ],
  columns: [
    { name: 'grp', label: 'Group', role: 'group' },
    { name: 'people', label: 'Originators', role: 'people', definition: 'Distinct people who started threads.' },
    { name: 'group_size', label: 'Group size', role: 'people' },
    { name: 'threads', label: 'Threads originated', unit: 'threads', role: 'metric', exactness: 'exact' },
    { name: 'emails_sent', label: 'Emails sent', unit: 'emails', role: 'metric', exactness: 'exact', definition: 'Emails in the threads the group started.' },
    { name: 'touchpoints', label: 'Touchpoints', unit: 'person-emails', role: 'metric', exactness: 'exact' },
    { name: 'distinct_participant_touchpoints', label: 'Distinct participant touchpoints', unit: 'people', role: 'metric', exactness: 'exact', definition: 'Σ over threads of distinct participants.' },
    { name: 'mean_length', label: 'Mean thread length', unit: 'emails', role: 'metric', exactness: 'exact' },
    { name: 'median_length', label: 'Median thread length', unit: 'emails', role: 'metric', exactness: 'exact' },
    { name: 'p90_length', label: 'P90 thread length', unit: 'emails', role: 'metric', exactness: 'exact' },
    { name: 'share_long', label: 'Share of long threads', unit: '%', role: 'metric', exactness: 'exact' },
    { name: 'mean_participants', label: 'Participants per thread', unit: 'people', role: 'metric', exactness: 'exact' },
    { name: 'mean_active_contributors', label: 'Active contributors per thread', unit: 'people', role: 'metric', exactness: 'exact' },
    { name: 'mean_lifespan_days', label: 'Mean thread lifespan', unit: 'days', role: 'metric', exactness: 'exact' },
    { name: 'mean_response_hours', label: 'Mean response time', unit: 'hours', role: 'metric', exactness: 'exact', definition: 'Over threads with 2 or more emails.' },
    { name: 'email_hours', label: 'Email workload', unit: 'hours', role: 'metric', exactness: 'exact', inputs: EMAIL_TIME },
    { name: 'email_hours_per_thread', label: 'Email hours per thread', unit: 'hours', role: 'metric', exactness: 'exact', inputs: EMAIL_TIME },
    { name: 'participation_workload_hours', label: 'Participation workload', unit: 'hours per participant', role: 'metric', exactness: 'exact', inputs: EMAIL_TIME },
  ],
  chart: { kind: 'bar', x: 'grp', y: ['mean_length'], title: 'Mean thread length by originator group', yLabel: 'emails per thread' },
  inputs: {
    needs: [...PERSON_NEEDS, 'Mails.ConversationId', 'Mails.SentTime', 'MailParticipants.IsSender'],
    reads: [...PERSON_READS, 'Mails.MailId', 'Mails.ConversationId', 'Mails.SentTime', 'MailParticipants.MailId', 'MailParticipants.PersonHistoricalId', 'MailParticipants.IsSender', ...EMAIL_TIME.reads],
  },
  build(params: ParamValues, ctx: BuildContext = FULL_CONTEXT) {
    const time = (sql: string) => orNull(EMAIL_TIME.needs, sql, ctx);
    const by = ident(String(params.by ?? 'FunctionType'));
    const long = Number(params.longThreshold ?? 5);
    const unitsSql = `SELECT ${groupValueSql(`o.${by}`, params)} AS grp, t.originator_pid AS person, t.ConversationId AS thread, t.emails, t.participants,
  t.active_contributors, t.touchpoints, t.email_hours,
  date_diff('second', t.first_sent, t.last_sent) / 86400.0 AS lifespan_days,
  CASE WHEN t.emails > 1 THEN date_diff('second', t.first_sent, t.last_sent) / 3600.0 / (t.emails - 1) END AS response_hours
FROM ${derived('thread')} t
JOIN ${ATTRIBUTES} o ON o.PersonHistoricalId = t.originator_version
-- Originators are the measured population (the one rule in population.ts); collaborators' threads are not a group's.
WHERE ${isMeasuredSql('o')} AND ${periodCondition(params)}`;
    return {
      groupedBy: String(params.by ?? 'FunctionType'),
      requires: ['thread'],
      main: {
        unitsSql,
        aggregates: [
          { name: 'threads', sql: 'count(*)' },
          { name: 'emails_sent', sql: 'sum(emails)' },
          { name: 'touchpoints', sql: 'sum(touchpoints)' },
          { name: 'distinct_participant_touchpoints', sql: 'sum(participants)' },
          { name: 'mean_length', sql: r3('avg(emails)') },
          { name: 'median_length', sql: 'median(emails)' },
          { name: 'p90_length', sql: 'quantile_cont(emails, 0.9)' },
          { name: 'share_long', sql: `round(100.0 * avg(CASE WHEN emails >= ${long} THEN 1 ELSE 0 END), 2)` },
          { name: 'mean_participants', sql: r3('avg(participants)') },
          { name: 'mean_active_contributors', sql: r3('avg(active_contributors)') },
          { name: 'mean_lifespan_days', sql: r3(exactAvg('lifespan_days')) },
          { name: 'mean_response_hours', sql: r3(exactAvg('response_hours')) },
          { name: 'email_hours', sql: time(`round(${EXACT_HOURS_SUM}, 2)`) },
          { name: 'email_hours_per_thread', sql: time(r3(exactAvg('email_hours'))) },
          { name: 'participation_workload_hours', sql: time(r3(`${EXACT_HOURS_SUM} / nullif(sum(participants), 0)`)) },
        ],
        orderBy: 'mean_length DESC, grp',
      },
    };
  },
};
