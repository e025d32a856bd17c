/**
 * The person-query export (wpa / vivainsights column names) from the CLI, on the hand-built export
 * whose values are worked out on paper (helpers/handBuiltExport.ts): the header, the row-level
 * file name, and the values of a person-week read back from the CSV.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestExport } from '../electron/backend/ingest/ingestExport.js';
import { Workspace } from '../electron/backend/workspace/workspace.js';
import { runCli } from '../electron/cli/main.js';
import { PERSON_QUERY_METRICS } from '../shared/analyses/personQuery.js';
import { captureIO } from './helpers/captureIO.js';
import { handBuiltExport, token } from './helpers/handBuiltExport.js';
import { parseCsv } from './helpers/parseCsv.js';
import { tempDir } from './helpers/tempDirs.js';

let wsDir: string;
before(async () => {
  const fx = handBuiltExport();
  wsDir = join(tempDir(), 'ws');
  const ws = await Workspace.open(wsDir, { create: true });
  await ingestExport(ws, { sourceDir: fx.dir });
  ws.close();
});

test('export person-query writes …-row-level.csv with the packages\' column names and the worked values', async () => {
  const dir = tempDir();
  const c = captureIO();
  const code = await runCli(['export', 'person-query', '--workspace', wsDir, '--out', join(dir, 'pq.csv')], c.io);
  assert.equal(code, 0, c.stderr());
  const file = join(dir, 'pq-row-level.csv');
  assert.ok(existsSync(file), `wrote ${file}: ${c.stdout()}`);
  assert.ok(!existsSync(join(dir, 'pq.csv')));
  assert.match(c.stderr(), /Row-level data/);
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8')).filter((r) => r.length > 1);
  // PersonId, MetricDate, the standard names in order, then the HR attributes (no ids, dates or manager token).
  assert.deepEqual(header.slice(0, 2 + PERSON_QUERY_METRICS.length), ['PersonId', 'MetricDate', ...PERSON_QUERY_METRICS.map(([c]) => c)]);
  const hr = header.slice(2 + PERSON_QUERY_METRICS.length);
  for (const a of ['FunctionType', 'Organization', 'LevelDesignation', 'PopulationType']) assert.ok(hr.includes(a), `HR attribute ${a} in ${hr.join(',')}`);
  for (const a of ['PersonHistoricalId', 'EmailAddress', 'ManagerId', 'StartDate', 'EndDate']) assert.ok(!header.includes(a), `${a} not exported`);
  // One row per measured employee and week: 11 people × 1 week.
  assert.equal(rows.length, 11);
  const row = (name: string) => Object.fromEntries(header.map((h, i) => [h, rows.find((r) => r[0] === token(name))![i]]));
  const e2 = row('e2');
  const expected: Record<string, string | number> = {
    MetricDate: '2024-03-04', FunctionType: 'Engineering', Organization: 'Contoso Eng',
    Meetings: 3, Meeting_hours: 2, Emails_sent: 4, Conflicting_meeting_hours: 1.5, Low_quality_meeting_hours: 1.5,
    Meetings_with_manager: 2, Meeting_hours_with_manager_1_on_1: 0.5, Meetings_with_skip_level: 1,
    Generated_workload_email_hours: 0.35, Generated_workload_meeting_hours: 0.5, Workweek_span: 14, Total_focus_hours: 41, Uninterrupted_hours: 43.5,
    Networking_outside_organization: 1, Networking_outside_company: 1,
  };
  for (const [k, v] of Object.entries(expected)) {
    if (typeof v === 'number') assert.ok(Math.abs(Number(e2[k]) - v) < 1e-6, `${k}: ${e2[k]} ≠ ${v}`);
    else assert.equal(e2[k], v, k);
  }
  // A person query has one row per person-week: p1 shows the week's HR version (Finance from Thursday).
  assert.equal(row('p1').FunctionType, 'Finance');
  assert.equal(Number(row('p1').Instant_messages_sent), 1);
});

test('export person-query refuses an unknown target, a bad rule and an existing file', async () => {
  const dir = tempDir();
  assert.equal(await runCli(['export', 'meetings', '--workspace', wsDir, '--out', join(dir, 'x.csv')], captureIO().io), 2);
  assert.equal(await runCli(['export', 'person-query', '--workspace', wsDir, '--out', join(dir, 'x.csv'), '--attended', 'maybe'], captureIO().io), 2);
  assert.equal(await runCli(['export', 'person-query', '--workspace', wsDir, '--out', join(dir, 'x-row-level.csv')], captureIO().io), 0);
  const again = captureIO();
  assert.equal(await runCli(['export', 'person-query', '--workspace', wsDir, '--out', join(dir, 'x.csv')], again.io), 1);
  assert.match(again.stderr(), /already exists/);
});

