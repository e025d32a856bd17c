/**
 * Who everyone is during one export week, and whom they collaborate with.
 *
 * HR versions switch only at week boundaries and every event of a week is kept inside it (UTC), so
 * the PersonHistoricalId valid at any event is simply the entity's version for that week.
 */
import { FUNCTIONS, ORGANIZATIONS, SITES, utcOffsetSeconds, versionInWeek, type Organisation } from './organisation.js';
import type { Random } from './prng.js';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_WEEK } from './timestamps.js';

/**
 * How a person picks each collaborator (planted effect 2): same function and same site first, so
 * co-located colleagues of one function interact far more per pair than distant ones.
 */
export const COLLABORATOR_CHOICE = {
  sameFunctionSameLocation: 0.55,
  sameFunctionAnyLocation: 0.05,
  ownTeam: 0.15,
  sameOrganization: 0.15,
  anyone: 0.1,
} as const;

const WORKDAY_START = 8 * SECONDS_PER_HOUR;
const WORKDAY_END = 17 * SECONDS_PER_HOUR;

export class WeekView {
  readonly weekStart: number;
  readonly weekEnd: number;
  /** Per entity: the PersonHistoricalId valid this week. */
  readonly personHistoricalId: string[];
  /** Per entity: UTC offset in seconds. */
  readonly offset: Int32Array;
  /** Per entity: FUNCTIONS index, SITES index, ORGANIZATIONS index (-1 when unset). */
  readonly functionOf: Int8Array;
  readonly siteOf: Int8Array;
  readonly orgOf: Int8Array;
  readonly managerOf: Int32Array;
  private readonly directReports: number[][];
  private readonly sameFunctionSite: number[][];
  private readonly sameFunction: number[][];
  private readonly sameOrg: number[][];
  private readonly everyone: number[];

  constructor(
    readonly org: Organisation,
    readonly week: number,
  ) {
    this.weekStart = week * SECONDS_PER_WEEK;
    this.weekEnd = this.weekStart + SECONDS_PER_WEEK;
    const n = org.entities.length;
    this.personHistoricalId = new Array<string>(n);
    this.offset = new Int32Array(n);
    this.functionOf = new Int8Array(n);
    this.siteOf = new Int8Array(n);
    this.orgOf = new Int8Array(n);
    this.managerOf = new Int32Array(n);
    for (const e of org.entities) {
      const v = versionInWeek(e, week);
      this.personHistoricalId[e.index] = v.id;
      this.offset[e.index] = utcOffsetSeconds(e, v);
      this.functionOf[e.index] = v.functionIndex;
      this.siteOf[e.index] = v.siteIndex;
      this.orgOf[e.index] = v.organization ? ORGANIZATIONS.indexOf(v.organization as (typeof ORGANIZATIONS)[number]) : -1;
      this.managerOf[e.index] = v.managerIndex;
    }
    const m = org.measuredCount;
    this.directReports = Array.from({ length: m }, () => []);
    this.sameFunctionSite = Array.from({ length: FUNCTIONS.length * SITES.length }, () => []);
    this.sameFunction = FUNCTIONS.map(() => []);
    this.sameOrg = ORGANIZATIONS.map(() => []);
    this.everyone = [];
    for (let p = 0; p < m; p++) {
      if (this.managerOf[p] >= 0) this.directReports[this.managerOf[p]].push(p);
      this.sameFunctionSite[this.functionOf[p] * SITES.length + this.siteOf[p]].push(p);
      this.sameFunction[this.functionOf[p]].push(p);
      this.sameOrg[this.orgOf[p]].push(p);
      this.everyone.push(p);
    }
  }

  reportsOf(manager: number): readonly number[] {
    return this.directReports[manager] ?? [];
  }

  /** A measured colleague of `person` (never `person`), drawn with the planted co-location bias. */
  pickColleague(person: number, rng: Random): number {
    for (let attempt = 0; attempt < 6; attempt++) {
      const pool = this.poolFor(person, rng);
      if (pool.length === 0 || (pool.length === 1 && pool[0] === person)) continue;
      const c = rng.pick(pool);
      if (c !== person) return c;
    }
    const c = rng.int(0, this.everyone.length - 2);
    return c >= person ? c + 1 : c;
  }

  private poolFor(person: number, rng: Random): readonly number[] {
    let r = rng.next();
    const fn = this.functionOf[person];
    if ((r -= COLLABORATOR_CHOICE.sameFunctionSameLocation) < 0) return this.sameFunctionSite[fn * SITES.length + this.siteOf[person]];
    if ((r -= COLLABORATOR_CHOICE.sameFunctionAnyLocation) < 0) return this.sameFunction[fn];
    if ((r -= COLLABORATOR_CHOICE.ownTeam) < 0) return this.teamOf(person);
    if ((r -= COLLABORATOR_CHOICE.sameOrganization) < 0) return this.sameOrg[this.orgOf[person]];
    return this.everyone;
  }

  /** Manager, peers and direct reports. */
  private teamOf(person: number): number[] {
    const mgr = this.managerOf[person];
    return mgr >= 0 ? [mgr, ...this.directReports[mgr], ...this.directReports[person]] : [...this.directReports[person]];
  }

  /** Possible same-function pairs of measured employees, split by whether they share a site. */
  sameFunctionPairCounts(): { sameLocation: number; differentLocation: number } {
    let sameLocation = 0;
    let all = 0;
    for (const members of this.sameFunction) all += (members.length * (members.length - 1)) / 2;
    for (const members of this.sameFunctionSite) sameLocation += (members.length * (members.length - 1)) / 2;
    return { sameLocation, differentLocation: all - sameLocation };
  }

  /**
   * UTC time (seconds since the export start) of a local day-of-week and second-of-day for an
   * entity, moved by whole days to keep [start, start + duration) inside this week.
   */
  utcFromLocal(entity: number, dayOfWeek: number, secondOfDay: number, durationSeconds = 0): number {
    return this.fitInWeek(this.weekStart + dayOfWeek * SECONDS_PER_DAY + secondOfDay - this.offset[entity], durationSeconds);
  }

  fitInWeek(utc: number, durationSeconds = 0): number {
    while (utc < this.weekStart) utc += SECONDS_PER_DAY;
    while (utc + durationSeconds > this.weekEnd - 1 && utc - SECONDS_PER_DAY >= this.weekStart) utc -= SECONDS_PER_DAY;
    return utc;
  }

  /** Outside Mon–Fri 08:00–17:00 in the entity's local time. */
  isAfterHours(entity: number, utc: number): boolean {
    const local = utc + this.offset[entity];
    const day = Math.floor(local / SECONDS_PER_DAY);
    const weekday = ((day % 7) + 7) % 7;
    const secondOfDay = local - day * SECONDS_PER_DAY;
    return weekday >= 5 || secondOfDay < WORKDAY_START || secondOfDay >= WORKDAY_END;
  }
}

/**
 * A local send time: mostly Mon–Fri 08:00–17:00, with `afterHoursShare` in evenings, early mornings
 * or at the weekend. Returns [dayOfWeek, secondOfDay].
 */
export function localActivityTime(rng: Random, afterHoursShare: number): [number, number] {
  if (!rng.chance(afterHoursShare)) return [rng.int(0, 4), rng.int(WORKDAY_START, WORKDAY_END - 1)];
  const r = rng.next();
  if (r < 0.6) return [rng.int(0, 4), rng.int(17 * SECONDS_PER_HOUR, 23 * SECONDS_PER_HOUR - 1)];
  if (r < 0.75) return [rng.int(0, 4), rng.int(6 * SECONDS_PER_HOUR, WORKDAY_START - 1)];
  return [rng.int(5, 6), rng.int(9 * SECONDS_PER_HOUR, 20 * SECONDS_PER_HOUR - 1)];
}
