/**
 * The validation report is computed after the ingest's commit. A real process killed after that
 * commit and before the report is committed leaves a workspace that knows its report is owed: it
 * never shows the previous export's report, and computes the right one when asked (CLI `validate`).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestExport } from '../electron/backend/ingest/ingestExport.js';
import { computeValidationReport } from '../electron/backend/ingest/validationReport.js';
import { readManifestSync } from '../electron/backend/workspace/manifest.js';
import { Workspace, withWorkspace } from '../electron/backend/workspace/workspace.js';
import { exportCopy } from './helpers/demoExport.js';
import { tempDir } from './helpers/tempDirs.js';

const root = new URL('..', import.meta.url).pathname;

describe('validation report after the ingest commit', () => {
  it('killed after the commit, before the report is committed: the reopened workspace owes the report, then computes the new one (not the old)', async () => {
    const tmp = tempDir('wpa-valkill-');
    const exportA = await exportCopy({ people: 30, weeks: 1, seed: 21 });
    const exportB = await exportCopy({ people: 45, weeks: 1, seed: 22 });
    const dir = join(tmp, 'ws');
    await withWorkspace(dir, { create: true }, (ws) => ingestExport(ws, { sourceDir: exportA }));
    const reportA = readManifestSync(join(dir, 'workspace.json'))!.validation!;
    const personRows = (r: { tables: { table: string; rows: number }[] }) => r.tables.find((t) => t.table === 'PersonHistorical')!.rows;

    // A real process ingests B and dies the moment the ingest has committed (its report still computing).
    const script = join(tmp, 'ingest-then-die.mts');
    writeFileSync(
      script,
      `import { Workspace } from ${JSON.stringify(join(root, 'electron/backend/workspace/workspace.ts'))};
import { ingestExport } from ${JSON.stringify(join(root, 'electron/backend/ingest/ingestExport.ts'))};
const ws = await Workspace.open(process.argv[2]);
await ingestExport(ws, { sourceDir: process.argv[3] });
process.kill(process.pid, 'SIGKILL');
`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script, dir, exportB], { cwd: root, stdio: 'inherit' });
    const signal = await new Promise((resolve) => child.on('exit', (_c, s) => resolve(s)));
    assert.equal(signal, 'SIGKILL');

    const ws = await Workspace.open(dir);
    try {
      assert.ok(ws.manifest.validationPending, 'the committed manifest says the report of the last ingest is owed');
      assert.equal(ws.manifest.validation, undefined, "the previous export's report is not kept as if it were current");
      assert.notEqual(personRows(reportA), ws.manifest.tables.PersonHistorical!.rows, 'A and B differ, so an old report could be told from the new one');
    } finally {
      ws.close();
    }

    // Asked for it (CLI validate), the workspace computes B's report and commits it.
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'electron/cli/main.ts'), 'validate', '--workspace', dir, '--json'], { cwd: root, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const printed = JSON.parse(run.stdout) as { tables: { table: string; rows: number }[] };
    const after = await Workspace.open(dir);
    try {
      const expected = await computeValidationReport(await after.engine(), after.manifest);
      assert.equal(personRows(printed), personRows(expected));
      assert.deepEqual(
        printed.tables.map((t) => `${t.table}:${t.rows}`),
        expected.tables.map((t) => `${t.table}:${t.rows}`),
      );
      assert.equal(after.manifest.validationPending, undefined, 'no longer owed');
      assert.deepEqual(after.manifest.validation!.tables, JSON.parse(JSON.stringify(expected.tables)), 'and committed');
    } finally {
      after.close();
    }
  });

  it("the ingest returns at its commit: the report is owed until it is committed on its own, and it describes the new tables", async () => {
    const dir = join(tempDir('wpa-valasync-'), 'ws');
    const ws = await Workspace.open(dir, { create: true });
    try {
      const s = await ingestExport(ws, { sourceDir: await exportCopy({ people: 30, weeks: 1, seed: 23 }) });
      assert.ok(ws.manifest.validationPending, 'owed when the ingest returns');
      assert.equal(ws.manifest.validation, undefined);
      const report = await s.report;
      assert.equal(ws.manifest.validationPending, undefined);
      assert.deepEqual(ws.manifest.validation, report);
      assert.equal(readManifestSync(join(dir, 'workspace.json'))!.validation!.generatedAt, report.generatedAt, 'and written to workspace.json');
      assert.equal(report.tables.find((t) => t.table === 'PersonHistorical')!.rows, ws.manifest.tables.PersonHistorical!.rows);
    } finally {
      ws.close();
    }
  });
});
