/** How numbers, sizes, durations and times read in the UI. */
import { formatBytes } from '../../../shared/format/bytes.js';
import { relativeTime } from '../../../shared/format/relativeTime.js';

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 3 });

export function formatCount(n: number | bigint): string {
  return integer.format(n);
}

export function formatNumber(n: number): string {
  return Number.isInteger(n) ? integer.format(n) : decimal.format(n);
}

export { formatBytes };

export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** "4 s", "2 min 10 s", "1 h 5 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** A DuckDB timestamp or date as text, shown as "2024-01-03 09:15:00" (fractions kept when present). */
export function formatTimestamp(value: string): string {
  return value.replace('T', ' ').replace(/(\.\d*?)0+(?=$|[Z+-])/, '$1').replace(/\.(?=$|[Z+-])/, '');
}

export function formatDate(value: string): string {
  return value.slice(0, 10);
}

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** "Jan 1 – Feb 24, 2024": a span of dates (timestamps or dates as text), compact. */
export function formatSpan(min: string, max: string): string {
  const a = new Date(`${formatDate(min)}T00:00:00Z`);
  const b = new Date(`${formatDate(max)}T00:00:00Z`);
  if (Number.isNaN(a.getTime()) || Number.isNaN(b.getTime())) return `${formatDate(min)} – ${formatDate(max)}`;
  return dayFormat.formatRange(a, b);
}

/** "3 days ago", "in 5 hours", relative to now; the same words (and rounding) as the backend's. */
export function formatRelative(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return relativeTime(new Date(t), new Date(now));
}

export function formatDateTimeLocal(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** A table's row count; null when it could not be counted, which is never shown as 0. */
export function pluralRows(n: number | null): string {
  return n === null ? 'rows unknown' : plural(n, 'row');
}
