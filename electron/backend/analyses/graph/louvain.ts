/**
 * Communities by the Louvain method (Blondel et al. 2008): move nodes between communities while
 * modularity rises, collapse communities into nodes, repeat. Nodes are visited in a fixed order,
 * so the same graph always gives the same communities. Communities are numbered 1, 2, … by size.
 */
import type { Graph } from './graph.js';

interface Level {
  /** adjacency with self-loops allowed (a collapsed community's inner weight). */
  adj: Map<number, number>[];
  n: number;
}

function oneLevel(level: Level, m2: number): { community: number[]; moved: boolean } {
  const { adj, n } = level;
  const community = Array.from({ length: n }, (_, i) => i);
  const k = adj.map((m) => [...m.entries()].reduce((s, [j, w]) => s + (j === -1 ? 0 : w), 0));
  const total = [...k];
  let moved = false;
  for (let pass = 0; pass < 100; pass++) {
    let improved = false;
    for (let i = 0; i < n; i++) {
      const ci = community[i];
      const links = new Map<number, number>();
      for (const [j, w] of adj[i]) {
        if (j === i) continue;
        links.set(community[j], (links.get(community[j]) ?? 0) + w);
      }
      total[ci] -= k[i];
      let best = ci;
      let bestGain = (links.get(ci) ?? 0) - (total[ci] * k[i]) / m2;
      for (const [c, w] of [...links.entries()].sort((a, b) => a[0] - b[0])) {
        const gain = w - (total[c] * k[i]) / m2;
        if (gain > bestGain + 1e-12) {
          bestGain = gain;
          best = c;
        }
      }
      total[best] += k[i];
      if (best !== ci) {
        community[i] = best;
        improved = moved = true;
      }
    }
    if (!improved) break;
  }
  return { community, moved };
}

export function louvain(g: Graph): number[] {
  const n0 = g.size;
  let membership = Array.from({ length: n0 }, (_, i) => i);
  let level: Level = { n: n0, adj: g.adjacency.map((list) => new Map(list)) };
  const m2 = level.adj.reduce((s, m) => s + [...m.values()].reduce((a, b) => a + b, 0), 0);
  if (m2 === 0) return renumber(membership);
  for (let round = 0; round < 20; round++) {
    const { community, moved } = oneLevel(level, m2);
    if (!moved) break;
    const ids = [...new Set(community)].sort((a, b) => a - b);
    const newId = new Map(ids.map((c, i) => [c, i]));
    membership = membership.map((c) => newId.get(community[c])!);
    const adj = ids.map(() => new Map<number, number>());
    level.adj.forEach((m, i) => {
      const ci = newId.get(community[i])!;
      for (const [j, w] of m) {
        const cj = newId.get(community[j])!;
        adj[ci].set(cj, (adj[ci].get(cj) ?? 0) + w);
      }
    });
    level = { n: ids.length, adj };
  }
  return renumber(membership);
}

/** Number communities 1, 2, … from the largest down (ties by first member), so labels are stable. */
function renumber(membership: number[]): number[] {
  const members = new Map<number, number[]>();
  membership.forEach((c, i) => members.set(c, [...(members.get(c) ?? []), i]));
  const order = [...members.entries()].sort((a, b) => b[1].length - a[1].length || a[1][0] - b[1][0]);
  const label = new Map(order.map(([c], i) => [c, i + 1]));
  return membership.map((c) => label.get(c)!);
}
