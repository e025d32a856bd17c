/**
 * What one group of a k-anonymity set is called: a set of one attribute groups people by its
 * values, a set of several by combinations of values. The screen, the finding and both reports
 * say it the same way.
 */
export function groupNoun(attributes: readonly string[], many = true): string {
  const one = attributes.length === 1 ? 'value' : 'combination';
  return many ? `${one}s` : one;
}

/** "Organization values held by fewer than 5" / "Organization × Level combinations of fewer than 5". */
export function smallGroupsPhrase(attributes: readonly string[], k: number): string {
  const groups = attributes.length === 1 ? 'values held by' : 'combinations of';
  return `${attributes.join(' × ')} ${groups} fewer than ${k}`;
}

/** The heading of the column counting each set's groups, for the sets shown together. */
export function groupsHeading(sets: readonly { attributes: readonly string[] }[]): string {
  const single = sets.filter((s) => s.attributes.length === 1).length;
  return single === sets.length ? 'Values' : single === 0 ? 'Combinations' : 'Values or combinations';
}
