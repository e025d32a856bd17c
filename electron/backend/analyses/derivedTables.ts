/**
 * Build the derived tables (schema `derived` in the workspace database) that analyses read.
 *
 * They are computed once per ingest: each table records the fingerprint of the export tables it
 * was built from (row counts and load times), and is rebuilt only when that changes. Only the
 * tables an analysis needs (and what they depend on) are built, so a first run of one analysis
 * does not pay for all of them.
 */
import { AppError } from '../../../shared/errors.js';
import { TABLE_NAMES, type TableName } from '../../../shared/schema/exportSchema.js';
import { DERIVED_CATALOG, type DerivedName } from '../../../shared/analyses/derived/names.js';
import { DERIVED_VERSION, derivedClosure } from '../../../shared/analyses/derived/index.js';
import { sourcesFor, type LoadedSources, type SourceResolver } from '../../../shared/analyses/derived/sources.js';
import { loadedSources } from '../workspace/exportTables.js';
import type { DerivedTable } from '../../../shared/analyses/derived/types.js';
import type { Connection } from '../engine/engine.js';
import { configurationLocked } from '../engine/settings.js';
import type { Workspace } from '../workspace/workspace.js';
import { withJournal } from '../workspace/journal.js';

const META = `${DERIVED_CATALOG}.build_meta`;

export interface DerivedStatus {
  /** Tables built by this call, with seconds each. */
  built: { name: DerivedName; seconds: number }[];
  /** Export tables the workspace lacks (read as empty). */
  missingSources: TableName[];
  /** The export tables as loaded: their columns and the type of each id key. */
  loaded: LoadedSources;
}

async function loadedTables(db: Connection): Promise<Map<string, number>> {
  const r = await db.query(
    `SELECT table_name, estimated_size FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main'`,
  );
  return new Map(r.rows.map((x) => [String(x.table_name), Number(x.estimated_size)]));
}

/** What the derived tables were built from: any reload of an export table changes it. */
function fingerprint(ws: Workspace, present: Map<string, number>): string {
  const parts = TABLE_NAMES.map((t) => `${t}:${present.has(t) ? present.get(t) : '-'}:${ws.manifest.tables[t]?.loadedAt ?? ''}`);
  return `v${DERIVED_VERSION}|${parts.join('|')}`;
}

/** FNV-1a, 32 bits: enough to notice that a table's SQL changed. */
function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16);
}

async function builtFingerprints(db: Connection): Promise<Map<string, string>> {
  const exists = await db.scalar<number>(
    `SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = '${DERIVED_CATALOG}' AND table_name = 'build_meta'`,
  );
  if (!exists) return new Map();
  const r = await db.query(
    `SELECT m.name, m.fingerprint FROM ${META} m JOIN duckdb_tables() t ON t.database_name = current_database() AND t.schema_name = '${DERIVED_CATALOG}' AND t.table_name = m.name`,
  );
  return new Map(r.rows.map((x) => [String(x.name), String(x.fingerprint)]));
}

/**
 * Each table's fingerprint: what the export tables were (`base`), its own SQL, and its dependencies'
 * fingerprints — so a changed definition rebuilds the table and everything built from it, even when
 * a later call asks only for a dependent (co-location rebuilding pair_week alone must not leave
 * tie_week built from the old pair_week).
 */
export function tableFingerprints(plan: readonly DerivedTable[], base: string, src: SourceResolver): Map<DerivedName, string> {
  const byName = new Map(plan.map((t) => [t.name, t]));
  const out = new Map<DerivedName, string>();
  const of = (t: DerivedTable): string => {
    const known = out.get(t.name);
    if (known) return known;
    const deps = t.dependsOn.map((d) => (byName.has(d) ? of(byName.get(d)!) : d));
    const fp = `${base}|${hashText([t.sql(src), ...deps].join('\n'))}`;
    out.set(t.name, fp);
    return fp;
  };
  plan.forEach(of);
  return out;
}

/** One build at a time per database: two analyses started together must not build a table twice. */
const building = new Map<string, Promise<unknown>>();

/** Make sure `names` (and their dependencies) exist and are fresh; build what is missing or stale. */
export async function ensureDerived(ws: Workspace, names: readonly DerivedName[], onTable?: (name: DerivedName) => void): Promise<DerivedStatus> {
  const key = ws.databasePath;
  const previous = building.get(key) ?? Promise.resolve();
  // Journalled: a build killed half-way is reported (the next analysis rebuilds what is stale).
  const next = previous.catch(() => undefined).then(() => withJournal(ws, 'derived', undefined, () => ensureDerivedNow(ws, names, onTable)));
  building.set(key, next);
  try {
    return await next;
  } finally {
    if (building.get(key) === next) building.delete(key);
  }
}

async function ensureDerivedNow(ws: Workspace, names: readonly DerivedName[], onTable?: (name: DerivedName) => void): Promise<DerivedStatus> {
  // One connection for the build: its setting and its tables' progress are this flow's alone.
  await using db = await ws.connect();
  const present = await loadedTables(db);
  if (!present.has('PersonHistorical')) {
    throw new AppError({ code: 'analysis/no-data', message: 'This workspace has no PersonHistorical table.', hint: 'Ingest or sync an export first.' });
  }
  const missingSources = TABLE_NAMES.filter((t) => !present.has(t));
  const loaded = await loadedSources(db);
  const fp = fingerprint(ws, present);
  const have = await builtFingerprints(db);
  const plan = derivedClosure(names);
  const stale = new Set<DerivedName>();
  const src = sourcesFor(loaded);
  // Anything depending on a table rebuilt in this call is rebuilt after it.
  const fpOf = tableFingerprints(plan, fp, src);
  for (const t of plan) {
    if (have.get(t.name) !== fpOf.get(t.name) || t.dependsOn.some((d) => stale.has(d))) stale.add(t.name);
  }
  const built: DerivedStatus['built'] = [];
  if (stale.size === 0) return { built, missingSources, loaded };

  try {
    await db.run(`CREATE SCHEMA IF NOT EXISTS ${DERIVED_CATALOG}`);
    await db.run(`CREATE TABLE IF NOT EXISTS ${META} (name VARCHAR PRIMARY KEY, fingerprint VARCHAR, built_at TIMESTAMP, seconds DOUBLE)`);
  } catch (e) {
    throw new AppError({
      code: 'analysis/derived-readonly',
      message: `The analysis tables for this workspace need to be built, but the workspace cannot be written: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
      hint: 'Open the workspace for writing once (any analysis run does it), then read-only use works.',
    });
  }
  // Large CREATE TABLE … AS runs faster and leaner when row order need not be kept. The app locks
  // DuckDB's settings after start-up (engine/settings.ts): there the tables build as they are.
  const tune = !(await configurationLocked(db));
  const keepOrder = await db.scalar<boolean>(`SELECT current_setting('preserve_insertion_order')`);
  if (tune) await db.run('SET preserve_insertion_order = false');
  try {
    for (const t of plan) {
      if (!stale.has(t.name)) continue;
      onTable?.(t.name);
      built.push({ name: t.name, seconds: await buildTable(db, t, src, fpOf.get(t.name)!) });
    }
  } finally {
    if (tune) await db.run(`SET preserve_insertion_order = ${keepOrder ? 'true' : 'false'}`);
  }
  return { built, missingSources, loaded };
}

async function buildTable(db: Connection, t: DerivedTable, src: SourceResolver, fp: string): Promise<number> {
  const started = performance.now();
  try {
    await db.run(`CREATE OR REPLACE TABLE ${DERIVED_CATALOG}.${t.name} AS ${t.sql(src)}`);
  } catch (e) {
    throw new AppError({
      code: 'analysis/derived-failed',
      message: `Could not build the analysis table ${t.name}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
      hint: 'Check the workspace validation report for problems in the data.',
    });
  }
  const seconds = (performance.now() - started) / 1000;
  await db.run(`INSERT OR REPLACE INTO ${META} VALUES ($1, $2, now(), $3)`, [t.name, fp, seconds]);
  return seconds;
}

/** Drop every derived table (they are a cache; the next analysis rebuilds what it needs). */
export async function dropDerived(ws: Workspace): Promise<void> {
  const db = await ws.engine();
  await db.run(`DROP SCHEMA IF EXISTS ${DERIVED_CATALOG} CASCADE`);
}
