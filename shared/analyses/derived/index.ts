/** Every derived table, in an order where each comes after what it depends on. */
import type { DerivedName } from './names.js';
import type { DerivedTable } from './types.js';
import { person, personOffset, personVersion, personWeek, weeks } from './people.js';
import { mailEvent, thread } from './mail.js';
import { meetingAttendance, meetingEvent } from './meetings.js';
import { callLeg, imEvent } from './calls.js';
import { activityHour } from './activity.js';
import { networkSize, pairWeek, tieWeek } from './pairs.js';
import { personWeekVersion } from './attribution.js';
import { meetingHour } from './meetingQuality.js';
import { generatedEmail } from './workload.js';
import { networkReach } from './reach.js';

export const DERIVED_TABLES: DerivedTable[] = [
  personVersion,
  person,
  weeks,
  personWeek,
  personOffset,
  mailEvent,
  thread,
  meetingEvent,
  meetingAttendance,
  callLeg,
  imEvent,
  activityHour,
  pairWeek,
  tieWeek,
  networkSize,
  personWeekVersion,
  meetingHour,
  generatedEmail,
  networkReach,
];

/** The tables `names` need, dependencies first. */
export function derivedClosure(names: readonly DerivedName[]): DerivedTable[] {
  const want = new Set<DerivedName>();
  const visit = (n: DerivedName) => {
    if (want.has(n)) return;
    want.add(n);
    for (const d of DERIVED_TABLES.find((t) => t.name === n)?.dependsOn ?? []) visit(d);
  };
  names.forEach(visit);
  return DERIVED_TABLES.filter((t) => want.has(t.name));
}

/** Bump to force every workspace to rebuild its derived tables (SQL changes already do, table by table). */
export const DERIVED_VERSION = 2;
