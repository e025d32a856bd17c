/**
 * The working-hours rule: Monday to Friday (dow 0–4), from `workStart` to `workEnd` (exclusive),
 * local time, 08:00–17:00 unless set. The SQL form is afterHoursCondition (sqlParams.ts); this
 * form lets a table fill "In working hours" for a slot whose values the privacy guard hid (the
 * flag follows from weekday and hour alone, so it tells nothing about the people in the slot).
 */
import type { ParamValues } from './types.js';

export function workingHoursOf(params: ParamValues): { start: number; end: number } {
  return { start: Number(params.workStart ?? 8), end: Number(params.workEnd ?? 17) };
}

export function isWorkingHour(params: ParamValues, dow: number, hour: number): boolean {
  const { start, end } = workingHoursOf(params);
  return dow < 5 && hour >= start && hour < end;
}
