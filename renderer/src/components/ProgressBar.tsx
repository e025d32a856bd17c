/** A progress bar; without a percentage it shows that work is under way. */
export function ProgressBar({ percent, state = 'running', label }: { percent?: number; state?: 'running' | 'done' | 'failed'; label: string }) {
  const known = percent !== undefined && Number.isFinite(percent);
  const value = known ? Math.max(0, Math.min(100, percent)) : undefined;
  const cls = ['progress', !known && state === 'running' ? 'progress--indeterminate' : '', state !== 'running' ? `progress--${state}` : ''].filter(Boolean).join(' ');
  return (
    <div className={cls} role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={value !== undefined ? Math.round(value) : undefined}>
      <div className="progress__bar" style={{ width: `${state === 'done' ? 100 : (value ?? 0)}%` }} />
    </div>
  );
}
