/**
 * Seeded randomness for the demo export: the same seed gives the same numbers on every run.
 *
 * sfc32 is small, fast and passes PractRand; seeds are spread with a murmur-style mixer so that
 * neighbouring stream keys (seed 1 week 3, seed 1 week 4) give unrelated sequences.
 */

/** Murmur3's 32-bit finaliser: turns similar inputs into unrelated outputs. */
function mix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A 32-bit hash of a list of integers and strings; used to derive independent stream seeds. */
export function hashKey(parts: readonly (number | string)[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    if (typeof part === 'number') {
      h = mix32(h ^ (part >>> 0)) + 0x6d2b79f5;
      // Keep the high part of numbers beyond 32 bits (seeds may be large integers).
      h = mix32(h ^ Math.floor(part / 0x100000000));
    } else {
      for (let i = 0; i < part.length; i++) h = mix32(h ^ part.charCodeAt(i)) + i;
    }
    h >>>= 0;
  }
  return h;
}

const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex32(u: number): string {
  return HEX_BYTE[u >>> 24] + HEX_BYTE[(u >>> 16) & 255] + HEX_BYTE[(u >>> 8) & 255] + HEX_BYTE[u & 255];
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** Box–Muller produces normals in pairs; the spare is kept for the next call. */
  private spareNormal: number | undefined;

  /** A generator for one named stream of one seed, e.g. `new Random(seed, 'mails', week)`. */
  constructor(...key: (number | string)[]) {
    const h = hashKey(key);
    this.a = mix32(h ^ 0x243f6a88);
    this.b = mix32(h ^ 0x85a308d3);
    this.c = mix32(h ^ 0x13198a2e);
    this.d = 1;
    for (let i = 0; i < 16; i++) this.u32();
  }

  /** sfc32 step: a uniformly distributed unsigned 32-bit integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Index drawn in proportion to the weights (which need not sum to 1). */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** Poisson count (Knuth's method; the demo only uses small means). */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** Geometric count on {0, 1, 2, …} with the given mean: the long-tailed shape of thread lengths. */
  geometric(mean: number): number {
    if (mean <= 0) return 0;
    const p = 1 / (1 + mean);
    return Math.floor(Math.log(1 - this.next()) / Math.log(1 - p));
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const s = this.spareNormal;
      this.spareNormal = undefined;
      return s;
    }
    const u = 1 - this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }

  /** A lowercase 8-4-4-4-12 GUID shaped like a version-4 UUID. */
  guid(): string {
    const a = this.u32();
    const b = hex32(((this.u32() & 0xffff0fff) | 0x00004000) >>> 0);
    const c = hex32(((this.u32() & 0x3fffffff) | 0x80000000) >>> 0);
    const d = this.u32();
    return `${hex32(a)}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${hex32(d)}`;
  }

  /** A 64-hex lowercase token, the shape of the export's masked EmailAddress and ManagerId. */
  token64(): string {
    let s = '';
    for (let i = 0; i < 8; i++) s += hex32(this.u32());
    return s;
  }

  /** `length` lowercase hex characters (length ≤ 64). */
  hex(length: number): string {
    return this.token64().slice(0, length);
  }
}
