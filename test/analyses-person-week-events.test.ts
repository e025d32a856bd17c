/**
 * Person-week metrics on a hand-built export whose answers are worked out on paper (see
 * helpers/handBuiltExport.ts for the rows): as-of-event HR attribution, the "attended" parameter
 * and the metrics the packages define (workweek span, open time, manager / skip-level meetings,
 * conflicting / redundant / low-quality hours, generated workload, networking).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ingestExport } from '../electron/backend/ingest/ingestExport.js';
import { Workspace } from '../electron/backend/workspace/workspace.js';
import { ensureDerived } from '../electron/backend/analyses/derivedTables.js';
import { runAnalysis } from '../electron/backend/analyses/runAnalysis.js';
import { PERSON_WEEK_REQUIRES, personWeekMetricsSql } from '../shared/analyses/personWeekMetrics.js';
import { tempDir } from './helpers/tempDirs.js';
import { handBuiltExport } from './helpers/handBuiltExport.js';

let ws: Workspace;
before(async () => {
  const fx = handBuiltExport();
  ws = await Workspace.open(join(tempDir(), 'ws'), { create: true });
  await ingestExport(ws, { sourceDir: fx.dir });
});
after(() => ws?.close());

/** The person-week rows (event grain) of one HR version. */
async function rowOf(version: string, params: Record<string, string | number> = {}): Promise<Record<string, number>> {
  await ensureDerived(ws, PERSON_WEEK_REQUIRES);
  const db = await ws.engine();
  const r = await db.query(`SELECT * FROM (${personWeekMetricsSql(params, undefined, undefined, { grain: 'event' })}) WHERE CAST(PersonHistoricalId AS VARCHAR) = '${version}'`);
  assert.equal(r.rows.length, 1, `one row for ${version}`);
  return Object.fromEntries(Object.entries(r.rows[0]).map(([k, v]) => [k, Number(v)]));
}

const near = (actual: number, expected: number, label: string, tol = 1e-6) => assert.ok(Math.abs(actual - expected) < tol, `${label}: got ${actual}, expected ${expected}`);

test('an IM sent on Monday as Engineering counts for Engineering after a Thursday move to Finance', async () => {
  const r = await runAnalysis(ws, 'person-metrics', { params: { by: 'FunctionType' }, minGroupSize: 5 });
  const by = Object.fromEntries(r.rows.map((x) => [String(x.grp), x]));
  // p1 is in both groups that week (a row per HR version); Engineering: p1, e2…e6 (6 people).
  assert.equal(by.Engineering.people, 6);
  assert.equal(by.Finance.people, 6);
  // Results show 3 decimals.
  near(Number(by.Engineering.ims_sent), 1 / 6, 'Engineering IMs sent', 5e-4);
  near(Number(by.Finance.ims_sent), 0, 'Finance IMs sent');
  // The rows themselves: the Monday IM on p1a's row, none on p1b's.
  assert.equal((await rowOf('ph-p1a')).ims_sent, 1);
  assert.equal((await rowOf('ph-p1b')).ims_sent, 0);
});

test('attended: accepted or organised by default, not declined on request', async () => {
  // e2 accepted mA (1 h), mB (0.5 h) and organised mD (0.5 h); mC (1 h) only tentatively.
  const accepted = await rowOf('ph-e2');
  assert.equal(accepted.meetings, 3);
  near(accepted.meeting_hours, 2, 'accepted meeting hours');
  const notDeclined = await rowOf('ph-e2', { attended: 'not_declined' });
  assert.equal(notDeclined.meetings, 4);
  near(notDeclined.meeting_hours, 3, 'not-declined meeting hours');
  // f2 was tentative on mA: no meeting under the packages' rule, one otherwise.
  assert.equal((await rowOf('ph-f2')).meetings, 0);
  assert.equal((await rowOf('ph-f2', { attended: 'not_declined' })).meetings, 1);
});

test('the packages\' metrics on paper-worked rows', async () => {
  const e2 = await rowOf('ph-e2');
  const expected: Record<string, number> = {
    // mA 9:00–10:00 and mB 9:30–10:00 overlap, both accepted.
    conflicting_meeting_hours: 1.5,
    // Manager e3 in mA and mD; skip level e4 (e3's manager) in mA; 1:1 with e3: mD.
    meetings_with_manager: 2,
    meeting_hours_with_manager: 1.5,
    meetings_with_manager_1on1: 1,
    manager_1on1_hours: 0.5,
    meetings_with_skip_level: 1,
    meeting_hours_with_skip_level: 1,
    // Three levels of e2's line in mA.
    redundant_meeting_hours: 1,
    // mA (redundant, conflicting) + mB (conflicting), each hour once.
    low_quality_meeting_hours: 1.5,
    // e2 organised mD: e3's 0.5 h.
    meetings_organized: 1,
    generated_workload_meeting_hours: 0.5,
    generated_workload_meeting_attendees: 1,
    // m1 → e3 0.1 h + f2 0.2 h; m2 → e5 0.05 h; m3, m4 → x1 (no time given).
    generated_workload_email_hours: 0.35,
    generated_workload_email_recipients: 5,
    emails_sent: 4,
    // Tue: meetings in the 9:00 and 15:00 hours → 7 h; Wed: emails 11:20 and 16:40 → 6 h; Thu: 10:00, 10:30 → 1 h.
    workweek_span: 14,
    // Tue 8–17 minus 9–10 and 15–15:30: blocks 1 h, 5 h, 1.5 h; four meeting-free days of 9 h.
    uninterrupted_hours: 7.5 + 36,
    focus_hours: 5 + 36,
    // Ties (≥ 2 meaningful interactions): e3 (mA, mD, m1), f2 (mA, m1: Contoso Finance), e5 (mC, m2), x1 (m3, m4: fabrikam.com).
    networking_outside_organization: 1,
    networking_outside_company: 1,
  };
  for (const [k, v] of Object.entries(expected)) near(e2[k], v, `e2 ${k}`);
  // Not declined: mC (13–14) also blocks Tuesday: 1 h, 3 h, 1 h, 1.5 h.
  const nd = await rowOf('ph-e2', { attended: 'not_declined' });
  near(nd.uninterrupted_hours, 6.5 + 36, 'not-declined uninterrupted');
  near(nd.focus_hours, 3 + 36, 'not-declined focus');
  // Other working hours move open time: 10–16 leaves Tuesday one block of 5 h (10–15) and 0.5 h (too short).
  const short = await rowOf('ph-e2', { workStart: 10, workEnd: 16 });
  near(short.uninterrupted_hours, 5 + 4 * 6, '10–16 uninterrupted');
});
