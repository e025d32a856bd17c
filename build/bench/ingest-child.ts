/**
 * One measured phase of the ingest benchmark, run in its own process so its peak RSS is its own.
 *   ours  EXPORT_DIR WS_DIR   → our ingest (to its commit), then every derived table and the validation
 *                               report side by side, then the thread-length analysis
 *   plain EXPORT_DIR DB_FILE  → DuckDB's own CREATE TABLE … AS SELECT * FROM read_csv(…) with explicit types
 * Prints one JSON line on stdout.
 */
import { rmSync } from 'node:fs';
import { Workspace } from '../../electron/backend/workspace/workspace.js';
import { ingestExport } from '../../electron/backend/ingest/ingestExport.js';
import { discoverExportSync } from '../../electron/backend/ingest/discover.js';
import { runAnalysis } from '../../electron/backend/analyses/runAnalysis.js';
import { ensureDerived } from '../../electron/backend/analyses/derivedTables.js';
import { DERIVED_NAMES } from '../../shared/analyses/derived/names.js';
import { ident, literal } from '../../electron/backend/engine/database.js';
import { Engine } from '../../electron/backend/engine/engine.js';

const [mode, exportDir, target] = process.argv.slice(2);
const maxRssMb = () => process.resourceUsage().maxRSS / 1024;
/** Process CPU seconds (user + system): steadier than wall time on a machine others load too. */
const cpuSeconds = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};

/** Samples this process's RSS (every 50 ms) so the peak of each phase can be told apart from maxRSS. */
function rssSampler() {
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss() / 1048576)), 50);
  timer.unref();
  return { stop: () => (clearInterval(timer), peak) };
}

if (mode === 'ours') {
  rmSync(target, { recursive: true, force: true });
  const sampler = rssSampler();
  const t0 = performance.now();
  const c0 = cpuSeconds();
  const ws = await Workspace.open(target, { create: true });
  // Ingest to commit: the validation report is computed after it, as in the app.
  const summary = await ingestExport(ws, { sourceDir: exportDir });
  const ingestSeconds = (performance.now() - t0) / 1000;
  const ingestRssMb = maxRssMb();
  const ingestCpu = cpuSeconds() - c0;
  // Every derived table every analysis reads, built while the report is computed (as the CLI does):
  // files → every analysis ready, with its report.
  const d0 = performance.now();
  const [validationSeconds, derived] = await Promise.all([summary.report.then(() => (performance.now() - d0) / 1000), ensureDerived(ws, [...DERIVED_NAMES])]);
  const derivedSeconds = (performance.now() - d0) / 1000;
  const readySeconds = (performance.now() - t0) / 1000;
  const readyCpu = cpuSeconds() - c0;
  const derivedRssMb = maxRssMb();
  const a0 = performance.now();
  const analysis = await runAnalysis(ws, 'thread-length', { params: { by: 'FunctionType' } });
  const threadSeconds = (performance.now() - a0) / 1000;
  ws.close();
  console.log(
    JSON.stringify({
      tables: Object.fromEntries(summary.tables.map((t) => [t.table, { seconds: t.seconds, rows: t.rows }])),
      derived: derived.built,
      ingestSeconds,
      derivedSeconds,
      ingestCpu,
      readyCpu,
      readySeconds,
      validationSeconds,
      threadSeconds,
      threadGroups: analysis.rows.length,
      ingestRssMb,
      derivedRssMb,
      maxRssMb: maxRssMb(),
      sampledRssMb: sampler.stop(),
    }),
  );
} else if (mode === 'plain') {
  rmSync(target, { force: true });
  const db = await Engine.open(target);
  const discovery = discoverExportSync(exportDir);
  const tables: Record<string, { seconds: number; rows: number }> = {};
  const t0 = performance.now();
  const c0 = cpuSeconds();
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
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds() - c0;
  db.closeSync();
  console.log(JSON.stringify({ tables, seconds, cpu, maxRssMb: maxRssMb() }));
} else {
  console.error('usage: ingest-child.ts ours|plain EXPORT_DIR TARGET');
  process.exit(2);
}
