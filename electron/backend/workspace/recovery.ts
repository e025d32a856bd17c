/**
 * The first open after an operation was killed: the manifest takes the database's last commit (done
 * by `Workspace.engine()`), and what the killed run left behind goes — staging tables, half-written
 * temporary files, import scratch files. Download resume state (`raw/**.partial`) is kept: the next
 * sync continues from it. The journal entries stay, marked recovered, so the workspace keeps saying
 * what was interrupted until the next run of that kind succeeds.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isAppError } from '../../../shared/errors.js';
import { ident } from '../engine/database.js';
import type { Engine, Sql } from '../engine/engine.js';
import { listJoinRecords } from '../datasets/datasetRegistry.js';
import { rebuildPersonAttributes } from '../datasets/personAttributes.js';
import { ATOMIC_TMP } from './atomicFile.js';
import { readCommittedState } from './committedState.js';
import { JOURNAL_FOLDER, staleEntries, writeEntry } from './journal.js';
import type { Workspace } from './workspace.js';

/** Tables an ingest or import builds before its swap (loadTable.ts, importDataset.ts). */
const LEFTOVER_TABLES = `table_name LIKE '\\_\\_staging\\_%' ESCAPE '\\' OR table_name LIKE '\\_\\_rej\\_%' ESCAPE '\\' OR table_name LIKE '\\_\\_rejscan\\_%' ESCAPE '\\'`;

async function dropLeftoverTables(db: Sql): Promise<string[]> {
  const r = await db.query(`SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND (${LEFTOVER_TABLES})`);
  const names = r.rows.map((row) => String(row.table_name));
  for (const name of names) await db.run(`DROP TABLE IF EXISTS ${ident(name)}`);
  return names;
}

/** Temporary files of an atomic write (manifest, journal) and the import scratch folder. */
function removeTempFiles(wsDir: string): void {
  for (const dir of [wsDir, join(wsDir, JOURNAL_FOLDER)]) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) if (ATOMIC_TMP.test(name)) rmSync(join(dir, name), { force: true });
  }
  rmSync(join(wsDir, 'imports', '.scratch'), { recursive: true, force: true });
}

/** Clean up after killed operations not recovered yet; a database held by another process is left for later. */
export async function recoverInterrupted(ws: Workspace): Promise<void> {
  const pending = staleEntries(ws.dir).filter((e) => !e.recoveredAt);
  if (pending.length === 0) return;
  let db: Engine;
  try {
    db = await ws.engine();
  } catch (e) {
    // That process opened the workspace after the kill and so has recovered it, or will.
    if (isAppError(e) && e.code === 'workspace/locked') return;
    throw e;
  }
  const committed = new Set((await readCommittedState(db))?.operations ?? []);
  await dropLeftoverTables(db);
  removeTempFiles(ws.dir);
  // A run killed between the PersonHistorical swap and the rebuild of the joined columns.
  if (pending.some((e) => e.operation !== 'derived' && committed.has(e.id)) && listJoinRecords(ws).length > 0) {
    await rebuildPersonAttributes(ws);
    ws.saveManifest();
  }
  const now = new Date().toISOString();
  for (const e of pending) writeEntry(ws.dir, { ...e, recoveredAt: now, committed: committed.has(e.id) });
}
