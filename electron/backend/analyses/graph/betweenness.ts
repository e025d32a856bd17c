/**
 * Betweenness centrality (Brandes 2001) on a weighted undirected graph, where the length of an
 * edge is 1 / weight: strongly tied groups are close. Normalised by (n − 1)(n − 2) / 2 so values
 * lie in [0, 1] whatever the number of groups.
 */
import type { Graph } from './graph.js';

/** A binary heap of [distance, node], smallest distance first. */
class MinHeap {
  private readonly items: [number, number][] = [];
  get length(): number {
    return this.items.length;
  }
  push(item: [number, number]): void {
    const a = this.items;
    a.push(item);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (a[p][0] <= a[i][0]) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }
  pop(): [number, number] {
    const a = this.items;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l][0] < a[m][0]) m = l;
        if (r < a.length && a[r][0] < a[m][0]) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}

/** Relative tolerance for equal path lengths (sums of 1/weight rarely tie exactly). */
const EPS = 1e-9;

export function betweenness(g: Graph): number[] {
  const n = g.size;
  const cb = new Array<number>(n).fill(0);
  for (let s = 0; s < n; s++) {
    const stack: number[] = [];
    const preds: number[][] = Array.from({ length: n }, () => []);
    const sigma = new Array<number>(n).fill(0);
    const dist = new Array<number>(n).fill(Infinity);
    sigma[s] = 1;
    dist[s] = 0;
    const heap = new MinHeap();
    heap.push([0, s]);
    const done = new Array<boolean>(n).fill(false);
    while (heap.length > 0) {
      const [d, v] = heap.pop();
      if (done[v] || d > dist[v] * (1 + EPS)) continue;
      done[v] = true;
      stack.push(v);
      for (const [w, weight] of g.adjacency[v]) {
        const nd = dist[v] + 1 / weight;
        if (nd < dist[w] * (1 - EPS)) {
          dist[w] = nd;
          sigma[w] = sigma[v];
          preds[w] = [v];
          heap.push([nd, w]);
        } else if (Math.abs(nd - dist[w]) <= EPS * Math.max(1, dist[w])) {
          sigma[w] += sigma[v];
          preds[w].push(v);
        }
      }
    }
    const delta = new Array<number>(n).fill(0);
    while (stack.length > 0) {
      const w = stack.pop()!;
      for (const v of preds[w]) delta[v] += (sigma[v] / sigma[w]) * (1 + delta[w]);
      if (w !== s) cb[w] += delta[w];
    }
  }
  // Each unordered pair was counted from both ends.
  const norm = n > 2 ? ((n - 1) * (n - 2)) / 2 : 1;
  return cb.map((x) => x / 2 / norm);
}
