/**
 * One week of calls: online meetings (scheduled: Calls.MeetingId set) and ad-hoc calls (MeetingId
 * empty). Each participant's local join and leave times lie inside the call's start and end.
 *
 * InteractionType (documented as "joined or attended, tentative, accepted, or no response"): an
 * ad-hoc call is `Joined`; a scheduled call carries the weakest invite response among the people
 * who joined it (`Accepted` when all had accepted or organized it, else `Tentative`, else `NoResponse`).
 */
import { isPersonType } from '../../../shared/analyses/population.js';
import { Random } from './prng.js';
import { CUSTOMER_ACTIVITY_PER_WEEK } from './sellerModel.js';
import { SECONDS_PER_MINUTE } from './timestamps.js';
import { addColleagues, customerActivityCount, customerParticipants, maybeAddExternal } from './invitees.js';
import { ACCEPTED, DECLINED, NO_RESPONSE, ORGANIZER, TENTATIVE, type Meeting } from './meetings.js';
import { localActivityTime } from './weekView.js';
import type { WeekContext } from './weekContext.js';

const ONLINE_MEETING_SHARE = 0.45;
const JOIN_CHANCE = 0.85;
const AD_HOC_CALLS_PER_PERSON_WEEK = 1;
/** Most calls are on Teams; a few tenants' people still use Skype for Business. */
const SKYPE_SHARE = 0.08;
/** Invite responses from strongest to weakest, and the InteractionType each gives a scheduled call. */
const RESPONSE_STRENGTH = [ORGANIZER, ACCEPTED, TENTATIVE, NO_RESPONSE];
const SCHEDULED_INTERACTION = { [ORGANIZER]: 'Accepted', [ACCEPTED]: 'Accepted', [TENTATIVE]: 'Tentative', [NO_RESPONSE]: 'NoResponse' } as Record<number, string>;

interface CallLeg {
  entity: number;
  join: number;
  leave: number;
}

function writeCall(ctx: WeekContext, rng: Random, meetingId: string, legs: CallLeg[], organizer: number, interactionType: string): void {
  const { view, time, out } = ctx;
  const id = ctx.ids.next(rng, 'CallRecordId');
  const app = rng.chance(SKYPE_SHARE) ? 'Skype' : 'Teams';
  out.Calls.line(`${id},${meetingId},${app},${meetingId === '' ? 'False' : 'True'},${legs.length},${interactionType}`);
  for (const leg of legs) {
    const off = view.offset[leg.entity];
    out.CallParticipants.line(`${id},${view.personHistoricalId[leg.entity]},${leg.entity === organizer ? 'True' : 'False'},${time.at(leg.join + off)},${time.at(leg.leave + off)}`);
  }
}

export async function writeWeekCalls(ctx: WeekContext, meetings: readonly Meeting[]): Promise<void> {
  const { org, view, seed } = ctx;
  const rng = new Random(seed, 'calls', view.week);
  const isPerson = (e: number) => isPersonType(org.entities[e].populationType);
  const clamp = (t: number) => Math.min(view.weekEnd - 1, Math.max(view.weekStart, t));

  // Online meetings: attendees who said yes (or did not answer) join a little early or late.
  for (let i = 0; i < meetings.length; i++) {
    const m = meetings[i];
    if (m.cancelled || !rng.chance(ONLINE_MEETING_SHARE)) continue;
    const legs: CallLeg[] = [];
    let weakest = 0;
    for (let row = 0; row < m.attendees.length; row++) {
      const e = m.attendees[row];
      if (!isPerson(e) || m.responses[row] === DECLINED || !rng.chance(row === 0 ? 0.97 : JOIN_CHANCE)) continue;
      const join = clamp(m.start + rng.int(-120, 180));
      const leave = Math.max(join + 60, clamp(m.end - rng.int(-120, 300)));
      legs.push({ entity: e, join, leave });
      weakest = Math.max(weakest, RESPONSE_STRENGTH.indexOf(m.responses[row]));
    }
    if (legs.length < 2) continue;
    const organizer = legs.some((l) => l.entity === m.attendees[0]) ? m.attendees[0] : legs[0].entity;
    writeCall(ctx, rng, m.id, legs, organizer, SCHEDULED_INTERACTION[RESPONSE_STRENGTH[weakest]]);
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
      writeCall(ctx, rng, '', legs, p, 'Joined');
    }
    if (p % 64 === 63) await ctx.checkpoint();
  }
}
