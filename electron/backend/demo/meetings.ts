/**
 * One week of meetings: weekly team syncs, biweekly 1:1s and ad-hoc meetings, with responses,
 * cancellations, double booking and rooms. A week's meetings are held in memory (they are few
 * next to emails) because emails sent during them must be counted before they are written.
 */
import { isPersonType } from '../../../shared/analyses/population.js';
import { FUNCTIONS } from './organisation.js';
import { iCalUid } from './ids.js';
import { Random } from './prng.js';
import { CUSTOMER_ACTIVITY_PER_WEEK } from './sellerModel.js';
import { MEETING_SUBJECTS, pickSubject } from './subjects.js';
import { SECONDS_PER_HOUR, SECONDS_PER_MINUTE } from './timestamps.js';
import { addColleagues, customerActivityCount, customerParticipants, maybeAddExternal, maybeAddInternal } from './invitees.js';
import type { WeekContext } from './weekContext.js';

/** MeetingParticipants.Response as written; the organizer's own row says Accepted. */
export const RESPONSE_TEXT = ['Accepted', 'Accepted', 'Tentative', 'Declined', 'NoResponse'] as const;
export const ORGANIZER = 0;
export const ACCEPTED = 1;
export const TENTATIVE = 2;
export const DECLINED = 3;
export const NO_RESPONSE = 4;
/** Invitee responses: accepted, tentative, declined, no response. */
const INVITEE_RESPONSE_WEIGHTS = [0, 0.72, 0.08, 0.1, 0.1];
const EXTERNAL_RESPONSE_WEIGHTS = [0, 0.6, 0.05, 0.1, 0.25];
const AD_HOC_PER_PERSON_WEEK = 1.3;
const CANCEL_CHANCE = 0.05;
const DURATIONS_MINUTES = [15, 30, 45, 60, 90];
const DURATION_WEIGHTS = [0.1, 0.45, 0.1, 0.3, 0.05];

export interface Meeting {
  id: string;
  /** Shared by every occurrence of a recurring series. */
  icalUid: string;
  start: number;
  end: number;
  /** CSV-encoded. */
  subject: string;
  recurring: boolean;
  cancelled: boolean;
  /** Entity indices, organizer first; rooms included. */
  attendees: number[];
  responses: number[];
  doubleBooked: boolean[];
  overlapSeconds: number[];
  /** Per attendee row: emails that attendee sent during the meeting. */
  emailsDuring: number[];
}

/** Attended (for the collaboration counts): organizer, accepted or tentative, meeting held. */
const attends = (m: Meeting, row: number) => !m.cancelled && m.responses[row] !== DECLINED && m.responses[row] !== NO_RESPONSE;
/** On the person's calendar: the meeting is held and they did not decline (no response included). */
export const onCalendar = (m: Meeting, row: number) => !m.cancelled && m.responses[row] !== DECLINED;

function newMeeting(ctx: WeekContext, rng: Random, icalUid: string, start: number, durationMinutes: number, subject: string, recurring: boolean): Meeting {
  return {
    id: ctx.ids.next(rng, 'MeetingId'),
    icalUid,
    start,
    end: start + durationMinutes * SECONDS_PER_MINUTE,
    subject,
    recurring,
    cancelled: rng.chance(CANCEL_CHANCE),
    attendees: [],
    responses: [],
    doubleBooked: [],
    overlapSeconds: [],
    emailsDuring: [],
  };
}

export function planWeekMeetings(ctx: WeekContext): Meeting[] {
  const { org, view, seed } = ctx;
  const rng = new Random(seed, 'meetings', view.week);
  const meetings: Meeting[] = [];
  const isRoom = (e: number) => org.entities[e].populationType === 'MeetingRoom';
  const invite = (m: Meeting, entity: number, weights: readonly number[]) => {
    m.attendees.push(entity);
    m.responses.push(isRoom(entity) ? ACCEPTED : rng.weightedIndex(weights));
    m.emailsDuring.push(0);
  };
  const inviteAll = (m: Meeting, organizer: number, invitees: readonly number[]) => {
    m.attendees.push(organizer);
    m.responses.push(ORGANIZER);
    m.emailsDuring.push(0);
    for (const e of invitees) {
      if (e === organizer) continue;
      const external = org.entities[e].populationType === 'ExternalCollaborator';
      invite(m, e, external ? EXTERNAL_RESPONSE_WEIGHTS : INVITEE_RESPONSE_WEIGHTS);
    }
    meetings.push(m);
  };

  for (let p = 0; p < org.measuredCount; p++) {
    // Recurring series keep their slot, room and subject from week to week: derive them from the person, not the week.
    const reports = view.reportsOf(p);
    if (reports.length > 0) {
      const slot = new Random(seed, 'team-sync', p);
      const day = slot.int(0, 4);
      const secondOfDay = slot.int(9, 15) * SECONDS_PER_HOUR + (slot.chance(0.5) ? 30 * SECONDS_PER_MINUTE : 0);
      const minutes = slot.pick([30, 45, 60]);
      const rooms = org.roomsBySite[view.siteOf[p]] ?? [];
      const room = rooms.length > 0 && slot.chance(0.7) ? slot.pick(rooms) : -1;
      const m = newMeeting(ctx, rng, iCalUid(seed, 'team-sync', p), view.utcFromLocal(p, day, secondOfDay, minutes * SECONDS_PER_MINUTE), minutes, MEETING_SUBJECTS.teamSync(org.entities[p].versions[0].organization), true);
      inviteAll(m, p, room >= 0 ? [...reports, room] : reports);
    }
    const manager = view.managerOf[p];
    if (manager >= 0) {
      const slot = new Random(seed, 'one-on-one', p);
      if (view.week % 2 === slot.int(0, 1)) {
        const m = newMeeting(ctx, rng, iCalUid(seed, 'one-on-one', p, manager), view.utcFromLocal(manager, slot.int(0, 4), slot.int(20, 32) * 30 * SECONDS_PER_MINUTE, 30 * SECONDS_PER_MINUTE), 30, MEETING_SUBJECTS.oneOnOne, true);
        inviteAll(m, manager, [p]);
      }
    }
    const customerMeetings = customerActivityCount(ctx, p, CUSTOMER_ACTIVITY_PER_WEEK.meetings, rng);
    for (let k = rng.poisson(AD_HOC_PER_PERSON_WEEK) + customerMeetings; k > 0; k--) {
      let invitees: number[];
      if (k <= customerMeetings) invitees = customerParticipants(ctx, p, rng);
      else {
        invitees = [p];
        addColleagues(ctx, p, 1 + rng.poisson(2), rng, invitees);
        maybeAddExternal(ctx, p, rng, invitees);
        maybeAddInternal(ctx, 0.05, rng, invitees);
      }
      const rooms = org.roomsBySite[view.siteOf[p]] ?? [];
      if (rooms.length > 0 && rng.chance(0.4)) invitees.push(rng.pick(rooms));
      const minutes = DURATIONS_MINUTES[rng.weightedIndex(DURATION_WEIGHTS)];
      // Mostly on the half hour in working hours; a few early or late ones.
      let secondOfDay = rng.int(16, 32) * 30 * SECONDS_PER_MINUTE + (rng.chance(0.15) ? 15 * SECONDS_PER_MINUTE : 0);
      if (rng.chance(0.04)) secondOfDay = rng.pick([7, 17.5, 18, 19]) * SECONDS_PER_HOUR;
      const m = newMeeting(ctx, rng, iCalUid(seed, 'meeting', view.week, meetings.length), view.utcFromLocal(p, rng.int(0, 4), secondOfDay, minutes * SECONDS_PER_MINUTE), minutes, pickSubject(rng, FUNCTIONS[view.functionOf[p]]), false);
      inviteAll(m, p, invitees.slice(1));
    }
  }
  return meetings;
}

/**
 * The meetings on each person's calendar this week (held, not declined), sorted by start. Building
 * it also marks double booking: a person with two such meetings that overlap is double booked in
 * both, and the overlap is recorded for their adjusted minutes.
 */
export class WeekCalendar {
  /** Per entity: [meeting index, attendee row] pairs, by meeting start. */
  private readonly onCalendar: [number, number][][];

  constructor(
    readonly meetings: Meeting[],
    entityCount: number,
    isPerson: (entity: number) => boolean,
  ) {
    this.onCalendar = Array.from({ length: entityCount }, () => []);
    meetings.forEach((m, i) => {
      m.attendees.forEach((e, row) => {
        if (isPerson(e) && onCalendar(m, row)) this.onCalendar[e].push([i, row]);
      });
    });
    for (let e = 0; e < entityCount; e++) {
      const list = this.onCalendar[e];
      if (list.length < 2) continue;
      list.sort((a, b) => meetings[a[0]].start - meetings[b[0]].start || a[0] - b[0]);
      for (let a = 0; a < list.length; a++) {
        const [ia, ra] = list[a];
        const ma = meetings[ia];
        for (let b = a + 1; b < list.length; b++) {
          const [ib, rb] = list[b];
          const mb = meetings[ib];
          if (mb.start >= ma.end) break;
          const overlap = Math.min(ma.end, mb.end) - mb.start;
          ma.doubleBooked[ra] = mb.doubleBooked[rb] = true;
          ma.overlapSeconds[ra] = (ma.overlapSeconds[ra] ?? 0) + overlap;
          mb.overlapSeconds[rb] = (mb.overlapSeconds[rb] ?? 0) + overlap;
        }
      }
    }
  }

  /** Count an email `sender` sent at `utc` against every meeting on their calendar then. */
  emailSent(sender: number, utc: number): void {
    for (const [i, row] of this.onCalendar[sender]) {
      const m = this.meetings[i];
      if (m.start > utc) break;
      if (utc < m.end) m.emailsDuring[row]++;
    }
  }
}

/**
 * Minutes an attendee row spent in the meeting: 0 when declined or the meeting was canceled;
 * otherwise the meeting's minutes, less half of the time it overlaps their other meetings (the
 * overlap is split between the two), never below 0.
 */
export function adjustedMinutes(m: Meeting, row: number): number {
  if (!onCalendar(m, row)) return 0;
  const length = m.end - m.start;
  const overlap = Math.min(m.overlapSeconds[row] ?? 0, length);
  return Math.round(((length - overlap / 2) / SECONDS_PER_MINUTE) * 100) / 100;
}

const bool = (b: boolean | undefined) => (b ? 'True' : 'False');

/** Write Meetings and MeetingParticipants for the week. */
export async function writeWeekMeetings(ctx: WeekContext, meetings: readonly Meeting[]): Promise<void> {
  const { org, view, time, out, stats } = ctx;
  const isPerson = (e: number) => isPersonType(org.entities[e].populationType);
  for (let i = 0; i < meetings.length; i++) {
    const m = meetings[i];
    const minutes = (m.end - m.start) / SECONDS_PER_MINUTE;
    // Totals count people only (rooms accept automatically and are not invitees); the organizer is not an invitee.
    let accepted = 0;
    let declined = 0;
    let noResponse = 0;
    let tentative = 0;
    let doubleBooked = 0;
    let emails = 0;
    let hasExternal = false;
    for (let row = 0; row < m.attendees.length; row++) {
      const e = m.attendees[row];
      if (!isPerson(e)) continue;
      const r = m.responses[row];
      if (r === ACCEPTED) accepted++;
      else if (r === DECLINED) declined++;
      else if (r === NO_RESPONSE) noResponse++;
      else if (r === TENTATIVE) tentative++;
      if (m.doubleBooked[row]) doubleBooked++;
      emails += m.emailsDuring[row];
      if (attends(m, row) && org.entities[e].populationType === 'ExternalCollaborator') hasExternal = true;
    }
    // As documented: TotalAttendees = accepted + no response + the organizer.
    const attendees = accepted + noResponse + 1;
    out.Meetings.line(
      `${m.id},${m.icalUid},${m.subject},${bool(m.recurring)},${bool(m.cancelled)},${time.at(m.start)},${minutes},${accepted},${declined},${noResponse},${tentative},${attendees},${doubleBooked},${emails}`,
    );
    for (let row = 0; row < m.attendees.length; row++) {
      const e = m.attendees[row];
      out.MeetingParticipants.line(
        `${m.id},${view.personHistoricalId[e]},${time.at(m.start + view.offset[e])},${bool(row === 0)},${bool(m.doubleBooked[row])},${RESPONSE_TEXT[m.responses[row]]},${adjustedMinutes(m, row)},${m.emailsDuring[row]}`,
      );
      if (!attends(m, row) || !isPerson(e)) continue;
      if (hasExternal && org.accountBook[e].length > 0) stats.externalMeetings[e]++;
      for (let other = row + 1; other < m.attendees.length; other++) {
        if (attends(m, other)) stats.pair(view, e, m.attendees[other], 'sharedMeetings');
      }
    }
    if (i % 256 === 255) await ctx.checkpoint();
  }
}
