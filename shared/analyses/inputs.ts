/**
 * The documented columns metrics and analyses read (`Table.Column`, as in exportSchema.ts), and
 * what follows when the export lacks one: a need that is unavailable disables (an analysis does
 * not run; a metric is NULL), a column only read makes the value partial (computed from the rest,
 * with a note). A missing table makes all its columns unavailable.
 */
import { describeUnavailable, FULL_AVAILABILITY, unavailableColumns, type ExportAvailability } from '../schema/availability.js';
import type { ColumnRef } from '../schema/exportSchema.js';

/** A column that is needed, or a list of columns any one of which will do. */
export type Need = ColumnRef | readonly ColumnRef[];

/** What a metric or result column reads: `needs` (NULL without them) and every column it reads. */
export interface Inputs {
  needs: readonly Need[];
  reads: readonly ColumnRef[];
}

/** Every column a list of needs names. */
export function needRefs(needs: readonly Need[]): ColumnRef[] {
  return [...new Set(needs.flatMap((n) => (typeof n === 'string' ? [n] : [...n])))];
}

/** The needs not met: a single column unavailable, or every alternative of a list unavailable. */
export function missingNeeds(needs: readonly Need[], availability: ExportAvailability): ColumnRef[] {
  const out: ColumnRef[] = [];
  for (const n of needs) {
    const refs = typeof n === 'string' ? [n] : [...n];
    const gone = unavailableColumns(refs, availability);
    if (gone.length === refs.length) out.push(...gone);
  }
  return [...new Set(out)];
}

export interface InputStatus {
  /** Needs not met: the value cannot be computed (human names, from describeUnavailable). */
  missing: string[];
  /** Columns read but unavailable while the needs are met: the value leaves them out. */
  partial: string[];
}

export function inputStatus(inputs: Inputs, availability: ExportAvailability): InputStatus {
  const missing = missingNeeds(inputs.needs, availability);
  const partial = missing.length ? [] : unavailableColumns([...inputs.reads, ...needRefs(inputs.needs)], availability);
  return { missing: describeUnavailable(missing, availability), partial: describeUnavailable(partial, availability) };
}

/** What a plan is built for: the export's availability (a complete export when not said). */
export interface BuildContext {
  availability: ExportAvailability;
}

export const FULL_CONTEXT: BuildContext = { availability: FULL_AVAILABILITY };

export function needsMet(needs: readonly Need[], ctx: BuildContext = FULL_CONTEXT): boolean {
  return missingNeeds(needs, ctx.availability).length === 0;
}

/** `sql`, or a typed NULL when the needs are not met (a value the export cannot give is NULL, never 0). */
export function orNull(needs: readonly Need[], sql: string, ctx: BuildContext = FULL_CONTEXT, type = 'DOUBLE'): string {
  return needsMet(needs, ctx) ? sql : `CAST(NULL AS ${type})`;
}

/** The columns every analysis reads to know who is who: the PersonHistorical versions. */
export const PERSON_NEEDS: Need[] = ['PersonHistorical.PersonHistoricalId', 'PersonHistorical.EmailAddress', 'PersonHistorical.PopulationType'];
export const PERSON_READS: ColumnRef[] = [...(PERSON_NEEDS as ColumnRef[]), 'PersonHistorical.StartDate', 'PersonHistorical.EndDate', 'PersonHistorical.IsInternal'];

/** Inputs by activity, shared by metric definitions. */
export const IN = {
  emails: { needs: ['MailParticipants.MailId', 'MailParticipants.IsSender', 'Mails.SentTime'], reads: ['MailParticipants.PersonHistoricalId', 'MailParticipants.LocalSentTime', 'Mails.MailId'] },
  emailTime: {
    needs: [['MailParticipants.PersonTimeSpentInHours', 'MailParticipants.PersonTimeSpentInMinutes']],
    reads: ['MailParticipants.PersonTimeSpentInHours', 'MailParticipants.PersonTimeSpentInMinutes', 'Mails.SenderTimeSpentinMinutes'],
  },
  meetings: {
    needs: ['Meetings.StartTime', 'MeetingParticipants.MeetingId'],
    reads: ['Meetings.MeetingId', 'Meetings.IsCanceled', 'MeetingParticipants.PersonHistoricalId', 'MeetingParticipants.Response', 'MeetingParticipants.LocalStartTime'],
  },
  meetingTime: {
    needs: [['MeetingParticipants.DurationMinutesAdjusted', 'Meetings.DurationMinutes']],
    reads: ['MeetingParticipants.DurationMinutesAdjusted', 'Meetings.DurationMinutes'],
  },
  calls: { needs: ['CallParticipants.LocalStartTime', 'CallParticipants.LocalEndTime'], reads: ['CallParticipants.CallRecordId', 'CallParticipants.PersonHistoricalId'] },
  ims: { needs: ['InstantMessageParticipants.InstantMessageId', 'InstantMessageParticipants.IsSender', 'InstantMessages.SentTime'], reads: ['InstantMessageParticipants.PersonHistoricalId', 'InstantMessageParticipants.LocalSentTime', 'InstantMessages.InstantMessageId'] },
  imTime: { needs: ['InstantMessageParticipants.SenderTimeSpentInMinutes'], reads: ['InstantMessageParticipants.SenderTimeSpentInMinutes'] },
} satisfies Record<string, Inputs>;

/** Inputs together: every need and every read of each. */
export function allOf(...parts: Inputs[]): Inputs {
  return { needs: parts.flatMap((p) => p.needs), reads: [...new Set(parts.flatMap((p) => [...p.reads, ...needRefs(p.needs)]))] };
}

/** Inputs of a value made of parts, any one of which will do (a sum over activities): partial without some. */
export function anyOf(...parts: Inputs[]): Inputs {
  // Needs: at least one part computable; the part's first need stands for its table being there.
  const heads = parts.map((p) => p.needs[0]).filter((n): n is ColumnRef => typeof n === 'string');
  return { needs: heads.length ? [heads] : [], reads: [...new Set(parts.flatMap((p) => [...p.reads, ...needRefs(p.needs)]))] };
}
