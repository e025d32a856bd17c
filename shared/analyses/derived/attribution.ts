/**
 * As-of-event attribution: which HR version a person's activity belongs to is the version valid
 * at the activity's time, not the one valid for the week. Per measured person and week, every
 * version in effect during the week with the hour slots it covers (slot = weekday × 24 + hour,
 * Monday 00:00 = 0, on the local clock the activity slots use). Overlapping versions are made
 * disjoint: a version is in effect from its StartDate until the next version of the person starts.
 */
import { derived } from './names.js';
import type { DerivedTable } from './types.js';

export const personWeekVersion: DerivedTable = {
  name: 'person_week_version',
  description: 'Measured employees × week × HR version in effect during the week, with the hour slots [from_slot, to_slot) it covers.',
  dependsOn: ['person_week', 'person_version'],
  sources: [],
  sql: () => `WITH v AS (
  SELECT pid, PersonHistoricalId, valid_from,
    least(valid_to, coalesce(lead(valid_from) OVER (PARTITION BY pid ORDER BY valid_from, PersonHistoricalId), TIMESTAMP '9999-12-31')) AS effective_to
  FROM ${derived('person_version')} WHERE is_measured
)
SELECT pw.week, pw.pid, v.PersonHistoricalId,
  CAST(greatest(0, date_diff('hour', CAST(pw.week AS TIMESTAMP), v.valid_from)) AS SMALLINT) AS from_slot,
  CAST(least(168, date_diff('hour', CAST(pw.week AS TIMESTAMP), v.effective_to)) AS SMALLINT) AS to_slot
FROM ${derived('person_week')} pw
JOIN v ON v.pid = pw.pid AND v.valid_from < pw.week + INTERVAL 7 DAY AND v.effective_to > pw.week`,
};
