/**
 * A small undirected weighted graph over group names (a few hundred nodes at most: groups, never
 * people), with nodes numbered in sorted-name order so every measure is deterministic.
 */
export interface WeightedEdge {
  source: string;
  target: string;
  weight: number;
}

export class Graph {
  readonly names: string[];
  readonly index: Map<string, number>;
  /** adjacency[i] = [neighbour, weight][]; no self-loops, parallel edges summed. */
  readonly adjacency: [number, number][][];

  constructor(nodes: Iterable<string>, edges: readonly WeightedEdge[]) {
    this.names = [...new Set(nodes)].sort();
    this.index = new Map(this.names.map((n, i) => [n, i]));
    const maps = this.names.map(() => new Map<number, number>());
    for (const e of edges) {
      const a = this.index.get(e.source);
      const b = this.index.get(e.target);
      if (a === undefined || b === undefined || a === b || !(e.weight > 0)) continue;
      maps[a].set(b, (maps[a].get(b) ?? 0) + e.weight);
      maps[b].set(a, (maps[b].get(a) ?? 0) + e.weight);
    }
    this.adjacency = maps.map((m) => [...m.entries()].sort((x, y) => x[0] - y[0]));
  }

  get size(): number {
    return this.names.length;
  }

  degree(i: number): number {
    return this.adjacency[i].length;
  }

  strength(i: number): number {
    return this.adjacency[i].reduce((s, [, w]) => s + w, 0);
  }
}
