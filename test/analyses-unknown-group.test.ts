/**
 * Blank-like HR values (#N/A, N/A, NULL, empty, whitespace-only, a missing value; any case) are one
 * "Unknown" group in every analysis's Group by, and the list of tokens is a setting: an HR
 * attribute holding each form, people assigned to forms here, the groups checked per analysis.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runAnalysis } from '../electron/backend/analyses/runAnalysis.js';
import { OTHER_GROUP_LABEL } from '../shared/privacy.js';
import { smallExport, type SmallExport } from './helpers/smallExport.js';

/** The forms, each given to 6 people (≥ the minimum group size, so a form kept apart shows). */
const FORMS: (string | null)[] = ['#N/A', 'n/a', 'N/A', '', 'NULL', 'null', '   ', '\t', null, ' #n/a '];
const BLANK = (v: string | null) => v === null || ['', '#N/A', 'N/A', 'NULL'].includes(v.trim().toUpperCase());

let fx: SmallExport;
/** Each measured employee's Region value. */
const region = new Map<string, string | null>();
before(async () => {
  fx = await smallExport({ people: 120, weeks: 2, seed: 7 });
  const db = await fx.ws.engine();
  const people = (await db.query(`SELECT DISTINCT EmailAddress AS e FROM PersonHistorical WHERE PopulationType = 'MeasuredEmployee' ORDER BY e`)).rows.map((r) => String(r.e));
  people.forEach((e, i) => region.set(e, i < FORMS.length * 6 ? FORMS[Math.floor(i / 6)] : i % 2 ? 'North' : 'South'));
  const sqlValue = (v: string | null) => (v === null ? 'NULL' : `'${v.replace(/'/g, "''")}'`);
  await db.run(`CREATE TABLE regions (EmailAddress VARCHAR, Region VARCHAR)`);
  await db.run(`INSERT INTO regions VALUES ${[...region].map(([e, v]) => `('${e}', ${sqlValue(v)})`).join(', ')}`);
  await db.run(`CREATE OR REPLACE VIEW PersonAttributes AS SELECT p.*, r.Region FROM PersonHistorical p LEFT JOIN regions r ON r.EmailAddress = p.EmailAddress`);
});
after(async () => fx?.cleanup());

const expectedPeople = (group: string, blank: (v: string | null) => boolean) =>
  [...region.values()].filter((v) => (blank(v) ? 'Unknown' : v) === group).length;

test('person metrics by an attribute holding every blank-like form: one Unknown group, the rest as they are', async () => {
  const r = await runAnalysis(fx.ws, 'person-metrics', { params: { by: 'Region' } });
  const groups = new Map(r.rows.map((x) => [String(x.grp), Number(x.people)]));
  assert.deepEqual([...groups.keys()].sort(), ['North', 'South', 'Unknown']);
  for (const g of groups.keys()) assert.equal(groups.get(g), expectedPeople(g, BLANK), `${g} people`);
  assert.equal(groups.get('Unknown'), FORMS.length * 6);
});

test('the tokens are a setting: with only #N/A, N/A and NULL spelled differently are groups of their own', async () => {
  const onlyNa = (v: string | null) => v === null || v.trim() === '' || v.trim().toUpperCase() === '#N/A';
  const r = await runAnalysis(fx.ws, 'person-metrics', { params: { by: 'Region', blankValues: '#n/a' } });
  const groups = new Map(r.rows.map((x) => [String(x.grp), Number(x.people)]));
  assert.ok(!groups.has(OTHER_GROUP_LABEL), 'every form has enough people to show');
  // 'n/a' and 'N/A' are different values; 'NULL' and 'null' too.
  assert.deepEqual([...groups.keys()].sort(), ['N/A', 'NULL', 'North', 'South', 'Unknown', 'n/a', 'null']);
  for (const g of groups.keys()) assert.equal(groups.get(g), [...region.values()].filter((v) => (onlyNa(v) ? 'Unknown' : v) === g).length, `${g} people`);
});

test('every analysis with a Group by shows the blank-like forms as Unknown, never as themselves', async () => {
  const runs: [string, Record<string, string>][] = [
    ['person-metrics', { view: 'trend' }],
    ['data-quality', {}],
    ['meeting-types', {}],
    ['thread-length', {}],
    ['working-pattern', { view: 'group' }],
    ['group-network', {}],
  ];
  const raw = new Set(FORMS.filter((f) => f !== null && !['Unknown'].includes(f)));
  for (const [id, params] of runs) {
    const r = await runAnalysis(fx.ws, id, { params: { ...params, by: 'Region' } });
    const grps = new Set(r.rows.map((x) => x.grp));
    for (const g of grps) assert.ok(!raw.has(String(g)) && g !== null, `${id}: group ${JSON.stringify(g)}`);
    assert.ok(grps.has('Unknown'), `${id} has the Unknown group (${[...grps].join(', ')})`);
  }
});
