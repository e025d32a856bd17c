/**
 * Pair collaboration per week and network size. Pairs are people only (rooms and distribution
 * lists never count), unordered (a < b), with at least one measured employee.
 *
 * Pair time: meetings — each attendee pair shares the shorter of the two attendees' hours
 * (MeetingParticipants.DurationMinutesAdjusted; also kept divided by attendees − 1); emails —
 * sender ↔ each recipient, the recipient's time; calls — the overlap of both people's intervals;
 * IMs — the sender's time, to each recipient.
 * Meaningful interaction: an email, meeting or call with 2–8 people on it, or 3 IMs.
 */
import { personMailHours } from './mail.js';
import { derived } from './names.js';
import type { DerivedTable } from './types.js';

const PAIR_COLUMNS = ['email_hours', 'emails', 'meeting_hours', 'meeting_hours_split', 'meetings', 'call_hours', 'calls', 'im_hours', 'ims', 'meaningful'] as const;
type PairColumn = (typeof PAIR_COLUMNS)[number];
/** Stored as INTEGER (sums of integers would be 128-bit); hours are rounded to the microhour to compress well. */
const PAIR_COUNTS: readonly PairColumn[] = ['emails', 'meetings', 'calls', 'ims', 'meaningful'];

/** One source's pair rows summed per week and unordered pair, padded with zeros for the other columns. */
function perPair(rows: string, set: Partial<Record<PairColumn, string>>): string {
  const own = Object.keys(set) as PairColumn[];
  return `SELECT week, least(p1, p2) AS a, greatest(p1, p2) AS b,
    ${PAIR_COLUMNS.map((c) => (own.includes(c) ? `sum(${set[c]}) AS ${c}` : `0 AS ${c}`)).join(', ')}
  FROM (${rows}) GROUP BY week, a, b`;
}

export const pairWeek: DerivedTable = {
  name: 'pair_week',
  description: 'Unordered pairs of people (a < b, at least one measured) × week: email, meeting, call and IM hours and counts, and meaningful interactions.',
  dependsOn: ['person_version', 'mail_event', 'meeting_attendance', 'call_leg', 'im_event'],
  sources: ['MailParticipants', 'InstantMessageParticipants'],
  sql: (src) => `WITH mail_pairs AS (${perPair(
    `SELECT e.week, e.sender_pid AS p1, v.pid AS p2, coalesce(${personMailHours('mp')}, 0) AS h, e.people
  FROM ${src('MailParticipants')} mp
  JOIN ${derived('person_version')} v ON v.PersonHistoricalId = mp.PersonHistoricalId
  JOIN ${derived('mail_event')} e ON e.MailId = mp.MailId
  WHERE NOT coalesce(mp.IsSender, false) AND v.is_person AND e.sender_is_person AND v.pid <> e.sender_pid AND (v.is_measured OR e.sender_is_measured)`,
    { email_hours: 'h', emails: '1', meaningful: 'CAST(people BETWEEN 2 AND 8 AS INTEGER)' },
  )}),
meeting_pairs AS (${perPair(
    `SELECT a.week, a.pid AS p1, b.pid AS p2, least(a.adjusted_hours, b.adjusted_hours) AS h, a.attendees
  FROM ${derived('meeting_attendance')} a
  JOIN ${derived('meeting_attendance')} b ON b.MeetingId = a.MeetingId AND b.pid > a.pid
  WHERE a.is_measured OR b.is_measured`,
    { meeting_hours: 'h', meeting_hours_split: 'h / (attendees - 1)', meetings: '1', meaningful: 'CAST(attendees BETWEEN 2 AND 8 AS INTEGER)' },
  )}),
call_pairs AS (${perPair(
    `SELECT a.week, a.pid AS p1, b.pid AS p2, date_diff('second', greatest(a.utc_start, b.utc_start), least(a.utc_end, b.utc_end)) / 3600.0 AS h, a.participants
  FROM ${derived('call_leg')} a
  JOIN ${derived('call_leg')} b ON b.CallRecordId = a.CallRecordId AND b.pid > a.pid
  WHERE (a.is_measured OR b.is_measured) AND least(a.utc_end, b.utc_end) > greatest(a.utc_start, b.utc_start)`,
    { call_hours: 'h', calls: '1', meaningful: 'CAST(participants BETWEEN 2 AND 8 AS INTEGER)' },
  )}),
im_pairs AS (${perPair(
    `SELECT e.week, e.sender_pid AS p1, v.pid AS p2, e.sender_minutes / 60.0 AS h
  FROM ${src('InstantMessageParticipants')} ip
  JOIN ${derived('person_version')} v ON v.PersonHistoricalId = ip.PersonHistoricalId
  JOIN ${derived('im_event')} e ON e.InstantMessageId = ip.InstantMessageId
  WHERE NOT coalesce(ip.IsSender, false) AND v.is_person AND e.sender_is_person AND v.pid <> e.sender_pid AND (v.is_measured OR e.sender_is_measured)`,
    { im_hours: 'h', ims: '1' },
  )}),
all_pairs AS (SELECT * FROM mail_pairs UNION ALL SELECT * FROM meeting_pairs UNION ALL SELECT * FROM call_pairs UNION ALL SELECT * FROM im_pairs)
SELECT week, a, b, ${PAIR_COLUMNS.map((c) => (PAIR_COUNTS.includes(c) ? `CAST(sum(${c}) AS INTEGER) AS ${c}` : `round(sum(${c}), 6) AS ${c}`)).join(', ')}
FROM all_pairs
GROUP BY week, a, b`,
};

/**
 * Ties per week: unordered pairs with at least 2 meaningful interactions in the trailing 4 weeks
 * (this week and the 3 before); IMs count as one meaningful interaction per 3 in the window.
 * Network size and networking reach both read it, so the window is summed once.
 */
export const tieWeek: DerivedTable = {
  name: 'tie_week',
  description: 'Week × unordered pair of people (a < b) with ≥ 2 meaningful interactions in the trailing 4 weeks.',
  dependsOn: ['pair_week', 'weeks'],
  sources: [],
  // Pairs that cannot reach 2 meaningful interactions even over the whole export are dropped first.
  sql: () => `WITH candidates AS (
  SELECT a, b FROM ${derived('pair_week')} GROUP BY a, b HAVING sum(meaningful) + floor(sum(ims) / 3) >= 2
),
pw AS (
  SELECT p.week, p.a, p.b, p.meaningful, p.ims FROM ${derived('pair_week')} p JOIN candidates c ON c.a = p.a AND c.b = p.b
)
SELECT w.week, pw.a, pw.b
FROM pw JOIN ${derived('weeks')} w ON w.week >= pw.week AND w.week <= pw.week + INTERVAL 21 DAY
GROUP BY w.week, pw.a, pw.b
HAVING sum(pw.meaningful) + floor(sum(pw.ims) / 3) >= 2`,
};

/** Network size per measured employee and week: distinct people tied to them (tie_week), internal and external apart. */
export const networkSize: DerivedTable = {
  name: 'network_size',
  description: 'Measured employees × week: internal and external network size (≥ 2 meaningful interactions in the trailing 4 weeks).',
  dependsOn: ['tie_week', 'person'],
  sources: [],
  sql: () => `WITH ends AS (SELECT week, a AS pid, b AS other FROM ${derived('tie_week')} UNION ALL SELECT week, b, a FROM ${derived('tie_week')})
SELECT e.week, e.pid,
  count(*) FILTER (WHERE NOT o.is_external) AS internal_network,
  count(*) FILTER (WHERE o.is_external) AS external_network
FROM ends e
JOIN ${derived('person')} p ON p.pid = e.pid
JOIN ${derived('person')} o ON o.pid = e.other
WHERE p.is_measured
GROUP BY e.week, e.pid`,
};
