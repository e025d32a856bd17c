/**
 * "in 3 days", "in 40 minutes", "on 2025-01-31" (far away), "3 hours ago": whole units, counted
 * down (23 h 40 min is "23 hours"), so the backend's summary and the window's label agree.
 */
export function relativeTime(when: Date, now: Date): string {
  const ms = when.getTime() - now.getTime();
  const abs = Math.abs(ms);
  const units: [number, string][] = [
    [24 * 3600_000, 'day'],
    [3600_000, 'hour'],
    [60_000, 'minute'],
  ];
  if (abs > 90 * 24 * 3600_000) return `on ${when.toISOString().slice(0, 10)}`;
  let text = 'less than a minute';
  for (const [size, name] of units) {
    const n = Math.floor(abs / size);
    if (n >= 1) {
      text = `${n} ${name}${n === 1 ? '' : 's'}`;
      break;
    }
  }
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}
