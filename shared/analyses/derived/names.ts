/**
 * Derived tables: param-free building blocks computed once per ingest from the export's tables,
 * so each analysis reads thousands of person-weeks instead of re-scanning ten million participant
 * rows. They live in their own catalog, `derived`, so they never mix with the export's tables.
 */

export const DERIVED_CATALOG = 'derived';

export const DERIVED_NAMES = [
  'person_version',
  'person',
  'weeks',
  'person_week',
  'person_offset',
  'mail_event',
  'thread',
  'meeting_event',
  'meeting_attendance',
  'call_leg',
  'im_event',
  'activity_hour',
  'pair_week',
  'tie_week',
  'network_size',
  'person_week_version',
  'meeting_hour',
  'generated_email',
  'network_reach',
] as const;

export type DerivedName = (typeof DERIVED_NAMES)[number];

/** The qualified name analysis SQL uses for a derived table. */
export function derived(name: DerivedName): string {
  return `${DERIVED_CATALOG}.${name}`;
}
