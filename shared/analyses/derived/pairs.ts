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
import { roundMicro } from './round.js';

/**
 * What the pair analyses (pairSql.ts) and tie_week read. Counts of emails, meetings and calls per
 * pair-week were kept too and nothing read them: writing three more columns of ~5M rows and their
 * aggregate states cost ~10 % of this table's CPU (5,000 × 13 bench, December 2026).
 */
const PAIR_COLUMNS = ['email_hours', 'meeting_hours', 'meeting_hours_split', 'call_hours', 'im_hours', 'ims', 'meaningful'] as const;
type PairColumn = (typeof PAIR_COLUMNS)[number];
/** Stored as INTEGER; summed as 64-bit counts of rows holding 1 (sums of integers would hold 128-bit states). */
const PAIR_COUNTS: readonly PairColumn[] = ['ims', 'meaningful'];
const MAIL_COLUMNS: readonly PairColumn[] = ['email_hours', 'meaningful'];
const OTHER_COLUMNS: readonly PairColumn[] = PAIR_COLUMNS.filter((c) => c !== 'email_hours');

/** One source's pair rows as unordered pairs: its own columns set, the other columns' hours 0 and counts NULL. */
function pairRows(rows: string, columns: readonly PairColumn[], set: Partial<Record<PairColumn, string>>): string {
  const value = (c: PairColumn) => set[c] ?? (PAIR_COUNTS.includes(c) ? 'NULL' : '0.0');
  return `SELECT week, least(p1, p2) AS a, greatest(p1, p2) AS b, ${columns.map((c) => `${value(c)} AS ${c}`).join(', ')}
  FROM (${rows})`;
}

const aggregate = (c: PairColumn) => (PAIR_COUNTS.includes(c) ? `count(${c}) AS ${c}` : `sum(${c}) AS ${c}`);

/** 1 when an interaction with this many people on it is meaningful (2–8), else NULL: counted. */
const meaningful = (people: string) => `CASE WHEN ${people} BETWEEN 2 AND 8 THEN 1 END`;

/**
 * Emails are most of the pairs: they are summed per pair and week on their own (two small
 * states a group), meetings, calls and IMs together, and the two meet in a full join on the pair
 * and week. One GROUP BY over all sources held every column's state for every group and spilled at
 * the 1 GiB memory limit (9 s of the bench's 14, December 2026).
 */
function combine(column: PairColumn): string {
  const m = MAIL_COLUMNS.includes(column) ? `m.${column}` : undefined;
  const o = OTHER_COLUMNS.includes(column) ? `o.${column}` : undefined;
  const zero = PAIR_COUNTS.includes(column) ? '0' : '0.0';
  const sum = [m, o].filter(Boolean).map((x) => `coalesce(${x}, ${zero})`).join(' + ');
  return PAIR_COUNTS.includes(column) ? `CAST(${sum} AS INTEGER) AS ${column}` : `${roundMicro(sum)} AS ${column}`;
}

export const pairWeek: DerivedTable = {
  name: 'pair_week',
  description: 'Unordered pairs of people (a < b, at least one measured) × week: email, meeting, call and IM hours, IMs, and meaningful interactions.',
  dependsOn: ['person_version', 'mail_event', 'meeting_attendance', 'call_leg', 'im_event'],
  sources: ['MailParticipants', 'InstantMessageParticipants'],
  sql: (src) => `WITH mail AS (
  SELECT week, a, b, ${MAIL_COLUMNS.map(aggregate).join(', ')} FROM (${pairRows(
    `SELECT e.week, e.sender_pid AS p1, v.pid AS p2, coalesce(${personMailHours('mp')}, 0) AS h, e.people
  FROM ${src('MailParticipants')} mp
  JOIN ${derived('person_version')} v ON v.PersonHistoricalId = mp.PersonHistoricalId
  JOIN ${derived('mail_event')} e ON e.MailId = mp.MailId
  WHERE NOT coalesce(mp.IsSender, false) AND v.is_person AND e.sender_is_person AND v.pid <> e.sender_pid AND (v.is_measured OR e.sender_is_measured)`,
    MAIL_COLUMNS,
    { email_hours: 'h', meaningful: meaningful('people') },
  )}) GROUP BY week, a, b
),
other AS (
  SELECT week, a, b, ${OTHER_COLUMNS.map(aggregate).join(', ')} FROM (${pairRows(
    `SELECT a.week, a.pid AS p1, b.pid AS p2, least(a.adjusted_hours, b.adjusted_hours) AS h, a.attendees
  FROM ${derived('meeting_attendance')} a
  JOIN ${derived('meeting_attendance')} b ON b.MeetingId = a.MeetingId AND b.pid > a.pid
  WHERE a.is_measured OR b.is_measured`,
    OTHER_COLUMNS,
    { meeting_hours: 'h', meeting_hours_split: 'h / (attendees - 1)', meaningful: meaningful('attendees') },
  )}
  UNION ALL ${pairRows(
    `SELECT a.week, a.pid AS p1, b.pid AS p2, date_diff('second', greatest(a.utc_start, b.utc_start), least(a.utc_end, b.utc_end)) / 3600.0 AS h, a.participants
  FROM ${derived('call_leg')} a
  JOIN ${derived('call_leg')} b ON b.CallRecordId = a.CallRecordId AND b.pid > a.pid
  WHERE (a.is_measured OR b.is_measured) AND least(a.utc_end, b.utc_end) > greatest(a.utc_start, b.utc_start)`,
    OTHER_COLUMNS,
    { call_hours: 'h', meaningful: meaningful('participants') },
  )}
  UNION ALL ${pairRows(
    `SELECT e.week, e.sender_pid AS p1, v.pid AS p2, e.sender_minutes / 60.0 AS h
  FROM ${src('InstantMessageParticipants')} ip
  JOIN ${derived('person_version')} v ON v.PersonHistoricalId = ip.PersonHistoricalId
  JOIN ${derived('im_event')} e ON e.InstantMessageId = ip.InstantMessageId
  WHERE NOT coalesce(ip.IsSender, false) AND v.is_person AND e.sender_is_person AND v.pid <> e.sender_pid AND (v.is_measured OR e.sender_is_measured)`,
    OTHER_COLUMNS,
    { im_hours: 'h', ims: '1' },
  )}) GROUP BY week, a, b
)
SELECT coalesce(m.week, o.week) AS week, coalesce(m.a, o.a) AS a, coalesce(m.b, o.b) AS b, ${PAIR_COLUMNS.map(combine).join(', ')}
FROM mail m FULL JOIN other o ON o.week = m.week AND o.a = m.a AND o.b = m.b`,
};

/**
 * Ties per week: unordered pairs with at least 2 meaningful interactions in the trailing 4 weeks
 * (this week and the 3 before); IMs count as one meaningful interaction per 3 in the window.
 * Network size and networking reach both read it, so the window is summed once.
 *
 * Weeks are Mondays (date_trunc('week')) everywhere, so week w's window holds the pair's rows of
 * w − 21 … w days. A pair's row of week d stands for the weeks d, d + 7, d + 14 and d + 21 up to
 * its next row, and the window of week d + j then holds the rows of d + j − 21 … d: one sorted pass
 * per pair (four running sums), no join of every row to every week and no GROUP BY of the
 * expanded rows (those spilled at the 1 GiB memory limit, December 2026). Rows with no meaningful
 * interaction and no IM add nothing to any window and are left out first.
 *
 * Each earlier row is fetched as one struct (3 lag functions, not 9) and the IM thirds are integer
 * division (counts are never negative): 15–20 % less CPU than nine column lags and floor() on
 * doubles, same rows (5,000 × 13 bench, December 2026).
 */
const TIE_OFFSETS = [0, 7, 14, 21] as const;
/** A week's window holds at most 4 of a pair's rows: the row itself and up to 3 before it. */
const LAGS = [1, 2, 3] as const;

export const tieWeek: DerivedTable = {
  name: 'tie_week',
  description: 'Week × unordered pair of people (a < b) with ≥ 2 meaningful interactions in the trailing 4 weeks.',
  dependsOn: ['pair_week', 'weeks'],
  sources: [],
  sql: () => {
    const pair = 'OVER (PARTITION BY a, b ORDER BY day)';
    // The rows of day + j − 21 … day: this row and those of the 3 before it that are recent enough.
    const windowSum = (c: string, j: number) => `${c} + ${LAGS.map((k) => `CASE WHEN day${k} >= day - ${21 - j} THEN ${c}${k} ELSE 0 END`).join(' + ')}`;
    // Week day + j is this row's when the pair's next row comes later, and a tie when its window reaches 2.
    const tie = (j: number) => `(next_day IS NULL OR next_day > day + ${j}) AND ${windowSum('meaningful', j)} + (${windowSum('ims', j)}) // 3 >= 2 AS tie${j}`;
    return `WITH pw AS (
  SELECT a, b, week, date_diff('day', DATE '1970-01-05', week) AS day, meaningful, ims
  FROM ${derived('pair_week')} WHERE meaningful > 0 OR ims > 0
),
lagged AS (
  SELECT a, b, week, day, meaningful, ims, lead(day) ${pair} AS next_day,
    ${LAGS.map((k) => `lag({'day': day, 'meaningful': meaningful, 'ims': ims}, ${k}) ${pair} AS row${k}`).join(', ')}
  FROM pw
),
ties AS MATERIALIZED (
  SELECT a, b, week, ${TIE_OFFSETS.map(tie).join(',\n    ')}
  FROM (SELECT *, ${LAGS.map((k) => `row${k}.day AS day${k}, row${k}.meaningful AS meaningful${k}, row${k}.ims AS ims${k}`).join(', ')} FROM lagged)
),
spans AS (
  ${TIE_OFFSETS.map((j) => `SELECT week + ${j} AS week, a, b FROM ties WHERE tie${j}`).join('\n  UNION ALL ')}
)
SELECT w.week, s.a, s.b FROM spans s JOIN ${derived('weeks')} w ON w.week = s.week`;
  },
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
