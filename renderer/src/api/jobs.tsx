/**
 * Long-running work (sync, export, …) as jobs: one subscription to backend events feeds every
 * screen, so progress survives switching screens and a job finished elsewhere still shows.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { JobInfo } from '../../../shared/api/contract.js';
import { useApi } from './useApi.js';

interface JobsState {
  jobs: ReadonlyMap<string, JobInfo>;
  /** Increases whenever the backend says the workspace changed (a sync or import finished). */
  workspaceVersion: number;
  /** Milliseconds since the last news about a job (event or listing). */
  silenceMs(jobId: string): number;
  /** Re-read every job from the backend (a fallback when events were missed). */
  refresh(): void;
}

const JobsContext = createContext<JobsState | null>(null);

function useJobsState(): JobsState {
  const state = useContext(JobsContext);
  if (!state) throw new Error('job hooks outside <JobsProvider>');
  return state;
}

export function JobsProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [jobs, setJobs] = useState<ReadonlyMap<string, JobInfo>>(new Map());
  const [workspaceVersion, setWorkspaceVersion] = useState(0);
  const lastNews = useRef(new Map<string, number>());

  const refresh = useCallback(() => {
    void api.call('jobs/list', {}).then((r) => {
      if (!r.ok) return;
      const now = Date.now();
      for (const job of r.value.jobs) lastNews.current.set(job.id, now);
      setJobs((m) => {
        const next = new Map(m);
        for (const job of r.value.jobs) {
          const known = next.get(job.id);
          // An event may already have told us the job ended; a listing never moves it back to running.
          if (!known || known.status === 'running') next.set(job.id, job);
        }
        return next;
      });
    });
  }, [api]);

  useEffect(() => {
    const unsubscribe = api.onEvent((event) => {
      if (event.type === 'job') {
        lastNews.current.set(event.job.id, Date.now());
        setJobs((m) => new Map(m).set(event.job.id, event.job));
        // A finished sync or import changed the tables, whether or not a workspace event follows.
        if (event.job.status === 'done' && event.job.kind !== 'export' && event.job.kind !== 'audit' && event.job.kind !== 'analysis') setWorkspaceVersion((v) => v + 1);
      } else if (event.type === 'workspace-changed') {
        // Another workspace opened: the old one's jobs (its finished exports, its syncs) are not shown on it.
        if (event.switched) {
          setJobs(new Map());
          refresh();
        }
        setWorkspaceVersion((v) => v + 1);
      }
    });
    refresh();
    return unsubscribe;
  }, [api, refresh]);

  const silenceMs = useCallback((jobId: string) => Date.now() - (lastNews.current.get(jobId) ?? 0), []);
  const value = useMemo(() => ({ jobs, workspaceVersion, silenceMs, refresh }), [jobs, workspaceVersion, silenceMs, refresh]);
  return <JobsContext.Provider value={value}>{children}</JobsContext.Provider>;
}

/** One job, kept current by events; if events go quiet while it runs, the list is re-read. */
export function useJob(jobId: string | undefined): JobInfo | undefined {
  const { jobs, silenceMs, refresh } = useJobsState();
  const job = jobId ? jobs.get(jobId) : undefined;
  const waiting = !!jobId && (!job || job.status === 'running');
  useEffect(() => {
    if (!waiting || !jobId) return;
    const timer = window.setInterval(() => {
      if (silenceMs(jobId) > 2500) refresh();
    }, 1500);
    return () => window.clearInterval(timer);
  }, [waiting, jobId, silenceMs, refresh]);
  return job;
}

export function useJobs(): JobInfo[] {
  const { jobs } = useJobsState();
  return useMemo(() => [...jobs.values()], [jobs]);
}

export function useWorkspaceVersion(): number {
  return useJobsState().workspaceVersion;
}

/**
 * The job a screen shows: the one it started (`ownJobId`), else the newest job of `kind` the
 * backend knows, so a reload or a second window re-attaches to a running job (its progress,
 * Cancel and result). `runningOnly`: attach only to a job still running (once attached, it stays).
 */
export function useAttachedJobId(kind: JobInfo['kind'], ownJobId: string | undefined, options: { runningOnly?: boolean } = {}): string | undefined {
  const { jobs } = useJobsState();
  const [attached, setAttached] = useState<string | undefined>();
  const candidate = useMemo(() => {
    const ofKind = [...jobs.values()].filter((j) => j.kind === kind && (!options.runningOnly || j.status === 'running'));
    return ofKind.sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0))[0]?.id;
  }, [jobs, kind, options.runningOnly]);
  useEffect(() => {
    if (!ownJobId && !attached && candidate) setAttached(candidate);
  }, [ownJobId, attached, candidate]);
  return ownJobId ?? attached;
}
