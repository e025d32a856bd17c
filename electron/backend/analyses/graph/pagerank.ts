/**
 * Weighted PageRank on an undirected graph (each edge walked both ways in proportion to its
 * weight), damping 0.85, iterated until the ranks move less than 1e-10. Isolated nodes spread
 * their rank evenly, so ranks always sum to 1.
 */
import type { Graph } from './graph.js';

export function pagerank(g: Graph, damping = 0.85, maxIterations = 200): number[] {
  const n = g.size;
  if (n === 0) return [];
  const strength = g.names.map((_, i) => g.strength(i));
  let rank = new Array<number>(n).fill(1 / n);
  for (let it = 0; it < maxIterations; it++) {
    const next = new Array<number>(n).fill(0);
    let dangling = 0;
    for (let v = 0; v < n; v++) {
      if (strength[v] === 0) {
        dangling += rank[v];
        continue;
      }
      for (const [w, weight] of g.adjacency[v]) next[w] += (rank[v] * weight) / strength[v];
    }
    let change = 0;
    for (let v = 0; v < n; v++) {
      next[v] = (1 - damping) / n + damping * (next[v] + dangling / n);
      change += Math.abs(next[v] - rank[v]);
    }
    rank = next;
    if (change < 1e-10) break;
  }
  return rank;
}
