/**
 * `tsx build/bench/derived-bench.ts WS TABLE…`: rebuild chosen derived tables of an ingested
 * workspace, each timed in wall and process CPU seconds (DuckDB's threads run in this process, so
 * CPU stays comparable on a machine others load too). Their dependencies must already be built.
 *
 * A/B in one run, same conditions: --defs MODULE reads the tables from another copy of
 * shared/analyses/derived/index.ts (e.g. `git archive HEAD shared | tar -x -C bench-data/old`), and
 * --schema NAME builds into that schema instead of `derived` (a table built in this run is then read
 * from there by the tables after it). --rounds N repeats the list; --explain prints EXPLAIN ANALYZE.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Workspace } from '../../electron/backend/workspace/workspace.js';
import { loadedSources } from '../../electron/backend/workspace/exportTables.js';
import { sourcesFor } from '../../shared/analyses/derived/sources.js';
import type { DerivedTable } from '../../shared/analyses/derived/types.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { defs: { type: 'string' }, schema: { type: 'string', default: 'derived' }, rounds: { type: 'string', default: '1' }, explain: { type: 'boolean', default: false } },
});
const [wsDir, ...names] = positionals;
if (!wsDir || names.length === 0) {
  console.error('usage: derived-bench.ts WS TABLE… [--defs MODULE] [--schema NAME] [--rounds N] [--explain]');
  process.exit(2);
}
const defsUrl = values.defs ? pathToFileURL(resolve(values.defs)).href : '../../shared/analyses/derived/index.js';
const { DERIVED_TABLES } = (await import(defsUrl)) as { DERIVED_TABLES: DerivedTable[] };
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};

const ws = await Workspace.open(wsDir);
await using db = await ws.connect();
const src = sourcesFor(await loadedSources(db));
const schema = values.schema!;
await db.run(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
await db.run('SET preserve_insertion_order = false');
const built = new Set<string>();
for (let round = 0; round < Number(values.rounds); round++) {
  for (const name of names) {
    const t = DERIVED_TABLES.find((d) => d.name === name);
    if (!t) throw new Error(`no derived table ${name}`);
    let sql = t.sql(src);
    for (const b of built) sql = sql.replace(new RegExp(`\\bderived\\.${b}\\b`, 'g'), `${schema}.${b}`);
    if (values.explain) {
      const r = await db.query(`EXPLAIN ANALYZE CREATE OR REPLACE TABLE ${schema}.${name} AS ${sql}`);
      console.log(String(r.rows[0].explain_value));
    }
    const w0 = performance.now();
    const c0 = cpu();
    await db.run(`CREATE OR REPLACE TABLE ${schema}.${name} AS ${sql}`);
    built.add(name);
    const rows = await db.scalar<number>(`SELECT count(*) FROM ${schema}.${name}`);
    console.log(`${schema}.${name.padEnd(20)} ${((performance.now() - w0) / 1000).toFixed(2).padStart(7)} s wall ${(cpu() - c0).toFixed(2).padStart(7)} s CPU  ${rows} rows`);
  }
}
ws.close();
