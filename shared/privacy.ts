/**
 * The privacy rule: no aggregate over people attributes is shown for fewer than `minGroupSize`
 * distinct people. 5 is the default and the lowest value allowed; it may only be raised.
 */
import { AppError } from './errors.js';

export const DEFAULT_MIN_GROUP_SIZE = 5;
export const LOWEST_MIN_GROUP_SIZE = 5;
export const SUGGESTED_MIN_GROUP_SIZE_NEW_TENANT = 10;
export const OTHER_GROUP_LABEL = 'Other (below minimum group size)';

/** Check a user-supplied minimum group size; anything below 5 (or not a whole number) is refused. */
export function checkMinGroupSize(value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw new AppError({ code: 'privacy/min-group-invalid', message: `Minimum group size must be a whole number, got "${String(value)}".`, hint: `Use ${DEFAULT_MIN_GROUP_SIZE} or more.` });
  }
  if (n < LOWEST_MIN_GROUP_SIZE) {
    throw new AppError({
      code: 'privacy/min-group-too-low',
      message: `Minimum group size ${n} is below the lowest allowed value, ${LOWEST_MIN_GROUP_SIZE}.`,
      hint: `Groups smaller than ${LOWEST_MIN_GROUP_SIZE} people could single people out; use ${LOWEST_MIN_GROUP_SIZE} or more (${SUGGESTED_MIN_GROUP_SIZE_NEW_TENANT} is suggested for new tenants).`,
    });
  }
  return n;
}

/** How groups below the minimum size are handled: merged into one "Other" group, or dropped. */
export type SmallGroupMode = 'merge' | 'drop';

export interface GuardedSql {
  /** The privacy-safe grouped result: `grp`, `people`, then the aggregates. */
  resultSql: string;
  /** One row: groups and people below the threshold, and whether the merged bucket survived. */
  suppressionSql: string;
}

/**
 * The one mechanism every grouped output goes through. It counts distinct people per group from
 * the units' `person` column, relabels (or drops) groups below `minGroupSize`, aggregates, and drops
 * any group — the merged one included — still below the threshold.
 */
export function guardedGroupSql(unitsSql: string, aggregates: { name: string; sql: string }[], minGroupSize: number, mode: SmallGroupMode = 'merge', orderBy?: string): GuardedSql {
  const k = checkMinGroupSize(minGroupSize);
  const other = `'${OTHER_GROUP_LABEL.replace(/'/g, "''")}'`;
  const head = `WITH units AS (${unitsSql}),
sizes AS (SELECT grp, count(DISTINCT person) AS n FROM units GROUP BY grp),
relabelled AS (
  SELECT CASE WHEN s.n >= ${k} THEN CAST(u.grp AS VARCHAR) ELSE ${mode === 'merge' ? other : 'NULL'} END AS grp_label, u.*
  FROM units u JOIN sizes s ON u.grp IS NOT DISTINCT FROM s.grp
  ${mode === 'drop' ? `WHERE s.n >= ${k}` : ''}
)`;
  const aggs = aggregates.map((a) => `${a.sql} AS "${a.name.replace(/"/g, '""')}"`).join(',\n  ');
  const resultSql = `${head},
grouped AS (
  SELECT grp_label AS grp, count(DISTINCT person) AS people${aggs ? `,\n  ${aggs}` : ''}
  FROM relabelled GROUP BY grp_label
)
SELECT * FROM grouped WHERE people >= ${k}
ORDER BY ${orderBy ?? 'people DESC'}, grp`;
  const suppressionSql = `${head}
SELECT
  (SELECT count(*) FROM sizes WHERE n < ${k}) AS groups_below,
  (SELECT coalesce(sum(n), 0) FROM sizes WHERE n < ${k}) AS people_in_groups_below,
  (SELECT count(DISTINCT person) FROM relabelled WHERE grp_label = ${other}) AS people_merged,
  (SELECT count(*) FROM sizes) AS groups_total`;
  return { resultSql, suppressionSql };
}
