/**
 * Counters kept while generating, so `planted` reports what the data actually holds (not only the
 * parameters): the analyses' results can be checked against these numbers.
 */
import { FUNCTIONS } from './organisation.js';
import type { WeekView } from './weekView.js';

export class PlantedStats {
  readonly threadsByFunction = new Float64Array(FUNCTIONS.length);
  readonly threadMailsByFunction = new Float64Array(FUNCTIONS.length);
  /** Same-function pairs of measured employees: interactions and pair-weeks, by same/different site. */
  readonly pairs = {
    sameLocation: { pairWeeks: 0, mailInteractions: 0, sharedMeetings: 0 },
    differentLocation: { pairWeeks: 0, mailInteractions: 0, sharedMeetings: 0 },
  };
  /** Per entity: emails and attended meetings that had an external collaborator on them. */
  readonly externalMails: Float64Array;
  readonly externalMeetings: Float64Array;

  constructor(entityCount: number) {
    this.externalMails = new Float64Array(entityCount);
    this.externalMeetings = new Float64Array(entityCount);
  }

  startWeek(view: WeekView): void {
    const possible = view.sameFunctionPairCounts();
    this.pairs.sameLocation.pairWeeks += possible.sameLocation;
    this.pairs.differentLocation.pairWeeks += possible.differentLocation;
  }

  thread(originatorFunction: number, mails: number): void {
    this.threadsByFunction[originatorFunction]++;
    this.threadMailsByFunction[originatorFunction] += mails;
  }

  /** One interaction between two measured employees; counted only for same-function pairs. */
  pair(view: WeekView, a: number, b: number, kind: 'mailInteractions' | 'sharedMeetings'): void {
    if (a >= view.org.measuredCount || b >= view.org.measuredCount || view.functionOf[a] !== view.functionOf[b]) return;
    (view.siteOf[a] === view.siteOf[b] ? this.pairs.sameLocation : this.pairs.differentLocation)[kind]++;
  }
}

/** Pearson correlation; 0 when either side has no variance. */
export function pearson(xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  const n = xs.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i];
    my += ys[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/** Round for the summary JSON (keeps it readable and stable). */
export function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
