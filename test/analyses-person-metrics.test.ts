/**
 * Person-week metrics (summary, distribution, trend) and data-quality flags against a TypeScript
 * recomputation of every metric from the raw CSV rows.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runAnalysis } from '../electron/backend/analyses/runAnalysis.js';
import { METRIC_NAMES } from '../shared/analyses/personWeekMetrics.js';
import { OTHER_GROUP_LABEL } from '../shared/privacy.js';
import { close, mean, personFirst, personWeekMetrics, quantile, smallExport, type PersonWeek, type SmallExport } from './helpers/smallExport.js';

let fx: SmallExport;
let ref: PersonWeek[];
before(async () => {
  fx = await smallExport({ people: 100, weeks: 4, seed: 5 });
  ref = personWeekMetrics(fx.raw);
});
after(async () => fx?.cleanup());

// FunctionType: the finer of the demo's two near-identical hierarchies, so no function is hidden as
// differing from an Organization by a few people (that rule is tested in analyses-privacy).
const byOrg = (r: PersonWeek) => r.version.attrs.FunctionType;

test('the reference population is the measured employees × weeks', () => {
  assert.equal(new Set(ref.map((r) => r.email)).size, 100);
  assert.equal(ref.length, 100 * 4);
  // Sanity of the reference itself: people do collaborate, and the pieces add up.
  assert.ok(mean(ref.map((r) => r.m.collaboration_hours)) > 5);
  for (const r of ref) close(r.m.internal_collaboration_hours + r.m.external_collaboration_hours, r.m.collaboration_hours, 'internal + external');
  // Every metric compared below is non-zero somewhere (external domains need external ids, which this export has not).
  for (const m of METRIC_NAMES.filter((x) => x !== 'networking_outside_company')) assert.ok(ref.some((r) => r.m[m] > 0), `${m} is 0 everywhere`);
});

test('summary: every metric, person-first, matches the recomputation per group', async () => {
  const r = await runAnalysis(fx.ws, 'person-metrics', { params: { by: 'FunctionType' } });
  const groups = personFirst(ref, byOrg, () => 0);
  assert.equal(r.rows.length, [...groups.values()].filter((g) => g.people >= 5).length + (r.rows.some((x) => x.grp === OTHER_GROUP_LABEL) ? 1 : 0));
  for (const row of r.rows) {
    if (row.grp === OTHER_GROUP_LABEL) continue;
    const mine = ref.filter((x) => byOrg(x) === row.grp);
    assert.equal(row.people, new Set(mine.map((x) => x.email)).size, `${row.grp} people`);
    assert.equal(row.person_weeks, mine.length, `${row.grp} person-weeks`);
    for (const m of METRIC_NAMES) {
      const expected = personFirst(mine, byOrg, (x) => x.m[m]).get(String(row.grp))!.mean;
      close(row[m], expected, `${row.grp} ${m}`, 0.003);
    }
  }
});

test('summary with other working hours moves only the after-hours metrics', async () => {
  const ref2 = personWeekMetrics(fx.raw, { workStart: 7, workEnd: 19 });
  const r = await runAnalysis(fx.ws, 'person-metrics', { params: { by: 'FunctionType', workStart: 7, workEnd: 19 } });
  for (const row of r.rows) {
    const g = personFirst(ref2, (x) => x.version.attrs.FunctionType, (x) => x.m.after_hours_hours).get(String(row.grp));
    if (!g) continue;
    close(row.after_hours_hours, g.mean, `${row.grp} after hours 7–19`, 0.003);
  }
  const base = personFirst(ref, () => 'all', (x) => x.m.after_hours_hours).get('all')!.mean;
  const wider = personFirst(ref2, () => 'all', (x) => x.m.after_hours_hours).get('all')!.mean;
  assert.ok(wider < base, 'a longer working day leaves fewer after-hours hours');
});

test('distribution: quantiles over people of their weekly averages', async () => {
  const r = await runAnalysis(fx.ws, 'person-metrics', { params: { by: 'FunctionType', view: 'distribution', metric: 'email_hours' } });
  const groups = personFirst(ref, (x) => x.version.attrs.FunctionType, (x) => x.m.email_hours);
  assert.ok(r.rows.length > 0);
  for (const row of r.rows) {
    const g = groups.get(String(row.grp));
    if (!g) continue;
    const values = [...g.perPerson.values()];
    close(row.mean, mean(values), `${row.grp} mean`);
    for (const [name, q] of [['p10', 0.1], ['p25', 0.25], ['median', 0.5], ['p75', 0.75], ['p90', 0.9]] as const) close(row[name], quantile(values, q), `${row.grp} ${name}`);
  }
  assert.equal(r.chart.kind, 'box');
  // The headers name the metric they show (the table and the CSV read these labels).
  const labels = Object.fromEntries(r.columnSpecs.map((c) => [c.name, c.label]));
  for (const name of ['mean', 'p10', 'p25', 'median', 'p75', 'p90']) assert.match(labels[name], /^Email hours per week, /, name);
  assert.equal(labels.p90, 'Email hours per week, 90th percentile of people');
});

test('trend: weekly means per group, each week a cell with enough people', async () => {
  const r = await runAnalysis(fx.ws, 'person-metrics', { params: { by: 'FunctionType', view: 'trend', metric: 'meeting_hours' } });
  const weeks = fx.raw.weeks();
  const shown = r.rows.filter((x) => x.grp !== OTHER_GROUP_LABEL);
  assert.ok(shown.length >= weeks.length * 3);
  for (const row of shown) {
    const cell = ref.filter((x) => byOrg(x) === row.grp && x.week === row.week);
    assert.equal(row.people, cell.length, `${row.grp} ${row.week} people`);
    close(row.mean, mean(cell.map((x) => x.m.meeting_hours)), `${row.grp} ${row.week}`);
  }
  assert.equal(r.chart.kind, 'line');
  assert.equal(r.columnSpecs.find((c) => c.name === 'mean')?.label, 'Meeting hours, mean per person');
});

test('data quality by group: non-knowledge workers, inactive and extreme person-weeks', async () => {
  // Thresholds chosen from the data so that every flag fires for someone.
  const personMean = personFirst(ref, () => 'all', (x) => x.m.collaboration_hours).get('all')!.perPerson;
  const nkw = quantile([...personMean.values()], 0.3);
  const params = { by: 'FunctionType', nkwHours: nkw, inactiveSd: 0.8, maxCallHours: 3, maxEmailHours: 9, maxMeetingHours: 6, maxChatHours: 0.6 };
  const r = await runAnalysis(fx.ws, 'data-quality', { params });
  const sd = new Map<string, { m: number; s: number }>();
  for (const [email] of personMean) {
    const xs = ref.filter((x) => x.email === email).map((x) => x.m.collaboration_hours);
    const m = mean(xs);
    sd.set(email, { m, s: Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1)) });
  }
  let flagged = 0;
  let shownCounts = 0;
  let maskedCounts = 0;
  for (const row of r.rows) {
    if (row.grp === OTHER_GROUP_LABEL) continue;
    const mine = ref.filter((x) => byOrg(x) === row.grp);
    const people = new Set(mine.map((x) => x.email));
    assert.equal(row.person_weeks, mine.length);
    // A count of flagged people (or of their person-weeks) shows only when the flagged people and
    // the others are each 0 or at least 5; otherwise it is empty.
    const shown = <T,>(weeks: PersonWeek[], value: T) => {
      const n = new Set(weeks.map((x) => x.email)).size;
      return (n === 0 || n >= 5) && (people.size - n === 0 || people.size - n >= 5) ? value : null;
    };
    const weeksWhere = (f: (x: PersonWeek) => boolean) => mine.filter(f);
    const count = (f: (x: PersonWeek) => boolean) => shown(weeksWhere(f), weeksWhere(f).length);
    const nkwPeople = mine.filter((x) => personMean.get(x.email)! < nkw);
    assert.equal(row.non_knowledge_workers, shown(nkwPeople, new Set(nkwPeople.map((x) => x.email)).size), `${row.grp} nkw`);
    const isInactive = (x: PersonWeek) => sd.get(x.email)!.s > 0 && x.m.collaboration_hours < sd.get(x.email)!.m - 0.8 * sd.get(x.email)!.s;
    assert.equal(row.inactive_person_weeks, count(isInactive), `${row.grp} inactive`);
    assert.equal(row.extreme_call_weeks, count((x) => x.m.call_hours > 3), `${row.grp} call`);
    assert.equal(row.extreme_email_weeks, count((x) => x.m.email_hours > 9), `${row.grp} email`);
    assert.equal(row.extreme_meeting_weeks, count((x) => x.m.meeting_hours > 6), `${row.grp} meeting`);
    assert.equal(row.extreme_chat_weeks, count((x) => x.m.im_hours > 0.6), `${row.grp} chat`);
    assert.equal(row.extreme_person_weeks, count((x) => x.m.call_hours > 3 || x.m.email_hours > 9 || x.m.meeting_hours > 6 || x.m.im_hours > 0.6));
    for (const c of ['non_knowledge_workers', 'inactive_person_weeks', 'extreme_person_weeks']) if (row[c] !== null) shownCounts++;
    else maskedCounts++;
    flagged += Number(row.non_knowledge_workers) + Number(row.inactive_person_weeks) + Number(row.extreme_person_weeks);
  }
  assert.ok(flagged > 0, 'the chosen thresholds flag someone');
  assert.ok(shownCounts > 0 && maskedCounts > 0, `some counts shown (${shownCounts}), some masked (${maskedCounts})`);
});

test('data quality by week: company-wide means and holiday weeks', async () => {
  const r = await runAnalysis(fx.ws, 'data-quality', { params: { view: 'weeks', holidaySd: 0.5 } });
  const weeks = fx.raw.weeks();
  assert.equal(r.rows.length, weeks.length);
  const means = weeks.map((w) => mean(ref.filter((x) => x.week === w).map((x) => x.m.collaboration_hours)));
  const mu = mean(means);
  const s = Math.sqrt(means.reduce((a, x) => a + (x - mu) ** 2, 0) / (means.length - 1));
  r.rows.forEach((row, i) => {
    assert.equal(row.week, weeks[i]);
    close(row.mean_collaboration_hours, means[i], `week ${weeks[i]}`);
    assert.equal(row.holiday_week, means[i] < mu - 0.5 * s, `holiday flag ${weeks[i]}`);
  });
});
