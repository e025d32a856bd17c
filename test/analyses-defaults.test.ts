/**
 * Every analysis and every view at its default parameters on the demo workspace the app opens at
 * first run (400 people × 8 weeks): each shows something true (rows, and a charted value that is
 * not 0 everywhere), or says why not in a typed way (an explanation; a file to join). Never a
 * failure, never a silent blank. Then the sales analysis once the demo's own sales file is joined.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyOfDemoWorkspace, DEMO_WORKSPACE_DEFAULTS } from '../electron/backend/demoWorkspace.js';
import { Workspace } from '../electron/backend/workspace/workspace.js';
import { runAnalysis, type AnalysisResult } from '../electron/backend/analyses/runAnalysis.js';
import { importDataset } from '../electron/backend/datasets/importDataset.js';
import { saveJoin } from '../electron/backend/datasets/saveJoin.js';
import { ANALYSES } from '../shared/analyses/catalogue.js';
import { isAppError } from '../shared/errors.js';

let root: string;
let ws: Workspace;
before(async () => {
  root = mkdtempSync(join(tmpdir(), 'wpa-defaults-'));
  const dir = await copyOfDemoWorkspace(join(root, 'ws'), { people: DEMO_WORKSPACE_DEFAULTS.people, weeks: DEMO_WORKSPACE_DEFAULTS.weeks });
  ws = await Workspace.open(dir);
});
after(() => {
  ws?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** The values the chart draws, read from the spec by hand (independent of explainResult). */
function charted(r: AnalysisResult): unknown[] {
  const c = r.chart;
  if (c.kind === 'network') return r.related.edges?.rows.map((e) => e[c.network!.weight]) ?? [];
  const cols = c.kind === 'heatmap' ? [c.value!] : c.kind === 'box' && c.box ? [c.box.median] : c.y;
  return r.rows.flatMap((row) => cols.map((col) => row[col]));
}
const nonZero = (v: unknown) => v !== null && v !== undefined && Number(v) !== 0 && !Number.isNaN(Number(v));

const cases = ANALYSES.flatMap((def) => {
  const views = def.params.find((p) => p.name === 'view')?.options ?? [undefined];
  return views.map((view) => ({ def, view }));
});

for (const { def, view } of cases) {
  test(`${def.id}${view ? ` (${view})` : ''} at its defaults on the demo shows something true or says why`, async () => {
    const joined = def.params.find((p) => p.joined);
    let r: AnalysisResult;
    try {
      r = await runAnalysis(ws, def.id, { params: view ? { view } : {} });
    } catch (e) {
      // The one refusal allowed: an analysis that needs a joined file, before one is joined.
      assert.ok(joined, `${def.id} failed: ${String(e)}`);
      assert.ok(isAppError(e), String(e));
      assert.equal(e.code, 'analysis/needs-joined-file');
      assert.match(e.message, /^Join a sales file to see this analysis/);
      const named = /The demo ships one: (\S+)\.$/.exec(e.hint ?? '')?.[1];
      assert.ok(named && existsSync(named) && named.startsWith(ws.dir), `the hint names the demo's sales file: ${e.hint}`);
      return;
    }
    assert.ok(!joined, `${def.id} ran without a joined file`);
    if (r.explanation) {
      assert.ok(r.explanation.text.length > 20, 'an explanation in words');
      return;
    }
    assert.ok(r.rows.length > 0, 'rows');
    assert.ok(charted(r).some(nonZero), `${def.id} ${view ?? ''}: the chart has a value that is not 0`);
    assert.ok(r.suppression.note.length > 0);
    if (def.id === 'group-network') {
      const drawn = view === 'edges' ? r.rows : r.related.edges.rows;
      const nodes = view === 'edges' ? r.related.nodes.rows : r.rows;
      assert.ok(drawn.length >= nodes.length - 1, `${drawn.length} edges drawn for ${nodes.length} groups`);
      for (const n of nodes) if (Number(n.linked_groups) > 0) assert.ok(Number(n.degree) >= 1, `${n.grp}: linked to ${n.linked_groups} groups but degree ${n.degree}`);
      assert.ok(r.notes.some((x) => /edges (drawn|between)/.test(x)), r.notes.join(' | '));
    }
  });
}

test('working pattern on the demo: at 1 AM few are active in a typical week, though most received mail then', async () => {
  const r = await runAnalysis(ws, 'working-pattern', { params: { view: 'weekday', by: null } });
  const night = r.rows.filter((x) => x.hour === 1 && Number(x.dow) < 5 && x.share_active !== null);
  assert.ok(night.length > 0);
  for (const x of night) assert.ok(Number(x.share_active) < 40, `${x.weekday} 1 AM: ${x.share_active} % active`);
});

test('sales effectiveness runs once the demo\'s sales file is joined by Key_ID', async () => {
  const db = await ws.engine();
  const file = join(ws.dir, 'raw', 'demo-export', 'sales.csv');
  await importDataset(ws, file, { name: 'sales' });
  await saveJoin(ws, { dataset: 'sales', datasetKey: 'Key_ID', exportKey: 'Key_ID' });
  assert.ok((await db.scalar<number>(`SELECT count(*) FROM duckdb_columns() WHERE table_name = 'PersonAttributes' AND column_name = 'QuotaAttainment'`)) === 1);
  for (const view of ['quantiles', 'correlation', 'information-value']) {
    const r = await runAnalysis(ws, 'sales-effectiveness', { params: { view } });
    assert.equal(r.params.outcome, 'QuotaAttainment');
    assert.ok(r.rows.length > 0 && charted(r).some(nonZero), `${view} rows`);
  }
});

test('data quality with nothing flagged says so and gives the rules, instead of a blank chart', async () => {
  const r = await runAnalysis(ws, 'data-quality', { params: { nkwHours: 0, inactiveSd: 100 } });
  assert.ok(r.rows.length > 0);
  assert.ok(charted(r).every((v) => !nonZero(v)), 'nothing is flagged with these thresholds');
  assert.equal(r.explanation?.kind, 'all-zero');
  assert.match(r.explanation!.text, /^Every value charted is 0: no group has any Non-knowledge workers \(% of people\) or Inactive person-weeks \(% of person-weeks\) by these rules\./);
  assert.match(r.explanation!.text, /below the threshold/);
});

test('an analysis whose every group is hidden says why', async () => {
  const r = await runAnalysis(ws, 'thread-length', { minGroupSize: 100_000 });
  assert.equal(r.rows.length, 0);
  assert.equal(r.explanation?.kind, 'all-suppressed');
  assert.match(r.explanation!.text, /fewer than 100,000 people/);
});
