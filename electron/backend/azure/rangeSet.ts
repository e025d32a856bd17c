/** Byte intervals [start, end) already on disk, kept sorted and merged. */
export type Interval = [start: number, end: number];

export class RangeSet {
  private list: Interval[] = [];

  static from(intervals: readonly Interval[]): RangeSet {
    const s = new RangeSet();
    for (const [a, b] of intervals) s.add(a, b);
    return s;
  }

  add(start: number, end: number): void {
    if (end <= start) return;
    const out: Interval[] = [];
    let [s, e] = [start, end];
    for (const [a, b] of this.list) {
      if (b < s || a > e) out.push([a, b]);
      else [s, e] = [Math.min(a, s), Math.max(b, e)];
    }
    out.push([s, e]);
    this.list = out.sort((x, y) => x[0] - y[0]);
  }

  get intervals(): Interval[] {
    return this.list.map(([a, b]) => [a, b]);
  }

  /** Bytes covered. */
  size(): number {
    return this.list.reduce((n, [a, b]) => n + b - a, 0);
  }

  /** End of the contiguous run starting at 0 (0 when byte 0 is missing). */
  prefixEnd(): number {
    return this.list[0]?.[0] === 0 ? this.list[0][1] : 0;
  }

  /** The gaps in [0, total), each cut into pieces of at most `pieceBytes`. */
  missing(total: number, pieceBytes: number): Interval[] {
    const gaps: Interval[] = [];
    let at = 0;
    for (const [a, b] of this.list) {
      if (a > at) gaps.push([at, Math.min(a, total)]);
      at = Math.max(at, b);
    }
    if (at < total) gaps.push([at, total]);
    return gaps.flatMap(([a, b]) => {
      const pieces: Interval[] = [];
      for (let s = a; s < b; s += pieceBytes) pieces.push([s, Math.min(b, s + pieceBytes)]);
      return pieces;
    });
  }
}
