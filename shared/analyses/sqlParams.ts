/** Helpers for putting checked parameter values into catalogue SQL, and the parameters many analyses share. */
import { literal } from '../sql/quote.js';
import type { AnalysisParam, ParamValues } from './types.js';
import { workingHoursOf } from './workingHours.js';

/** People only: rooms and distribution lists are not people (the one rule is in population.ts). */
export { isPersonSql as isPerson } from './population.js';

/** The view holding PersonHistorical plus joined HR/sales columns; analyses read attributes from it. */
export { PERSON_ATTRIBUTES_VIEW as ATTRIBUTES } from '../schema/views.js';

export const byParam = (defaultAttribute: string, description = 'HR attribute to group people by.'): AnalysisParam => ({
  name: 'by',
  label: 'Group by',
  kind: 'attribute',
  default: defaultAttribute,
  description,
});

/** The period: weeks (Monday, UTC) from `from` to `to`, both optional ISO dates. */
export const PERIOD_PARAMS: AnalysisParam[] = [
  { name: 'from', label: 'From week', kind: 'date', default: null, description: 'First week to include (any date in it, YYYY-MM-DD); empty = from the start of the export.' },
  { name: 'to', label: 'To week', kind: 'date', default: null, description: 'Last week to include (any date in it); empty = to the end of the export.' },
];

/** Working hours, local time, Mon–Fri (the product default is 08:00–17:00). */
export const WORKING_HOURS_PARAMS: AnalysisParam[] = [
  { name: 'workStart', label: 'Working day starts (hour)', kind: 'integer', default: 8, min: 0, max: 23, description: 'Local hour the working day starts, Monday to Friday.' },
  { name: 'workEnd', label: 'Working day ends (hour)', kind: 'integer', default: 17, min: 1, max: 24, description: 'Local hour the working day ends (exclusive).' },
];

/** A condition on a DATE column `week` (a Monday) that keeps the chosen period. */
export function periodCondition(params: ParamValues, weekColumn = 'week'): string {
  const parts: string[] = [];
  if (typeof params.from === 'string' && params.from) parts.push(`${weekColumn} >= CAST(date_trunc('week', DATE ${literal(params.from)}) AS DATE)`);
  if (typeof params.to === 'string' && params.to) parts.push(`${weekColumn} <= CAST(date_trunc('week', DATE ${literal(params.to)}) AS DATE)`);
  return parts.length ? parts.join(' AND ') : 'true';
}

/** Outside working hours: the weekend, or before `workStart` / from `workEnd` on a weekday. */
export function afterHoursCondition(params: ParamValues, dow = 'dow', hour = 'hour'): string {
  const { start, end } = workingHoursOf(params);
  return `(${dow} >= 5 OR ${hour} < ${start} OR ${hour} >= ${end})`;
}

/** Round for display: results keep 3 decimals (the raw values are in the SQL for anyone who needs them). */
export const r3 = (sql: string) => `round(${sql}, 3)`;

/**
 * Sums and means that do not depend on the order rows arrive in. A DOUBLE sum does (floating-point
 * addition is not associative, and DuckDB's parallel aggregation fixes no order), so a value on a
 * rounding step showed as 12.252 in one run and 12.253 in the next. Each value is taken to 9
 * decimals (the inputs carry at most 6; this also absorbs the last-bit noise of sums upstream) and
 * added exactly as a DECIMAL; the result is a DOUBLE again, so rounding and types are unchanged.
 * Use these for every sum or mean over fractional values that an analysis shows or compares.
 */
const EXACT = 'DECIMAL(38, 9)';
export const exactSum = (sql: string, filter?: string): string => `CAST(sum(CAST(${sql} AS ${EXACT}))${filter ? ` FILTER (WHERE ${filter})` : ''} AS DOUBLE)`;
export const exactAvg = (sql: string): string => `CAST(avg(CAST(${sql} AS ${EXACT})) AS DOUBLE)`;
/** The exact sum as a window aggregate, e.g. a group's total beside each row: `exactSumOver('h', '(PARTITION BY grp)')`. */
export const exactSumOver = (sql: string, window: string): string => `CAST(sum(CAST(${sql} AS ${EXACT})) OVER ${window} AS DOUBLE)`;
/** The exact mean as a window aggregate; `window` is a window's name or its parenthesised definition. */
export const exactAvgOver = (sql: string, window: string): string => `CAST(avg(CAST(${sql} AS ${EXACT})) OVER ${window} AS DOUBLE)`;

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Weekday name for a 0-based (Monday = 0) weekday number. */
export function weekdayName(dow: string): string {
  return `CASE ${dow} ${WEEKDAYS.map((d, i) => `WHEN ${i} THEN '${d}'`).join(' ')} END`;
}
