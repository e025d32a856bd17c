/**
 * Privacy by subtraction: what a reader can compute from two guarded outputs must not single out
 * fewer than the minimum number of people. Each repro of issue #11 is a leak check (an oracle that
 * subtracts what is shown from a total that is shown) run twice: on the guarded output, where it
 * must find nothing, and on the output of a guard without the protection in question, where it must
 * find the leak (so the check can fail). Each also asserts that named groups stay visible, so a
 * guard that hides everything fails too. Memberships come from the raw CSV files, not the app.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runAnalysis } from '../electron/backend/analyses/runAnalysis.js';
import { runGuarded } from '../electron/backend/analyses/runGuarded.js';
import { ensureDerived } from '../electron/backend/analyses/derivedTables.js';
import { findAnalysis } from '../shared/analyses/catalogue.js';
import { resolveParams } from '../electron/backend/analyses/resolveParams.js';
import { OTHER_GROUP_LABEL, type GuardSpec } from '../shared/privacy.js';
import type { JsonValue } from '../electron/backend/engine/database.js';
import { smallExport, type SmallExport } from './helpers/smallExport.js';

type Row = Record<string, JsonValue>;
const K = 5;
let fx: SmallExport;
/** The measured people of the period, by masked EmailAddress, sorted. */
let measured: string[];

before(async () => {
  fx = await smallExport({ people: 120, weeks: 3, seed: 5 });
  measured = [...new Set([...fx.raw.population().values()].flatMap((people) => [...people.keys()]))].sort();
  assert.ok(measured.length > 60, 'enough measured people');
  // Two joined attributes (as a crafted joined file would give): g1 = the first 20 measured people, g2 = the first 21.
  const list = (xs: string[]) => xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(', ');
  const db = await fx.ws.engine();
  await db.run(`CREATE OR REPLACE VIEW PersonAttributes AS SELECT p.*,
    CASE WHEN p.EmailAddress IN (${list(measured.slice(0, 20))}) THEN 'in' ELSE 'out' END AS g1,
    CASE WHEN p.EmailAddress IN (${list(measured.slice(0, 21))}) THEN 'in' ELSE 'out' END AS g2
    FROM PersonHistorical p`);
});
after(async () => fx?.cleanup());

/** The same analysis through a guard without a protection: the catalogue's spec, changed by `strip`. */
async function weakened(id: string, params: Record<string, string>, strip: (s: GuardSpec) => GuardSpec): Promise<Row[]> {
  const def = findAnalysis(id)!;
  const plan = def.build(resolveParams(def, params));
  await ensureDerived(fx.ws, plan.requires);
  const db = await fx.ws.engine();
  const shared = Object.entries(plan.shared ?? {});
  const spec = strip(plan.main);
  const inline = (sql: string) => shared.reduce((s, [n, v]) => s.replaceAll(`{{${n}}}`, `(${v})`), sql);
  return (await runGuarded(db, { ...spec, unitsSql: inline(spec.unitsSql) }, K, 'merge')).rows;
}

const num = (v: JsonValue | undefined) => Number(v ?? 0);

// ------------------------------------------------------------------ co-location

/**
 * The leak check: a function's by-function row minus its Function × Location cells shown gives its
 * hidden cells. It leaks when those hold 1 to K − 1 people (the people of each cell from the raw HR
 * rows, week by week: someone who moved counts in both places).
 */
function coLocationLeaks(byFunction: Row[], matrix: Row[]): string[] {
  const cells = new Map<string, Set<string>>();
  for (const people of fx.raw.population().values()) {
    for (const [email, v] of people) {
      const f = v.attrs.FunctionType;
      const l = v.attrs.Location;
      if (!f || !l) continue;
      cells.set(`${f}|${l}`, (cells.get(`${f}|${l}`) ?? new Set()).add(email));
    }
  }
  const leaks: string[] = [];
  for (const f of byFunction) {
    if (f.grp === OTHER_GROUP_LABEL) continue;
    const hidden = new Set([...cells].filter(([key]) => key.startsWith(`${String(f.grp)}|`) && !matrix.some((c) => `${String(c.grp)}|${String(c.grp2)}` === key)).flatMap(([, s]) => [...s]));
    if (hidden.size > 0 && hidden.size < K) leaks.push(`${String(f.grp)}: ${hidden.size} people`);
  }
  return leaks;
}

test('co-location: by-function minus the Function × Location cells shown never gives a hidden cell', async () => {
  const params = { functionAttr: 'FunctionType', locationAttr: 'Location' };
  const byFunction = (await runAnalysis(fx.ws, 'co-location', { params: { ...params, view: 'by-function' }, minGroupSize: K })).rows;
  const matrix = await runAnalysis(fx.ws, 'co-location', { params: { ...params, view: 'matrix' }, minGroupSize: K });
  // Positive controls: the big functions and cells stay visible …
  const engineering = [...fx.raw.versions.values()].filter((v) => v.isMeasured && v.attrs.FunctionType === 'Engineering').length;
  assert.ok(engineering >= 10);
  assert.ok(byFunction.some((r) => r.grp === 'Engineering'), 'Engineering by function');
  assert.ok(matrix.rows.some((r) => r.grp === 'Engineering'), 'an Engineering × Location cell');
  // … and the check finds the leak when the function margin is not protected.
  const unprotected = await weakened('co-location', { ...params, view: 'matrix' }, (s) => ({ ...s, margins: [] }));
  assert.ok(coLocationLeaks(byFunction, unprotected).length > 0, 'the demo has a function whose small cells the old guard left recoverable');
  assert.deepEqual(coLocationLeaks(byFunction, matrix.rows), []);
  assert.ok(matrix.suppression.groupsComplementary > 0);
  assert.match(matrix.suppression.note, /complementary/);
});

// ------------------------------------------------------------------ person-metrics vs meeting-types

/**
 * The leak check: a group's meeting hours per person-week (person-metrics) minus its meeting-type
 * cells shown gives the hidden cells' sum. It leaks when they hold 1 to K − 1 attendees (counted
 * from the raw MeetingParticipants rows by `attendeesOf`).
 */
function meetingLeaks(metrics: Row[], types: Row[], attendeesOf: (grp: string, type: string) => Set<string>, allTypes: string[]): { grp: string; people: number; hours: number }[] {
  const leaks: { grp: string; people: number; hours: number }[] = [];
  for (const g of metrics) {
    if (g.grp === OTHER_GROUP_LABEL) continue;
    const shown = types.filter((t) => t.grp === g.grp);
    const hidden = allTypes.filter((t) => !shown.some((s) => s.meeting_type === t));
    const people = new Set(hidden.flatMap((t) => [...attendeesOf(String(g.grp), t)]));
    const hours = num(g.meeting_hours) - shown.reduce((s, t) => s + num(t.hours_per_person_week), 0);
    if (people.size > 0 && people.size < K) leaks.push({ grp: String(g.grp), people: people.size, hours });
  }
  return leaks;
}

test('person-metrics meeting hours minus the meeting-type cells shown never gives hidden cells', async () => {
  const by = 'FunctionType';
  const metrics = (await runAnalysis(fx.ws, 'person-metrics', { params: { by }, minGroupSize: K })).rows;
  const types = await runAnalysis(fx.ws, 'meeting-types', { params: { by }, minGroupSize: K });
  // Attendees per (group, type) from the guarded-free units: who attended which type, by group.
  const db = await fx.ws.engine();
  const def = findAnalysis('meeting-types')!;
  const units = (await db.query(`SELECT DISTINCT CAST(grp AS VARCHAR) AS grp, meeting_type, person FROM (${def.build(resolveParams(def, { by })).main.unitsSql})`)).rows;
  const attendeesOf = (g: string, t: string) => new Set(units.filter((u) => u.grp === g && u.meeting_type === t).map((u) => String(u.person)));
  const allTypes = [...new Set(units.map((u) => String(u.meeting_type)))];
  const largest = String([...metrics].filter((r) => r.grp !== OTHER_GROUP_LABEL && r.grp !== null).sort((x, y) => num(y.people) - num(x.people))[0]?.grp);
  assert.ok(types.rows.some((r) => r.grp === largest), `the largest group (${largest}) has meeting types shown`);
  const unprotected = await weakened('meeting-types', { by }, (s) => ({ ...s, margins: [] }));
  const found = meetingLeaks(metrics, unprotected, attendeesOf, allTypes);
  assert.ok(found.length > 0, 'the old guard left hidden meeting-type cells recoverable');
  // The subtraction is real: with one hidden cell, it gives that cell's hours per person-week.
  assert.ok(found.some((l) => l.hours > 0), JSON.stringify(found));
  assert.deepEqual(meetingLeaks(metrics, types.rows, attendeesOf, allTypes), []);
  assert.ok(types.suppression.cellsComplementary > 0);
});

// ------------------------------------------------------------------ two attributes, one person apart

/** Groups of the two outputs whose members (from the raw HR rows) differ by 1 to K − 1 people. */
function differencingLeaks(a: Row[], b: Row[], membersA: Map<string, Set<string>>, membersB: Map<string, Set<string>>): string[] {
  const leaks: string[] = [];
  for (const x of a) {
    for (const y of b) {
      const ma = membersA.get(String(x.grp));
      const mb = membersB.get(String(y.grp));
      if (!ma || !mb) continue;
      const diff = [...ma].filter((e) => !mb.has(e)).length + [...mb].filter((e) => !ma.has(e)).length;
      if (diff > 0 && diff < K) leaks.push(`${String(x.grp)} vs ${String(y.grp)}: ${diff}`);
    }
  }
  return leaks;
}

test('person-metrics by two attributes one person apart never gives that person', async () => {
  const members = (n: number) => new Map([['in', new Set(measured.slice(0, n))], ['out', new Set(measured.slice(n))]]);
  const [m1, m2] = [members(20), members(21)];
  const r1 = await runAnalysis(fx.ws, 'person-metrics', { params: { by: 'g1' }, minGroupSize: K });
  const r2 = await runAnalysis(fx.ws, 'person-metrics', { params: { by: 'g2' }, minGroupSize: K });
  // Visible: each grouping shows its "in" group or the other's, never both; the smaller g1 "in" shows.
  assert.ok(r1.rows.some((r) => r.grp === 'in'), 'g1 "in" (20 people) is shown');
  assert.ok(r1.rows.some((r) => r.grp === 'out') || r2.rows.some((r) => r.grp === 'out'), 'an "out" group is shown');
  // Without the differencing check, the two outputs give person 21's metrics by subtraction.
  const noPeers = (s: GuardSpec): GuardSpec => ({ ...s, peerGroupsSql: undefined });
  const [w1, w2] = [await weakened('person-metrics', { by: 'g1' }, noPeers), await weakened('person-metrics', { by: 'g2' }, noPeers)];
  assert.ok(differencingLeaks(w1, w2, m1, m2).length > 0, 'the check sees the leak without the differencing rule');
  const in1 = w1.find((r) => r.grp === 'in')!;
  const in2 = w2.find((r) => r.grp === 'in')!;
  const recovered = num(in2.meeting_hours) * num(in2.people) - num(in1.meeting_hours) * num(in1.people);
  // … which is person 21's own weekly meeting hours (their unit row, read without any guard).
  const db = await fx.ws.engine();
  const def = findAnalysis('person-metrics')!;
  const own = await db.query(`SELECT u.meeting_hours FROM (${def.build(resolveParams(def, { by: 'g2' })).main.unitsSql}) u
    WHERE u.person IN (SELECT v.pid FROM derived.person_version v JOIN PersonHistorical p ON p.PersonHistoricalId = v.PersonHistoricalId WHERE p.EmailAddress = $1)`, [measured[20]]);
  assert.equal(own.rows.length, 1);
  assert.ok(Math.abs(recovered - num(own.rows[0].meeting_hours)) < 0.02, `recovered ${recovered} vs ${String(own.rows[0].meeting_hours)}`);
  assert.deepEqual(differencingLeaks(r1.rows, r2.rows, m1, m2), []);
  assert.equal(r2.suppression.groupsDifferencing, 1);
  assert.deepEqual(r2.suppression.differencingAttributes, ['g1']);
  assert.match(r2.suppression.note, /differ from a group of g1 by fewer than 5 people/);
  // The note names the pair that caused it, and never calls the groups all big enough beside a merge.
  assert.deepEqual(r2.suppression.differencingPairs, [{ group: 'in', attribute: 'g1', peerGroup: 'in' }]);
  assert.match(r2.suppression.note, /\(g2 "in" vs g1 "in"\)/);
  if (r2.suppression.groupsBelow === 0) assert.doesNotMatch(r2.suppression.note, /All groups have at least/);
});
