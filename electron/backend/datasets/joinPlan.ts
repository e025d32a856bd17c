/**
 * A join spec checked against the workspace, and the SQL it runs: the dataset's rows keyed for
 * matching, and the rows each PersonHistorical version receives (one at most, so PersonAttributes
 * keeps one row per version).
 */
import { AppError } from '../../../shared/errors.js';
import { ident } from '../engine/database.js';
import type { Sql } from '../engine/engine.js';
import { findDatasetRecord, type JoinRecord, type JoinSpec } from './datasetRegistry.js';
import { datasetKeySql, normalisedKeySql } from './joinKeys.js';
import { joinKeyTable } from './joinSalts.js';
import type { Workspace } from '../workspace/workspace.js';

export interface TableColumn {
  name: string;
  type: string;
}

export interface JoinPlan {
  spec: JoinSpec | JoinRecord;
  datasetTable: string;
  datasetColumns: TableColumn[];
  /** The PersonHistorical column as spelled in the table. */
  exportKey: string;
  datasetKey: string;
  asOf?: { start: string; end?: string; endIsDate: boolean };
  /** Dataset columns brought in, before naming. */
  columns: TableColumn[];
}

export async function tableColumns(db: Sql, table: string): Promise<TableColumn[] | undefined> {
  const r = await db.query(`SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'main' AND lower(table_name) = lower($1) ORDER BY column_index`, [table]);
  if (r.rows.length === 0) return undefined;
  return r.rows.map((x) => ({ name: String(x.column_name), type: String(x.data_type) }));
}

function findColumn(cols: TableColumn[], name: string): TableColumn | undefined {
  return cols.find((c) => c.name.toLowerCase() === name.trim().toLowerCase());
}

const DATE_TYPES = /^(DATE|TIMESTAMP.*|VARCHAR)$/;

export async function planJoin(ws: Workspace, spec: JoinSpec | JoinRecord): Promise<JoinPlan> {
  const db = await ws.engine();
  const record = findDatasetRecord(ws, spec.dataset);
  const datasetColumns = record ? await tableColumns(db, record.table) : undefined;
  if (!record || !datasetColumns) {
    throw new AppError({ code: 'join/no-dataset', message: `No imported dataset "${spec.dataset}".`, hint: 'Import the file first (import FILE --name NAME), then join it.', where: { field: 'dataset' } });
  }
  const phColumns = await tableColumns(db, 'PersonHistorical');
  if (!phColumns) throw new AppError({ code: 'join/no-export', message: 'This workspace has no PersonHistorical table to join to.', hint: 'Ingest or sync an export first.' });
  const exportKey = findColumn(phColumns, spec.exportKey);
  if (!exportKey) {
    throw new AppError({
      code: 'join/no-export-key',
      message: `PersonHistorical has no column "${spec.exportKey}".`,
      hint: `Join on EmailAddress or an HR attribute: ${phColumns.map((c) => c.name).filter((n) => !['PersonHistoricalId', 'StartDate', 'EndDate'].includes(n)).join(', ')}.`,
      where: { field: 'exportKey' },
    });
  }
  const missing = (name: string, field: string) =>
    new AppError({ code: 'join/no-column', message: `Dataset "${record.name}" has no column "${name}".`, hint: `Columns: ${datasetColumns.map((c) => c.name).join(', ')}.`, where: { column: name, field } });
  const datasetKey = findColumn(datasetColumns, spec.datasetKey);
  if (!datasetKey) throw missing(spec.datasetKey, 'datasetKey');

  let asOf: JoinPlan['asOf'];
  if (spec.asOf) {
    const start = findColumn(datasetColumns, spec.asOf.start);
    if (!start) throw missing(spec.asOf.start, 'asOf');
    const end = spec.asOf.end ? findColumn(datasetColumns, spec.asOf.end) : undefined;
    if (spec.asOf.end && !end) throw missing(spec.asOf.end, 'asOf');
    for (const c of [start, end]) {
      if (!c) continue;
      // Text is accepted when every value reads as an ISO date or timestamp.
      const unreadable = DATE_TYPES.test(c.type)
        ? c.type === 'VARCHAR'
          ? await db.scalar<number>(`SELECT count(*) FROM ${ident(record.table)} WHERE NULLIF(trim(${ident(c.name)}), '') IS NOT NULL AND TRY_CAST(trim(${ident(c.name)}) AS TIMESTAMP) IS NULL`)
          : 0
        : 1;
      if (unreadable > 0) {
        throw new AppError({
          code: 'join/as-of-not-date',
          message: `As-of column "${c.name}" does not hold dates (${c.type}).`,
          hint: `Import the file again with --type ${c.name}=date (add the format if it is not ISO, e.g. date:%d/%m/%Y).`,
          where: { column: c.name, field: 'asOf' },
        });
      }
    }
    asOf = { start: start.name, end: end?.name, endIsDate: end?.type === 'DATE' };
  }

  const skip = new Set([datasetKey.name, asOf?.start, asOf?.end].filter((x): x is string => !!x).map((n) => n.toLowerCase()));
  const columns: TableColumn[] = [];
  if (spec.columns && spec.columns.length > 0) {
    for (const name of spec.columns) {
      const c = findColumn(datasetColumns, name);
      if (!c) throw missing(name, 'columns');
      if (!columns.includes(c)) columns.push(c);
    }
  } else {
    columns.push(...datasetColumns.filter((c) => !skip.has(c.name.toLowerCase())));
  }
  if (columns.length === 0) {
    throw new AppError({ code: 'join/no-columns', message: `Dataset "${record.name}" has no columns to bring in besides its key.`, hint: 'A join adds the file\'s other columns to each person; this file has none.' });
  }
  return { spec, datasetTable: record.table, datasetColumns, exportKey: exportKey.name, datasetKey: datasetKey.name, asOf, columns };
}

const FAR_PAST = `TIMESTAMP '0001-01-01 00:00:00'`;
const FAR_FUTURE = `TIMESTAMP '9999-12-31 23:59:59'`;

/**
 * The dataset's rows with `__key` (normalised, hashed when asked), `__row`, and for as-of `__from`/`__to`.
 * A spec being previewed hashes with its salt in the query; a saved join reads its key table, so
 * the salt is never part of a view.
 */
export function datasetRowsSql(plan: JoinPlan, extraColumns: string[] = []): string {
  const hash = plan.spec.hash;
  const saved = hash !== undefined && !('salt' in hash);
  const key = saved ? 'k.__key' : datasetKeySql(`d.${ident(plan.datasetKey)}`, hash && 'salt' in hash ? hash : undefined);
  const table = `${ident(plan.datasetTable)} d${saved ? ` JOIN ${joinKeyTable(plan.spec.name)} k ON k.__row = d.rowid` : ''}`;
  const cols = [...new Set([...plan.columns.map((c) => c.name), ...extraColumns])].map((c) => `d.${ident(c)}`);
  if (!plan.asOf) return `SELECT ${key} AS __key, d.rowid AS __row${cols.length ? `, ${cols.join(', ')}` : ''} FROM ${table}`;
  const from = `TRY_CAST(d.${ident(plan.asOf.start)} AS TIMESTAMP)`;
  // An end date without a time covers its whole day; an end timestamp is exclusive. With no end
  // column, a row is valid until the next row of the same key starts.
  const to = plan.asOf.end
    ? `TRY_CAST(d.${ident(plan.asOf.end)} AS TIMESTAMP)${plan.asOf.endIsDate ? ' + INTERVAL 1 DAY' : ''}`
    : `lead(${from}) OVER (PARTITION BY ${key} ORDER BY ${from}, d.rowid)`;
  return `SELECT ${key} AS __key, d.rowid AS __row, ${from} AS __from, ${to} AS __to${cols.length ? `, ${cols.join(', ')}` : ''} FROM ${table}`;
}

export function exportKeySql(plan: JoinPlan, alias = 'p'): string {
  return normalisedKeySql(`${alias}.${ident(plan.exportKey)}`);
}

/**
 * Each PersonHistorical version with the one dataset row it receives. Without as-of: the first row
 * in file order with its key. With as-of: the row valid at the version's StartDate (the latest such
 * start), else — a version starting before the file's history — the earliest row overlapping it.
 */
export function matchedVersionsSql(plan: JoinPlan, select: string): string {
  const on = `d.__key = ${exportKeySql(plan)}`;
  if (!plan.asOf) {
    return `WITH d AS (${datasetRowsSql(plan)})
SELECT ${select} FROM PersonHistorical p JOIN d ON ${on}
QUALIFY row_number() OVER (PARTITION BY p.PersonHistoricalId ORDER BY d.__row) = 1`;
  }
  const vStart = `coalesce(p.StartDate, ${FAR_PAST})`;
  const vEnd = `coalesce(p.EndDate, ${FAR_FUTURE})`;
  const from = `coalesce(d.__from, ${FAR_PAST})`;
  return `WITH d AS (${datasetRowsSql(plan)})
SELECT ${select} FROM PersonHistorical p JOIN d ON ${on}
  AND ${from} < greatest(${vEnd}, ${vStart} + INTERVAL 1 SECOND) AND (d.__to IS NULL OR d.__to > ${vStart})
QUALIFY row_number() OVER (
  PARTITION BY p.PersonHistoricalId
  ORDER BY (${from} <= ${vStart}) DESC, CASE WHEN ${from} <= ${vStart} THEN ${from} END DESC NULLS LAST, ${from}, d.__row) = 1`;
}
