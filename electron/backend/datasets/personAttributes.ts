/**
 * The `PersonAttributes` view every analysis groups by: PersonHistorical plus the columns of each
 * saved join, one row per HR version. Each join also gets its own view, `join_<name>`, holding the
 * versions it matched and the columns it adds, so joined data can be queried in SQL directly.
 *
 * Rebuilt whenever a join is saved or removed, a joined dataset is imported again, or
 * PersonHistorical is reloaded (its columns decide which joined names need a prefix).
 */
import { PERSON_ATTRIBUTES_VIEW } from '../../../shared/schema/views.js';
import { ident, type Database } from '../engine/database.js';
import type { Workspace } from '../workspace/workspace.js';
import { listJoinRecords, setJoinRecords, type JoinRecord, type JoinedColumn } from './datasetRegistry.js';
import { matchedVersionsSql, planJoin, tableColumns, type JoinPlan } from './joinPlan.js';

export const joinViewName = (join: string) => `join_${join}`;

/**
 * Names the joined columns get: the file's own names, prefixed with the join's name only when they
 * would clash with a PersonHistorical column or a column an earlier join brought in (DuckDB names
 * are case-insensitive, so `region` clashes with `Region`).
 */
export function nameJoinedColumns(joinName: string, columns: { name: string; type: string }[], taken: Set<string>): JoinedColumn[] {
  return columns.map((c) => {
    let name = c.name;
    if (taken.has(name.toLowerCase())) name = `${joinName}_${c.name}`;
    for (let k = 2; taken.has(name.toLowerCase()); k++) name = `${joinName}_${c.name}_${k}`;
    taken.add(name.toLowerCase());
    return { source: c.name, name, type: c.type };
  });
}

export function joinViewSql(plan: JoinPlan, columns: JoinedColumn[]): string {
  const select = ['p.PersonHistoricalId', ...columns.map((c) => `d.${ident(c.source)} AS ${ident(c.name)}`)].join(', ');
  return matchedVersionsSql(plan, select);
}

export interface RebuildResult {
  /** Columns PersonAttributes has beyond PersonHistorical's. */
  joinedColumns: string[];
  joins: JoinRecord[];
  /** Joins left out because their dataset or a column of it is gone. */
  skipped: { join: string; reason: string }[];
}

async function dropStaleJoinViews(db: Database, keep: Set<string>): Promise<void> {
  const r = await db.query(`SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal AND view_name LIKE 'join\\_%' ESCAPE '\\'`);
  for (const row of r.rows) {
    const name = String(row.view_name);
    if (!keep.has(name.toLowerCase())) await db.run(`DROP VIEW IF EXISTS ${ident(name)}`);
  }
}

/**
 * Recreate the join views and PersonAttributes from `joins` (default: the saved ones) in one
 * transaction. Updates the joins' column names in the manifest; the caller saves it.
 */
export async function rebuildPersonAttributes(ws: Workspace, joins: JoinRecord[] = listJoinRecords(ws)): Promise<RebuildResult> {
  const db = await ws.db();
  const phColumns = await tableColumns(db, 'PersonHistorical');
  if (!phColumns) return { joinedColumns: [], joins, skipped: joins.map((j) => ({ join: j.name, reason: 'no PersonHistorical table' })) };
  const taken = new Set(phColumns.map((c) => c.name.toLowerCase()));
  const built: { record: JoinRecord; sql: string }[] = [];
  const skipped: RebuildResult['skipped'] = [];
  for (const j of joins) {
    let plan: JoinPlan;
    try {
      plan = await planJoin(ws, j);
    } catch (e) {
      skipped.push({ join: j.name, reason: e instanceof Error ? e.message : String(e) });
      continue;
    }
    const columns = nameJoinedColumns(j.name, plan.columns, taken);
    built.push({ record: { ...j, view: joinViewName(j.name), joinedColumns: columns }, sql: joinViewSql(plan, columns) });
  }
  const selects = ['p.*'];
  const froms = ['PersonHistorical p'];
  built.forEach(({ record }, i) => {
    const a = `j${i}`;
    selects.push(...record.joinedColumns.map((c) => `${a}.${ident(c.name)}`));
    froms.push(`LEFT JOIN ${ident(record.view)} ${a} ON ${a}.PersonHistoricalId = p.PersonHistoricalId`);
  });
  await db.run('BEGIN TRANSACTION');
  try {
    for (const { record, sql } of built) await db.run(`CREATE OR REPLACE VIEW ${ident(record.view)} AS ${sql}`);
    await db.run(`CREATE OR REPLACE VIEW ${PERSON_ATTRIBUTES_VIEW} AS SELECT ${selects.join(', ')} FROM ${froms.join('\n')}`);
    await dropStaleJoinViews(db, new Set(built.map((b) => b.record.view.toLowerCase())));
    await db.run('COMMIT');
  } catch (e) {
    // Best effort: the error that stopped the transaction is rethrown; a failed ROLLBACK adds nothing to it.
    await db.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
  const updated = joins.map((j) => built.find((b) => b.record.name === j.name)?.record ?? j);
  setJoinRecords(ws, updated);
  return { joinedColumns: built.flatMap((b) => b.record.joinedColumns.map((c) => c.name)), joins: updated, skipped };
}
