/**
 * Data-quality checks as the wpa / vivainsights packages define them (identify_nkw,
 * identify_inactiveweeks, identify_holidayweeks, flag_ch_ratio, flag_em_ratio): each rule on a few
 * hand-built person-weeks whose answer is worked out here, boundaries included (≤ vs <, per person
 * and organization, infinite ratios); then the analysis on a small export against a TypeScript
 * recomputation from the raw rows.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { memoryDuckdb } from './helpers/memoryDuckdb.js';
import { holidayWeeksSql, PACKAGE_THRESHOLDS, personChecksSql } from '../shared/analyses/dataQualityChecks.js';
import { runAnalysis } from '../electron/backend/analyses/runAnalysis.js';
import { OTHER_GROUP_LABEL } from '../shared/privacy.js';
import { mean, personWeekMetrics, quantile, smallExport, type PersonWeek, type SmallExport } from './helpers/smallExport.js';

const db = memoryDuckdb();
let fx: SmallExport;
let ref: PersonWeek[];
before(async () => {
  fx = await smallExport({ people: 100, weeks: 4, seed: 5 });
  ref = personWeekMetrics(fx.raw);
});
after(async () => {
  await fx?.cleanup();
});

const rows = async (sql: string) => (await db.con.runAndReadAll(sql)).getRowObjectsJson();

/** Person-weeks: [pid, grp, week, collaboration, after-hours, email hours, emails sent]. */
type Pw = [string, string, number, number, number, number, number];
async function personWeeks(name: string, data: Pw[]): Promise<void> {
  await db.con.run(`CREATE OR REPLACE TABLE ${name} (pid VARCHAR, grp VARCHAR, week INTEGER, collaboration_hours DOUBLE, after_hours_hours DOUBLE, email_hours DOUBLE, emails_sent DOUBLE)`);
  await db.con.run(`INSERT INTO ${name} VALUES ${data.map((r) => `('${r[0]}', '${r[1]}', ${r.slice(2).join(', ')})`).join(', ')}`);
}

test('the rules on hand-built person-weeks: boundaries, per person and organization, infinite ratios', async () => {
  await personWeeks('pw', [
    // nkw: mean exactly 5 is a knowledge worker (identify_nkw: mean >= 5 is "kw"); 4.99 is not.
    ['at5', 'X', 1, 4, 1, 1, 1], ['at5', 'X', 2, 6, 1, 1, 1],
    ['below', 'X', 1, 4.99, 1, 1, 1],
    // Moved from X to Y: mean 2 in X (nkw there), 10 in Y; over all weeks 6 (not nkw).
    ['mover', 'X', 1, 2, 1, 1, 1], ['mover', 'X', 2, 2, 1, 1, 1], ['mover', 'Y', 3, 10, 1, 1, 1], ['mover', 'Y', 4, 10, 1, 1, 1],
    // Inactive: weeks 10, 10, 10, 0: mean 7.5, SD 5, z(0) = −1.5 exactly: inactive at sd = 1.5 (z ≤ −sd).
    ['dip', 'X', 1, 10, 1, 1, 1], ['dip', 'X', 2, 10, 1, 1, 1], ['dip', 'X', 3, 10, 1, 1, 1], ['dip', 'X', 4, 0, 1, 1, 1],
    // Collaboration / after-hours: 50 (high), 10/12 (low), 10/0 (infinite: high), 0/0 (no ratio), exactly 30 (not above 30).
    ['chHigh', 'Z', 1, 10, 0.2, 1, 1], ['chLow', 'Z', 1, 10, 12, 1, 1], ['chInf', 'Z', 1, 10, 0, 1, 1], ['chNone', 'Z', 1, 0, 0, 1, 1], ['ch30', 'Z', 1, 30, 1, 1, 1],
    // Email hours per email sent: exactly 1 (not above 1), 1.5 (flagged), hours without emails (infinite), neither.
    ['em1', 'Z', 1, 10, 1, 2, 2], ['emHigh', 'Z', 1, 10, 1, 3, 2], ['emInf', 'Z', 1, 10, 1, 1, 0], ['emNone', 'Z', 1, 10, 1, 0, 0],
  ]);
  const got = await rows(`SELECT * FROM (${personChecksSql('pw', { ...PACKAGE_THRESHOLDS, inactiveSd: 1.5 })}) ORDER BY person, grp`);
  const of = (person: string, grp: string) => got.find((r) => r.person === person && r.grp === grp)!;
  assert.equal(of('at5', 'X').nkw, false);
  assert.equal(of('below', 'X').nkw, true);
  assert.equal(of('mover', 'X').nkw, true, 'nkw per person and organization, as identify_nkw');
  assert.equal(of('mover', 'Y').nkw, false);
  assert.equal(Number(of('dip', 'X').inactive_weeks), 1, 'z = −1.5 is inactive at sd 1.5 (≤)');
  assert.equal(Number(of('mover', 'X').inactive_weeks), 0, "the mover's weeks in X: z = −0.87 over all four weeks");
  const flags = (p: string) => {
    const r = got.find((x) => x.person === p)!;
    return [r.ch_low, r.ch_high, r.em_high];
  };
  assert.deepEqual(flags('chHigh'), [false, true, false]);
  assert.deepEqual(flags('chLow'), [true, false, false]);
  assert.deepEqual(flags('chInf'), [false, true, false]);
  assert.deepEqual(flags('chNone'), [false, false, false]);
  assert.deepEqual(flags('ch30'), [false, false, false]);
  assert.deepEqual(flags('em1').slice(2), [false]);
  assert.deepEqual(flags('emHigh').slice(2), [true]);
  assert.deepEqual(flags('emInf').slice(2), [true]);
  assert.deepEqual(flags('emNone').slice(2), [false]);
});

test('holiday weeks: z-score below −sd among the weekly means, with the optional minimum drop', async () => {
  // Means 10, 10, 10, 10, 8: mean 9.6, SD √0.8 = 0.894, z(8) = −1.79, z(10) = 0.45.
  await db.con.run(`CREATE OR REPLACE TABLE wk AS SELECT * FROM (VALUES (1, 10.0), (2, 10.0), (3, 10.0), (4, 10.0), (5, 8.0)) t(week, m)`);
  const flagged = async (sd: number, drop: number) => (await rows(`SELECT week FROM (${holidayWeeksSql('wk', 'm', sd, drop)}) WHERE holiday_week ORDER BY week`)).map((r) => Number(r.week));
  assert.deepEqual(await flagged(1, 0), [5]);
  assert.deepEqual(await flagged(1.8, 0), [], 'z = −1.79 is not below −1.8');
  assert.deepEqual(await flagged(1, 16), [5], '8 is 16.7 % below 9.6');
  assert.deepEqual(await flagged(1, 20), [], 'but not 20 %');
  const z = (await rows(`SELECT z_score FROM (${holidayWeeksSql('wk', 'm', 1, 0)}) WHERE week = 5`))[0].z_score;
  assert.ok(Math.abs(Number(z) - (8 - 9.6) / Math.sqrt(0.8)) < 1e-12);
  await db.con.run(`CREATE OR REPLACE TABLE flat AS SELECT * FROM (VALUES (1, 10.0), (2, 10.0)) t(week, m)`);
  assert.deepEqual((await rows(`SELECT holiday_week FROM (${holidayWeeksSql('flat', 'm', 1, 0)})`)).map((r) => r.holiday_week), [false, false], 'no SD, no holiday week');
});

test('the analysis: ratio checks and nkw per person and group against a recomputation from the raw rows', async () => {
  const byPerson = new Map<string, PersonWeek[]>();
  for (const w of ref) byPerson.set(w.email, [...(byPerson.get(w.email) ?? []), w]);
  const avg = (ws: PersonWeek[], m: string) => mean(ws.map((w) => w.m[m]));
  const ratio = (a: number, b: number) => (b > 0 ? a / b : a > 0 ? Infinity : NaN);
  const ch = new Map([...byPerson].map(([e, ws]) => [e, ratio(avg(ws, 'collaboration_hours'), avg(ws, 'after_hours_hours'))]));
  const em = new Map([...byPerson].map(([e, ws]) => [e, ratio(avg(ws, 'email_hours'), avg(ws, 'emails_sent'))]));
  // Thresholds from the data, so that every check flags a good share of people.
  const finite = (xs: number[]) => xs.filter(Number.isFinite);
  const chLow = quantile(finite([...ch.values()]), 0.25);
  const chHigh = quantile(finite([...ch.values()]), 0.75);
  const emRatio = quantile(finite([...em.values()]), 0.6);
  const byGroupPerson = new Map<string, PersonWeek[]>();
  for (const w of ref) byGroupPerson.set(`${w.version.attrs.FunctionType}|${w.email}`, [...(byGroupPerson.get(`${w.version.attrs.FunctionType}|${w.email}`) ?? []), w]);
  const nkwHours = quantile([...byGroupPerson.values()].map((ws) => avg(ws, 'collaboration_hours')), 0.3);
  const r = await runAnalysis(fx.ws, 'data-quality', { params: { by: 'FunctionType', chRatioLow: chLow, chRatioHigh: chHigh, emRatio, nkwHours } });
  let shown = 0;
  for (const row of r.rows) {
    if (row.grp === OTHER_GROUP_LABEL) continue;
    const people = [...new Set(ref.filter((w) => w.version.attrs.FunctionType === row.grp).map((w) => w.email))];
    const count = (f: (e: string) => boolean) => {
      const n = people.filter(f).length;
      return (n === 0 || n >= 5) && (people.length - n === 0 || people.length - n >= 5) ? n : null;
    };
    const expected = {
      ch_ratio_people: count((e) => ch.get(e)! < chLow || ch.get(e)! > chHigh),
      ch_ratio_low_people: count((e) => ch.get(e)! < chLow),
      ch_ratio_high_people: count((e) => ch.get(e)! > chHigh),
      em_ratio_people: count((e) => em.get(e)! > emRatio),
      non_knowledge_workers: count((e) => avg(byGroupPerson.get(`${row.grp}|${e}`)!, 'collaboration_hours') < nkwHours),
    };
    for (const [k, v] of Object.entries(expected)) {
      assert.equal(row[k] === null ? null : Number(row[k]), v, `${row.grp} ${k}`);
      if (v) shown++;
    }
  }
  assert.ok(shown >= 5, `flag counts shown: ${shown}`);
});

test('privacy threshold (identify_privacythreshold): groups of the attribute under the threshold, against the raw rows', async () => {
  const people = new Map<string, Set<string>>();
  for (const w of ref) {
    const v = String(w.version.attrs.LevelDesignation ?? '').trim() === '' ? 'Unknown' : String(w.version.attrs.LevelDesignation);
    people.set(v, (people.get(v) ?? new Set()).add(w.email));
  }
  // A threshold between the group sizes, so some groups are under it and some are not.
  const sizes = [...people.values()].map((s) => s.size).sort((a, b) => a - b);
  const threshold = sizes[Math.floor(sizes.length / 2)];
  const r = await runAnalysis(fx.ws, 'data-quality', { params: { view: 'privacy-threshold', by: 'LevelDesignation', privacyThreshold: threshold } });
  assert.equal(r.rows.length, 1);
  const row = r.rows[0];
  const small = [...people.values()].filter((s) => s.size < threshold);
  const smallPeople = new Set(small.flatMap((s) => [...s])).size;
  assert.ok(small.length > 0 && small.length < people.size, `threshold ${threshold} splits the groups (${sizes.join(', ')})`);
  assert.equal(row.grp, 'LevelDesignation');
  assert.equal(Number(row.attribute_groups), people.size);
  assert.equal(Number(row.groups_below_threshold), small.length);
  assert.equal(row.people_below_threshold === null ? null : Number(row.people_below_threshold), smallPeople === 0 || smallPeople >= 5 ? smallPeople : null);
});
