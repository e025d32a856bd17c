/**
 * The privacy rule: no aggregate over people attributes is shown for fewer than `minGroupSize`
 * distinct people. 5 is the default and the lowest value allowed; it may only be raised.
 */
import { AppError } from './errors.js';
import { ident as q, literal } from './sql/quote.js';
import { EMPTY_GROUP_LABEL } from './analyses/types.js';

export const DEFAULT_MIN_GROUP_SIZE = 5;
export const LOWEST_MIN_GROUP_SIZE = 5;
/** A minimum group size above this hides every group of any real tenant: refused as a typing slip. */
export const HIGHEST_MIN_GROUP_SIZE = 1_000_000;
export const SUGGESTED_MIN_GROUP_SIZE_NEW_TENANT = 10;
/**
 * The merged group: groups below the minimum, and groups merged so that no total or other group-by
 * gives a hidden one away (complementary suppression, differencing), which may each hold more than
 * the minimum — so the label says why they were merged, not that each is small.
 */
export const OTHER_GROUP_LABEL = 'Other (merged for privacy)';

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
  /**
   * Totals a reader can see elsewhere (another view of this analysis, another analysis), each
   * named by the output keys it keeps: `['grp']` is a per-group total over the other keys, `[]`
   * the grand total. Inside each, suppressed cells must not be recoverable by subtraction
   * (complementary suppression). Default: the total over groups for each value of the
   * dimensions (`[dimensions]`), which grouping by an attribute everyone shares always gives.
   * For two-key groups, a margin over `grp` also applies to the groups before they merge.
   */
  margins?: string[][];
  /**
   * Groups of the other attributes a reader could group the same people by: rows (`attr`, `grp`,
   * `person`). Where a group's members differ from one of them by 1 to min − 1 people, the two
   * outputs' difference would give those people's values, so one of the two is hidden: the larger
   * (by name of the attribute when they are the same size), so each of the two groupings shows
   * the other's group and the pair is never both shown.
   */
  peerGroupsSql?: string;
  /** The attribute `grp` holds (with `peerGroupsSql`). */
  groupAttribute?: string;
  /**
   * Counts of a subset of a row's people (flagged people, …) and the values computed from them:
   * `columns` show only when `people` (an aggregate counting the subset's people) and the rest of
   * the row's people are each 0 or at least the minimum; otherwise they are empty.
   */
  subsetCounts?: { people: string; columns: string[] }[];
  /**
   * With `dimensions`: SQL over a cell's keys (`grp`, the dimensions) naming the chart row it is
   * drawn in, as the chart labels it (default: the group). A chart row whose every cell is left
   * out is in no output row, so the suppression note names it.
   */
  chartRowSql?: string;
  /** Aggregates the guard reads (`subsetCounts`) but the output does not show. */
  hiddenColumns?: string[];
  /**
   * The units hold at most one row per person for each group and dimension values, and every
   * unit's group and person are in the population. Then a cell's people are counted as rows, and
   * only people of several groups (who may meet themselves in a merged "Other") distinctly:
   * the same count without de-duplicating every unit. Aggregates count people with
   * `peopleCountSql` to get the same.
   */
  oneUnitPerPersonCell?: boolean;
}

/** Set on each unit when `oneUnitPerPersonCell`: the person belongs to more than one group. */
const SEVERAL_GROUPS = 'in_several_groups';

/**
 * Distinct people of a cell (optionally those meeting `filter`), as `count(DISTINCT person)` does;
 * for a spec with `oneUnitPerPersonCell`, only people of several groups are de-duplicated.
 */
export function peopleCountSql(spec: Pick<GuardSpec, 'oneUnitPerPersonCell'>, filter?: string, person = 'person'): string {
  if (!spec.oneUnitPerPersonCell) return `count(DISTINCT ${person})${filter ? ` FILTER (WHERE ${filter})` : ''}`;
  const and = filter ? ` AND (${filter})` : '';
  return `(count(*) FILTER (WHERE NOT ${SEVERAL_GROUPS}${and}) + count(DISTINCT ${person}) FILTER (WHERE ${SEVERAL_GROUPS}${and}))`;
}

const OTHER = literal(OTHER_GROUP_LABEL);

/** The SQL pieces of one guarded output; `resultSql` is all of it as one runnable statement. */
export interface GuardedSql {
  /** The privacy-safe result (one statement, runnable in the SQL screen). */
  resultSql: string;
  /** One row: groups and people below the threshold, people merged, cells suppressed (and why). */
  suppressionSql: string;
  /**
   * The same computation in steps over temporary tables, so the units (the expensive part) are
   * computed once for both the result and the suppression note. `{t}` stands for a unique prefix.
   */
  steps: { setup: string[]; result: string; suppression: string; cleanup: string[] };
}

/** One named relation of the guard; `inline` ones are subqueries in the steps, not temp tables. */
interface Stage {
  name: string;
  sql: (ref: (name: string) => string) => string;
  inline?: boolean;
}

const eq = (a: string, b: string, cols: string[]) => (cols.length ? cols.map((c) => `${a}.${q(c)} IS NOT DISTINCT FROM ${b}.${q(c)}`).join(' AND ') : 'true');
const groupBy = (cols: string[]) => (cols.length ? `GROUP BY ${cols.map(q).join(', ')}` : '');
const selectCols = (alias: string, cols: string[]) => cols.map((c) => `${alias}.${q(c)}`).join(', ');

/**
 * The one mechanism every grouped output goes through.
 *
 * 1. Groups: people are counted per group; a group is *hidden* when it has fewer than the minimum
 *    (primary), or when its members differ from a group of another attribute by 1 to min − 1
 *    people (`peerGroupsSql`: the two outputs' difference would be those people). Then
 *    complementary suppression: the groups' total is always obtainable (group by an attribute
 *    everyone shares), so wherever hidden groups together hold 1 to min − 1 people the next
 *    smallest group is hidden too. Hidden groups merge into "Other" (or are dropped).
 * 2. Cells (a group × a week, a bin, a type…): a cell with too few people is suppressed (primary),
 *    and for each total a reader can see (`margins`) the suppressed cells inside it must hold 0 or
 *    at least the minimum people (and of each `peopleChecks` count), or the next smallest cell is
 *    suppressed as well (complementary), so nothing hidden is recovered by subtraction.
 * 3. Counts of a subset of a row's people (`subsetCounts`) show only when the subset and the rest
 *    each hold 0 or at least the minimum.
 */
export function guardedQuerySql(spec: GuardSpec, minGroupSize: number, mode: SmallGroupMode = 'merge'): GuardedSql {
  const k = checkMinGroupSize(minGroupSize);
  if (spec.compositeKey && spec.counterpart) throw new AppError({ code: 'internal', message: 'A guarded output cannot be both composite-keyed and group-to-group.' });
  const dims = spec.dimensions ?? [];
  const keys = spec.compositeKey ? ['grp', 'grp2'] : ['grp'];
  const keyList = keys.join(', ');
  const labelCols = keys.map((c) => `${c}_label`);
  const symmetric = spec.counterpart === 'symmetric';
  const outNames = [...keys, ...(spec.counterpart ? ['to_grp'] : []), ...dims];
  const checks = spec.peopleChecks ?? [];
  // Totals of groups: the grand total always; for two-key groups, the declared margins over keys.
  const groupMargins: string[][] = [[], ...(spec.margins ?? []).filter((m) => m.length > 0 && m.length < keys.length && m.every((c) => keys.includes(c)))];
  const cellMargins: string[][] = spec.margins ?? [dims];
  for (const m of cellMargins) for (const c of m) if (!outNames.includes(c)) throw new AppError({ code: 'internal', message: `Margin column "${c}" is not an output key.` });

  const stages: Stage[] = [];
  const add = (name: string, sql: Stage['sql'], inline = false) => stages.push({ name, sql, inline });

  add('units', () => spec.unitsSql);
  add('population', (r) => spec.populationSql ?? (spec.counterpart === true ? `SELECT grp, person FROM ${r('units')} UNION ALL SELECT to_grp, to_person FROM ${r('units')}` : `SELECT ${keyList}, person FROM ${r('units')}`));
  add('labels_all', (r) => `SELECT ${keyList}, count(DISTINCT person) AS n FROM ${r('population')} GROUP BY ${keyList}`);
  if (spec.peerGroupsSql && !spec.compositeKey) {
    // Groups of other attributes over the same people, big enough to be shown.
    add('peers', (r) => `SELECT attr, grp AS pgrp, person FROM (${spec.peerGroupsSql}) WHERE person IN (SELECT person FROM ${r('population')})`);
    add('peer_sizes', (r) => `SELECT attr, pgrp, count(DISTINCT person) AS m FROM ${r('peers')} GROUP BY attr, pgrp HAVING count(DISTINCT person) >= ${k}`);
    add('peer_overlap', (r) => `SELECT g.grp, p.attr, p.pgrp, count(*) AS common FROM (SELECT DISTINCT grp, person FROM ${r('population')}) g JOIN (SELECT DISTINCT attr, pgrp, person FROM ${r('peers')}) p ON p.person = g.person GROUP BY g.grp, p.attr, p.pgrp`);
    add('differencing', (r) => `SELECT o.grp, min(o.attr) AS attr, arg_min(o.pgrp, o.attr || chr(1) || coalesce(o.pgrp, '')) AS pgrp FROM ${r('peer_overlap')} o
  JOIN ${r('peer_sizes')} s ON s.attr = o.attr AND s.pgrp IS NOT DISTINCT FROM o.pgrp
  JOIN ${r('labels_all')} l ON l.grp IS NOT DISTINCT FROM o.grp
  WHERE l.n + s.m - 2 * o.common BETWEEN 1 AND ${k - 1} AND (l.n > s.m OR (l.n = s.m AND o.attr < ${literal(spec.groupAttribute ?? '')}))
  GROUP BY o.grp`);
    add('groups_0', (r) => `SELECT l.*, l.n < ${k} AS small, d.grp IS NOT NULL AND l.n >= ${k} AS differs, d.attr AS differs_from, d.pgrp AS differs_group, l.n < ${k} OR d.grp IS NOT NULL AS hidden, false AS complementary
  FROM ${r('labels_all')} l LEFT JOIN ${r('differencing')} d ON d.grp IS NOT DISTINCT FROM l.grp`);
  } else {
    add('groups_0', (r) => `SELECT *, n < ${k} AS small, false AS differs, CAST(NULL AS VARCHAR) AS differs_from, CAST(NULL AS VARCHAR) AS differs_group, n < ${k} AS hidden, false AS complementary FROM ${r('labels_all')}`);
  }
  groupMargins.forEach((m, i) => {
    const prev = `groups_${i}`;
    add(`group_margin_${i}`, (r) => `SELECT ${m.length ? `${selectCols('g', m)}, ` : ''}count(DISTINCT p.person) AS hidden_people
  FROM ${r('population')} p JOIN ${r(prev)} g ON ${eq('p', 'g', keys)} WHERE g.hidden ${m.length ? `GROUP BY ${selectCols('g', m)}` : ''}`);
    add(`groups_${i + 1}`, (r) => `SELECT g.* REPLACE (g.hidden OR coalesce(pick.rk = 1, false) AS hidden, g.complementary OR coalesce(pick.rk = 1, false) AS complementary)
  FROM ${r(prev)} g LEFT JOIN (
    SELECT ${selectCols('g', keys)}, row_number() OVER (${m.length ? `PARTITION BY ${selectCols('g', m)}` : ''} ORDER BY g.n, ${selectCols('g', keys)}) AS rk
    FROM ${r(prev)} g JOIN ${r(`group_margin_${i}`)} s ON ${eq('g', 's', m)}
    WHERE NOT g.hidden AND s.hidden_people BETWEEN 1 AND ${k - 1}
  ) pick ON ${eq('pick', 'g', keys)}`);
  });
  const groupsFinal = `groups_${groupMargins.length}`;
  const labelOf = (c: string) => `CASE WHEN NOT hidden THEN CAST(${c} AS VARCHAR) ELSE ${mode === 'merge' ? OTHER : 'NULL'} END AS ${c}_label`;
  add('labels', (r) => `SELECT ${keyList}, n, ${keys.map(labelOf).join(', ')} FROM ${r(groupsFinal)} ${mode === 'drop' ? 'WHERE NOT hidden' : ''}`);
  add('group_sizes', (r) => `SELECT ${labelCols.map((c) => `l.${c}`).join(', ')}, count(DISTINCT p.person) AS group_size FROM ${r('population')} p JOIN ${r('labels')} l ON ${eq('p', 'l', keys)} GROUP BY ${labelCols.map((c) => `l.${c}`).join(', ')}`);
  const unique = !!spec.oneUnitPerPersonCell && !spec.counterpart;
  if (unique) add('several_groups', (r) => `SELECT person FROM ${r('population')} GROUP BY person HAVING count(DISTINCT (${keyList})) > 1`);
  const exclude = [...keys, ...(spec.counterpart ? ['to_grp'] : [])].join(', ');
  add(
    'relabelled',
    (r) => `SELECT ${labelCols.map((c) => `l.${c}`).join(', ')}${spec.counterpart ? ', t.grp_label AS to_grp_label' : ''}, gs.group_size, u.* EXCLUDE (${exclude})${unique ? `, sg.person IS NOT NULL AS ${SEVERAL_GROUPS}` : ''}
  FROM ${r('units')} u
  JOIN ${r('labels')} l ON ${eq('u', 'l', keys)}
  ${spec.counterpart ? `JOIN ${r('labels')} t ON u.to_grp IS NOT DISTINCT FROM t.grp` : ''}
  JOIN ${r('group_sizes')} gs ON ${labelCols.map((c) => `gs.${c} IS NOT DISTINCT FROM l.${c}`).join(' AND ')}${unique ? `
  LEFT JOIN ${r('several_groups')} sg ON sg.person = u.person` : ''}`,
    true,
  );
  const outKeys = [...keys.map((c) => `${c}_label AS ${c}`), ...(spec.counterpart ? ['to_grp_label AS to_grp'] : []), ...dims.map(q)];
  const groupCols = [...labelCols, ...(spec.counterpart ? ['to_grp_label'] : []), ...dims.map(q)];
  const aggs = spec.aggregates.map((a) => `${a.sql} AS ${q(a.name)}`);
  const cellsName = symmetric ? 'cells_raw' : 'cells';
  add(cellsName, (r) => `SELECT ${outKeys.join(', ')}, ${peopleCountSql({ oneUnitPerPersonCell: unique })} AS people${spec.counterpart === true ? ', count(DISTINCT to_person) AS to_people' : ''}, any_value(group_size) AS group_size${aggs.length ? ',\n    ' + aggs.join(',\n    ') : ''}
  FROM ${r('relabelled')} GROUP BY ${groupCols.join(', ')}`);
  // Symmetric ties: the people at the other end of grp → to_grp are those of to_grp → grp.
  if (symmetric) add('cells', (r) => `SELECT c.*, coalesce(x.people, 0) AS to_people FROM ${r('cells_raw')} c LEFT JOIN ${r('cells_raw')} x ON x.grp = c.to_grp AND x.to_grp = c.grp${dims.map((d) => ` AND x.${q(d)} IS NOT DISTINCT FROM c.${q(d)}`).join('')}`);
  const visible = [`people >= ${k}`, `group_size >= ${k}`, ...(spec.counterpart ? [`to_people >= ${k}`] : []), ...checks.map((c) => `coalesce(${q(c)}, 0) >= ${k}`)].join(' AND ');
  // Who is in each cell, read only where a margin counts the people of suppressed cells (distinct
  // there): inline and without DISTINCT, since de-duplicating every unit cost more than the rest.
  add('members', (r) => `SELECT ${outKeys.join(', ')}, person FROM ${r('relabelled')}`, true);
  add('cells_0', (r) => `SELECT *, NOT (${visible}) AS suppressed, false AS complementary FROM ${r('cells')}`);
  cellMargins.forEach((m, i) => {
    const prev = `cells_${i}`;
    const checkSums = checks.map((c) => `coalesce(sum(${q(c)}), 0) AS ${q(`hidden_${c}`)}`);
    add(`cell_margin_${i}`, (r) => `SELECT h.*, coalesce(p.hidden_people, 0) AS hidden_people FROM (
    SELECT ${m.map(q).concat(['count(*) AS hidden_cells', ...checkSums]).join(', ')} FROM ${r(prev)} WHERE suppressed ${groupBy(m)}
  ) h LEFT JOIN (
    SELECT ${m.length ? `${selectCols('c', m)}, ` : ''}count(DISTINCT x.person) AS hidden_people
    FROM ${r('members')} x JOIN ${r(prev)} c ON ${eq('x', 'c', outNames)} WHERE c.suppressed ${m.length ? `GROUP BY ${selectCols('c', m)}` : ''}
  ) p ON ${eq('p', 'h', m)}`);
    const needy = [`s.hidden_people < ${k}`, ...checks.map((c) => `s.${q(`hidden_${c}`)} < ${k}`)].join(' OR ');
    add(`cells_${i + 1}`, (r) => `SELECT c.* REPLACE (c.suppressed OR coalesce(pick.rk = 1, false) AS suppressed, c.complementary OR coalesce(pick.rk = 1, false) AS complementary)
  FROM ${r(prev)} c LEFT JOIN (
    SELECT ${selectCols('c', outNames)}, row_number() OVER (${m.length ? `PARTITION BY ${selectCols('c', m)}` : ''} ORDER BY c.people, ${selectCols('c', outNames)}) AS rk
    FROM ${r(prev)} c JOIN ${r(`cell_margin_${i}`)} s ON ${eq('c', 's', m)}
    WHERE NOT c.suppressed AND s.hidden_cells > 0 AND (${needy})
  ) pick ON ${eq('pick', 'c', outNames)}`);
  });
  const cellsFinal = `cells_${cellMargins.length}`;
  const masks = (spec.subsetCounts ?? []).flatMap((s) => {
    const n = `coalesce(${q(s.people)}, 0)`;
    const ok = `(${n} = 0 OR ${n} >= ${k}) AND (people - ${n} = 0 OR people - ${n} >= ${k})`;
    return s.columns.map((c) => `CASE WHEN ${ok} THEN ${q(c)} END AS ${q(c)}`);
  });
  const dropCols = ['suppressed', 'complementary', ...(spec.hiddenColumns ?? [])].map(q).join(', ');
  const guarded = (r: (name: string) => string) => `SELECT * EXCLUDE (${dropCols})${masks.length ? ` REPLACE (${masks.join(', ')})` : ''} FROM ${r(cellsFinal)} WHERE NOT suppressed`;
  const order = spec.orderBy ?? `people DESC, ${keyList}`;
  const final = spec.finalSql ?? 'SELECT * FROM guarded';
  // Chart rows (a group, a group's weekday…) whose every cell is left out are in no output row: the note names them.
  const rowLabel = spec.chartRowSql ?? `coalesce(nullif(CAST(grp AS VARCHAR), ''), ${literal(EMPTY_GROUP_LABEL)})`;
  const allHidden = (r: (name: string) => string) =>
    dims.length && !spec.compositeKey && !spec.counterpart
      ? `(SELECT string_agg(g, chr(10) ORDER BY g) FROM (SELECT ${rowLabel} AS g FROM ${r(cellsFinal)} GROUP BY g HAVING bool_and(suppressed)))`
      : 'CAST(NULL AS VARCHAR)';
  const suppression = (r: (name: string) => string) => `SELECT
  (SELECT count(*) FROM ${r(groupsFinal)} WHERE small) AS groups_below,
  (SELECT coalesce(sum(n), 0) FROM ${r(groupsFinal)} WHERE small) AS people_in_groups_below,
  (SELECT count(*) FROM ${r(groupsFinal)} WHERE differs) AS groups_differencing,
  (SELECT string_agg(DISTINCT differs_from, ', ' ORDER BY differs_from) FROM ${r(groupsFinal)} WHERE differs) AS differencing_attributes,
  (SELECT string_agg(coalesce(nullif(CAST(grp AS VARCHAR), ''), ${literal(EMPTY_GROUP_LABEL)}) || chr(1) || differs_from || chr(1) || coalesce(nullif(differs_group, ''), ${literal(EMPTY_GROUP_LABEL)}), chr(10) ORDER BY CAST(grp AS VARCHAR)) FROM ${r(groupsFinal)} WHERE differs) AS differencing_pairs,
  (SELECT count(*) FROM ${r(groupsFinal)} WHERE complementary) AS groups_complementary,
  (SELECT coalesce(max(group_size), 0) FROM ${r('group_sizes')} WHERE grp_label = ${OTHER}) AS people_merged,
  (SELECT count(*) FROM ${r(groupsFinal)}) AS groups_total,
  (SELECT count(*) FROM ${r(cellsFinal)} WHERE suppressed AND NOT complementary) AS cells_suppressed,
  (SELECT count(*) FROM ${r(cellsFinal)} WHERE complementary) AS cells_complementary,
  ${allHidden(r)} AS rows_all_cells_hidden`;

  const cte = (name: string) => name;
  const resultSql = `WITH ${stages.map((s) => `${s.name} AS (\n${s.sql(cte)}\n)`).join(',\n')},
guarded AS (${guarded(cte)})
${final}
ORDER BY ${order}`;
  const suppressionSql = `WITH ${stages.map((s) => `${s.name} AS (\n${s.sql(cte)}\n)`).join(',\n')}
${suppression(cte)}`;

  const t = (name: string) => `{t}${name}`;
  const byName = new Map(stages.map((s) => [s.name, s]));
  const ref = (name: string): string => {
    const s = byName.get(name)!;
    return s.inline ? `(${s.sql(ref)})` : t(name);
  };
  const materialized = stages.filter((s) => !s.inline);
  const steps = {
    setup: materialized.map((s) => `CREATE OR REPLACE TEMP TABLE ${t(s.name)} AS ${s.sql(ref)}`),
    result: `WITH guarded AS (${guarded(ref)})\n${final}\nORDER BY ${order}`,
    suppression: suppression(ref),
    cleanup: materialized.map((s) => `DROP TABLE IF EXISTS ${t(s.name)}`).reverse(),
  };
  return { resultSql, suppressionSql, steps };
}

/** The original single-key form, kept for callers that only have units and aggregates. */
export function guardedGroupSql(unitsSql: string, aggregates: { name: string; sql: string }[], minGroupSize: number, mode: SmallGroupMode = 'merge', orderBy?: string): { resultSql: string; suppressionSql: string } {
  const g = guardedQuerySql({ unitsSql, aggregates, orderBy }, minGroupSize, mode);
  return { resultSql: g.resultSql, suppressionSql: g.suppressionSql };
}
