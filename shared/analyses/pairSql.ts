/**
 * Pair collaboration between measured employees, with each person's HR attributes for the week:
 * shared by the co-location and group-network analyses.
 */
import { derived } from './derived/names.js';
import { ATTRIBUTES, periodCondition } from './sqlParams.js';
import type { AnalysisParam, ParamValues } from './types.js';
import { allOf, anyOf, IN, PERSON_NEEDS, PERSON_READS, type Inputs } from './inputs.js';

/** Pair time reads every activity; without one (its table not loaded, say) it is the others' sum. */
export const PAIR_TIME_INPUTS: Inputs = anyOf(allOf(IN.emails, IN.emailTime), allOf(IN.meetings, IN.meetingTime), IN.calls, allOf(IN.ims, IN.imTime));

/** A pair analysis runs on the population alone; each pair value is partial without a source. */
export const PAIR_ANALYSIS_INPUTS: Inputs = { needs: PERSON_NEEDS, reads: [...new Set([...PERSON_READS, ...PAIR_TIME_INPUTS.reads])] };

export const PAIR_WEIGHTING_PARAM: AnalysisParam = {
  name: 'pairWeighting',
  label: 'Meeting time per pair',
  kind: 'enum',
  options: ['full', 'divided'],
  default: 'full',
  description: "full: every attendee pair shares the shorter of the two attendees' (adjusted) meeting time; divided: the duration divided by attendees − 1, so large meetings do not dominate.",
};

export const PAIR_DEFINITION =
  "Pair time (people only; rooms and distribution lists never count): meetings — each attendee pair shares the shorter of the two attendees' MeetingParticipants.DurationMinutesAdjusted (or that divided by attendees − 1, per the option); " +
  "emails — sender ↔ each recipient, the recipient's MailParticipants.PersonTimeSpentInHours; calls — the overlap of both people's CallParticipants.LocalStartTime–LocalEndTime, put on one clock by each HR version's offset learnt from its meetings (local time as is when it has none); IMs — the sender's InstantMessageParticipants.SenderTimeSpentInMinutes, to each recipient. " +
  'A meaningful interaction is an email, meeting or call with 2–8 people on it, or 3 IMs.';

/** The hours of one pair-week row under the chosen weighting. */
export function pairHoursExpr(params: ParamValues, alias = 'x'): string {
  const meeting = params.pairWeighting === 'divided' ? `${alias}.meeting_hours_split` : `${alias}.meeting_hours`;
  return `(${alias}.email_hours + ${meeting} + ${alias}.call_hours + ${alias}.im_hours)`;
}

/**
 * CTEs `pw` (measured person-weeks of the period with the given attribute expressions as columns)
 * and `pairs` (pair-weeks of two such people: week, a, b, hours h, meaningful interactions mi,
 * and each side's attribute columns suffixed _a / _b).
 *
 * Attributes named in `coded` are carried as integer codes instead of text, with a CTE
 * `<name>_labels (code, label)` to join the labels back: the pair join and any grouping of its
 * millions of rows by an integer cost far less than by a text label.
 */
export function classifiedPairsCtes(params: ParamValues, attributes: Record<string, string>, coded: string[] = []): string {
  const names = Object.keys(attributes);
  const notNull = names.map((n) => `${attributes[n]} IS NOT NULL`).join(' AND ') || 'true';
  const labelled = `SELECT p.week, p.pid, ${names.map((n) => `${attributes[n]} AS ${n}`).join(', ')}
  FROM ${derived('person_week')} p JOIN ${ATTRIBUTES} a ON a.PersonHistoricalId = p.PersonHistoricalId
  WHERE ${periodCondition(params, 'p.week')} AND ${notNull}`;
  const pw = coded.length === 0
    ? `pw AS (\n  ${labelled}\n)`
    : `pw_labelled AS (\n  ${labelled}\n),
${coded.map((n) => `${n}_labels AS (SELECT ${n} AS label, CAST(row_number() OVER (ORDER BY ${n}) AS INTEGER) AS code FROM (SELECT DISTINCT ${n} FROM pw_labelled))`).join(',\n')},
pw AS (
  SELECT l.week, l.pid, ${names.map((n) => (coded.includes(n) ? `${n}_labels.code AS ${n}` : `l.${n}`)).join(', ')}
  FROM pw_labelled l ${coded.map((n) => `JOIN ${n}_labels ON ${n}_labels.label = l.${n}`).join(' ')}
)`;
  return `${pw},
pairs AS (
  SELECT x.week, x.a, x.b, ${pairHoursExpr(params)} AS h, x.meaningful + floor(x.ims / 3) AS mi,
    ${names.map((n) => `pa.${n} AS ${n}_a, pb.${n} AS ${n}_b`).join(', ')}
  FROM ${derived('pair_week')} x
  JOIN pw pa ON pa.week = x.week AND pa.pid = x.a
  JOIN pw pb ON pb.week = x.week AND pb.pid = x.b
  WHERE ${periodCondition(params, 'x.week')}
)`;
}
