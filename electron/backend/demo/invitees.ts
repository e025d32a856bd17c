/** Building the participant list of a thread, meeting, call or chat around the person who starts it. */
import type { Random } from './prng.js';
import { CUSTOMER_COLLEAGUE_CHANCE, customerActivityMean, EXTERNAL_CHANCE } from './sellerModel.js';
import type { WeekContext } from './weekContext.js';

/** Add `count` distinct measured colleagues of `person` (fewer if the draws keep repeating). */
export function addColleagues(ctx: WeekContext, person: number, count: number, rng: Random, into: number[]): void {
  for (let tries = 0, added = 0; added < count && tries < count * 3; tries++) {
    const c = ctx.view.pickColleague(person, rng);
    if (!into.includes(c)) {
      into.push(c);
      added++;
    }
  }
}

/** Ordinary work rarely involves an external collaborator: a seller's own contact, or anyone's. */
export function maybeAddExternal(ctx: WeekContext, person: number, rng: Random, into: number[]): void {
  if (!rng.chance(EXTERNAL_CHANCE)) return;
  const book = ctx.org.accountBook[person];
  const x = rng.pick(book.length > 0 ? book : ctx.org.external);
  if (!into.includes(x)) into.push(x);
}

/** Sometimes an internal collaborator (a colleague outside the measured population) joins in. */
export function maybeAddInternal(ctx: WeekContext, chance: number, rng: Random, into: number[]): void {
  if (ctx.org.internal.length > 0 && rng.chance(chance)) {
    const x = rng.pick(ctx.org.internal);
    if (!into.includes(x)) into.push(x);
  }
}

/**
 * Planted effect 3: how many customer threads / meetings / calls a seller starts this week
 * (0 for non-sellers), Poisson with a mean that grows with the seller's latent propensity.
 */
export function customerActivityCount(ctx: WeekContext, person: number, perWeek: number, rng: Random): number {
  if (ctx.org.accountBook[person].length === 0) return 0;
  return rng.poisson(customerActivityMean(perWeek, ctx.org.externalPropensity[person]));
}

/** A customer interaction's participants: the seller, 1–3 of their external contacts, maybe a colleague. */
export function customerParticipants(ctx: WeekContext, seller: number, rng: Random): number[] {
  const into = [seller];
  const book = ctx.org.accountBook[seller];
  for (let k = rng.weightedIndex([0.55, 0.3, 0.15]) + 1; k > 0; k--) {
    const x = rng.pick(book);
    if (!into.includes(x)) into.push(x);
  }
  if (rng.chance(CUSTOMER_COLLEAGUE_CHANCE)) addColleagues(ctx, seller, 1, rng, into);
  return into;
}
