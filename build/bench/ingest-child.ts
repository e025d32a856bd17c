/**
 * One measured phase of the ingest benchmark, run in its own process so its peak RSS is its own.
 *   ours  EXPORT_DIR WS_DIR   → our ingest, then the thread-length analysis
 *   plain EXPORT_DIR DB_FILE  → DuckDB's own CREATE TABLE … AS SELECT * FROM read_csv(…) with explicit types
 * Prints one JSON line on stdout.
 */
import { rmSync } from 'node:fs';
import { Workspace } from '../../electron/backend/workspace/workspace.js';
import { ingestExport } from '../../electron/backend/ingest/ingestExport.js';
import { discoverExportSync } from '../../electron/backend/ingest/discover.js';
import { runAnalysis } from '../../electron/backend/analyses/runAnalysis.js';
import { ensureDerived } from '../../electron/backend/analyses/derivedTables.js';
import { findAnalysis } from '../../shared/analyses/catalogue.js';
import { ident, literal } from '../../electron/backend/engine/database.js';
import { Engine } from '../../electron/backend/engine/engine.js';

const [mode, exportDir, target] = process.argv.slice(2);
const maxRssMb = () => process.resourceUsage().maxRSS / 1024;

if (mode === 'ours') {
  rmSync(target, { recursive: true, force: true });
  const ws = await Workspace.open(target, { create: true });
  const summary = await ingestExport(ws, { sourceDir: exportDir });
  const ingestRssMb = maxRssMb();
  // The thread tables are part of ingest's preparation step (CLI ingest builds them); timed apart
  // from the analysis itself, which then reads ~0.5M threads instead of 10M participant rows.
  const p0 = performance.now();
  const def = findAnalysis('thread-length')!;
  await ensureDerived(ws, def.build(Object.fromEntries(def.params.map((p) => [p.name, p.default]))).requires);
  const prepareSeconds = (performance.now() - p0) / 1000;
  const t0 = performance.now();
  const analysis = await runAnalysis(ws, 'thread-length', { params: { by: 'FunctionType' } });
  const threadSeconds = (performance.now() - t0) / 1000;
  ws.close();
  const loadSeconds = summary.tables.reduce((a, t) => a + t.seconds, 0);
  console.log(
    JSON.stringify({
      tables: Object.fromEntries(summary.tables.map((t) => [t.table, { seconds: t.seconds, rows: t.rows }])),
      totalSeconds: summary.seconds,
      validationSeconds: summary.seconds - loadSeconds,
      threadSeconds,
      prepareSeconds,
      threadGroups: analysis.rows.length,
      ingestRssMb,
      maxRssMb: maxRssMb(),
    }),
  );
} else if (mode === 'plain') {
  rmSync(target, { force: true });
  const db = await Engine.open(target);
  const discovery = discoverExportSync(exportDir);
  const tables: Record<string, { seconds: number; rows: number }> = {};
  for (const t of discovery.tables) {
    const f = t.files[0];
    // The bench export has GUID ids: a DuckDB user who knows that passes UUID, as our ingest finds.
    const columns = f.columns.map((c, i) => `${literal(c ? c.name : f.head.header[i])}: ${literal(c ? (c.key ? 'UUID' : c.type) : 'VARCHAR')}`).join(', ');
    const started = performance.now();
    await db.run(
      `CREATE TABLE ${ident(t.table)} AS SELECT * FROM read_csv([${t.files.map((x) => literal(x.head.path)).join(', ')}], header = true, auto_detect = false, columns = {${columns}})`,
    );
    tables[t.table] = { seconds: (performance.now() - started) / 1000, rows: await db.scalar<number>(`SELECT count(*) FROM ${ident(t.table)}`) };
  }
  db.closeSync();
  console.log(JSON.stringify({ tables, maxRssMb: maxRssMb() }));
} else {
  console.error('usage: ingest-child.ts ours|plain EXPORT_DIR TARGET');
  process.exit(2);
}
