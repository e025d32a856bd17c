/**
 * One week of chat: short bursts of instant messages in one-to-one chats (InteractionType
 * OneOnOneChat) and small group chats (GroupChat), streamed to the two IM tables. SentTime is the
 * sender's local time; each participant row has that participant's local time.
 */
import { Random } from './prng.js';
import { SECONDS_PER_MINUTE } from './timestamps.js';
import { addColleagues } from './invitees.js';
import { localActivityTime } from './weekView.js';
import type { WeekContext } from './weekContext.js';

const CHAT_SESSIONS_PER_PERSON_WEEK = 4;
const MEAN_EXTRA_MESSAGES = 4;
const MAX_MESSAGES = 30;
const AFTER_HOURS_SHARE = 0.12;
/** Chats are on Teams; a few still on Skype for Business. */
const SKYPE_SHARE = 0.06;
/** Time spent writing one message, minutes: 6 s to 2 min. */
const SENDER_MINUTES = Array.from({ length: 20 }, (_, i) => String(Math.round((0.1 + i * 0.1) * 100) / 100));

export async function writeWeekInstantMessages(ctx: WeekContext): Promise<void> {
  const { org, view, time, out, seed } = ctx;
  const rng = new Random(seed, 'instant-messages', view.week);
  for (let p = 0; p < org.measuredCount; p++) {
    for (let k = rng.poisson(CHAT_SESSIONS_PER_PERSON_WEEK); k > 0; k--) {
      const members: number[] = [p];
      addColleagues(ctx, p, rng.chance(0.8) ? 1 : rng.int(2, 4), rng, members);
      const app = rng.chance(SKYPE_SHARE) ? 'Skype' : 'Teams';
      const interaction = members.length === 2 ? 'OneOnOneChat' : 'GroupChat';
      const messages = Math.min(MAX_MESSAGES, 2 + rng.geometric(MEAN_EXTRA_MESSAGES));
      const [day, secondOfDay] = localActivityTime(rng, AFTER_HOURS_SHARE);
      let sentAt = view.utcFromLocal(p, day, secondOfDay, messages * 6 * SECONDS_PER_MINUTE);
      let sender = p;
      for (let i = 0; i < messages; i++) {
        if (i > 0) {
          const previous = sender;
          do sender = rng.pick(members);
          while (sender === previous);
          sentAt += 10 + Math.min(5 * SECONDS_PER_MINUTE, Math.floor(rng.exponential(90)));
        }
        const id = ctx.ids.next(rng, 'InstantMessageId');
        out.InstantMessages.line(`${id},${app},${time.at(sentAt + view.offset[sender])},${interaction},${members.length}`);
        for (const e of members) {
          const isSender = e === sender;
          out.InstantMessageParticipants.line(
            `${id},${view.personHistoricalId[e]},${view.isAfterHours(e, sentAt) ? 'True' : 'False'},${isSender ? 'True' : 'False'},${time.at(sentAt + view.offset[e])},${isSender ? rng.pick(SENDER_MINUTES) : '0'}`,
          );
        }
      }
    }
    if (p % 32 === 31) await ctx.checkpoint();
  }
}
