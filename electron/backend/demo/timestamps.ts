/**
 * Timestamps of the demo export, as whole seconds since the export's first Monday 00:00 UTC.
 *
 * Formatting is the hot path (tens of millions of values), so a value is a cached day prefix plus a
 * cached time-of-day suffix; no Date object, no locale.
 */

export type DemoTimestampFormat = 'iso' | 'us';

export const SECONDS_PER_MINUTE = 60;
export const SECONDS_PER_HOUR = 3600;
export const SECONDS_PER_DAY = 86_400;
export const SECONDS_PER_WEEK = 7 * SECONDS_PER_DAY;
const MS_PER_DAY = SECONDS_PER_DAY * 1000;

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

export class TimestampFormatter {
  private readonly dayPrefixes = new Map<number, string>();
  private readonly timesOfDay: (string | undefined)[] = new Array<string | undefined>(SECONDS_PER_DAY);

  /** `epochMs`: the UTC midnight that second 0 stands for. */
  constructor(
    readonly format: DemoTimestampFormat,
    private readonly epochMs: number,
  ) {}

  /** `2024-01-03T09:30:00` (iso) or `1/3/2024 9:30:00 AM` (us) for seconds since the epoch. */
  at(seconds: number): string {
    const day = Math.floor(seconds / SECONDS_PER_DAY);
    const secondOfDay = seconds - day * SECONDS_PER_DAY;
    let prefix = this.dayPrefixes.get(day);
    if (prefix === undefined) {
      prefix = this.datePrefix(this.epochMs + day * MS_PER_DAY);
      this.dayPrefixes.set(day, prefix);
    }
    let time = this.timesOfDay[secondOfDay];
    if (time === undefined) {
      time = this.timeOfDay(secondOfDay);
      this.timesOfDay[secondOfDay] = time;
    }
    return prefix + time;
  }

  /** Midnight of any UTC day given in epoch milliseconds (HR dates, the far-future end date). */
  midnight(utcMs: number): string {
    return this.datePrefix(utcMs) + this.timeOfDay(0);
  }

  private datePrefix(utcMs: number): string {
    const d = new Date(utcMs);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + 1;
    const day = d.getUTCDate();
    return this.format === 'iso' ? `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(day)}T` : `${m}/${day}/${y} `;
  }

  private timeOfDay(secondOfDay: number): string {
    const h = Math.floor(secondOfDay / SECONDS_PER_HOUR);
    const min = Math.floor((secondOfDay % SECONDS_PER_HOUR) / SECONDS_PER_MINUTE);
    const s = secondOfDay % SECONDS_PER_MINUTE;
    if (this.format === 'iso') return `${pad2(h)}:${pad2(min)}:${pad2(s)}`;
    const h12 = h % 12 === 0 ? 12 : h % 12;
    return `${h12}:${pad2(min)}:${pad2(s)} ${h < 12 ? 'AM' : 'PM'}`;
  }
}

/** `YYYY-MM-DD` of a UTC instant, for the analyst's HR file. */
export function isoDate(utcMs: number): string {
  const d = new Date(utcMs);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** Parse `YYYY-MM-DD` to UTC midnight in ms, or undefined when it is not a real date. */
export function parseIsoDate(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return isoDate(ms) === text ? ms : undefined;
}

/** 0 = Monday … 6 = Sunday for a day index counted from a Monday. */
export function weekdayOf(dayIndex: number): number {
  return ((dayIndex % 7) + 7) % 7;
}
