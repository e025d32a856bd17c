/**
 * Meetings that count: not canceled, not all-day, with at least two attendees that are people. An
 * attendee is a person on the participant list who did not decline.
 */
import { derived } from './names.js';
import type { DerivedTable } from './types.js';

/** Participant rows that attend: people who did not decline (one row per meeting and person). */
const attendeesSql = (src: Parameters<DerivedTable['sql']>[0]) => `SELECT mp.MeetingId, v.pid,
    any_value(mp.PersonHistoricalId) AS PersonHistoricalId,
    bool_or(coalesce(mp.IsOrganizer, false)) AS is_organizer,
    bool_or(coalesce(mp.IsDoubleBooked, false)) AS is_double_booked,
    min(mp.LocalStartTime) AS local_start, max(mp.LocalEndTime) AS local_end,
    bool_or(v.is_external) AS is_external, bool_or(v.is_measured) AS is_measured,
    any_value(v.manager_pid) AS manager_pid
  FROM ${src('MeetingParticipants')} mp
  JOIN ${derived('person_version')} v ON v.PersonHistoricalId = mp.PersonHistoricalId
  WHERE v.is_person AND coalesce(lower(mp.Response), '') <> 'declined'
  GROUP BY mp.MeetingId, v.pid`;

export const meetingEvent: DerivedTable = {
  name: 'meeting_event',
  description: 'Meetings that count (not canceled, not all-day, ≥ 2 attendees that are people): times, scheduled and adjusted hours, attendees, organizer, external presence.',
  dependsOn: ['person_version'],
  sources: ['Meetings', 'MeetingParticipants'],
  sql: (src) => `WITH att AS (${attendeesSql(src)}),
per_meeting AS (
  SELECT MeetingId, count(*) AS attendees, coalesce(bool_or(is_external), false) AS has_external,
    min(pid) AS min_pid, max(pid) AS max_pid,
    min(pid) FILTER (WHERE is_organizer) AS organizer_pid,
    min(PersonHistoricalId) FILTER (WHERE is_organizer) AS organizer_version
  FROM att GROUP BY MeetingId
)
SELECT m.MeetingId, m.StartTime, m.EndTime, CAST(date_trunc('week', m.StartTime) AS DATE) AS week,
  round(coalesce(m.DurationMinutes, date_diff('second', m.StartTime, m.EndTime) / 60.0) / 60.0, 6) AS scheduled_hours,
  round(coalesce(m.DurationMinutesAdjusted, m.DurationMinutes, date_diff('second', m.StartTime, m.EndTime) / 60.0) / 60.0, 6) AS adjusted_hours,
  coalesce(m.IsRecurring, false) AS is_recurring,
  p.attendees, p.has_external, p.min_pid, p.max_pid, p.organizer_pid, p.organizer_version
FROM ${src('Meetings')} m JOIN per_meeting p ON p.MeetingId = m.MeetingId
WHERE NOT coalesce(m.IsCancelled, false) AND NOT coalesce(m.IsAllDay, false) AND p.attendees >= 2 AND m.StartTime IS NOT NULL`,
};

/**
 * One row per person attending a counted meeting, with the flags the person-week metrics need:
 * double booked, multitasking (≥ 2 emails sent per scheduled hour, at least 2, while it ran),
 * 1:1 with the person's manager (exactly 2 attendees, the other being the ManagerId).
 */
export const meetingAttendance: DerivedTable = {
  name: 'meeting_attendance',
  description: 'People attending counted meetings: local times, hours, and the double-booked, multitasking, manager-1:1 and external flags.',
  dependsOn: ['person_version', 'meeting_event', 'mail_event'],
  sources: ['MeetingParticipants'],
  sql: (src) => `WITH att AS (${attendeesSql(src)}),
joined AS (
  SELECT a.MeetingId, a.pid, a.PersonHistoricalId, a.is_double_booked, a.is_measured, a.manager_pid,
    coalesce(a.local_start, e.StartTime) AS local_start, coalesce(a.local_end, e.EndTime) AS local_end,
    e.StartTime, e.EndTime, e.week, e.scheduled_hours, e.adjusted_hours, e.attendees, e.has_external,
    e.attendees = 2 AND a.manager_pid IS NOT NULL AND a.manager_pid = CASE WHEN a.pid = e.min_pid THEN e.max_pid ELSE e.min_pid END AS is_manager_1on1
  FROM att a JOIN ${derived('meeting_event')} e ON e.MeetingId = a.MeetingId
),
-- Emails sent during a meeting: matched on sender and week (a meeting may touch two weeks).
keyed AS (SELECT MeetingId, pid, StartTime, EndTime, unnest(list_distinct([week, CAST(date_trunc('week', EndTime) AS DATE)])) AS jweek FROM joined),
during AS (
  SELECT k.MeetingId, k.pid, count(*) AS emails_during
  FROM keyed k JOIN ${derived('mail_event')} m ON m.sender_pid = k.pid AND m.week = k.jweek
  WHERE m.SentTime >= k.StartTime AND m.SentTime < k.EndTime
  GROUP BY k.MeetingId, k.pid
)
SELECT j.*, coalesce(d.emails_during, 0) AS emails_during,
  coalesce(d.emails_during, 0) >= 2 * greatest(1, j.scheduled_hours) AS is_multitasking
FROM joined j LEFT JOIN during d ON d.MeetingId = j.MeetingId AND d.pid = j.pid`,
};
