/**
 * The privacy rule: no aggregate over people attributes is shown for fewer than `minGroupSize`
 * distinct people. 5 is the default and the lowest value allowed; it may only be raised.
 */
import { AppError } from './errors.js';
import { ident as q, literal } from './sql/quote.js';

export const DEFAULT_MIN_GROUP_SIZE = 5;
export const LOWEST_MIN_GROUP_SIZE = 5;
/** A minimum group size above this hides every group of any real tenant: refused as a typing slip. */
export const HIGHEST_MIN_GROUP_SIZE = 1_000_000;
export const SUGGESTED_MIN_GROUP_SIZE_NEW_TENANT = 10;
export const OTHER_GROUP_LABEL = 'Other (below minimum group size)';

/** Check a user-supplied minimum group size; anything below 5 (or not a whole number) is refused. */
export function checkMinGroupSize(value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw new AppError({ code: 'privacy/min-group-invalid', message: `Minimum group size must be a whole number, got "${String(value)}".`, hint: `Use ${DEFAULT_MIN_GROUP_SIZE} or more.` });
  }
  if (n > HIGHEST_MIN_GROUP_SIZE) {
    throw new AppError({
      code: 'privacy/min-group-too-high',
      message: `Minimum group size ${String(value)} is above the highest allowed value, ${HIGHEST_MIN_GROUP_SIZE.toLocaleString('en-US')}.`,
      hint: `Use a number from ${LOWEST_MIN_GROUP_SIZE} to ${HIGHEST_MIN_GROUP_SIZE.toLocaleString('en-US')}.`,
    });
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

/**
 * One guarded output. `unitsSql` returns one row per unit (a thread, a person-week, a pair-week…)
 * with `grp` (the group), `person` (who the unit belongs to) and metric columns.
 */
export interface GuardSpec {
  unitsSql: string;
  aggregates: { name: string; sql: string }[];
  orderBy?: string;
  /**
   * Further output keys that are not groups of people (a week, an hour, a metric, a bin). Every
   * output cell must still hold at least `minGroupSize` distinct people, or it is suppressed.
   */
  dimensions?: string[];
  /** The group is the pair (`grp`, `grp2`), e.g. Function × Location; small pairs merge together. */
  compositeKey?: boolean;
  /**
   * Group-to-group outputs: units also carry `to_grp` and `to_person` (the other end of a tie).
   * Both ends' groups are checked and merged alike, and each output row needs enough people at
   * both ends (`people` and `to_people`). `'symmetric'`: units hold every tie in both directions
   * and no `to_person`; the other end's people are then the reverse row's `people`.
   */
  counterpart?: boolean | 'symmetric';
  /**
   * Who is in each group (`grp` [, `grp2`], `person`), when that is more than the people the
   * units mention (e.g. everyone of a function, not only those with ties). Group sizes, merging
   * and the `group_size` column (usable in aggregates, e.g. to average over everyone) come from it.
   */
  populationSql?: string;
  /** Aggregate columns that count people of a sub-cell; a row is shown only if each is ≥ the minimum too. */
  peopleChecks?: string[];
  /** SQL over the guarded rows only (available as `guarded`): shares of totals, weights of evidence. */
  finalSql?: string;
}

const OTHER = literal(OTHER_GROUP_LABEL);

/** The SQL pieces of one guarded output; `resultSql` is all of it as one runnable statement. */
export interface GuardedSql {
  /** The privacy-safe result (one statement, runnable in the SQL screen). */
  resultSql: string;
  /** One row: groups and people below the threshold, people merged, cells suppressed. */
  suppressionSql: string;
  /**
   * The same computation in steps over temporary tables, so the units (the expensive part) are
   * computed once for both the result and the suppression note. `{t}` stands for a unique prefix.
   */
  steps: { setup: string[]; result: string; suppression: string; cleanup: string[] };
}

/**
 * The one mechanism every grouped output goes through. It counts distinct people per group,
 * relabels (or drops) groups below `minGroupSize`, aggregates, and drops any row — the merged group
 * included, and any cell of a further dimension — still below the threshold.
 */
export function guardedQuerySql(spec: GuardSpec, minGroupSize: number, mode: SmallGroupMode = 'merge'): GuardedSql {
  const k = checkMinGroupSize(minGroupSize);
  if (spec.compositeKey && spec.counterpart) throw new AppError({ code: 'internal', message: 'A guarded output cannot be both composite-keyed and group-to-group.' });
  const dims = spec.dimensions ?? [];
  const keys = spec.compositeKey ? ['grp', 'grp2'] : ['grp'];
  const keyList = keys.join(', ');
  const sameKeys = (a: string, b: string) => keys.map((c) => `${a}.${c} IS NOT DISTINCT FROM ${b}.${c}`).join(' AND ');
  const labelOf = (c: string) => `CASE WHEN n >= ${k} THEN CAST(${c} AS VARCHAR) ELSE ${mode === 'merge' ? OTHER : 'NULL'} END AS ${c}_label`;
  const labelCols = keys.map((c) => `${c}_label`);
  const keep = mode === 'drop' ? `WHERE n >= ${k}` : '';

  // Each piece reads the ones before it by name, so the steps can swap a CTE for a temp table.
  const symmetric = spec.counterpart === 'symmetric';
  const population = (units: string) =>
    spec.populationSql ?? (spec.counterpart === true ? `SELECT grp, person FROM ${units} UNION ALL SELECT to_grp, to_person FROM ${units}` : `SELECT ${keyList}, person FROM ${units}`);
  const sizes = (pop: string) => `SELECT ${keyList}, count(DISTINCT person) AS n FROM ${pop} GROUP BY ${keyList}`;
  const labels = (sz: string) => `SELECT ${keyList}, n, ${keys.map(labelOf).join(', ')} FROM ${sz} ${keep}`;
  const groupSizes = (pop: string, lb: string) =>
    `SELECT ${labelCols.map((c) => `l.${c}`).join(', ')}, count(DISTINCT p.person) AS group_size FROM ${pop} p JOIN ${lb} l ON ${sameKeys('p', 'l')} GROUP BY ${labelCols.map((c) => `l.${c}`).join(', ')}`;
  const exclude = [...keys, ...(spec.counterpart ? ['to_grp'] : [])].join(', ');
  const relabelled = (units: string, lb: string, gs: string) => `SELECT ${labelCols.map((c) => `l.${c}`).join(', ')}${spec.counterpart ? ', t.grp_label AS to_grp_label' : ''}, gs.group_size, u.* EXCLUDE (${exclude})
  FROM ${units} u
  JOIN ${lb} l ON ${sameKeys('u', 'l')}
  ${spec.counterpart ? `JOIN ${lb} t ON u.to_grp IS NOT DISTINCT FROM t.grp` : ''}
  JOIN ${gs} gs ON ${labelCols.map((c) => `gs.${c} IS NOT DISTINCT FROM l.${c}`).join(' AND ')}`;
  const outKeys = [...keys.map((c) => `${c}_label AS ${c}`), ...(spec.counterpart ? ['to_grp_label AS to_grp'] : []), ...dims.map(q)];
  const groupBy = [...labelCols, ...(spec.counterpart ? ['to_grp_label'] : []), ...dims.map(q)];
  const aggs = spec.aggregates.map((a) => `${a.sql} AS ${q(a.name)}`);
  const cellsRaw = (rl: string) => `SELECT ${outKeys.join(', ')}, count(DISTINCT person) AS people${spec.counterpart === true ? ', count(DISTINCT to_person) AS to_people' : ''}, any_value(group_size) AS group_size${aggs.length ? ',\n    ' + aggs.join(',\n    ') : ''}
  FROM ${rl} GROUP BY ${groupBy.join(', ')}`;
  // Symmetric ties: the people at the other end of grp → to_grp are those of to_grp → grp.
  const withReverse = (raw: string) => `SELECT c.*, coalesce(r.people, 0) AS to_people FROM ${raw} c LEFT JOIN ${raw} r ON r.grp = c.to_grp AND r.to_grp = c.grp${dims.map((d) => ` AND r.${q(d)} IS NOT DISTINCT FROM c.${q(d)}`).join('')}`;
  const visible = [`people >= ${k}`, `group_size >= ${k}`, ...(spec.counterpart ? [`to_people >= ${k}`] : []), ...(spec.peopleChecks ?? []).map((c) => `coalesce(${q(c)}, 0) >= ${k}`)].join(' AND ');
  const order = spec.orderBy ?? `people DESC, ${keyList}`;
  const final = spec.finalSql ?? 'SELECT * FROM guarded';
  const suppression = (lb: string, gs: string, cl: string) => `SELECT
  (SELECT count(*) FROM ${lb}_all WHERE n < ${k}) AS groups_below,
  (SELECT coalesce(sum(n), 0) FROM ${lb}_all WHERE n < ${k}) AS people_in_groups_below,
  (SELECT coalesce(max(group_size), 0) FROM ${gs} WHERE grp_label = ${OTHER}) AS people_merged,
  (SELECT count(*) FROM ${lb}_all) AS groups_total,
  (SELECT count(*) FROM ${cl} WHERE NOT (${visible})) AS cells_suppressed`;

  const resultSql = `WITH units AS (
${spec.unitsSql}
),
population AS (${population('units')}),
sizes AS (${sizes('population')}),
labels AS (${labels('sizes')}),
group_sizes AS (${groupSizes('population', 'labels')}),
relabelled AS (${relabelled('units', 'labels', 'group_sizes')}),
${symmetric ? `cells_raw AS (${cellsRaw('relabelled')}),
cells AS (${withReverse('cells_raw')}),` : `cells AS (${cellsRaw('relabelled')}),`}
guarded AS (SELECT * FROM cells WHERE ${visible})
${final}
ORDER BY ${order}`;
  const suppressionSql = `WITH units AS (${spec.unitsSql}),
population AS (${population('units')}),
labels_all AS (${sizes('population')}),
labels AS (${labels('labels_all')}),
group_sizes AS (${groupSizes('population', 'labels')}),
relabelled AS (${relabelled('units', 'labels', 'group_sizes')}),
${symmetric ? `cells_raw AS (${cellsRaw('relabelled')}),
cells AS (${withReverse('cells_raw')})` : `cells AS (${cellsRaw('relabelled')})`}
${suppression('labels', 'group_sizes', 'cells')}`;

  const t = (name: string) => `{t}${name}`;
  const steps = {
    setup: [
      `CREATE OR REPLACE TEMP TABLE ${t('units')} AS ${spec.unitsSql}`,
      `CREATE OR REPLACE TEMP TABLE ${t('population')} AS ${population(t('units'))}`,
      `CREATE OR REPLACE TEMP TABLE ${t('labels_all')} AS ${sizes(t('population'))}`,
      `CREATE OR REPLACE TEMP TABLE ${t('labels')} AS ${labels(t('labels_all'))}`,
      `CREATE OR REPLACE TEMP TABLE ${t('group_sizes')} AS ${groupSizes(t('population'), t('labels'))}`,
      ...(symmetric
        ? [
            `CREATE OR REPLACE TEMP TABLE ${t('cells_raw')} AS ${cellsRaw(`(${relabelled(t('units'), t('labels'), t('group_sizes'))})`)}`,
            `CREATE OR REPLACE TEMP TABLE ${t('cells')} AS ${withReverse(t('cells_raw'))}`,
          ]
        : [`CREATE OR REPLACE TEMP TABLE ${t('cells')} AS ${cellsRaw(`(${relabelled(t('units'), t('labels'), t('group_sizes'))})`)}`]),
    ],
    result: `WITH guarded AS (SELECT * FROM ${t('cells')} WHERE ${visible})\n${final}\nORDER BY ${order}`,
    suppression: suppression(t('labels'), t('group_sizes'), t('cells')),
    cleanup: ['units', 'population', 'labels_all', 'labels', 'group_sizes', 'cells_raw', 'cells'].map((n) => `DROP TABLE IF EXISTS ${t(n)}`),
  };
  return { resultSql, suppressionSql, steps };
}

/** The original single-key form, kept for callers that only have units and aggregates. */
export function guardedGroupSql(unitsSql: string, aggregates: { name: string; sql: string }[], minGroupSize: number, mode: SmallGroupMode = 'merge', orderBy?: string): { resultSql: string; suppressionSql: string } {
  const g = guardedQuerySql({ unitsSql, aggregates, orderBy }, minGroupSize, mode);
  return { resultSql: g.resultSql, suppressionSql: g.suppressionSql };
}
