/**
 * People and weeks. The stable person is the masked EmailAddress; derived tables number people
 * (`pid`) so joins and distinct counts run on integers instead of 64-character tokens. Rooms and
 * distribution lists keep a pid but are flagged `is_person = false` and never count as people.
 */
import { isExternalSql, isMeasuredSql, isPersonSql } from '../population.js';
import { derived } from './names.js';
import type { DerivedTable } from './types.js';

/** One row per PersonHistorical version, with its person number and population flags. */
export const personVersion: DerivedTable = {
  name: 'person_version',
  description: 'PersonHistorical versions with a person number (pid) per masked EmailAddress, population flags and the manager as a pid.',
  dependsOn: [],
  sources: ['PersonHistorical'],
  sql: (src) => `WITH v AS (
  SELECT p.PersonHistoricalId,
    CAST(dense_rank() OVER (ORDER BY coalesce(p.EmailAddress, CAST(p.PersonHistoricalId AS VARCHAR))) AS INTEGER) AS pid,
    p.EmailAddress, p.ManagerId,
    ${isPersonSql('p')} AS is_person,
    ${isPersonSql('p')} AND ${isExternalSql('p')} AS is_external,
    ${isMeasuredSql('p')} AS is_measured,
    coalesce(p.StartDate, TIMESTAMP '1900-01-01') AS valid_from,
    coalesce(p.EndDate, TIMESTAMP '9999-12-31') AS valid_to
  FROM ${src('PersonHistorical')} p
),
ids AS (SELECT DISTINCT EmailAddress, pid FROM v WHERE EmailAddress IS NOT NULL)
-- ManagerId is a masked EmailAddress: it resolves only when both use the same token space.
SELECT v.PersonHistoricalId, v.pid, v.is_person, v.is_external, v.is_measured, v.valid_from, v.valid_to, m.pid AS manager_pid
FROM v LEFT JOIN ids m ON m.EmailAddress = v.ManagerId`,
};

/** One row per person: a person is measured / external if any of their versions is. */
export const person: DerivedTable = {
  name: 'person',
  description: 'One row per person (pid) with population flags.',
  dependsOn: ['person_version'],
  sources: [],
  sql: () => `SELECT pid, bool_or(is_person) AS is_person, bool_or(is_measured) AS is_measured, bool_or(is_external) AS is_external
FROM ${derived('person_version')} GROUP BY pid`,
};

/**
 * The export's weeks (Mondays): the weeks of Meetings.StartTime, the one clock all attendees of a
 * meeting share. The other activities carry local times only (Mails.SentTime is the sender's,
 * InstantMessages.SentTime and CallParticipants.LocalStartTime the participant's), which spill a
 * few hours into the weeks either side of the export, so their weeks count only inside the meetings'
 * first to last week (a week with emails but no meetings, a holiday week, stays), or alone when the
 * workspace has no meetings. Activity outside the export's weeks is left out of person-week metrics.
 */
export const weeks: DerivedTable = {
  name: 'weeks',
  description: 'The export weeks: Mondays of the weeks of Meetings.StartTime (without meetings: of any email, call or IM, in local time).',
  dependsOn: [],
  sources: ['Mails', 'Meetings', 'CallParticipants', 'InstantMessages'],
  sql: (src) => `WITH meeting_weeks AS (
  SELECT DISTINCT CAST(date_trunc('week', StartTime) AS DATE) AS week FROM ${src('Meetings')} WHERE StartTime IS NOT NULL
),
local_weeks AS (
  SELECT DISTINCT CAST(date_trunc('week', t) AS DATE) AS week FROM (
    SELECT SentTime AS t FROM ${src('Mails')}
    UNION ALL SELECT min(LocalStartTime) FROM ${src('CallParticipants')} WHERE LocalEndTime IS NOT NULL GROUP BY CallRecordId
    UNION ALL SELECT SentTime FROM ${src('InstantMessages')}
  ) WHERE t IS NOT NULL
)
SELECT week FROM meeting_weeks
UNION
SELECT week FROM local_weeks
WHERE NOT EXISTS (SELECT 1 FROM meeting_weeks)
  OR week BETWEEN (SELECT min(week) FROM meeting_weeks) AND (SELECT max(week) FROM meeting_weeks)`,
};

/**
 * The measured population: one row per measured employee and week in which one of their HR
 * versions is valid, with that version (the latest starting one when two overlap the week).
 */
export const personWeek: DerivedTable = {
  name: 'person_week',
  description: 'Measured employees × weeks, with the HR version (PersonHistoricalId) valid that week and the manager.',
  dependsOn: ['weeks', 'person_version'],
  sources: [],
  // A struct keeps the manager of the picked version even when it is NULL.
  sql: () => `SELECT week, pid, pick.id AS PersonHistoricalId, pick.manager AS manager_pid FROM (
  SELECT w.week, v.pid, arg_max({'id': v.PersonHistoricalId, 'manager': v.manager_pid}, v.valid_from) AS pick
  FROM ${derived('weeks')} w
  JOIN ${derived('person_version')} v ON v.valid_from < w.week + INTERVAL 7 DAY AND v.valid_to > w.week
  WHERE v.is_measured
  GROUP BY w.week, v.pid
)`,
};

/**
 * Each HR version's offset in minutes from the meetings' clock: MeetingParticipants.LocalStartTime −
 * Meetings.StartTime, the most common value (a relocation is a new version, so one version has one
 * offset). The documents do not state Meetings.StartTime's zone; it is taken as the one common
 * clock (UTC). Call participants have local times only; this puts their legs on that clock.
 */
export const personOffset: DerivedTable = {
  name: 'person_offset',
  description: "Each HR version's usual UTC offset (minutes), from MeetingParticipants.LocalStartTime − Meetings.StartTime.",
  dependsOn: [],
  sources: ['MeetingParticipants', 'Meetings'],
  sql: (src) => `SELECT mp.PersonHistoricalId, mode(date_diff('minute', m.StartTime, mp.LocalStartTime)) AS offset_minutes
FROM ${src('MeetingParticipants')} mp
JOIN ${src('Meetings')} m ON m.MeetingId = mp.MeetingId
WHERE mp.LocalStartTime IS NOT NULL AND m.StartTime IS NOT NULL
GROUP BY mp.PersonHistoricalId`,
};
