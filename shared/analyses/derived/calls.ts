/** Calls and instant messages. */
import { derived } from './names.js';
import type { DerivedTable } from './types.js';

/**
 * One row per person on a call: local join/leave, hours, and the same interval in UTC (local minus
 * the HR version's usual offset, or the offset this call implies rounded to 15 minutes) so two legs
 * can be overlapped.
 */
export const callLeg: DerivedTable = {
  name: 'call_leg',
  description: 'People on calls: local and UTC join/leave, hours, people on the call, external presence.',
  dependsOn: ['person_version', 'person_offset'],
  sources: ['Calls', 'CallParticipants'],
  sql: (src) => `WITH legs AS (
  SELECT cp.CallRecordId, v.pid, v.is_external, v.is_measured,
    cp.LocalStartTime AS local_start, greatest(cp.LocalEndTime, cp.LocalStartTime) AS local_end,
    round(greatest(date_diff('second', cp.LocalStartTime, cp.LocalEndTime), 0) / 3600.0, 6) AS hours,
    CAST(date_trunc('week', c.StartTime) AS DATE) AS week,
    coalesce(o.offset_minutes, CAST(round(date_diff('minute', c.StartTime, cp.LocalStartTime) / 15.0) * 15 AS BIGINT)) AS offset_minutes
  FROM ${src('CallParticipants')} cp
  JOIN ${src('Calls')} c ON c.CallRecordId = cp.CallRecordId
  JOIN ${derived('person_version')} v ON v.PersonHistoricalId = cp.PersonHistoricalId
  LEFT JOIN ${derived('person_offset')} o ON o.PersonHistoricalId = cp.PersonHistoricalId
  WHERE v.is_person AND cp.LocalStartTime IS NOT NULL AND cp.LocalEndTime IS NOT NULL AND c.StartTime IS NOT NULL
),
per_call AS (SELECT CallRecordId, count(DISTINCT pid) AS participants, coalesce(bool_or(is_external), false) AS has_external FROM legs GROUP BY CallRecordId)
SELECT l.*, l.local_start - to_minutes(l.offset_minutes) AS utc_start, l.local_end - to_minutes(l.offset_minutes) AS utc_end,
  p.participants, p.has_external
FROM legs l JOIN per_call p ON p.CallRecordId = l.CallRecordId`,
};

/** One row per instant message: week, sender, the sender's time, people on it. */
export const imEvent: DerivedTable = {
  name: 'im_event',
  description: 'One row per instant message: week, sender, sender minutes, people on it, external presence.',
  dependsOn: ['person_version'],
  sources: ['InstantMessages', 'InstantMessageParticipants'],
  sql: (src) => `WITH per_im AS (
  SELECT ip.InstantMessageId,
    count(*) FILTER (WHERE v.is_person) AS people,
    coalesce(bool_or(v.is_external), false) AS has_external,
    min(v.pid) FILTER (WHERE ip.IsSender) AS sender_pid,
    round(coalesce(sum(ip.SenderTimeSpentInMinutes) FILTER (WHERE ip.IsSender), 0), 6) AS sender_minutes,
    coalesce(bool_or(v.is_person) FILTER (WHERE ip.IsSender), false) AS sender_is_person,
    coalesce(bool_or(v.is_measured) FILTER (WHERE ip.IsSender), false) AS sender_is_measured
  FROM ${src('InstantMessageParticipants')} ip
  JOIN ${derived('person_version')} v ON v.PersonHistoricalId = ip.PersonHistoricalId
  GROUP BY ip.InstantMessageId
)
SELECT i.InstantMessageId, i.SentTime, CAST(date_trunc('week', i.SentTime) AS DATE) AS week, p.* EXCLUDE (InstantMessageId)
FROM per_im p JOIN ${src('InstantMessages')} i ON i.InstantMessageId = p.InstantMessageId
WHERE i.SentTime IS NOT NULL`,
};
