/**
 * Meetings that count: not canceled (Meetings.IsCanceled), with at least two attendees that are
 * people. An attendee is a person on MeetingParticipants whose Response is not declined. (The
 * export has no all-day flag, so no all-day rule.)
 *
 * A meeting ends at Meetings.StartTime + DurationMinutes; an attendee's local interval starts at
 * their MeetingParticipants.LocalStartTime and lasts DurationMinutes. An attendee's hours are their
 * MeetingParticipants.DurationMinutesAdjusted / 60 (adjusted when double booked), or the meeting's
 * DurationMinutes / 60 where that value is empty. The documents do not state Meetings.StartTime's zone.
 */
import { derived } from './names.js';
import type { DerivedTable } from './types.js';

/** Participant rows that attend: people who did not decline (one row per meeting and person). */
const attendeesSql = (src: Parameters<DerivedTable['sql']>[0]) => `SELECT mp.MeetingId, v.pid,
    min(mp.PersonHistoricalId) AS PersonHistoricalId,
    bool_or(coalesce(mp.IsOrganizer, false)) AS is_organizer,
    bool_or(coalesce(lower(trim(mp.Response)) = 'accepted', false) OR coalesce(mp.IsOrganizer, false)) AS is_accepted,
    bool_or(coalesce(mp.IsDoubleBooked, false)) AS is_double_booked,
    min(mp.LocalStartTime) AS local_start,
    max(mp.DurationMinutesAdjusted) AS adjusted_minutes,
    max(mp.NumberOfEmailsDuringMeeting) AS emails_during,
    bool_or(v.is_external) AS is_external, bool_or(v.is_measured) AS is_measured,
    any_value(v.manager_pid) AS manager_pid
  FROM ${src('MeetingParticipants')} mp
  JOIN ${derived('person_version')} v ON v.PersonHistoricalId = mp.PersonHistoricalId
  WHERE v.is_person AND coalesce(lower(trim(mp.Response)), '') <> 'declined'
  GROUP BY mp.MeetingId, v.pid`;

export const meetingEvent: DerivedTable = {
  name: 'meeting_event',
  description: 'Meetings that count (not canceled, ≥ 2 attendees that are people): start, end (start + DurationMinutes), week, scheduled hours, attendees, organizer, external presence.',
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
SELECT m.MeetingId, m.StartTime, m.StartTime + to_minutes(CAST(coalesce(m.DurationMinutes, 0) AS BIGINT)) AS end_time,
  CAST(date_trunc('week', m.StartTime) AS DATE) AS week,
  m.DurationMinutes AS duration_minutes,
  round(m.DurationMinutes / 60.0, 6) AS scheduled_hours,
  coalesce(m.IsRecurring, false) AS is_recurring,
  p.attendees, p.has_external, p.min_pid, p.max_pid, p.organizer_pid, p.organizer_version
FROM ${src('Meetings')} m JOIN per_meeting p ON p.MeetingId = m.MeetingId
WHERE NOT coalesce(m.IsCanceled, false) AND p.attendees >= 2 AND m.StartTime IS NOT NULL`,
};

/**
 * One row per person attending a counted meeting, with the flags the person-week metrics need:
 * double booked (MeetingParticipants.IsDoubleBooked), multitasking (the attendee's
 * MeetingParticipants.NumberOfEmailsDuringMeeting ≥ 2 per scheduled hour, at least 2), 1:1 with
 * the person's manager (exactly 2 attendees, the other being the ManagerId). \`is_accepted\`: the
 * person accepted (MeetingParticipants.Response) or organised it — the packages' "attended".
 */
export const meetingAttendance: DerivedTable = {
  name: 'meeting_attendance',
  description: "People attending counted meetings: local start and end, the attendee's (adjusted) hours, and the accepted, organizer, double-booked, multitasking, manager-1:1 and external flags.",
  dependsOn: ['person_version', 'meeting_event'],
  sources: ['MeetingParticipants'],
  sql: (src) => `WITH att AS (${attendeesSql(src)})
SELECT a.MeetingId, a.pid, a.PersonHistoricalId, a.is_double_booked, a.is_measured, a.manager_pid, a.is_organizer, a.is_accepted,
  coalesce(a.local_start, e.StartTime) AS local_start,
  coalesce(a.local_start, e.StartTime) + to_minutes(CAST(coalesce(e.duration_minutes, 0) AS BIGINT)) AS local_end,
  e.StartTime, e.end_time, e.week, e.scheduled_hours,
  round(coalesce(a.adjusted_minutes, e.duration_minutes, 0) / 60.0, 6) AS adjusted_hours,
  e.attendees, e.has_external,
  e.attendees = 2 AND a.manager_pid IS NOT NULL AND a.manager_pid = CASE WHEN a.pid = e.min_pid THEN e.max_pid ELSE e.min_pid END AS is_manager_1on1,
  coalesce(a.emails_during, 0) AS emails_during,
  coalesce(a.emails_during, 0) >= 2 * greatest(1, coalesce(e.scheduled_hours, 0)) AS is_multitasking
FROM att a JOIN ${derived('meeting_event')} e ON e.MeetingId = a.MeetingId`,
};
