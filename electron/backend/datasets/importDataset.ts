/**
 * Import a user's file (CSV, XLSX, Parquet) as a named dataset table, preview it first, list and
 * remove datasets.
 *
 * Import stages the file into a scratch table, checks it, then swaps it in with one transaction, so
 * a failed import leaves the previous version of the dataset (and its joins) as they were.
 */
import { join, resolve } from 'node:path';
import type { DatasetInfo, ImportFileOptions, ImportPreviewInfo } from '../../../shared/api/datasets.js';
import { AppError } from '../../../shared/errors.js';
import { ident } from '../engine/database.js';
import type { Workspace } from '../workspace/workspace.js';
import { commitWithManifest } from '../workspace/committedState.js';
import { withJournal } from '../workspace/journal.js';
import { refuseDatabaseFile } from '../workspace/databaseFiles.js';
import { parseTypeChoice, type TypeChoice } from '../typing/columnTypes.js';
import { parseDelimiter } from './csvLayout.js';
import { readablePeopleColumns } from './peopleColumns.js';
import { checkDatasetName, deleteDatasetRecord, findDatasetRecord, listDatasetRecords, listJoinRecords, putDatasetRecord, type DatasetRecord } from './datasetRegistry.js';
import { planJoin } from './joinPlan.js';
import { rebuildPersonAttributes } from './personAttributes.js';
import { stageDatasetFile, type StagedDataset } from './stageDataset.js';
import { parseEncodingChoice } from './textEncoding.js';

/** The UI's read options, plus the dataset's name; types may come parsed already. */
export interface ImportOptions extends Omit<ImportFileOptions, 'types'> {
  name: string;
  /** Column → type choice: `text`, `integer`, `double`, `boolean`, `date`, `date:%d/%m/%Y`, `timestamp`. */
  types?: Record<string, string | TypeChoice>;
  signal?: AbortSignal;
}

export type ImportPreview = ImportPreviewInfo;

export interface ImportResult extends ImportPreview {
  dataset: DatasetRecord;
  seconds: number;
}

const stagingFor = (name: string) => `__staging_ds_${name.toLowerCase()}`;

function typeChoices(types: ImportOptions['types']): Record<string, TypeChoice> {
  const out: Record<string, TypeChoice> = {};
  for (const [col, t] of Object.entries(types ?? {})) out[col] = typeof t === 'string' ? parseTypeChoice(t, col) : t;
  return out;
}

/** A name may replace its own dataset, never another table or view in the workspace. */
async function checkNameFree(ws: Workspace, name: string): Promise<void> {
  const db = await ws.engine();
  const r = await db.query(
    `SELECT table_name AS n, 'table' AS kind FROM duckdb_tables() WHERE schema_name = 'main' AND lower(table_name) = lower($1)
     UNION ALL SELECT view_name, 'view' FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal AND lower(view_name) = lower($1)`,
    [name],
  );
  const own = findDatasetRecord(ws, name);
  const clash = r.rows.find((row) => !(own && row.kind === 'table' && String(row.n).toLowerCase() === own.table.toLowerCase()));
  if (clash) {
    throw new AppError({ code: 'import/name-taken', message: `The workspace already has a ${String(clash.kind)} named "${String(clash.n)}".`, hint: 'Pick another name for the dataset.', where: { field: 'name' } });
  }
}

async function stage(ws: Workspace, file: string, options: ImportOptions, name: string): Promise<StagedDataset> {
  // Before anything opens it: reading the database file from this process drops DuckDB's lock on it.
  refuseDatabaseFile(ws.dir, file);
  await using db = await ws.connect({ signal: options.signal });
  try {
    return await stageDatasetFile(db, resolve(file), stagingFor(name), {
      headerRow: options.headerRow,
      delimiter: parseDelimiter(options.delimiter),
      encoding: parseEncodingChoice(options.encoding),
      sheet: options.sheet,
      types: typeChoices(options.types),
      signal: options.signal,
      scratchDir: join(ws.dir, 'imports', '.scratch'),
    });
  } catch (e) {
    if (options.signal?.aborted) throw new AppError({ code: 'cancelled', message: 'Import cancelled; nothing was changed.' });
    throw e;
  }
}

async function describeStaged(ws: Workspace, staged: StagedDataset, name: string, previewRows: number): Promise<ImportPreview> {
  const db = await ws.engine();
  const sample = await db.query(`SELECT * FROM ${ident(staged.staging)} LIMIT ${Math.max(0, Math.floor(previewRows))}`);
  return {
    name,
    file: staged.file,
    format: staged.format,
    bytes: staged.bytes,
    rows: staged.rows,
    columns: staged.columns,
    sample: sample.rows,
    headerRow: staged.headerRow,
    delimiter: staged.delimiter,
    encoding: staged.encoding,
    sheet: staged.sheet,
    sheets: staged.sheets,
    notes: staged.notes,
    replaces: !!findDatasetRecord(ws, name),
    usedByJoins: listJoinRecords(ws).filter((j) => j.dataset.toLowerCase() === name.toLowerCase()).map((j) => j.name),
  };
}

/** Read the file as an import would, report what it holds, change nothing. */
export async function previewImport(ws: Workspace, file: string, options: Omit<ImportOptions, 'name'> & { name?: string }): Promise<ImportPreview> {
  const name = options.name ? checkDatasetName(options.name) : 'preview';
  const staged = await stage(ws, file, { ...options, name }, name);
  try {
    return await describeStaged(ws, staged, name, options.previewRows ?? 20);
  } finally {
    await (await ws.engine()).run(`DROP TABLE IF EXISTS ${ident(staged.staging)}`);
  }
}

/** Joins reading this dataset must still find their columns in the new version of the file. */
async function checkJoinsStillFit(ws: Workspace, record: DatasetRecord, joins: string[]): Promise<void> {
  for (const j of listJoinRecords(ws).filter((x) => joins.includes(x.name))) {
    try {
      await planJoin(ws, { ...j, dataset: record.name });
    } catch (e) {
      throw new AppError({
        code: 'import/breaks-join',
        message: `The new version of "${record.name}" does not fit join "${j.name}": ${e instanceof Error ? e.message : String(e)} The previous version is kept.`,
        hint: `Remove the join first (join --remove ${j.name}), or import a file with the same columns.`,
        where: { file: record.file },
      });
    }
  }
}

export async function importDataset(ws: Workspace, file: string, options: ImportOptions): Promise<ImportResult> {
  return withJournal(ws, 'import', options.name, () => importNow(ws, file, options));
}

async function importNow(ws: Workspace, file: string, options: ImportOptions): Promise<ImportResult> {
  const started = performance.now();
  const name = checkDatasetName(options.name);
  await checkNameFree(ws, name);
  const staged = await stage(ws, file, options, name);
  const db = await ws.engine();
  const previous = findDatasetRecord(ws, name);
  const table = previous?.table ?? name;
  try {
    const preview = await describeStaged(ws, staged, name, options.previewRows ?? 20);
    const people = await readablePeopleColumns(ws, staged.staging);
    const record: DatasetRecord = {
      name,
      table,
      file: staged.file,
      format: staged.format,
      bytes: staged.bytes,
      sheet: staged.sheet,
      headerRow: staged.headerRow,
      delimiter: staged.delimiter,
      encoding: staged.encoding,
      columns: staged.columns.map(({ name: n, type, format, overridden }) => ({ name: n, type, format, overridden, identifiesPeople: people.get(n) })),
      rows: staged.rows,
      importedAt: new Date().toISOString(),
    };
    if (preview.usedByJoins.length) {
      // Check the joins against the staged table by briefly pointing the record at it.
      const probe = { ...record, table: staged.staging };
      putDatasetRecord(ws, probe);
      try {
        await checkJoinsStillFit(ws, probe, preview.usedByJoins);
      } finally {
        if (previous) putDatasetRecord(ws, previous);
        else deleteDatasetRecord(ws, name);
      }
    }
    // The dataset's record is committed with its table (committedState.ts).
    await db.withConnection((tx) =>
      commitWithManifest(ws, tx, async () => {
        await tx.run(`DROP TABLE IF EXISTS ${ident(table)}`);
        await tx.run(`ALTER TABLE ${ident(staged.staging)} RENAME TO ${ident(table)}`);
        putDatasetRecord(ws, record);
      }),
    );
    // A join that cannot follow the new version (e.g. its salt is not kept here) is left out and said so.
    const skipped = preview.usedByJoins.length ? (await rebuildPersonAttributes(ws)).skipped : [];
    ws.saveManifest();
    const notes = [...preview.notes, ...skipped.map((s) => `Join "${s.join}" is left out: ${s.reason}`)];
    return { ...preview, notes, dataset: record, seconds: (performance.now() - started) / 1000 };
  } finally {
    // Best effort: staging tables are hidden and dropped by the next import or ingest.
    await db.run(`DROP TABLE IF EXISTS ${ident(staged.staging)}`).catch(() => undefined);
  }
}

export type { DatasetInfo };

export function listDatasets(ws: Workspace): DatasetInfo[] {
  const joins = listJoinRecords(ws);
  return listDatasetRecords(ws).map((d) => ({ ...d, joins: joins.filter((j) => j.dataset.toLowerCase() === d.name.toLowerCase()).map((j) => j.name) }));
}

/** Drop a dataset. Refused while a join reads it, unless `withJoins` removes those joins too. */
export async function removeDataset(ws: Workspace, name: string, options: { withJoins?: boolean } = {}): Promise<{ removed: string; joinsRemoved: string[] }> {
  return withJournal(ws, 'remove-dataset', name, () => removeNow(ws, name, options));
}

async function removeNow(ws: Workspace, name: string, options: { withJoins?: boolean }): Promise<{ removed: string; joinsRemoved: string[] }> {
  const record = findDatasetRecord(ws, name);
  if (!record) throw new AppError({ code: 'import/not-found', message: `No dataset named "${name}".`, where: { field: 'name' } });
  const joins = listJoinRecords(ws);
  const using = joins.filter((j) => j.dataset.toLowerCase() === record.name.toLowerCase());
  if (using.length && !options.withJoins) {
    throw new AppError({ code: 'import/in-use', message: `Dataset "${record.name}" is used by join ${using.map((j) => `"${j.name}"`).join(', ')}.`, hint: 'Remove the join first, or remove both together.', where: { field: 'name' } });
  }
  const db = await ws.engine();
  if (using.length) await rebuildPersonAttributes(ws, joins.filter((j) => !using.includes(j)));
  await db.withConnection((tx) =>
    commitWithManifest(ws, tx, async () => {
      await tx.run(`DROP TABLE IF EXISTS ${ident(record.table)}`);
      deleteDatasetRecord(ws, record.name);
    }),
  );
  ws.saveManifest();
  return { removed: record.name, joinsRemoved: using.map((j) => j.name) };
}
