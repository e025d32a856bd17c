/**
 * A job's progress in words and numbers: a bar, bytes and files done, rate, time left, the step
 * it is on (with a short log of earlier steps), Cancel while it runs, the error if it failed.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { JobInfo } from '../../../shared/api/contract.js';
import { useApiAction } from '../api/useApi.js';
import { formatBytes, formatCount, formatDuration, formatRate, plural } from '../lib/format.js';
import { ErrorNotice, Notice } from './Notice.js';
import { Icon } from './Icon.js';
import { ProgressBar } from './ProgressBar.js';

const STATUS_TEXT: Record<JobInfo['status'], string> = { running: 'Running', done: 'Done', failed: 'Failed', cancelled: 'Cancelled' };
const STATUS_BADGE: Record<JobInfo['status'], string> = { running: 'badge--accent', done: 'badge--success', failed: 'badge--danger', cancelled: 'badge--warning' };

/** Messages that are updates of the same step ("Downloading a.csv, b.csv" → "Downloading b.csv"). */
function sameStep(a: string, b: string): boolean {
  const word = (s: string) => s.split(' ', 1)[0];
  const isFileList = (s: string) => /\.csv\b|, /.test(s);
  return word(a) === word(b) && isFileList(a) && isFileList(b);
}

/** The steps the job went through, oldest first (events only carry the latest message). */
function useStepLog(job: JobInfo): string[] {
  const [log, setLog] = useState<string[]>([]);
  const last = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (job.message && job.message !== last.current) {
      last.current = job.message;
      const message = job.message;
      setLog((l) => (l.length > 0 && sameStep(l[l.length - 1], message) ? [...l.slice(0, -1), message] : [...l.slice(-199), message]));
    }
  }, [job.message]);
  return log;
}

/** Seconds since the job started, on the backend's clock (its start time), ticking while it runs. */
function useElapsedSeconds(job: JobInfo): number | undefined {
  const running = job.status === 'running';
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!running) return;
    const t = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(t);
  }, [running]);
  if (job.startedAt === undefined) return undefined;
  return Math.max(0, ((running ? now : (job.endedAt ?? now)) - job.startedAt) / 1000);
}

export function JobProgress({ job, showLog = false, done }: { job: JobInfo; showLog?: boolean; done?: ReactNode }) {
  const cancel = useApiAction('jobs/cancel');
  const log = useStepLog(job);
  const running = job.status === 'running';
  const elapsed = useElapsedSeconds(job);
  const barState = job.status === 'done' ? 'done' : job.status === 'running' ? 'running' : 'failed';

  return (
    <section className="job" aria-label={`${job.title} progress`}>
      <div className="job__head">
        <div className="row">
          <span className="job__title">{job.title}</span>
          <span className={`badge ${STATUS_BADGE[job.status]}`} data-testid="job-status">
            {running && <span className="spinner" style={{ width: 10, height: 10 }} aria-hidden="true" />}
            {STATUS_TEXT[job.status]}
          </span>
        </div>
        <div className="row">
          {job.percent !== undefined && (
            <strong className="num" data-testid="job-percent">
              {Math.floor(job.percent)}%
            </strong>
          )}
          {running && (
            <button type="button" className="btn btn--sm btn--danger" onClick={() => void cancel.run({ jobId: job.id })} disabled={cancel.state.status === 'loading'}>
              <Icon name="stop" size={12} /> Cancel
            </button>
          )}
        </div>
      </div>
      <ProgressBar percent={job.percent} state={barState} label={job.title} />
      <div className="job__stats">
        {job.bytesTotal !== undefined && (
          <span>
            <strong>{formatBytes(job.bytesDone ?? 0)}</strong> of {formatBytes(job.bytesTotal)}
          </span>
        )}
        {job.filesTotal !== undefined && (
          <span>
            <strong>{formatCount(job.filesDone ?? 0)}</strong> of {plural(job.filesTotal, 'file')}
          </span>
        )}
        {running && job.bytesTotal === undefined && job.bytesDone !== undefined && job.bytesDone > 0 && (
          <span>
            <strong>{formatBytes(job.bytesDone)}</strong> written
          </span>
        )}
        {running && job.rate !== undefined && job.rate > 0 && <span data-testid="job-rate">{formatRate(job.rate)}</span>}
        {running && job.etaSeconds !== undefined && job.etaSeconds >= 1 && <span>about {formatDuration(job.etaSeconds)} left</span>}
        {elapsed !== undefined && elapsed >= 1 && <span data-testid="job-elapsed">{running ? `${formatDuration(elapsed)} elapsed` : `took ${formatDuration(elapsed)}`}</span>}
      </div>
      {job.message && running && (
        <div className="job__message" title={job.message}>
          {job.message}
        </div>
      )}
      {showLog && job.status !== 'done' && log.length > 1 && (
        <ol className="job-log" aria-label="Steps so far">
          {log.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ol>
      )}
      {job.status === 'failed' && job.error && <ErrorNotice error={job.error} />}
      {job.status === 'cancelled' && (
        <Notice tone="warning" title={job.message && job.message !== 'Cancelled' ? job.message : 'Stopped on request'}>
          Nothing was changed by the unfinished part.
        </Notice>
      )}
      {cancel.state.status === 'error' && <ErrorNotice error={cancel.state.error} title="Could not cancel" />}
      {job.status === 'done' && done}
    </section>
  );
}
