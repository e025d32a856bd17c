/**
 * Graph measures for the group-to-group network, computed over rows the privacy guard already
 * produced (groups, never people): hide edges under a share of both groups' collaboration, then
 * degree, betweenness, PageRank and Louvain communities on what is left.
 */
import type { JsonValue, ResultColumn } from '../engine/database.js';
import { betweenness } from './graph/betweenness.js';
import { Graph } from './graph/graph.js';
import { louvain } from './graph/louvain.js';
import { pagerank } from './graph/pagerank.js';
import { OTHER_GROUP_LABEL } from '../../../shared/privacy.js';

type Row = Record<string, JsonValue>;

export interface NetworkOutput {
  nodes: { columns: ResultColumn[]; rows: Row[] };
  edges: { columns: ResultColumn[]; rows: Row[] };
  /** Edges between shown groups before the rule, and how many the rule hid. */
  totalEdges: number;
  hiddenEdges: number;
  /** The strongest hidden edge's hours per week (the rule showed every edge above it), when any is hidden. */
  strongestHidden?: number;
  /** A merged "Other" node was left out of the edges and the graph measures. */
  otherLeftOut: boolean;
}

/**
 * Which edges are drawn: those at least `threshold` of either group's collaboration; of them the
 * `maxEdges` strongest (0 = all), plus each group's strongest, so no group that collaborates
 * across groups is drawn alone.
 */
export interface EdgeRule {
  threshold: number;
  maxEdges: number;
}

const num = (v: JsonValue | undefined) => (typeof v === 'number' ? v : Number(v ?? 0));
const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * @param nodeRows guarded rows with `grp` and `total_hours` (the group's collaboration per week)
 * @param edgeRows guarded directed rows `grp` → `to_grp` with `hours` (per week)
 */
export function networkMeasures(nodeRows: Row[], nodeColumns: ResultColumn[], edgeRows: Row[], rule: EdgeRule): NetworkOutput {
  // The merged "Other" node is many small groups' collaboration summed: in the graph it would look
  // like a hub of ties no real group has. It keeps its row (its hours) but gets no edges or measures.
  const isOther = (r: Row) => r.grp === OTHER_GROUP_LABEL;
  const total = new Map(nodeRows.filter((r) => !isOther(r)).map((r) => [String(r.grp), num(r.total_hours)]));
  // Directed rows come in both directions with equal hours; keep one per unordered pair.
  const undirected = new Map<string, { source: string; target: string; hours: number; people: number; toPeople: number }>();
  for (const e of edgeRows) {
    const a = String(e.grp);
    const b = String(e.to_grp);
    if (a === b || !total.has(a) || !total.has(b)) continue;
    const [source, target] = a < b ? [a, b] : [b, a];
    const key = `${source}\u0000${target}`;
    if (!undirected.has(key)) undirected.set(key, { source, target, hours: num(e.hours), people: a < b ? num(e.people) : num(e.to_people), toPeople: a < b ? num(e.to_people) : num(e.people) });
  }
  const all = [...undirected.values()].map((e) => {
    const shareSource = total.get(e.source)! > 0 ? e.hours / total.get(e.source)! : 0;
    const shareTarget = total.get(e.target)! > 0 ? e.hours / total.get(e.target)! : 0;
    return { ...e, shareSource, shareTarget };
  });
  const kept = keptEdges(all, rule);
  const linked = new Map<string, number>();
  for (const e of all) for (const end of [e.source, e.target]) linked.set(end, (linked.get(end) ?? 0) + 1);
  const g = new Graph(total.keys(), kept.map((e) => ({ source: e.source, target: e.target, weight: e.hours })));
  const bc = betweenness(g);
  const pr = pagerank(g);
  const community = louvain(g);
  const nodes = nodeRows.map((r) => {
    if (isOther(r)) return { ...r, linked_groups: null, degree: null, weighted_degree: null, betweenness: null, pagerank: null, community: null };
    const i = g.index.get(String(r.grp))!;
    return { ...r, linked_groups: linked.get(String(r.grp)) ?? 0, degree: g.degree(i), weighted_degree: round(g.strength(i), 3), betweenness: round(bc[i]), pagerank: round(pr[i]), community: community[i] };
  });
  const edges = kept
    .sort((x, y) => y.hours - x.hours || (x.source < y.source ? -1 : 1))
    .map((e) => ({
      source: e.source,
      target: e.target,
      hours: round(e.hours, 3),
      share_of_source: round(100 * e.shareSource, 2),
      share_of_target: round(100 * e.shareTarget, 2),
      people_source: e.people,
      people_target: e.toPeople,
    }));
  return {
    nodes: {
      columns: [
        ...nodeColumns,
        { name: 'linked_groups', type: 'INTEGER' },
        { name: 'degree', type: 'INTEGER' },
        { name: 'weighted_degree', type: 'DOUBLE' },
        { name: 'betweenness', type: 'DOUBLE' },
        { name: 'pagerank', type: 'DOUBLE' },
        { name: 'community', type: 'INTEGER' },
      ],
      rows: nodes,
    },
    edges: {
      columns: [
        { name: 'source', type: 'VARCHAR' },
        { name: 'target', type: 'VARCHAR' },
        { name: 'hours', type: 'DOUBLE' },
        { name: 'share_of_source', type: 'DOUBLE' },
        { name: 'share_of_target', type: 'DOUBLE' },
        { name: 'people_source', type: 'BIGINT' },
        { name: 'people_target', type: 'BIGINT' },
      ],
      rows: edges,
    },
    totalEdges: all.length,
    otherLeftOut: nodeRows.some(isOther),
    hiddenEdges: all.length - kept.length,
    ...(kept.length < all.length ? { strongestHidden: round(Math.max(...all.filter((e) => !kept.includes(e)).map((e) => e.hours)), 3) } : {}),
  };
}

function keptEdges<E extends { source: string; target: string; hours: number; shareSource: number; shareTarget: number }>(all: E[], rule: EdgeRule): E[] {
  const strongestFirst = all.filter((e) => Math.max(e.shareSource, e.shareTarget) >= rule.threshold).sort((x, y) => y.hours - x.hours || (x.source + x.target < y.source + y.target ? -1 : 1));
  if (rule.maxEdges <= 0 || strongestFirst.length <= rule.maxEdges) return strongestFirst;
  const kept = new Set(strongestFirst.slice(0, rule.maxEdges));
  const covered = new Set([...kept].flatMap((e) => [e.source, e.target]));
  for (const e of strongestFirst) {
    if (covered.has(e.source) && covered.has(e.target)) continue;
    // The first edge met for a group not yet covered is its strongest.
    kept.add(e);
    covered.add(e.source);
    covered.add(e.target);
  }
  return strongestFirst.filter((e) => kept.has(e));
}
