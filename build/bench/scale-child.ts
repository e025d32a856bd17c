/**
 * One measured phase of the scale benchmark, in its own process so its peak RSS is its own.
 *   generate EXPORT_DIR PEOPLE WEEKS → the demo export, streamed to disk
 *   ingest   EXPORT_DIR WS_DIR       → our ingest (load + validation report), no derived tables
 *   prepare  WS_DIR                  → every derived table the analyses read
 *   analyses WS_DIR SALES_CSV        → every analysis, every view, first run
 *   grid     WS_DIR                  → the Browse grid's 'grid/rows' calls on MailParticipants
 * Prints one JSON line on stdout (maxRssMb = this process's peak resident set, DuckDB included).
 */
import { rmSync } from 'node:fs';
import { generateDemoExport } from '../../electron/backend/demo/generateDemoExport.js';
import { ingestExport } from '../../electron/backend/ingest/ingestExport.js';
import { Workspace } from '../../electron/backend/workspace/workspace.js';
import { ensureDerived } from '../../electron/backend/analyses/derivedTables.js';
import { runAnalysis } from '../../electron/backend/analyses/runAnalysis.js';
import { createApiService } from '../../electron/backend/api/apiService.js';
import { ANALYSES } from '../../shared/analyses/catalogue.js';
import { DERIVED_NAMES } from '../../shared/analyses/derived/names.js';
import { joinSalesFile } from './joinSales.js';

const [phase, ...args] = process.argv.slice(2);
const maxRssMb = () => process.resourceUsage().maxRSS / 1024;
const seconds = (t0: number) => (performance.now() - t0) / 1000;
const out = (value: object) => console.log(JSON.stringify({ ...value, maxRssMb: maxRssMb() }));

/** The grid's page size (renderer DataGrid BLOCK_SIZE). */
const GRID_PAGE = 200;
const GRID_TABLE = 'MailParticipants';

if (phase === 'generate') {
  const [dir, people, weeks] = args;
  const t0 = performance.now();
  const s = await generateDemoExport({ outDir: dir, people: Number(people), weeks: Number(weeks), seed: 1 });
  out({ seconds: seconds(t0), files: s.files.map((f) => ({ table: f.table, rows: f.rows, bytes: f.bytes })) });
} else if (phase === 'ingest') {
  const [dir, wsDir] = args;
  rmSync(wsDir, { recursive: true, force: true });
  const ws = await Workspace.open(wsDir, { create: true });
  const t0 = performance.now();
  const s = await ingestExport(ws, { sourceDir: dir });
  const committed = seconds(t0);
  // The report follows the commit; this phase times both (the ingest bench times them apart).
  await s.report;
  const total = seconds(t0);
  ws.close();
  const load = s.tables.reduce((a, t) => a + t.seconds, 0);
  out({ seconds: total, loadSeconds: load, committedSeconds: committed, validationSeconds: total - committed, rows: s.tables.reduce((a, t) => a + t.rows, 0), rejected: s.tables.reduce((a, t) => a + t.rejected, 0) });
} else if (phase === 'prepare') {
  const [wsDir] = args;
  const ws = await Workspace.open(wsDir);
  const t0 = performance.now();
  const s = await ensureDerived(ws, [...DERIVED_NAMES]);
  const total = seconds(t0);
  ws.close();
  out({ seconds: total, built: s.built });
} else if (phase === 'analyses') {
  const [wsDir, salesCsv] = args;
  const ws = await Workspace.open(wsDir);
  // As bench:analyses does: the sales file imported and joined into PersonAttributes, for sales effectiveness.
  await joinSalesFile(ws, salesCsv);
  const runs: { id: string; view: string; seconds: number; rows: number }[] = [];
  for (const a of ANALYSES) {
    const views = a.params.find((p) => p.name === 'view')?.options ?? [undefined];
    for (const view of views) {
      const t0 = performance.now();
      const r = await runAnalysis(ws, a.id, { params: view ? { view } : {} });
      runs.push({ id: a.id, view: view ?? '-', seconds: seconds(t0), rows: r.rows.length });
    }
  }
  ws.close();
  out({ seconds: runs.reduce((a, r) => a + r.seconds, 0), runs });
} else if (phase === 'grid') {
  // The calls the Browse grid makes (ui-bench times them in Chromium): the first page of the table
  // on a freshly opened workspace, then pages deep in it, as a scroll or a jump to the end asks.
  const [wsDir] = args;
  const t0 = performance.now();
  const api = await createApiService({ workspaceDir: wsDir });
  const openSeconds = seconds(t0);
  const page = async (offset: number) => {
    const t = performance.now();
    const r = await api.call('grid/rows', { source: { kind: 'table', name: GRID_TABLE }, offset, limit: GRID_PAGE });
    if (!r.ok) throw new Error(`grid/rows at ${offset}: ${r.error.message}`);
    if (r.value.rows.length === 0) throw new Error(`grid/rows at ${offset} of ${r.value.total}: no rows`);
    return { ms: performance.now() - t, total: r.value.total };
  };
  const first = await page(0);
  const total = first.total;
  const deep: { offset: number; ms: number }[] = [];
  for (const f of [0.5, 0.9, 0.25, 0.999, 0.75, 0.1, 0.6]) {
    const offset = Math.max(0, Math.floor(total * f) - GRID_PAGE);
    deep.push({ offset, ms: (await page(offset)).ms });
  }
  const last = Math.max(0, total - GRID_PAGE);
  deep.push({ offset: last, ms: (await page(last)).ms });
  await api.close();
  out({ seconds: seconds(t0), openSeconds, firstMs: first.ms, total, deep });
} else {
  console.error('usage: scale-child.ts generate|ingest|prepare|analyses|grid …');
  process.exit(2);
}
