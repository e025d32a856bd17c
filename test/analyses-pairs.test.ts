/**
 * Pair-based analyses — co-location and the group-to-group network — against a TypeScript
 * recomputation of pair time from the raw rows; the planted co-location effect; the graph
 * measures on graphs with known answers.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runAnalysis } from '../electron/backend/analyses/runAnalysis.js';
import { Graph } from '../electron/backend/analyses/graph/graph.js';
import { betweenness } from '../electron/backend/analyses/graph/betweenness.js';
import { pagerank } from '../electron/backend/analyses/graph/pagerank.js';
import { louvain } from '../electron/backend/analyses/graph/louvain.js';
import { OTHER_GROUP_LABEL } from '../shared/privacy.js';
import { classifiedPairsCtes } from '../shared/analyses/pairSql.js';
import { groupValueSql } from '../shared/analyses/groupValue.js';
import { groupNetwork } from '../shared/analyses/groupNetwork.js';
import { close, pairWeeks, smallExport, type PairWeek, type SmallExport, type Version } from './helpers/smallExport.js';

let fx: SmallExport;
let pairs: Map<string, PairWeek>;
let pop: Map<string, Map<string, Version>>;
before(async () => {
  fx = await smallExport({ people: 110, weeks: 3, seed: 23 });
  pairs = pairWeeks(fx.raw);
  pop = fx.raw.population();
});
after(async () => fx?.cleanup());

const hours = (p: PairWeek, divided = false) => p.emailHours + (divided ? p.meetingHoursSplit : p.meetingHours) + p.callHours + p.imHours;
const mi = (p: PairWeek) => p.meaningful + Math.floor(p.ims / 3);

/** Same-function pairs of measured people per week, split by Location, as the definition reads. */
function coLocationRef(divided: boolean, tieMin: number) {
  const out = new Map<string, Record<'same' | 'diff', { h: number; possible: number; interacting: number; ties: number }>>();
  const cell = (fn: string) => {
    let c = out.get(fn);
    if (!c) out.set(fn, (c = { same: { h: 0, possible: 0, interacting: 0, ties: 0 }, diff: { h: 0, possible: 0, interacting: 0, ties: 0 } }));
    return c;
  };
  for (const [, people] of pop) {
    const count = new Map<string, number>();
    for (const v of people.values()) count.set(`${v.attrs.FunctionType}|${v.attrs.Location}`, (count.get(`${v.attrs.FunctionType}|${v.attrs.Location}`) ?? 0) + 1);
    const byFn = new Map<string, number[]>();
    for (const [k, n] of count) byFn.set(k.split('|')[0], [...(byFn.get(k.split('|')[0]) ?? []), n]);
    for (const [fn, ns] of byFn) {
      const total = ns.reduce((a, b) => a + b, 0);
      const same = ns.reduce((a, n) => a + (n * (n - 1)) / 2, 0);
      cell(fn).same.possible += same;
      cell(fn).diff.possible += (total * (total - 1)) / 2 - same;
    }
  }
  for (const p of pairs.values()) {
    const a = pop.get(p.week)?.get(p.a);
    const b = pop.get(p.week)?.get(p.b);
    if (!a || !b || a.attrs.FunctionType !== b.attrs.FunctionType) continue;
    const side = cell(a.attrs.FunctionType)[a.attrs.Location === b.attrs.Location ? 'same' : 'diff'];
    side.h += hours(p, divided);
    if (mi(p) >= 1) side.interacting++;
    if (mi(p) >= tieMin) side.ties++;
  }
  return out;
}

test('co-location by function matches the recomputed pair time, contacts and ties', async () => {
  for (const [weighting, tieMin] of [['full', 2], ['divided', 3]] as const) {
    const r = await runAnalysis(fx.ws, 'co-location', { params: { pairWeighting: weighting, tieMin } });
    const ref = coLocationRef(weighting === 'divided', tieMin);
    assert.ok(r.rows.length >= 5, 'most functions have people at several Locations');
    for (const row of r.rows) {
      if (row.grp === OTHER_GROUP_LABEL) continue;
      const c = ref.get(String(row.grp))!;
      for (const s of ['same', 'diff'] as const) {
        close(row[`${s}_pair_hours`], c[s].h / c[s].possible, `${row.grp} ${s} hours (${weighting})`);
        close(row[`${s}_share_interacting`], (100 * c[s].interacting) / c[s].possible, `${row.grp} ${s} interacting`, 0.01);
        close(row[`${s}_density`], (100 * c[s].ties) / c[s].possible, `${row.grp} ${s} density`, 0.01);
        close(row[`${s}_pair_weeks`], c[s].possible, `${row.grp} ${s} pair-weeks`);
      }
    }
  }
});

test('planted effect: co-located same-function pairs collaborate more, in every function shown', async () => {
  const r = await runAnalysis(fx.ws, 'co-location', {});
  for (const row of r.rows) {
    assert.ok(Number(row.same_pair_hours) > Number(row.diff_pair_hours), `${row.grp}: same ${row.same_pair_hours} vs other ${row.diff_pair_hours}`);
    assert.ok(Number(row.same_vs_diff) > 1.5, `${row.grp}: ratio ${row.same_vs_diff}`);
  }
});

test('co-location matrix: Function × Location cells', async () => {
  const r = await runAnalysis(fx.ws, 'co-location', { params: { view: 'matrix' }, smallGroups: 'drop' });
  assert.equal(r.chart.kind, 'heatmap');
  assert.ok(r.rows.length >= 6);
  for (const row of r.rows) {
    let sameH = 0;
    let samePossible = 0;
    let diffH = 0;
    let diffPossible = 0;
    for (const [, people] of pop) {
      const inCell = [...people.values()].filter((v) => v.attrs.FunctionType === row.grp && v.attrs.Location === row.grp2).length;
      const inFn = [...people.values()].filter((v) => v.attrs.FunctionType === row.grp).length;
      samePossible += (inCell * (inCell - 1)) / 2;
      diffPossible += inCell * (inFn - inCell);
    }
    for (const p of pairs.values()) {
      const a = pop.get(p.week)?.get(p.a);
      const b = pop.get(p.week)?.get(p.b);
      if (!a || !b || a.attrs.FunctionType !== row.grp || b.attrs.FunctionType !== row.grp) continue;
      const aIn = a.attrs.Location === row.grp2;
      const bIn = b.attrs.Location === row.grp2;
      if (aIn && bIn) sameH += hours(p);
      else if (aIn || bIn) diffH += hours(p);
    }
    close(row.same_pair_hours, sameH / samePossible, `${row.grp} × ${row.grp2} same`);
    if (diffPossible > 0) close(row.diff_pair_hours, diffH / diffPossible, `${row.grp} × ${row.grp2} other`);
    assert.ok(Number(row.people) >= 5);
  }
});

/** Group-to-group pair time (per week) and the people on each side, by FunctionType (the finer of the demo's two near-identical hierarchies: no function is hidden as differing from an Organization by a few people). */
function networkRef() {
  const weeks = fx.raw.weeks().length;
  const node = new Map<string, { internal: number; external: number; people: Set<string> }>();
  const edge = new Map<string, { h: number; from: Set<string>; to: Set<string> }>();
  const n = (g: string) => node.get(g) ?? (node.set(g, { internal: 0, external: 0, people: new Set() }), node.get(g)!);
  for (const [, people] of pop) for (const [e, v] of people) n(v.attrs.FunctionType).people.add(e);
  for (const p of pairs.values()) {
    const a = pop.get(p.week)?.get(p.a);
    const b = pop.get(p.week)?.get(p.b);
    if (!a || !b) continue;
    const ga = a.attrs.FunctionType;
    const gb = b.attrs.FunctionType;
    const h = hours(p) / weeks;
    if (ga === gb) n(ga).internal += 2 * h;
    else {
      n(ga).external += h;
      n(gb).external += h;
      const [s, t, ps, pt] = ga < gb ? [ga, gb, p.a, p.b] : [gb, ga, p.b, p.a];
      const key = `${s}|${t}`;
      const x = edge.get(key) ?? { h: 0, from: new Set<string>(), to: new Set<string>() };
      x.h += h;
      x.from.add(ps);
      x.to.add(pt);
      edge.set(key, x);
    }
  }
  return { node, edge };
}

test('group network: node hours and E-I index, edges and their people, the threshold rule', async () => {
  const r = await runAnalysis(fx.ws, 'group-network', { params: { by: 'FunctionType', edgeThreshold: 2, maxEdges: 0 } });
  const ref = networkRef();
  const total = new Map<string, number>();
  for (const row of r.rows) {
    const x = ref.node.get(String(row.grp))!;
    close(row.internal_hours, x.internal, `${row.grp} internal`, 0.01);
    close(row.external_hours, x.external, `${row.grp} external`, 0.01);
    close(row.ei_index, (x.external - x.internal) / (x.external + x.internal), `${row.grp} E-I`);
    assert.equal(row.group_size, x.people.size);
    total.set(String(row.grp), x.internal + x.external);
  }
  const edges = r.related.edges.rows;
  const expected = [...ref.edge.entries()].filter(([k, e]) => {
    const [s, t] = k.split('|');
    return e.from.size >= 5 && e.to.size >= 5 && Math.max(e.h / total.get(s)!, e.h / total.get(t)!) >= 0.02;
  });
  assert.equal(edges.length, expected.length, 'edges kept');
  for (const e of edges) {
    const x = ref.edge.get(`${e.source}|${e.target}`)!;
    close(e.hours, x.h, `${e.source}–${e.target}`, 0.01);
    assert.equal(e.people_source, x.from.size);
    assert.equal(e.people_target, x.to.size);
  }
  // Degree counts the kept edges; communities and PageRank cover every node.
  for (const row of r.rows) assert.equal(row.degree, edges.filter((e) => e.source === row.grp || e.target === row.grp).length);
  close(r.rows.reduce((s, x) => s + Number(x.pagerank), 0), 1, 'PageRank sums to 1', 0.001);
  assert.ok(r.rows.every((x) => Number(x.community) >= 1));
});

test('group network: the default draws the strongest edges and every group\'s strongest, degree counts drawn edges, the note says what is hidden', async () => {
  const r = await runAnalysis(fx.ws, 'group-network', { params: { by: 'FunctionType', maxEdges: 3 } });
  const all = await runAnalysis(fx.ws, 'group-network', { params: { by: 'FunctionType', maxEdges: 0 } });
  const every = all.related.edges.rows;
  const drawn = r.related.edges.rows;
  assert.ok(every.length > 3, `${every.length} edges in all`);
  // Oracle: the 3 strongest, then for each group not yet on one of them its strongest edge.
  const key = (e: Record<string, unknown>) => `${e.source}|${e.target}`;
  const byHours = [...every].sort((a, b) => Number(b.hours) - Number(a.hours));
  const want = new Set(byHours.slice(0, 3).map(key));
  for (const row of all.rows) {
    const g = String(row.grp);
    if ([...want].some((k) => k.split('|').includes(g))) continue;
    const strongest = byHours.find((e) => e.source === g || e.target === g);
    if (strongest) want.add(key(strongest));
  }
  assert.deepEqual(new Set(drawn.map(key)), want);
  for (const row of r.rows) {
    const touching = every.filter((e) => e.source === row.grp || e.target === row.grp).length;
    assert.equal(row.linked_groups, touching, `${row.grp} groups collaborated with`);
    assert.equal(row.degree, drawn.filter((e) => e.source === row.grp || e.target === row.grp).length, `${row.grp} degree`);
    if (Number(row.external_hours) > 0 && touching > 0) assert.ok(Number(row.degree) >= 1, `${row.grp} has cross-group hours and a drawn edge`);
  }
  const hidden = every.length - drawn.length;
  assert.ok(r.notes.some((n) => n.startsWith(`${drawn.length} of ${every.length} edges drawn`) && n.includes(`${hidden} weaker`)), r.notes.join(' | '));
  assert.ok(all.notes.some((n) => n === `All ${every.length} edges between the shown groups are drawn.`), all.notes.join(' | '));
  const edges = await runAnalysis(fx.ws, 'group-network', { params: { by: 'FunctionType', view: 'edges', maxEdges: 0 } });
  assert.deepEqual(edges.rows, every, 'the edges view shows the edge table first');
  assert.ok(edges.related.nodes.rows.length > 0);
});

test('group network: the old 10 % threshold still applies when chosen', async () => {
  const strict = await runAnalysis(fx.ws, 'group-network', { params: { by: 'FunctionType', edgeThreshold: 10, maxEdges: 0 } });
  const all = await runAnalysis(fx.ws, 'group-network', { params: { by: 'FunctionType', maxEdges: 0 } });
  const total = new Map(all.rows.map((x) => [String(x.grp), Number(x.total_hours)]));
  const want = all.related.edges.rows.filter((e) => Math.max(Number(e.hours) / total.get(String(e.source))!, Number(e.hours) / total.get(String(e.target))!) >= 0.1);
  assert.equal(strict.related.edges.rows.length, want.length);
});

test('group network: the merged "Other" node is not a hub — no edges, no centrality, and the note says so', async () => {
  // By Organization at a size that merges several small organisations into "Other".
  const r = await runAnalysis(fx.ws, 'group-network', { params: { by: 'Organization', maxEdges: 0 }, minGroupSize: 12 });
  const other = r.rows.find((x) => x.grp === OTHER_GROUP_LABEL);
  assert.ok(other, 'some organisations merged into Other');
  assert.ok(Number(other.total_hours) > 0, 'its collaboration hours are still shown');
  assert.ok(!r.related.edges.rows.some((e) => e.source === OTHER_GROUP_LABEL || e.target === OTHER_GROUP_LABEL), 'no edge to or from Other');
  for (const c of ['linked_groups', 'degree', 'weighted_degree', 'betweenness', 'pagerank', 'community']) assert.equal(other[c], null, `Other has no ${c}`);
  const real = r.rows.filter((x) => x.grp !== OTHER_GROUP_LABEL);
  close(real.reduce((s, x) => s + Number(x.pagerank), 0), 1, 'PageRank sums to 1 over the real groups', 0.001);
  assert.ok(r.notes.some((n) => n.includes(OTHER_GROUP_LABEL) && /left out of the edges/.test(n)), r.notes.join(' | '));
  const edges = await runAnalysis(fx.ws, 'group-network', { params: { by: 'Organization', view: 'edges', maxEdges: 0 }, minGroupSize: 12 });
  assert.ok(!edges.rows.some((e) => e.source === OTHER_GROUP_LABEL || e.target === OTHER_GROUP_LABEL), 'the edges view has no Other edge');
});

test('pair CTEs: a coded attribute is an integer code whose label is the text value, pair for pair', async () => {
  await runAnalysis(fx.ws, 'group-network', {}); // builds the derived tables and the attributes view
  const params = { ...Object.fromEntries(groupNetwork.params.map((p) => [p.name, p.default])), by: 'FunctionType' };
  const attrs = { g: groupValueSql('a."FunctionType"', params) };
  const text = `WITH ${classifiedPairsCtes(params, attrs)} SELECT week, a, b, h, g_a, g_b FROM pairs`;
  const coded = `WITH ${classifiedPairsCtes(params, attrs, ['g'])}
SELECT week, a, b, h, la.label AS g_a, lb.label AS g_b FROM pairs JOIN g_labels la ON la.code = pairs.g_a JOIN g_labels lb ON lb.code = pairs.g_b`;
  const db = await fx.ws.engine();
  const n = Number((await db.query(`SELECT count(*) AS n FROM (${text})`)).rows[0].n);
  assert.ok(n > 100, `pairs: ${n}`);
  const differing = await db.query(`SELECT count(*) AS n FROM ((${text}) EXCEPT ALL (${coded})) UNION ALL SELECT count(*) FROM ((${coded}) EXCEPT ALL (${text}))`);
  assert.deepEqual(differing.rows.map((r) => Number(r.n)), [0, 0]);
  const type = await db.query(`WITH ${classifiedPairsCtes(params, attrs, ['g'])} SELECT DISTINCT typeof(g_a) AS t FROM pairs`);
  assert.deepEqual(type.rows.map((r) => r.t), ['INTEGER']);
});

test('graph measures on graphs with known answers', () => {
  const path = new Graph(['a', 'b', 'c'], [
    { source: 'a', target: 'b', weight: 1 },
    { source: 'b', target: 'c', weight: 1 },
  ]);
  assert.deepEqual(betweenness(path), [0, 1, 0]);
  const star = new Graph(['hub', 'x', 'y', 'z'], ['x', 'y', 'z'].map((t) => ({ source: 'hub', target: t, weight: 2 })));
  assert.deepEqual(betweenness(star), [1, 0, 0, 0]);
  const pr = pagerank(star);
  close(pr.reduce((a, b) => a + b, 0), 1, 'sum', 1e-9);
  assert.ok(pr[0] > pr[1] && Math.abs(pr[1] - pr[2]) < 1e-12);
  const cycle = new Graph(['a', 'b', 'c', 'd'], [
    { source: 'a', target: 'b', weight: 1 },
    { source: 'b', target: 'c', weight: 1 },
    { source: 'c', target: 'd', weight: 1 },
    { source: 'd', target: 'a', weight: 1 },
  ]);
  for (const x of pagerank(cycle)) close(x, 0.25, 'cycle', 1e-9);
  // Weighted shortest paths: a–b–c is "shorter" than the weak direct a–c edge.
  const weighted = new Graph(['a', 'b', 'c'], [
    { source: 'a', target: 'b', weight: 10 },
    { source: 'b', target: 'c', weight: 10 },
    { source: 'a', target: 'c', weight: 1 },
  ]);
  assert.deepEqual(betweenness(weighted), [0, 1, 0]);
  // Two cliques joined by one weak edge are two communities.
  const nodes = ['a1', 'a2', 'a3', 'a4', 'b1', 'b2', 'b3', 'b4'];
  const edges = [];
  for (const side of ['a', 'b']) for (let i = 1; i <= 4; i++) for (let j = i + 1; j <= 4; j++) edges.push({ source: `${side}${i}`, target: `${side}${j}`, weight: 5 });
  edges.push({ source: 'a1', target: 'b1', weight: 1 });
  const g = new Graph(nodes, edges);
  const c = louvain(g);
  const ca = new Set(nodes.filter((n) => n.startsWith('a')).map((n) => c[g.index.get(n)!]));
  const cb = new Set(nodes.filter((n) => n.startsWith('b')).map((n) => c[g.index.get(n)!]));
  assert.equal(ca.size, 1);
  assert.equal(cb.size, 1);
  assert.notDeepEqual([...ca], [...cb]);
});
