/**
 * What a workspace's export tables hold, read once from the database and the manifest: the columns
 * of each loaded table, how each id key was typed, and what the export lacks (tables and documented
 * columns). The validation report, the derived tables and the analyses all read it from here.
 */
import { EXPORT_SCHEMA, TABLE_NAMES, type ColumnRef, type KeyDomain, type TableName } from '../../../shared/schema/exportSchema.js';
import type { ExportAvailability } from '../../../shared/schema/availability.js';
import { absentColumns, type KeyTypes, type LoadedSources } from '../../../shared/analyses/derived/sources.js';
import type { Sql } from '../engine/engine.js';
import { availabilityOf, type WorkspaceManifest } from './manifest.js';

/**
 * Each loaded export table's columns, and how the workspace typed each id key (UUID when every
 * value was a GUID, else VARCHAR), read from the database so an empty stand-in for a missing table
 * joins with the loaded ones.
 */
export async function loadedSources(db: Sql): Promise<LoadedSources> {
  const r = await db.query(
    `SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main'
       AND table_name IN (${TABLE_NAMES.map((t) => `'${t}'`).join(', ')})`,
  );
  const tables = new Map<string, Set<string>>();
  const keyTypes: KeyTypes = {};
  for (const row of r.rows) {
    const table = String(row.table_name) as TableName;
    const column = String(row.column_name);
    if (!tables.has(table)) tables.set(table, new Set());
    tables.get(table)!.add(column);
    const key: KeyDomain | undefined = EXPORT_SCHEMA[table].columns.find((c) => c.name.toLowerCase() === column.toLowerCase())?.key;
    // A UUID anywhere decides for the key: ingest types all columns of one key alike.
    if (key && keyTypes[key] !== 'UUID') keyTypes[key] = String(row.data_type) === 'UUID' ? 'UUID' : 'VARCHAR';
  }
  return { tables, keyTypes };
}

/**
 * What the export provides: the tables loaded in the database, and the documented columns their
 * files lacked (the manifest) or the database lacks (a workspace ingested by an earlier version).
 */
export async function exportAvailability(db: Sql, manifest: WorkspaceManifest, loaded?: LoadedSources): Promise<ExportAvailability> {
  const l = loaded ?? (await loadedSources(db));
  const tables = TABLE_NAMES.filter((t) => l.tables.has(t));
  const fromManifest = availabilityOf(manifest).missingColumns.filter((ref) => tables.some((t) => ref.startsWith(`${t}.`)));
  return { tables, missingColumns: [...new Set([...fromManifest, ...(absentColumns(l) as ColumnRef[])])] };
}
