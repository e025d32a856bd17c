/**
 * Salted joins without the salt on disk in clear.
 *
 * A salted join hashes the file's keys once, into its key table (`__join_keys_<name>`: the dataset's
 * row and its hashed key); the join's view reads that table, so neither the view SQL nor
 * workspace.json holds the salt. The salt itself goes to the app's secret store (Electron's
 * safeStorage, encrypted); where there is none (browser mode, the CLI) it lives in this process's
 * memory only. It is needed again only to hash a new version of the file: then it is taken from the
 * store, or the join says it must be saved again with its salt.
 */
import { AppError } from '../../../shared/errors.js';
import { MemorySecretStore, type SecretStore } from '../api/secrets.js';
import { ident } from '../engine/database.js';
import type { Sql } from '../engine/engine.js';
import type { Workspace } from '../workspace/workspace.js';
import type { JoinHash } from './datasetRegistry.js';
import { datasetKeySql } from './joinKeys.js';

const stores = new WeakMap<Workspace, SecretStore>();

/** Keep this workspace's join salts in `store` (the app's secret store). */
export function useSaltStore(ws: Workspace, store: SecretStore): void {
  stores.set(ws, store);
}

function storeOf(ws: Workspace): SecretStore {
  let s = stores.get(ws);
  if (!s) stores.set(ws, (s = new MemorySecretStore('')));
  return s;
}

const secretKey = (ws: Workspace, join: string) => `join-salt:${ws.dir}:${join.toLowerCase()}`;

export async function rememberSalt(ws: Workspace, join: string, salt: string): Promise<void> {
  await storeOf(ws).set(secretKey(ws, join), salt);
}

export async function recallSalt(ws: Workspace, join: string): Promise<string | undefined> {
  return storeOf(ws).get(secretKey(ws, join));
}

export async function forgetSalt(ws: Workspace, join: string): Promise<void> {
  await storeOf(ws).delete(secretKey(ws, join));
}

/** Key tables live in their own schema, out of the workspace's table list. */
export const JOIN_KEYS_SCHEMA = '_join_keys';

/** The join's key table, qualified and quoted for SQL. */
export const joinKeyTable = (join: string) => `${ident(JOIN_KEYS_SCHEMA)}.${ident(join.toLowerCase())}`;

/** Hash the dataset's keys into the join's key table (replacing it). */
export async function buildKeyTable(db: Sql, join: string, datasetTable: string, datasetKey: string, hash: JoinHash): Promise<void> {
  const key = datasetKeySql(`d.${ident(datasetKey)}`, hash);
  await db.run(`CREATE SCHEMA IF NOT EXISTS ${ident(JOIN_KEYS_SCHEMA)}`);
  await db.run(`CREATE OR REPLACE TABLE ${joinKeyTable(join)} AS SELECT d.rowid AS __row, ${key} AS __key FROM ${ident(datasetTable)} d`);
}

export async function keyTableExists(db: Sql, join: string): Promise<boolean> {
  const n = await db.scalar<number>(`SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = $1 AND table_name = $2`, [JOIN_KEYS_SCHEMA, join.toLowerCase()]);
  return Number(n) > 0;
}

/** Drop the key tables of joins no longer saved. */
export async function dropStaleKeyTables(db: Sql, keep: Set<string>): Promise<void> {
  const r = await db.query(`SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = $1`, [JOIN_KEYS_SCHEMA]);
  for (const row of r.rows) if (!keep.has(String(row.table_name).toLowerCase())) await db.run(`DROP TABLE IF EXISTS ${joinKeyTable(String(row.table_name))}`);
}

export function saltNeeded(join: string, dataset: string): AppError {
  return new AppError({
    code: 'join/salt-needed',
    message: `Join "${join}" hashes the keys of "${dataset}" with a salt this computer does not keep, so the new version of the file cannot be matched.`,
    hint: `Save the join again with its salt (join --name ${join} … --hash --salt S, or the Join screen); until then its columns are left out.`,
    where: { field: 'hash' },
  });
}
