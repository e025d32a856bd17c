/**
 * One week of calls: online meetings (Calls.MeetingId set) and ad-hoc calls (MeetingId empty).
 * Each participant's local join and leave times lie inside the call's start and end.
 */
import { Random } from './prng.js';
import { CUSTOMER_ACTIVITY_PER_WEEK } from './sellerModel.js';
import { SECONDS_PER_MINUTE } from './timestamps.js';
import { addColleagues, customerActivityCount, customerParticipants, maybeAddExternal } from './invitees.js';
import { DECLINED, type Meeting } from './meetings.js';
import { localActivityTime } from './weekView.js';
import type { WeekContext } from './weekContext.js';

const ONLINE_MEETING_SHARE = 0.45;
const JOIN_CHANCE = 0.85;
const AD_HOC_CALLS_PER_PERSON_WEEK = 1;

interface CallLeg {
  entity: number;
  join: number;
  leave: number;
}

function writeCall(ctx: WeekContext, rng: Random, meetingId: string, legs: CallLeg[], organizer: number, callType: string): void {
  const { view, time, out } = ctx;
  let start = Infinity;
  let end = -Infinity;
  for (const leg of legs) {
    start = Math.min(start, leg.join);
    end = Math.max(end, leg.leave);
  }
  const id = rng.guid();
  out.Calls.line(`${id},${meetingId},${time.at(start)},${time.at(end)},${callType}`);
  for (const leg of legs) {
    const off = view.offset[leg.entity];
    out.CallParticipants.line(`${id},${view.personHistoricalId[leg.entity]},${time.at(leg.join + off)},${time.at(leg.leave + off)},${leg.entity === organizer ? 'True' : 'False'}`);
  }
}

export async function writeWeekCalls(ctx: WeekContext, meetings: readonly Meeting[]): Promise<void> {
  const { org, view, seed } = ctx;
  const rng = new Random(seed, 'calls', view.week);
  const isPerson = (e: number) => org.entities[e].populationType !== 'MeetingRoom' && org.entities[e].populationType !== 'DistributionList';
  const clamp = (t: number) => Math.min(view.weekEnd - 1, Math.max(view.weekStart, t));

  // Online meetings: attendees who said yes (or did not answer) join a little early or late.
  for (let i = 0; i < meetings.length; i++) {
    const m = meetings[i];
    if (m.cancelled || !rng.chance(ONLINE_MEETING_SHARE)) continue;
    const legs: CallLeg[] = [];
    for (let row = 0; row < m.attendees.length; row++) {
      const e = m.attendees[row];
      if (!isPerson(e) || m.responses[row] === DECLINED || !rng.chance(row === 0 ? 0.97 : JOIN_CHANCE)) continue;
      const join = clamp(m.start + rng.int(-120, 180));
      const leave = Math.max(join + 60, clamp(m.end - rng.int(-120, 300)));
      legs.push({ entity: e, join, leave });
    }
    if (legs.length < 2) continue;
    const organizer = legs.some((l) => l.entity === m.attendees[0]) ? m.attendees[0] : legs[0].entity;
    writeCall(ctx, rng, m.id, legs, organizer, 'GroupCall');
    if (i % 256 === 255) await ctx.checkpoint();
  }

  // Ad-hoc calls: mostly one-to-one with a close colleague; sellers also call their customers.
  for (let p = 0; p < org.measuredCount; p++) {
    const customerCalls = customerActivityCount(ctx, p, CUSTOMER_ACTIVITY_PER_WEEK.calls, rng);
    for (let k = rng.poisson(AD_HOC_CALLS_PER_PERSON_WEEK) + customerCalls; k > 0; k--) {
      let people: number[];
      if (k <= customerCalls) people = customerParticipants(ctx, p, rng);
      else {
        people = [p];
        addColleagues(ctx, p, rng.chance(0.7) ? 1 : rng.int(2, 3), rng, people);
        maybeAddExternal(ctx, p, rng, people);
      }
      const duration = 60 + Math.min(90 * SECONDS_PER_MINUTE, Math.floor(rng.exponential(12 * SECONDS_PER_MINUTE)));
      const [day, secondOfDay] = localActivityTime(rng, 0.05);
      const start = view.utcFromLocal(p, day, secondOfDay, duration);
      const legs: CallLeg[] = people.map((e, i) => {
        if (i === 0) return { entity: e, join: start, leave: start + duration };
        const join = start + rng.int(0, 60);
        return { entity: e, join, leave: Math.max(join + 30, start + duration - rng.int(0, 120)) };
      });
      writeCall(ctx, rng, '', legs, p, legs.length === 2 ? 'PeerToPeer' : 'GroupCall');
    }
    if (p % 64 === 63) await ctx.checkpoint();
  }
}
