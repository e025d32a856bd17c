/**
 * tie_week's trailing 4-week window (pairs.ts) against its definition written out in TypeScript:
 * for every export week w and pair, the pair's rows of weeks w − 21 … w days hold ≥ 2 meaningful
 * interactions, an IM counting one per 3 in the window. The pair_week rows are random, with gaps
 * of one to six weeks, more rows than a window holds, rows before the first export week and export
 * weeks missing from the middle, so every branch of the lag-based window is taken.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoryDuckdb } from './helpers/memoryDuckdb.js';
import { tieWeek } from '../shared/analyses/derived/pairs.js';
import { sourcesFor } from '../shared/analyses/derived/sources.js';

const db = memoryDuckdb();

const DAY = 86_400_000;
const monday = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 7 * DAY).toISOString().slice(0, 10);

/** A small deterministic generator (mulberry32), so a failure repeats. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('tie_week holds exactly the pair-weeks whose trailing 4 weeks reach 2 meaningful interactions', async () => {
  const rnd = random(14);
  // Export weeks 2 … 24 without 9 and 15 (a week with no meetings drops out); rows start at week 0.
  const weeks = Array.from({ length: 23 }, (_, i) => i + 2).filter((w) => w !== 9 && w !== 15);
  const rows: { week: number; a: number; b: number; meaningful: number; ims: number }[] = [];
  for (let a = 1; a <= 40; a++) {
    for (let b = a + 1; b <= a + 3; b++) {
      // Every week for a + 1 (four rows in a window, the oldest one deciding), gaps for the others.
      for (let w = Math.floor(rnd() * 4); w <= 26; w += b === a + 1 ? 1 : 1 + Math.floor(rnd() * (rnd() < 0.5 ? 2 : 6))) {
        const meaningful = rnd() < 0.6 ? 0 : rnd() < 0.8 ? 1 : 2;
        rows.push({ week: w, a, b, meaningful, ims: rnd() < 0.5 ? 0 : Math.floor(rnd() * 5) });
      }
    }
  }
  await db.con.run('CREATE SCHEMA derived');
  await db.con.run(`CREATE TABLE derived.weeks AS SELECT CAST(w AS DATE) AS week FROM (VALUES ${weeks.map((w) => `('${monday(w)}')`).join(', ')}) t(w)`);
  await db.con.run(
    `CREATE TABLE derived.pair_week AS SELECT CAST(w AS DATE) AS week, a, b, meaningful, ims FROM (VALUES ${rows
      .map((r) => `('${monday(r.week)}', ${r.a}, ${r.b}, ${r.meaningful}, ${r.ims})`)
      .join(', ')}) t(w, a, b, meaningful, ims)`,
  );

  const expected = new Set<string>();
  for (const w of weeks) {
    const sums = new Map<string, { m: number; i: number }>();
    for (const r of rows.filter((x) => x.week >= w - 3 && x.week <= w)) {
      const k = `${r.a}-${r.b}`;
      const s = sums.get(k) ?? { m: 0, i: 0 };
      sums.set(k, { m: s.m + r.meaningful, i: s.i + r.ims });
    }
    for (const [k, s] of sums) if (s.m + Math.floor(s.i / 3) >= 2) expected.add(`${monday(w)} ${k}`);
  }
  const got = (await db.con.runAndReadAll(tieWeek.sql(sourcesFor(new Set<string>())))).getRowObjectsJson().map((r) => `${String(r.week)} ${String(r.a)}-${String(r.b)}`);
  assert.equal(got.length, new Set(got).size, 'one row per week and pair');
  assert.ok(expected.size > 500, `a meaningful number of ties (${expected.size})`);
  assert.deepEqual(new Set(got), expected);
});
