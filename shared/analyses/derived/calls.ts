/** Calls and instant messages. */
import { derived } from './names.js';
import type { DerivedTable } from './types.js';

/**
 * One row per person on a call. Calls has no times: a leg is CallParticipants.LocalStartTime to
 * LocalEndTime, in the participant's local time; the call's week is that of its earliest
 * participant LocalStartTime. To overlap two people's legs they are put on one clock: local minus
 * the HR version's offset learnt from its meetings (person_offset); a version without meetings has
 * no known offset and its local times are used as they are.
 */
export const callLeg: DerivedTable = {
  name: 'call_leg',
  description: "People on calls: local join/leave (CallParticipants), hours, the same interval on the meetings' clock (via person_offset, else local as is), people on the call, external presence.",
  dependsOn: ['person_version', 'person_offset'],
  sources: ['CallParticipants'],
  sql: (src) => `WITH rows AS (
  SELECT cp.CallRecordId, cp.PersonHistoricalId, cp.LocalStartTime, cp.LocalEndTime,
    min(cp.LocalStartTime) OVER (PARTITION BY cp.CallRecordId) AS call_start
  FROM ${src('CallParticipants')} cp
  WHERE cp.LocalStartTime IS NOT NULL AND cp.LocalEndTime IS NOT NULL
),
legs AS (
  SELECT r.CallRecordId, v.pid, v.is_external, v.is_measured,
    r.LocalStartTime AS local_start, greatest(r.LocalEndTime, r.LocalStartTime) AS local_end,
    round(greatest(date_diff('second', r.LocalStartTime, r.LocalEndTime), 0) / 3600.0, 6) AS hours,
    CAST(date_trunc('week', r.call_start) AS DATE) AS week,
    coalesce(o.offset_minutes, 0) AS offset_minutes
  FROM rows r
  JOIN ${derived('person_version')} v ON v.PersonHistoricalId = r.PersonHistoricalId
  LEFT JOIN ${derived('person_offset')} o ON o.PersonHistoricalId = r.PersonHistoricalId
  WHERE v.is_person
),
per_call AS (SELECT CallRecordId, count(DISTINCT pid) AS participants, coalesce(bool_or(is_external), false) AS has_external FROM legs GROUP BY CallRecordId)
SELECT l.*, l.local_start - to_minutes(CAST(l.offset_minutes AS BIGINT)) AS utc_start, l.local_end - to_minutes(CAST(l.offset_minutes AS BIGINT)) AS utc_end,
  p.participants, p.has_external
FROM legs l JOIN per_call p ON p.CallRecordId = l.CallRecordId`,
};

/**
 * One row per instant message: week (InstantMessages.SentTime, in local time), sender, the
 * sender's minutes and external presence: what activity_hour and pair_week read. The people on it
 * and InstantMessages.InteractionType were kept too and nothing read them (~10 % of this table's
 * CPU, 5,000 × 13 bench, December 2026).
 */
export const imEvent: DerivedTable = {
  name: 'im_event',
  description: 'One row per instant message: week, sender, sender minutes, external presence.',
  dependsOn: ['person_version'],
  sources: ['InstantMessages', 'InstantMessageParticipants'],
  sql: (src) => `WITH per_im AS (
  SELECT ip.InstantMessageId,
    coalesce(bool_or(v.is_external), false) AS has_external,
    min(v.pid) FILTER (WHERE ip.IsSender) AS sender_pid,
    round(coalesce(sum(ip.SenderTimeSpentInMinutes) FILTER (WHERE ip.IsSender), 0), 6) AS sender_minutes,
    coalesce(bool_or(v.is_person) FILTER (WHERE ip.IsSender), false) AS sender_is_person,
    coalesce(bool_or(v.is_measured) FILTER (WHERE ip.IsSender), false) AS sender_is_measured
  FROM ${src('InstantMessageParticipants')} ip
  JOIN ${derived('person_version')} v ON v.PersonHistoricalId = ip.PersonHistoricalId
  GROUP BY ip.InstantMessageId
)
SELECT i.InstantMessageId, i.SentTime, CAST(date_trunc('week', i.SentTime) AS DATE) AS week,
  p.* EXCLUDE (InstantMessageId)
FROM per_im p JOIN ${src('InstantMessages')} i ON i.InstantMessageId = p.InstantMessageId
WHERE i.SentTime IS NOT NULL`,
};
