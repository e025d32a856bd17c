/**
 * The manifest's sections that describe the database — what tables are loaded from which files, the
 * validation report, imported datasets and saved joins — are committed inside the database, in the
 * same transaction as the change they describe. `workspace.json` is written after the commit; a
 * process killed in between leaves the database one commit ahead, and the next open copies the
 * committed sections back into the manifest. So the two never disagree, whatever moment a kill hits.
 */
import type { Connection, Sql } from '../engine/engine.js';
import { currentOperationIds } from './journal.js';
import type { WorkspaceManifest } from './manifest.js';

const SCHEMA = '_workspace';
const TABLE = `${SCHEMA}.committed`;

/** The parts of the manifest the database owns (everything else — settings, sync state — is the file's). */
interface Sections {
  tables: WorkspaceManifest['tables'];
  validation?: WorkspaceManifest['validation'];
  validationPending?: string;
  datasets?: unknown;
  joins?: unknown;
}

export interface CommittedState {
  generation: number;
  /** Journal IDs of the operations that made this commit (see journal.ts). */
  operations: string[];
  sections: Sections;
}

interface HasManifest {
  manifest: WorkspaceManifest;
}

function sectionsOf(m: WorkspaceManifest): Sections {
  return structuredClone({ tables: m.tables, validation: m.validation, validationPending: m.validationPending, datasets: m.extensions.datasets, joins: m.extensions.joins });
}

function applySections(m: WorkspaceManifest, s: Sections): void {
  m.tables = s.tables;
  m.validation = s.validation;
  if (s.validationPending === undefined) delete m.validationPending;
  else m.validationPending = s.validationPending;
  for (const key of ['datasets', 'joins'] as const) {
    if (s[key] === undefined) delete m.extensions[key];
    else m.extensions[key] = s[key];
  }
}

export async function readCommittedState(db: Sql): Promise<CommittedState | undefined> {
  const exists = await db.scalar<number>(`SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = '${SCHEMA}' AND table_name = 'committed'`);
  if (!exists) return undefined;
  const row = (await db.query(`SELECT generation, operations, sections FROM ${TABLE} ORDER BY generation DESC LIMIT 1`)).rows[0];
  if (!row) return undefined;
  return { generation: Number(row.generation), operations: JSON.parse(String(row.operations)) as string[], sections: JSON.parse(String(row.sections)) as Sections };
}

/**
 * Run `change` and record the manifest's database sections (as `change` left them in memory) in one
 * transaction. On failure both roll back: the tables and the manifest in memory are as before. The
 * caller writes `workspace.json` afterwards, as before.
 */
export async function commitWithManifest(ws: HasManifest, db: Connection, change: () => Promise<void>, options: { checkpoint?: boolean } = {}): Promise<void> {
  // One at a time per workspace: two transactions rewriting the committed row would conflict, and
  // the validation report commits on its own while the next operation may be committing.
  const previous = committing.get(ws) ?? Promise.resolve();
  // A CHECKPOINT fails while another connection's write transaction is open: it runs under the lock.
  const mine = previous.then(async () => {
    await commitNow(ws, db, change);
    if (options.checkpoint) await checkpoint(db);
  });
  const tail = mine.catch(() => undefined);
  committing.set(ws, tail);
  try {
    return await mine;
  } finally {
    if (committing.get(ws) === tail) committing.delete(ws);
  }
}

/**
 * Fold the WAL into the database file. Refused while another connection runs a statement (an
 * analysis, a validation report): the commit is durable in the WAL either way and DuckDB folds it
 * in at its next automatic checkpoint, so that refusal is not the operation's failure.
 */
async function checkpoint(db: Connection): Promise<void> {
  try {
    await db.run('CHECKPOINT');
  } catch (e) {
    if (!/Cannot CHECKPOINT: there are other (write )?transactions/.test(String(e))) throw e;
  }
}

/** The commit under way per workspace object (see commitWithManifest). */
const committing = new WeakMap<HasManifest, Promise<void>>();

async function commitNow(ws: HasManifest, db: Connection, change: () => Promise<void>): Promise<void> {
  const before = sectionsOf(ws.manifest);
  const generationBefore = ws.manifest.committedGeneration;
  try {
    await db.transaction(async () => {
      await change();
      await db.run(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
      await db.run(`CREATE TABLE IF NOT EXISTS ${TABLE} (generation BIGINT, committed_at TIMESTAMP, operations VARCHAR, sections VARCHAR)`);
      const last = await db.scalar<number | null>(`SELECT max(generation) FROM ${TABLE}`);
      const generation = Math.max(Number(last ?? 0), generationBefore ?? 0) + 1;
      await db.run(`DELETE FROM ${TABLE}`);
      await db.run(`INSERT INTO ${TABLE} VALUES ($1, now(), $2, $3)`, [generation, JSON.stringify(currentOperationIds()), JSON.stringify(sectionsOf(ws.manifest))]);
      ws.manifest.committedGeneration = generation;
    });
  } catch (e) {
    // Connection.transaction rolled the database back; the manifest in memory follows it.
    applySections(ws.manifest, before);
    ws.manifest.committedGeneration = generationBefore;
    throw e;
  }
}

/**
 * After a kill between a commit and the manifest write: take the committed sections. Returns whether
 * the manifest was behind (the caller saves it).
 */
export async function reconcileManifest(ws: HasManifest, db: Sql): Promise<boolean> {
  const state = await readCommittedState(db);
  if (!state || state.generation === ws.manifest.committedGeneration) return false;
  applySections(ws.manifest, state.sections);
  ws.manifest.committedGeneration = state.generation;
  return true;
}
