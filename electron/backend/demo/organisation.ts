/**
 * The demo company: measured employees in an org tree with HR history, plus the collaborators,
 * distribution lists and meeting rooms that appear in the activity tables.
 *
 * Entities are numbered: measured employees first (0 is the CEO), then internal collaborators,
 * external collaborators, distribution lists and meeting rooms. Everything here is decided up
 * front from the seed; the activity generators only read it.
 */
import type { POPULATION_TYPES } from '../../../shared/schema/exportSchema.js';
import { Random } from './prng.js';
import { IdMaker } from './ids.js';
import { SECONDS_PER_DAY } from './timestamps.js';

export type PopulationType = (typeof POPULATION_TYPES)[number];

/** Sites with fixed UTC offsets (standard time in January; daylight saving is not modelled). */
export const SITES = [
  { name: 'Seattle', region: 'Americas', utcOffsetMinutes: -480 },
  { name: 'London', region: 'EMEA', utcOffsetMinutes: 0 },
  { name: 'Bangalore', region: 'APAC', utcOffsetMinutes: 330 },
  { name: 'Sydney', region: 'APAC', utcOffsetMinutes: 660 },
] as const;

export const FUNCTIONS = ['Sales', 'Customer Service', 'Engineering', 'Marketing', 'Finance', 'HR', 'Operations', 'Research'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];
const FUNCTION_SHARE: Record<FunctionName, number> = {
  Sales: 0.18,
  'Customer Service': 0.14,
  Engineering: 0.24,
  Marketing: 0.1,
  Finance: 0.06,
  HR: 0.06,
  Operations: 0.1,
  Research: 0.12,
};
/** Where each function sits (Seattle, London, Bangalore, Sydney). */
const SITE_WEIGHTS: Record<FunctionName, readonly number[]> = {
  Sales: [0.35, 0.3, 0.1, 0.25],
  'Customer Service': [0.25, 0.25, 0.3, 0.2],
  Engineering: [0.4, 0.15, 0.4, 0.05],
  Marketing: [0.4, 0.35, 0.1, 0.15],
  Finance: [0.4, 0.3, 0.2, 0.1],
  HR: [0.35, 0.3, 0.25, 0.1],
  Operations: [0.3, 0.2, 0.35, 0.15],
  Research: [0.5, 0.2, 0.25, 0.05],
};

export const ORGANIZATIONS = [
  'Field Sales',
  'Customer Success',
  'Product Engineering',
  'Cloud Platform',
  'Marketing',
  'Corporate Services',
  'Operations',
  'Research',
] as const;
const ORGS_OF_FUNCTION: Record<FunctionName, readonly number[]> = {
  Sales: [0],
  'Customer Service': [1],
  Engineering: [2, 3],
  Marketing: [4],
  Finance: [5],
  HR: [5],
  Operations: [6],
  Research: [7],
};

/** Sellers: the population of the sales-effectiveness analysis. */
export const SELLER_FUNCTIONS: readonly FunctionName[] = ['Sales', 'Customer Service'];

const IC_LEVELS = ['Individual Contributor', 'Senior Individual Contributor', 'Principal'] as const;
const MANAGER_LEVELS = ['Manager', 'Senior Manager', 'Director'] as const;
const EXECUTIVE = 'Executive';
/** Direct reports per manager inside a site team. */
const SPAN_OF_CONTROL = 6;
/** Share of employees (not executives) who get later HR versions. */
export const HR_CHANGE_SHARE = 0.25;
/** HR versions that never end are closed with this date, as HR systems do. */
export const FAR_FUTURE_MS = Date.UTC(9999, 11, 31);

export type HrChange = 'promotion' | 'org move' | 'relocation';

/** One PersonHistorical row: the person's attributes from `fromWeek` until the next version. */
export interface PersonVersion {
  id: string;
  /** Export week this version starts (0 for the first version, which starts at `startMs`). */
  fromWeek: number;
  startMs: number;
  endMs: number;
  organization: string;
  /** Index into FUNCTIONS, -1 when not set. */
  functionIndex: number;
  level: string;
  /** Index into SITES, -1 when not set. */
  siteIndex: number;
  /** Entity index of the manager, -1 for none. */
  managerIndex: number;
  /** Depth in the org tree (CEO = 1); 0 when not a measured employee. */
  layer: number;
  change?: HrChange;
}

export interface Entity {
  index: number;
  populationType: PopulationType;
  /** Masked EmailAddress: stable for the entity across versions. */
  email: string;
  /** Mapping key shared with the analyst's HR and sales files ('' for non-employees). */
  keyId: string;
  employeeId: string;
  hireMs: number;
  /** UTC offset for entities without a site (external collaborators, distribution lists). */
  homeOffsetMinutes: number;
  versions: PersonVersion[];
}

export interface Organisation {
  entities: Entity[];
  measuredCount: number;
  internal: number[];
  external: number[];
  distributionLists: number[];
  rooms: number[];
  /** Room entities per site index. */
  roomsBySite: number[][];
  sellers: number[];
  /** Latent external propensity (standard normal) per seller entity; 0 for everyone else. */
  externalPropensity: Float64Array;
  /** The external contacts (accounts) each seller works with; empty for non-sellers. */
  accountBook: number[][];
  hrHistory: { peopleWithChanges: number; versions: number; changes: Record<HrChange, number> };
  /** Employees in the analyst's HR file who are not in the export (e.g. unlicensed): the HR join's misses. */
  hrOnlyEmployees: { employeeId: string; keyId: string; hireMs: number; orgIndex: number; siteIndex: number }[];
  /** Keys in the sales file that match nobody (sellers who left, typos). */
  unknownSalesKeys: string[];
}

export interface OrganisationOptions {
  seed: number;
  people: number;
  weeks: number;
  /** UTC midnight of the export's first Monday, in ms. */
  epochMs: number;
  /** Spells PersonHistoricalId (GUIDs by default). */
  ids?: IdMaker;
}

/** How many collaborators of each kind a company of `people` measured employees has. */
export function collaboratorCounts(people: number): { internal: number; external: number; distributionLists: number; roomsPerSite: number } {
  return {
    internal: Math.max(3, Math.round(people * 0.03)),
    external: Math.max(10, Math.round(people / 2)),
    distributionLists: Math.max(3, Math.round(people / 60)),
    roomsPerSite: Math.max(2, Math.ceil(people / 100)),
  };
}

/** Exactly proportional function counts (largest remainder), so small demos still have every function. */
function functionQuota(people: number): FunctionName[] {
  const exact = FUNCTIONS.map((f) => FUNCTION_SHARE[f] * people);
  const counts = exact.map(Math.floor);
  const order = FUNCTIONS.map((_, i) => i).sort((a, b) => exact[b] - counts[b] - (exact[a] - counts[a]) || a - b);
  for (let k = 0, left = people - counts.reduce((s, n) => s + n, 0); left > 0; k++, left--) counts[order[k % order.length]]++;
  return FUNCTIONS.flatMap((f, i) => Array<FunctionName>(counts[i]).fill(f));
}

class UniqueStrings {
  private readonly seen = new Set<string>();
  constructor(private readonly make: () => string) {}
  next(): string {
    for (;;) {
      const s = this.make();
      if (!this.seen.has(s)) {
        this.seen.add(s);
        return s;
      }
    }
  }
}

export function buildOrganisation(opts: OrganisationOptions): Organisation {
  const { seed, people, weeks, epochMs } = opts;
  const ids = opts.ids ?? new IdMaker('guid', seed);
  const rng = new Random(seed, 'organisation');
  const emails = new UniqueStrings(() => rng.token64());
  const keyIds = new UniqueStrings(() => `K${rng.hex(10)}`);
  const employeeIds = new UniqueStrings(() => `E${rng.int(100000, 999999)}`);
  const entities: Entity[] = [];
  const newEntity = (populationType: PopulationType, fields: Partial<Entity> = {}): Entity => {
    const e: Entity = { index: entities.length, populationType, email: emails.next(), keyId: '', employeeId: '', hireMs: 0, homeOffsetMinutes: 0, versions: [], ...fields };
    entities.push(e);
    return e;
  };
  const collaboratorStartMs = epochMs - 365 * SECONDS_PER_DAY * 1000;
  const version = (fields: Partial<PersonVersion> & { startMs: number }): PersonVersion => ({
    id: ids.next(rng, 'PersonHistoricalId'),
    fromWeek: 0,
    endMs: FAR_FUTURE_MS,
    organization: '',
    functionIndex: -1,
    level: '',
    siteIndex: -1,
    managerIndex: -1,
    layer: 0,
    ...fields,
  });

  // Measured employees: function by quota, the CEO (entity 0) in Operations at Seattle.
  const functions = rng.shuffle(functionQuota(people));
  const ceoSlot = functions.indexOf('Operations');
  [functions[0], functions[ceoSlot]] = [functions[ceoSlot], functions[0]];
  const fnIndex = functions.map((f) => FUNCTIONS.indexOf(f));
  const site = functions.map((f, i) => (i === 0 ? 0 : rng.weightedIndex(SITE_WEIGHTS[f])));
  const orgOf = functions.map((f) => rng.pick(ORGS_OF_FUNCTION[f]));

  // Org tree: CEO → one head per organization → one lead per (organization, site) → site teams.
  const manager = new Array<number>(people).fill(-1);
  const groups = new Map<number, number[]>();
  for (let i = 1; i < people; i++) {
    const key = orgOf[i] * SITES.length + site[i];
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  }
  const orgHeads = new Array<number>(ORGANIZATIONS.length).fill(-1);
  for (let org = 0; org < ORGANIZATIONS.length; org++) {
    const siteGroups = SITES.map((_, s) => groups.get(org * SITES.length + s) ?? []).filter((g) => g.length > 0);
    if (siteGroups.length === 0) continue;
    siteGroups.sort((a, b) => b.length - a.length || a[0] - b[0]);
    const head = siteGroups[0][0];
    orgHeads[org] = head;
    manager[head] = 0;
    for (const members of siteGroups) {
      const lead = members[0];
      if (lead !== head) manager[lead] = head;
      // A heap-shaped tree: members[k] reports to members[floor((k-1)/span)], so teams share a site.
      for (let k = 1; k < members.length; k++) manager[members[k]] = members[Math.floor((k - 1) / SPAN_OF_CONTROL)];
    }
  }
  const reports: number[][] = Array.from({ length: people }, () => []);
  for (let i = 1; i < people; i++) reports[manager[i]].push(i);
  const layer = new Array<number>(people).fill(0);
  const depth = (i: number): number => (layer[i] ||= manager[i] < 0 ? 1 : depth(manager[i]) + 1);
  const subtreeSize = (i: number): number => reports[i].reduce((s, r) => s + 1 + subtreeSize(r), 0);
  const isExecutive = (i: number) => i === 0 || orgHeads.includes(i);
  const level = Array.from({ length: people }, (_, i) => {
    if (isExecutive(i)) return EXECUTIVE;
    if (reports[i].length > 0) return subtreeSize(i) >= 8 ? MANAGER_LEVELS[1] : MANAGER_LEVELS[0];
    return IC_LEVELS[rng.weightedIndex([0.55, 0.35, 0.1])];
  });
  // Managers an employee can be moved under, per organization and site.
  const managersAt = new Map<number, number[]>();
  for (let i = 1; i < people; i++) {
    if (reports[i].length === 0) continue;
    const key = orgOf[i] * SITES.length + site[i];
    managersAt.set(key, [...(managersAt.get(key) ?? []), i]);
  }

  const hrHistory: Organisation['hrHistory'] = { peopleWithChanges: 0, versions: 0, changes: { promotion: 0, 'org move': 0, relocation: 0 } };
  for (let i = 0; i < people; i++) {
    // Tenure is long-tailed: most hired in the last few years, a few long-timers.
    const tenureDays = i === 0 ? 4000 : 30 + Math.min(7000, Math.floor(rng.exponential(4.5 * 365)));
    const hireMs = epochMs - tenureDays * SECONDS_PER_DAY * 1000;
    const first = version({ startMs: hireMs, organization: ORGANIZATIONS[orgOf[i]], functionIndex: fnIndex[i], level: level[i], siteIndex: site[i], managerIndex: manager[i], layer: depth(i) });
    const e = newEntity('MeasuredEmployee', { keyId: keyIds.next(), employeeId: employeeIds.next(), hireMs, versions: [first] });
    if (isExecutive(i) || weeks < 2 || !rng.chance(HR_CHANGE_SHARE)) continue;
    // Changes take effect on a Monday inside the export, so versions switch at week boundaries.
    const changeCount = weeks >= 3 && rng.chance(0.3) ? 2 : 1;
    const changeWeeks = rng.shuffle(Array.from({ length: weeks - 1 }, (_, w) => w + 1)).slice(0, changeCount).sort((a, b) => a - b);
    for (const week of changeWeeks) {
      const prev = e.versions[e.versions.length - 1];
      const next = planChange(prev, i, week, reports[i].length > 0);
      if (!next?.change) continue;
      prev.endMs = next.startMs;
      e.versions.push(next);
      hrHistory.changes[next.change]++;
    }
    if (e.versions.length > 1) hrHistory.peopleWithChanges++;
  }

  /** The next HR version, or undefined when there is nothing left to change (top of the ladder). */
  function planChange(prev: PersonVersion, person: number, week: number, hasReports: boolean): PersonVersion | undefined {
    const base = { ...prev, id: ids.next(rng, 'PersonHistoricalId'), fromWeek: week, startMs: epochMs + week * 7 * SECONDS_PER_DAY * 1000, endMs: FAR_FUTURE_MS };
    const ladder: readonly string[] = hasReports ? MANAGER_LEVELS : IC_LEVELS;
    const rung = ladder.indexOf(prev.level);
    const canPromote = rung >= 0 && rung < ladder.length - 1;
    const promote = (): PersonVersion | undefined => (canPromote ? { ...base, level: ladder[rung + 1], change: 'promotion' } : undefined);
    // Only people without reports move, so nobody's manager ever leaves their tree.
    const r = rng.next();
    if (hasReports || (r < 0.4 && canPromote)) return promote();
    const currentOrg = ORGANIZATIONS.indexOf(prev.organization as (typeof ORGANIZATIONS)[number]);
    if (r < 0.7) {
      const targets = orgHeads.map((h, org) => (h >= 0 && org !== currentOrg ? org : -1)).filter((org) => org >= 0);
      if (targets.length === 0) return promote();
      const org = rng.pick(targets);
      const candidates = managersAt.get(org * SITES.length + prev.siteIndex) ?? [orgHeads[org]];
      const mgr = rng.pick(candidates);
      return { ...base, organization: ORGANIZATIONS[org], managerIndex: mgr, layer: depth(mgr) + 1, change: 'org move' };
    }
    const newSite = rng.pick(SITES.map((_, s) => s).filter((s) => s !== prev.siteIndex));
    const candidates = (managersAt.get(currentOrg * SITES.length + newSite) ?? []).filter((m) => m !== person);
    const mgr = candidates.length > 0 ? rng.pick(candidates) : prev.managerIndex;
    return { ...base, siteIndex: newSite, managerIndex: mgr, layer: depth(mgr) + 1, change: 'relocation' };
  }

  const counts = collaboratorCounts(people);
  const internal: number[] = [];
  for (let k = 0; k < counts.internal; k++) {
    const f = rng.pick(FUNCTIONS);
    const v = version({ startMs: collaboratorStartMs, organization: ORGANIZATIONS[rng.pick(ORGS_OF_FUNCTION[f])], functionIndex: FUNCTIONS.indexOf(f), siteIndex: rng.int(0, SITES.length - 1) });
    internal.push(newEntity('InternalCollaborator', { versions: [v] }).index);
  }
  const external: number[] = [];
  for (let k = 0; k < counts.external; k++) {
    const homeOffsetMinutes = rng.pick(SITES).utcOffsetMinutes;
    external.push(newEntity('ExternalCollaborator', { homeOffsetMinutes, versions: [version({ startMs: collaboratorStartMs })] }).index);
  }
  const distributionLists: number[] = [];
  for (let k = 0; k < counts.distributionLists; k++) {
    distributionLists.push(newEntity('DistributionList', { versions: [version({ startMs: collaboratorStartMs })] }).index);
  }
  const rooms: number[] = [];
  const roomsBySite: number[][] = SITES.map(() => []);
  for (let s = 0; s < SITES.length; s++) {
    for (let k = 0; k < counts.roomsPerSite; k++) {
      const room = newEntity('MeetingRoom', { versions: [version({ startMs: collaboratorStartMs, siteIndex: s })] }).index;
      rooms.push(room);
      roomsBySite[s].push(room);
    }
  }
  hrHistory.versions = entities.slice(0, people).reduce((n, e) => n + e.versions.length, 0);

  const sellers = entities.filter((e) => e.populationType === 'MeasuredEmployee' && SELLER_FUNCTIONS.includes(FUNCTIONS[e.versions[0].functionIndex])).map((e) => e.index);
  const externalPropensity = new Float64Array(entities.length);
  const accountBook: number[][] = entities.map(() => []);
  for (const s of sellers) {
    externalPropensity[s] = rng.normal();
    const book = new Set<number>();
    for (let k = rng.int(4, 8); book.size < k; ) book.add(rng.pick(external));
    accountBook[s] = [...book];
  }

  const hrOnlyEmployees = Array.from({ length: Math.max(2, Math.round(people * 0.04)) }, () => ({
    employeeId: employeeIds.next(),
    keyId: keyIds.next(),
    hireMs: epochMs - rng.int(1, 3000) * SECONDS_PER_DAY * 1000,
    orgIndex: rng.int(0, ORGANIZATIONS.length - 1),
    siteIndex: rng.int(0, SITES.length - 1),
  }));
  const unknownSalesKeys = Array.from({ length: Math.max(2, Math.round(sellers.length * 0.05)) }, () => keyIds.next());

  return { hrOnlyEmployees, unknownSalesKeys, entities, measuredCount: people, internal, external, distributionLists, rooms, roomsBySite, sellers, externalPropensity, accountBook, hrHistory };
}

/** The version of an entity valid during an export week. */
export function versionInWeek(e: Entity, week: number): PersonVersion {
  let v = e.versions[0];
  for (const candidate of e.versions) if (candidate.fromWeek <= week) v = candidate;
  return v;
}

/** UTC offset of an entity in a version, in seconds. */
export function utcOffsetSeconds(e: Entity, v: PersonVersion): number {
  return (v.siteIndex >= 0 ? SITES[v.siteIndex].utcOffsetMinutes : e.homeOffsetMinutes) * 60;
}
