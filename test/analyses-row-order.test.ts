/**
 * The same data gives the same numbers, whatever order its rows are stored or arrive in. A DOUBLE
 * sum depends on the order it adds in, and DuckDB's parallel aggregation does not fix that order:
 * one fresh-clone run showed a group network edge as 12.252 hours and the next run as 12.253 (its
 * exact value, 12.2525, sits on the rounding step). Every analysis and view runs at its defaults on
 * the demo (with its sales file joined); then every derived table is rewritten in reverse row order
 * and each runs again: every cell must be the same.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyOfDemoWorkspace, DEMO_WORKSPACE_DEFAULTS } from '../electron/backend/demoWorkspace.js';
import { Workspace } from '../electron/backend/workspace/workspace.js';
import { runAnalysis } from '../electron/backend/analyses/runAnalysis.js';
import { importDataset } from '../electron/backend/datasets/importDataset.js';
import { saveJoin } from '../electron/backend/datasets/saveJoin.js';
import { ANALYSES } from '../shared/analyses/catalogue.js';
import { DERIVED_CATALOG } from '../shared/analyses/derived/names.js';
import { isAppError } from '../shared/errors.js';
import { ident } from '../shared/sql/quote.js';
import { smallExport, type SmallExport } from './helpers/smallExport.js';

let root: string;
let ws: Workspace;
let small: SmallExport;
before(async () => {
  small = await smallExport({ people: 110, weeks: 3, seed: 23 });
  root = mkdtempSync(join(tmpdir(), 'wpa-row-order-'));
  const dir = await copyOfDemoWorkspace(join(root, 'ws'), { people: DEMO_WORKSPACE_DEFAULTS.people, weeks: DEMO_WORKSPACE_DEFAULTS.weeks });
  ws = await Workspace.open(dir);
  await importDataset(ws, join(ws.dir, 'raw', 'demo-export', 'sales.csv'), { name: 'sales' });
  await saveJoin(ws, { dataset: 'sales', datasetKey: 'Key_ID', exportKey: 'Key_ID' });
});
after(async () => {
  await small?.cleanup();
  ws?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

const cases = ANALYSES.flatMap((def) => (def.params.find((p) => p.name === 'view')?.options ?? [undefined]).map((view) => ({ def, view })));

async function runAll(ws: Workspace): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  for (const { def, view } of cases) {
    const r = await runAnalysis(ws, def.id, { params: view ? { view } : {} }).catch((e: unknown) => {
      // The small export has no sales file to join: that analysis is the demo's to check.
      if (isAppError(e) && e.code === 'analysis/needs-joined-file') return undefined;
      throw e;
    });
    if (!r) continue;
    out.set(`${def.id}${view ? ` (${view})` : ''}`, { rows: r.rows, related: Object.fromEntries(Object.entries(r.related).map(([k, v]) => [k, v.rows])) });
  }
  return out;
}

/** Rewrite every derived table in another row order: same name, rows and types, so its build fingerprint stays valid. */
async function reorder(ws: Workspace, order: string): Promise<void> {
  await using db = await ws.connect();
  const tables = (await db.query(`SELECT table_name AS t FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = '${DERIVED_CATALOG}' AND table_name <> 'build_meta'`)).rows.map((r) => String(r.t));
  assert.ok(tables.length >= 10, `derived tables built: ${tables.join(', ')}`);
  for (const t of tables) {
    const name = `${DERIVED_CATALOG}.${ident(t)}`;
    await db.run(`CREATE TEMP TABLE reordered AS SELECT * FROM ${name} ORDER BY ${order}`);
    await db.run(`DELETE FROM ${name}`);
    await db.run(`INSERT INTO ${name} SELECT * FROM reordered`);
    await db.run('DROP TABLE reordered');
  }
}

for (const fixture of ['the demo (400 × 8, sales joined)', 'a small export (110 × 3)']) {
  test(`${fixture}: every analysis and view gives the same cells whatever order the derived tables hold their rows in`, async () => {
    const w = fixture.startsWith('the demo') ? ws : small.ws;
    const first = await runAll(w);
    // The demo is slower to run through: one other order there, three on the small export.
    const orders = w === ws ? ['rowid DESC'] : ['rowid DESC', 'hash(rowid + 1)', 'hash(rowid + 2)'];
    for (const order of orders) {
      await reorder(w, order);
      const again = await runAll(w);
      for (const [key, value] of first) assert.deepEqual(again.get(key), value, `${key}: same cells with rows in order ${order}`);
    }
  });
}
