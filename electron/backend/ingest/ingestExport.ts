/**
 * Ingest an export folder into a workspace, losing nothing.
 *
 * Every table is loaded into a staging table first; only when all of them loaded are the old tables
 * replaced, in one transaction. A failure at any point leaves the previous tables as they were.
 * Tables not present in the folder are kept, so a partial refresh updates only what it holds.
 * The manifest's records of the new tables are committed in that same transaction (committedState.ts),
 * with the validation report marked pending; the run is journalled, so a kill at any moment leaves
 * either the old tables or the new ones, with the manifest to match and the interruption reported.
 * The report is computed after the commit, on its own connection, while the caller goes on
 * (validationState.ts): `summary.report` resolves when it is committed.
 */
import { statSync } from 'node:fs';
import { AppError } from '../../../shared/errors.js';
import { KEY_DOMAINS, keyColumns, TABLE_NAMES, type TableName } from '../../../shared/schema/exportSchema.js';
import { ident } from '../engine/database.js';
import type { Connection, Sql } from '../engine/engine.js';
import type { Workspace } from '../workspace/workspace.js';
import type { SourceFile } from '../workspace/manifest.js';
import { commitWithManifest } from '../workspace/committedState.js';
import { withJournal } from '../workspace/journal.js';
import { discoverExportSync, type Discovery } from './discover.js';
import { loadTableToStaging, stagingName, type RejectedRow, type StagedTable } from './loadTable.js';
import { listJoinRecords } from '../datasets/datasetRegistry.js';
import { rebuildPersonAttributes } from '../datasets/personAttributes.js';
import { REJECTS_TABLE, type ValidationReport } from './validationReport.js';
import { currentValidationReport, markValidationPending } from './validationState.js';

export interface IngestProgress {
  phase: 'discover' | 'load' | 'swap' | 'done';
  table?: TableName;
  tablesDone: number;
  tablesTotal: number;
}

export interface IngestOptions {
  sourceDir: string;
  /** Refresh folder to load when the source holds several (default: the latest by name). */
  refresh?: string;
  /** Load only these tables (sync re-ingests only what changed). */
  only?: TableName[];
  /** Extra facts about source files (ETag and refresh of a synced blob), keyed by absolute path. */
  fileInfo?: (path: string) => Partial<SourceFile> | undefined;
  onProgress?: (p: IngestProgress) => void;
  signal?: AbortSignal;
}

export interface IngestSummary {
  sourceDir: string;
  refresh: string;
  tables: Omit<StagedTable, 'rejects' | 'staging'>[];
  /** The first rejected rows, with file, line and column. */
  rejects: RejectedRow[];
  skipped: Discovery['skipped'];
  /** The validation report, computed after the commit: nothing waits on it unless it awaits this. */
  report: Promise<ValidationReport>;
  /** From the start to the commit (the report not included). */
  seconds: number;
}

const REJECTS_DDL = `CREATE TABLE IF NOT EXISTS ${REJECTS_TABLE} (
  table_name VARCHAR, file VARCHAR, line BIGINT, column_name VARCHAR, error_type VARCHAR, reason VARCHAR, csv_line VARCHAR)`;

async function dropStaging(db: Sql): Promise<void> {
  const r = await db.query(`SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND table_name LIKE '\\_\\_staging\\_%' ESCAPE '\\'`);
  for (const row of r.rows) await db.run(`DROP TABLE IF EXISTS ${ident(String(row.table_name))}`);
}

function cancelled(): AppError {
  return new AppError({ code: 'cancelled', message: 'Ingest cancelled; the previous tables are unchanged.' });
}

export async function ingestExport(ws: Workspace, options: IngestOptions): Promise<IngestSummary> {
  const summary = await withJournal(ws, 'ingest', options.sourceDir, () => ingestNow(ws, options));
  const report = currentValidationReport(ws).then((r) => {
    if (!r) throw new AppError({ code: 'ingest/no-report', message: 'The validation report of this ingest is missing.', hint: 'Run "validate --recompute".' });
    return r;
  });
  // Nobody may await it: a failure stays recorded (the report stays pending) without crashing the process.
  report.catch(() => undefined);
  return { ...summary, report };
}

async function ingestNow(ws: Workspace, options: IngestOptions): Promise<Omit<IngestSummary, 'report'>> {
  const started = performance.now();
  const progress = (p: IngestProgress) => options.onProgress?.(p);
  progress({ phase: 'discover', tablesDone: 0, tablesTotal: 0 });
  const discovery = discoverExportSync(options.sourceDir, { refresh: options.refresh });
  const wanted = discovery.tables
    .filter((t) => !options.only || options.only.includes(t.table))
    .sort((a, b) => TABLE_NAMES.indexOf(a.table) - TABLE_NAMES.indexOf(b.table));
  const problems = discovery.problems.filter((p) => !options.only || !p.table || options.only.includes(p.table));
  if (problems.length > 0) {
    const first = problems[0];
    throw new AppError({
      code: 'ingest/bad-files',
      message: `Ingest failed, previous tables unchanged: ${problems.map((p) => p.message).join('; ')}`,
      hint: 'Fix or replace the named file and run ingest again.',
      where: { file: first.path, column: first.column },
    });
  }
  if (wanted.length === 0) {
    throw new AppError({
      code: 'ingest/no-tables',
      message: `No export tables found in ${options.sourceDir}`,
      hint: discovery.skipped.length ? `Skipped: ${discovery.skipped.slice(0, 3).map((s) => `${s.path} (${s.reason})`).join('; ')}` : 'The folder holds no CSV files.',
      where: { file: options.sourceDir },
    });
  }

  // The ingest's own connection: its transaction and its cancel touch no other flow.
  await using db = await ws.connect({ signal: options.signal });
  const staged: StagedTable[] = [];
  try {
    await dropStaging(db);
    for (const t of wanted) {
      if (options.signal?.aborted) throw cancelled();
      progress({ phase: 'load', table: t.table, tablesDone: staged.length, tablesTotal: wanted.length });
      staged.push(await loadTableToStaging(db, t));
    }
    if (options.signal?.aborted) throw cancelled();
    const recast = await unifyKeyTypes(db, staged);
    progress({ phase: 'swap', tablesDone: staged.length, tablesTotal: wanted.length });
    await swapIn(ws, db, staged, recast, async () => {
      // Inside the swap's transaction: the records, and the mark that their report is owed, are
      // committed with the tables.
      recordTables(ws, staged, wanted, discovery.refresh, options);
      markValidationPending(ws);
    });
  } catch (e) {
    // Through the engine: the cancelled connection starts no new statement.
    await dropStaging(await ws.engine()).catch(() => undefined);
    if (options.signal?.aborted) throw cancelled();
    throw e;
  }

  ws.saveManifest();
  // Joined HR/sales columns are rebuilt on the new PersonHistorical (a new HR column may clash).
  if (staged.some((s) => s.table === 'PersonHistorical') && listJoinRecords(ws).length > 0) {
    await rebuildPersonAttributes(ws);
    ws.saveManifest();
  }
  progress({ phase: 'done', tablesDone: staged.length, tablesTotal: wanted.length });
  return {
    sourceDir: options.sourceDir,
    refresh: discovery.refresh,
    tables: staged.map(({ rejects: _r, staging: _s, ...rest }) => rest),
    rejects: staged.flatMap((s) => s.rejects).slice(0, 1000),
    skipped: discovery.skipped,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The manifest's record of each table loaded (before the swap commits, which commits it too). */
function recordTables(ws: Workspace, staged: StagedTable[], wanted: Discovery['tables'], refresh: string, options: IngestOptions): void {
  const loadedAt = new Date().toISOString();
  for (const s of staged) {
    const files = wanted.find((w) => w.table === s.table)!.files.map((f) => ({
      path: f.head.path,
      bytes: statSync(f.head.path).size,
      refresh: refresh || undefined,
      ...options.fileInfo?.(f.head.path),
    }));
    ws.manifest.tables[s.table] = {
      files,
      rows: s.rows,
      rejected: s.rejected,
      loadedAt,
      timestampFormat: s.timestampFormat,
      delimiter: s.delimiter,
      hrAttributes: s.hrAttributes,
      extraColumns: s.extraColumns,
      missingColumns: s.missingColumns,
      partlyMissingColumns: s.partlyMissingColumns.length ? s.partlyMissingColumns : undefined,
      notWholeNumbers: s.notWholeNumbers.length ? s.notWholeNumbers : undefined,
    };
  }
}

/**
 * Give every id column of one key (every PersonHistoricalId, every MeetingId, …) one type, since
 * UUID and text ids cannot be compared: UUID only when all of them are UUID, else text with GUIDs
 * written one way. Staged tables are
 * converted in place; live tables this ingest does not replace get a converted staging copy, which
 * the swap puts in (returned by name).
 */
async function unifyKeyTypes(db: Connection, staged: StagedTable[]): Promise<TableName[]> {
  const stagedByTable = new Map(staged.map((s) => [s.table, s]));
  const liveTypes = new Map<string, string>();
  for (const r of (await db.query(`SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE schema_name = 'main' AND database_name = current_database()`)).rows) {
    liveTypes.set(`${String(r.table_name)}.${String(r.column_name)}`, String(r.data_type));
  }
  const toText = new Map<TableName, Set<string>>();
  for (const domain of KEY_DOMAINS) {
    const cols = keyColumns(domain)
      .map(({ table, column }) => ({ table, column, type: stagedByTable.get(table)?.keyTypes[column] ?? liveTypes.get(`${table}.${column}`) }))
      .filter((c) => c.type !== undefined);
    if (!cols.some((c) => c.type !== 'UUID') || !cols.some((c) => c.type === 'UUID')) continue;
    // Every column of the key is rewritten, text ones too: a GUID written in capitals or in braces
    // must still meet the same GUID turned into text.
    for (const c of cols) toText.set(c.table, new Set([...(toText.get(c.table) ?? []), c.column]));
  }
  const recast: TableName[] = [];
  for (const [table, columns] of toText) {
    const s = stagedByTable.get(table);
    const from = s ? s.staging : table;
    const tmp = `${stagingName(table)}__text_ids`;
    // One text form for a GUID however it was written (lower case, hyphens, no braces); other ids as they are.
    const replace = [...columns].map((c) => `coalesce(CAST(TRY_CAST(${ident(c)} AS UUID) AS VARCHAR), CAST(${ident(c)} AS VARCHAR)) AS ${ident(c)}`).join(', ');
    await db.run(`DROP TABLE IF EXISTS ${ident(tmp)}`);
    await db.run(`CREATE TABLE ${ident(tmp)} AS SELECT * REPLACE (${replace}) FROM ${ident(from)}`);
    if (s) await db.run(`DROP TABLE ${ident(s.staging)}`);
    await db.run(`ALTER TABLE ${ident(tmp)} RENAME TO ${ident(stagingName(table))}`);
    if (s) for (const c of columns) s.keyTypes[c] = 'VARCHAR';
    else recast.push(table);
  }
  return recast;
}

/**
 * Replace the live tables by the staged ones, and their rejected rows, in one transaction; `recast`
 * tables (live tables whose ids became text) are replaced without touching their rejected rows.
 * A checkpoint follows, so the new tables are in the database file rather than only in its WAL.
 */
async function swapIn(ws: Workspace, db: Connection, staged: StagedTable[], recast: TableName[], record: () => Promise<void>): Promise<void> {
  await db.run(REJECTS_DDL);
  await commitWithManifest(ws, db, async () => {
    for (const table of recast) {
      await db.run(`DROP TABLE IF EXISTS ${ident(table)}`);
      await db.run(`ALTER TABLE ${ident(stagingName(table))} RENAME TO ${ident(table)}`);
    }
    for (const s of staged) {
      await db.run(`DROP TABLE IF EXISTS ${ident(s.table)}`);
      await db.run(`ALTER TABLE ${ident(stagingName(s.table))} RENAME TO ${ident(s.table)}`);
      await db.run(`DELETE FROM ${REJECTS_TABLE} WHERE table_name = $1`, [s.table]);
      for (let i = 0; i < s.rejects.length; i += 500) {
        const batch = s.rejects.slice(i, i + 500);
        const values = batch.map((_, k) => `($${k * 7 + 1}, $${k * 7 + 2}, $${k * 7 + 3}, $${k * 7 + 4}, $${k * 7 + 5}, $${k * 7 + 6}, $${k * 7 + 7})`).join(', ');
        const params = batch.flatMap((r) => [r.table, r.file, r.line, r.column, r.errorType, r.reason, r.csvLine]);
        await db.run(`INSERT INTO ${REJECTS_TABLE} VALUES ${values}`, params);
      }
    }
    await record();
  }, { checkpoint: true });
}
