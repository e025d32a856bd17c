/**
 * Meeting metrics per measured attendee and local hour slot, kept apart by whether the person
 * accepted (or organised) the meeting, so "attended" can be chosen per analysis: accepted only
 * (the packages' rule) or not declined. Flags per attendance:
 * - manager / skip level present: the person's PersonHistorical.ManagerId (as a person) attends
 *   (did not decline), any size; the skip level is the manager's ManagerId on the version valid
 *   at Meetings.StartTime;
 * - conflicting: the meeting overlaps another meeting the person accepted or organised, on the
 *   meetings' clock (Meetings.StartTime + DurationMinutes); only accepted meetings conflict;
 * - redundant: the person, their manager and their skip level all attend (three levels of one
 *   reporting line);
 * - low quality: multitasking, conflicting or redundant (each hour once);
 * - generated workload (organiser only): the other attendees' hours and their number.
 */
import { spread, share } from './activity.js';
import { derived } from './names.js';
import type { DerivedTable } from './types.js';
import { roundMicro } from './round.js';

export const MEETING_HOUR_COUNTS = ['meetings', 'manager_1on1_meetings', 'manager_meetings', 'skip_level_meetings', 'meetings_organized', 'generated_meeting_attendees'] as const;
export const MEETING_HOUR_HOURS = [
  'meeting_hours', 'ext_meeting_hours', 'double_booked_hours', 'multitasking_meeting_hours', 'manager_1on1_hours', 'manager_meeting_hours',
  'skip_level_meeting_hours', 'conflicting_meeting_hours', 'redundant_meeting_hours', 'low_quality_meeting_hours', 'generated_meeting_hours',
] as const;

const counted = (flag: string) => `CAST(first_slot AND ${flag} AS INTEGER)`;
const hours = (flag: string) => `CASE WHEN ${flag} THEN h ELSE 0 END`;
const SUMS: Record<(typeof MEETING_HOUR_COUNTS)[number] | (typeof MEETING_HOUR_HOURS)[number], string> = {
  meetings: 'CAST(first_slot AS INTEGER)',
  manager_1on1_meetings: counted('is_manager_1on1'),
  manager_meetings: counted('with_manager'),
  skip_level_meetings: counted('with_skip_level'),
  meetings_organized: counted('is_organizer'),
  generated_meeting_attendees: 'CASE WHEN first_slot AND is_organizer THEN others ELSE 0 END',
  meeting_hours: 'h',
  ext_meeting_hours: hours('has_external'),
  double_booked_hours: hours('is_double_booked'),
  multitasking_meeting_hours: hours('is_multitasking'),
  manager_1on1_hours: hours('is_manager_1on1'),
  manager_meeting_hours: hours('with_manager'),
  skip_level_meeting_hours: hours('with_skip_level'),
  conflicting_meeting_hours: hours('is_conflicting'),
  redundant_meeting_hours: hours('is_redundant'),
  low_quality_meeting_hours: hours('(is_multitasking OR is_conflicting OR is_redundant)'),
  generated_meeting_hours: `CASE WHEN is_organizer THEN others_hours * ${share('local_start', 'local_end')} ELSE 0 END`,
};

export const meetingHour: DerivedTable = {
  name: 'meeting_hour',
  description: 'Measured attendees × week × local weekday × hour × accepted: meeting counts and hours, with manager, skip-level, conflicting, redundant, low-quality and generated-workload parts.',
  dependsOn: ['meeting_attendance', 'person_version'],
  sources: [],
  sql: () => `WITH a AS (SELECT * FROM ${derived('meeting_attendance')} WHERE is_measured),
skip AS (
  SELECT a.MeetingId, a.pid, arg_max(m.manager_pid, m.valid_from) AS skip_pid
  FROM a JOIN ${derived('person_version')} m ON m.pid = a.manager_pid AND m.valid_from <= a.StartTime AND m.valid_to > a.StartTime
  GROUP BY a.MeetingId, a.pid
),
overlap AS (
  SELECT MeetingId, pid,
    coalesce(max(end_time) OVER (PARTITION BY pid ORDER BY StartTime, end_time, MeetingId ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) > StartTime, false)
    OR coalesce(lead(StartTime) OVER (PARTITION BY pid ORDER BY StartTime, end_time, MeetingId) < end_time, false) AS is_conflicting
  FROM ${derived('meeting_attendance')} WHERE is_accepted
),
per_meeting AS (SELECT MeetingId, sum(adjusted_hours) AS total_hours, count(*) AS people FROM ${derived('meeting_attendance')} GROUP BY MeetingId),
flagged AS (
  SELECT a.pid, a.week, a.local_start, a.local_end, a.adjusted_hours, a.is_accepted, a.is_organizer, a.has_external, a.is_double_booked, a.is_multitasking, a.is_manager_1on1,
    mg.pid IS NOT NULL AS with_manager, sk.pid IS NOT NULL AS with_skip_level,
    mg.pid IS NOT NULL AND sk.pid IS NOT NULL AS is_redundant,
    coalesce(o.is_conflicting, false) AS is_conflicting,
    pm.total_hours - a.adjusted_hours AS others_hours, pm.people - 1 AS others
  FROM a
  JOIN per_meeting pm ON pm.MeetingId = a.MeetingId
  LEFT JOIN ${derived('meeting_attendance')} mg ON mg.MeetingId = a.MeetingId AND mg.pid = a.manager_pid AND mg.pid <> a.pid
  LEFT JOIN skip s ON s.MeetingId = a.MeetingId AND s.pid = a.pid
  LEFT JOIN ${derived('meeting_attendance')} sk ON sk.MeetingId = a.MeetingId AND sk.pid = s.skip_pid AND sk.pid <> a.pid
  LEFT JOIN overlap o ON o.MeetingId = a.MeetingId AND o.pid = a.pid
),
slots AS (
  SELECT *, slot = date_trunc('hour', local_start) AS first_slot, adjusted_hours * ${share('local_start', 'local_end')} AS h
  FROM (SELECT f.*, ${spread('f.local_start', 'f.local_end')} FROM flagged f)
)
SELECT pid, week, CAST(isodow(slot) - 1 AS TINYINT) AS dow, CAST(hour(slot) AS TINYINT) AS hour, is_accepted AS accepted,
  ${MEETING_HOUR_COUNTS.map((c) => `CAST(sum(${SUMS[c]}) AS INTEGER) AS ${c}`).join(', ')},
  ${MEETING_HOUR_HOURS.map((c) => `${roundMicro(`sum(${SUMS[c]})`)} AS ${c}`).join(', ')}
FROM slots
GROUP BY pid, week, dow, hour, accepted`,
};
