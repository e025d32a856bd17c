/**
 * One week of email threads, streamed straight to Mails and MailParticipants.
 *
 * Planted effect 1: a thread's length depends on its originator's function (Sales and Marketing
 * start long threads, Engineering and Research short ones).
 */
import { FUNCTIONS, type FunctionName } from './organisation.js';
import { Random } from './prng.js';
import { CUSTOMER_ACTIVITY_PER_WEEK } from './sellerModel.js';
import { pickSubject, replySubject } from './subjects.js';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR } from './timestamps.js';
import { addColleagues, customerActivityCount, customerParticipants, maybeAddExternal, maybeAddInternal } from './invitees.js';
import type { WeekCalendar } from './meetings.js';
import { localActivityTime } from './weekView.js';
import type { WeekContext } from './weekContext.js';

/** Mean emails per thread by the originator's function (geometric lengths, so long tails). */
export const THREAD_LENGTH_MEAN: Record<FunctionName, number> = {
  Sales: 7,
  'Customer Service': 3.5,
  Engineering: 2.5,
  Marketing: 6.5,
  Finance: 3.5,
  HR: 3.5,
  Operations: 3.5,
  Research: 2.5,
};
export const MAX_THREAD_LENGTH = 40;
/** Sized so 5,000 people × 13 weeks gives > 10 million MailParticipants rows (~38 mails × ~4.6 rows per person-week, customer threads included). */
export const THREADS_PER_PERSON_WEEK = 8;
/** Colleagues on a new thread beyond the first one (Poisson mean). */
const EXTRA_COLLEAGUES_MEAN = 3.5;
const REPLY_ALL_SHARE = 0.75;
const DISTRIBUTION_LIST_CHANCE = 0.08;
const AFTER_HOURS_SHARE = 0.1;
const MEAN_REPLY_GAP_SECONDS = 2.5 * SECONDS_PER_HOUR;
const MAX_THREAD_SPAN_SECONDS = 5 * SECONDS_PER_DAY;

/** Minutes and the same time in hours, as CSV text; minutes are multiples of 0.6 or 0.15 so hours are exact decimals. */
interface TimeSpent {
  minutes: string;
  hours: string;
}
const timeSpent = (minutes: number): TimeSpent => ({ minutes: String(Math.round(minutes * 1e6) / 1e6), hours: String(Math.round((minutes / 60) * 1e6) / 1e6) });
/** Writing takes 1.2–12 minutes, reading 18 s – 4 min (Microsoft's heuristic is of this order). */
const SENDER_TIME = Array.from({ length: 19 }, (_, i) => timeSpent((i + 2) * 0.6));
const READER_TIME = Array.from({ length: 26 }, (_, i) => timeSpent((i + 2) * 0.15));
/** Distribution lists do not read mail: no time spent. */
const NO_TIME = timeSpent(0);

export async function writeWeekMails(ctx: WeekContext, calendar: WeekCalendar): Promise<void> {
  const { org, view, time, out, stats, seed } = ctx;
  const rng = new Random(seed, 'mails', view.week);
  const offsets: number[] = new Array<number>(MAX_THREAD_LENGTH);
  const isMeasured = (e: number) => e < org.measuredCount;
  const isExternal = (e: number) => org.entities[e].populationType === 'ExternalCollaborator';
  const isSeller = (e: number) => org.accountBook[e].length > 0;

  const received = (mailId: string, e: number, sentAt: number, t: TimeSpent) =>
    out.MailParticipants.line(`${mailId},${view.personHistoricalId[e]},False,${time.at(sentAt + view.offset[e])},${t.hours},${t.minutes}`);

  /** Write one thread started by `members[0]`; `list` is a distribution list on it (or -1). */
  const writeThread = (members: readonly number[], list: number) => {
    const originator = members[0];
    const fn = view.functionOf[originator];
    const threadHasExternal = members.some(isExternal);
    const length = Math.min(MAX_THREAD_LENGTH, 1 + rng.geometric(THREAD_LENGTH_MEAN[FUNCTIONS[fn]] - 1));

    // Reply gaps; a long thread is squeezed into a few days so it fits inside the week.
    offsets[0] = 0;
    for (let i = 1; i < length; i++) offsets[i] = offsets[i - 1] + 60 + Math.floor(rng.exponential(MEAN_REPLY_GAP_SECONDS));
    const rawSpan = offsets[length - 1];
    if (rawSpan > MAX_THREAD_SPAN_SECONDS) {
      for (let i = 1; i < length; i++) offsets[i] = Math.max(offsets[i - 1] + 1, Math.floor((offsets[i] * MAX_THREAD_SPAN_SECONDS) / rawSpan));
    }
    const [day, secondOfDay] = localActivityTime(rng, AFTER_HOURS_SHARE);
    const start = view.utcFromLocal(originator, day, secondOfDay, offsets[length - 1]);
    const conversationId = ctx.ids.next(rng, 'ConversationId');
    const subject = pickSubject(rng, FUNCTIONS[fn]);
    const reply = replySubject(subject);

    let previous = -1;
    for (let i = 0; i < length; i++) {
      let sender = originator;
      if (i > 0) {
        do sender = rng.pick(members);
        while (sender === previous);
      }
      // Reply-all, or a reply to the last sender only (kept only when an employee is on it).
      const replyAll = i === 0 || rng.chance(REPLY_ALL_SHARE) || (!isMeasured(sender) && !isMeasured(previous));
      const sentAt = start + offsets[i];
      const mailId = ctx.ids.next(rng, 'MailId');
      const recipientCount = replyAll ? members.length - 1 + (list >= 0 ? 1 : 0) : 1;
      const writing = rng.pick(SENDER_TIME);
      // SentTime is in the sender's local time, as documented.
      const senderLocal = time.at(sentAt + view.offset[sender]);
      out.Mails.line(`${mailId},${conversationId},${i === 0 ? subject : reply},${senderLocal},${writing.minutes},${recipientCount}`);
      out.MailParticipants.line(`${mailId},${view.personHistoricalId[sender]},True,${senderLocal},${writing.hours},${writing.minutes}`);
      calendar.emailSent(sender, sentAt);
      const mailHasExternal = replyAll ? threadHasExternal : isExternal(sender) || isExternal(previous);
      if (mailHasExternal && isSeller(sender)) stats.externalMails[sender]++;
      if (replyAll) {
        for (const r of members) {
          if (r === sender) continue;
          received(mailId, r, sentAt, rng.pick(READER_TIME));
          stats.pair(view, sender, r, 'mailInteractions');
          if (mailHasExternal && isSeller(r)) stats.externalMails[r]++;
        }
        if (list >= 0) received(mailId, list, sentAt, NO_TIME);
      } else {
        received(mailId, previous, sentAt, rng.pick(READER_TIME));
        stats.pair(view, sender, previous, 'mailInteractions');
        if (mailHasExternal && isSeller(previous)) stats.externalMails[previous]++;
      }
      previous = sender;
    }
    stats.thread(fn, length);
  };

  const members: number[] = [];
  for (let originator = 0; originator < org.measuredCount; originator++) {
    for (let t = rng.poisson(THREADS_PER_PERSON_WEEK); t > 0; t--) {
      members.length = 0;
      members.push(originator);
      addColleagues(ctx, originator, 1 + rng.poisson(EXTRA_COLLEAGUES_MEAN), rng, members);
      maybeAddExternal(ctx, originator, rng, members);
      maybeAddInternal(ctx, 0.04, rng, members);
      writeThread(members, rng.chance(DISTRIBUTION_LIST_CHANCE) ? rng.pick(org.distributionLists) : -1);
    }
    for (let t = customerActivityCount(ctx, originator, CUSTOMER_ACTIVITY_PER_WEEK.threads, rng); t > 0; t--) {
      writeThread(customerParticipants(ctx, originator, rng), -1);
    }
    await ctx.checkpoint();
  }
}
