/**
 * What a grid or an export reads, resolved against the database: a table or view by name, or the
 * last statement of some SQL as a subquery. Columns come from DuckDB itself (never from the request),
 * and every column a filter or sort names is checked against them.
 */
import type { DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
import { duckdb } from '../../engine/duckdbModule.js';
import type { Column, RowSource } from '../../../../shared/api/contract.js';
import { AppError } from '../../../../shared/errors.js';
import { ident } from '../../engine/database.js';
import { queryOn } from '../../engine/connectionPool.js';
import { splitSqlStatements, withoutTopLevelOrderBy } from '../sql/splitStatements.js';
import { sqlError } from '../sql/sqlErrors.js';

export interface ResolvedSource {
  /** Identifies the source in caches. */
  key: string;
  /** A relation to put after FROM. */
  from: string;
  /** The same rows in any order, for counting (a query without its final ORDER BY). */
  countFrom?: string;
  columns: Column[];
  /**
   * Set for base tables (quoted, ready for FROM): their rows have a stable rowid, which ties in
   * sorts and the sorted-order caches use.
   */
  baseRelation?: string;
  /** For a query: its last statement, as typed. */
  statement?: string;
  /** A query whose row order changes from run to run: read from its kept result (queryResults.ts). */
  unstable?: boolean;
  /** For file names and titles: the table's name, or "query". */
  label: string;
}

/** `SELECT * FROM (\n<statement>\n) AS q`: the newlines keep a trailing `-- comment` from eating the `)`. */
export const SUBQUERY_PREFIX = 'SELECT * FROM (\n';
export function asSubquery(statement: string): string {
  return `(\n${statement}\n)`;
}

export async function resolveSource(c: DuckDBConnection, source: RowSource): Promise<ResolvedSource> {
  if (source?.kind === 'table') return resolveTable(c, source.name);
  if (source?.kind === 'sql') return resolveSql(c, source.sql);
  throw new AppError({ code: 'grid/bad-source', message: 'The row source must be { kind: "table", name } or { kind: "sql", sql }.' });
}

async function resolveTable(c: DuckDBConnection, name: unknown): Promise<ResolvedSource> {
  if (typeof name !== 'string' || !name) throw new AppError({ code: 'grid/bad-source', message: 'No table name given.' });
  const found = await queryOn(
    c,
    `SELECT table_name AS name, 'table' AS kind FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND lower(table_name) = lower(?)
     UNION ALL
     SELECT view_name, 'view' FROM duckdb_views() WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal AND lower(view_name) = lower(?)`,
    [name, name],
  );
  const exact = found.rows.find((r) => r.name === name) ?? found.rows[0];
  if (!exact) {
    throw new AppError({ code: 'grid/unknown-table', message: `There is no table or view "${name}" in this workspace.`, hint: 'The Datasets screen lists the tables; a sync or ingest may have replaced them.' });
  }
  const table = String(exact.name);
  const described = await queryOn(c, `DESCRIBE SELECT * FROM ${ident(table)}`);
  return {
    key: `table:${table}`,
    from: ident(table),
    columns: described.rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) })),
    baseRelation: exact.kind === 'table' ? ident(table) : undefined,
    label: table,
  };
}

async function resolveSql(c: DuckDBConnection, sql: unknown): Promise<ResolvedSource> {
  if (typeof sql !== 'string') throw new AppError({ code: 'grid/bad-source', message: 'No SQL given.' });
  const statements = splitSqlStatements(sql);
  const last = statements.at(-1);
  if (!last) throw new AppError({ code: 'sql/empty', message: 'There is no SQL statement to run.', hint: 'Type a query such as SELECT * FROM Mails.' });
  let prepared;
  try {
    prepared = await c.prepare(last.text);
  } catch (e) {
    throw sqlError(e, sql, last.text, last.start);
  }
  try {
    if (prepared.statementType !== duckdb().StatementType.SELECT) {
      throw new AppError({
        code: 'grid/not-a-query',
        message: 'Only a query (SELECT, FROM, WITH, VALUES, DESCRIBE, SHOW) can be shown in the grid.',
        hint: 'Run statements that change the workspace from the SQL screen; the grid shows the result of the last query.',
      });
    }
    const columns = preparedColumns(prepared);
    return { key: `sql:${last.text}`, from: `${asSubquery(last.text)} AS q`, countFrom: `${asSubquery(withoutTopLevelOrderBy(last.text))} AS q`, columns, label: 'query', statement: last.text };
  } finally {
    prepared.destroySync();
  }
}

/** The columns a prepared statement will return, as DuckDB types them. */
export function preparedColumns(prepared: DuckDBPreparedStatement): Column[] {
  const columns: Column[] = [];
  for (let i = 0; i < prepared.columnCount; i++) columns.push({ name: prepared.columnName(i), type: prepared.columnType(i).toString() });
  return columns;
}

/** The source column a request names: exact match first, then case-insensitive. */
export function findColumn(columns: Column[], name: unknown, what: string): Column {
  const col = typeof name === 'string' ? (columns.find((c) => c.name === name) ?? columns.find((c) => c.name.toLowerCase() === name.toLowerCase())) : undefined;
  if (!col) {
    throw new AppError({
      code: 'grid/unknown-column',
      message: `The ${what} names a column "${String(name)}" that this data does not have.`,
      hint: `Columns: ${columns.map((c) => c.name).slice(0, 20).join(', ')}${columns.length > 20 ? ', …' : ''}.`,
      where: { column: typeof name === 'string' ? name : undefined },
    });
  }
  return col;
}
