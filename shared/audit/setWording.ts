/**
 * What one group of a k-anonymity set is called: a set of one attribute groups people by its
 * values, a set of several by combinations of values. The screen, the finding and both reports
 * say it the same way.
 */
import { agreeing } from '../format/plural.js';

export function groupNoun(attributes: readonly string[], many = true): string {
  const one = attributes.length === 1 ? 'value' : 'combination';
  return many ? `${one}s` : one;
}

/** "Organization values held by fewer than 5" / "Organization × Level combinations of fewer than 5". */
export function smallGroupsPhrase(attributes: readonly string[], k: number): string {
  const groups = attributes.length === 1 ? 'values held by' : 'combinations of';
  return `${attributes.join(' × ')} ${groups} fewer than ${k}`;
}

/** A small-groups finding's title, agreeing with its count: "1 of 400 measured employees is in Organization values held by fewer than 5". */
export function smallGroupsTitle(peopleBelow: number, ofCounted: string, attributes: readonly string[], k: number): string {
  return `${peopleBelow} ${ofCounted} ${agreeing(peopleBelow, 'is', 'are')} in ${smallGroupsPhrase(attributes, k)}`;
}

/** The heading of the column counting each set's groups, for the sets shown together. */
export function groupsHeading(sets: readonly { attributes: readonly string[] }[]): string {
  const single = sets.filter((s) => s.attributes.length === 1).length;
  return single === sets.length ? 'Values' : single === 0 ? 'Combinations' : 'Values or combinations';
}
