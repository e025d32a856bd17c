/**
 * Long work (sync, export, demo generation, analyses, the audit) as jobs: an id, a status, progress
 * and a cancel button. Each job runs in a cancel scope of its own, so cancelling it interrupts the
 * database connections it holds and no other job's or request's.
 *
 * Every change is pushed as a `{ type: 'job' }` BackendEvent; progress events are throttled so a
 * fast loop cannot flood the transport, but the final state of a job is always sent.
 */
import { randomUUID } from 'node:crypto';
import type { BackendEvent, JobInfo, Json } from '../../../../shared/api/contract.js';
import { AppError, toErrorData } from '../../../../shared/errors.js';
import { cancelledError, withCancelScope } from '../../engine/cancelScope.js';

export type JobKind = JobInfo['kind'];

/** What a running job may report; anything left out keeps its previous value. */
export type JobProgress = Partial<Pick<JobInfo, 'percent' | 'message' | 'bytesDone' | 'bytesTotal' | 'filesDone' | 'filesTotal' | 'rate' | 'etaSeconds' | 'items'>>;

export interface JobContext {
  readonly id: string;
  readonly signal: AbortSignal;
  progress(update: JobProgress): void;
}

export interface StartJobOptions {
  kind: JobKind;
  title: string;
  /** What the job works on (see JobInfo.subject). */
  subject?: Json;
  run(ctx: JobContext): Promise<Json | void>;
  /** Called once the job ended, whatever the outcome (clean up partial files, …). */
  onSettled?(job: JobInfo): void;
}

/** Minimum time between two progress events of one job. */
const PROGRESS_EVENT_INTERVAL_MS = 100;
/** Finished jobs kept for `jobs/list`; older ones are forgotten. */
const FINISHED_JOBS_KEPT = 50;

interface JobEntry {
  info: JobInfo;
  controller: AbortController;
  lastEventAt: number;
  pendingEvent?: NodeJS.Timeout;
  done: Promise<JobInfo>;
}

export class JobRunner {
  private readonly jobs = new Map<string, JobEntry>();

  constructor(private readonly emit: (event: BackendEvent) => void) {}

  /** Start a job; returns at once with its id while the work runs. */
  start(options: StartJobOptions): JobInfo {
    const id = randomUUID();
    const controller = new AbortController();
    const info: JobInfo = { id, kind: options.kind, title: options.title, status: 'running', percent: 0, startedAt: Date.now(), ...(options.subject !== undefined ? { subject: options.subject } : {}) };
    const entry: JobEntry = { info, controller, lastEventAt: 0, done: Promise.resolve(info) };
    this.jobs.set(id, entry);
    const ctx: JobContext = {
      id,
      signal: controller.signal,
      progress: (update) => {
        if (entry.info.status !== 'running') return;
        // Progress only moves forward: two sources of progress (a query's and the rows written) never make the bar go back.
        const percent = update.percent === undefined || entry.info.percent === undefined ? (update.percent ?? entry.info.percent) : Math.max(entry.info.percent, update.percent);
        entry.info = { ...entry.info, ...update, percent };
        this.sendThrottled(entry);
      },
    };
    this.send(entry);
    entry.done = this.runJob(entry, options, ctx);
    this.forgetOldJobs();
    return { ...info };
  }

  private async runJob(entry: JobEntry, options: StartJobOptions, ctx: JobContext): Promise<JobInfo> {
    // Let the caller return the job id before any work (and any event about it) happens.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      // The job's own cancel scope: its cancel interrupts the statements it runs, nobody else's.
      const result = await withCancelScope(entry.controller.signal, () => options.run(ctx));
      if (entry.controller.signal.aborted) throw cancelledError();
      entry.info = { ...entry.info, status: 'done', percent: 100, etaSeconds: undefined, rate: undefined, endedAt: Date.now(), result: result ?? undefined };
    } catch (e) {
      if (entry.controller.signal.aborted) {
        // The status says "Cancelled"; the message says what that means rather than repeating it.
        entry.info = { ...entry.info, status: 'cancelled', message: `Stopped at ${Math.floor(entry.info.percent ?? 0)}% on request.`, etaSeconds: undefined, rate: undefined, endedAt: Date.now() };
      } else {
        const error = toErrorData(e);
        entry.info = { ...entry.info, status: 'failed', error, message: error.message, etaSeconds: undefined, rate: undefined, endedAt: Date.now() };
      }
    }
    clearTimeout(entry.pendingEvent);
    this.send(entry);
    try {
      options.onSettled?.(entry.info);
    } catch {
      // Clean-up is best effort; the job's outcome is already reported.
    }
    return entry.info;
  }

  /** Ask a running job to stop; its final state arrives as an event. */
  cancel(id: string): boolean {
    const entry = this.jobs.get(id);
    if (!entry || entry.info.status !== 'running') return false;
    entry.controller.abort();
    return true;
  }

  get(id: string): JobInfo | undefined {
    const entry = this.jobs.get(id);
    return entry ? { ...entry.info } : undefined;
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((e) => ({ ...e.info }));
  }

  /** Resolves with the job's final state (for tests and shutdown). */
  async wait(id: string): Promise<JobInfo> {
    const entry = this.jobs.get(id);
    if (!entry) throw new AppError({ code: 'jobs/unknown', message: `No job ${id}.` });
    return entry.done;
  }

  /** Cancel everything still running and wait for it to stop. */
  async stopAll(): Promise<void> {
    const running = [...this.jobs.values()].filter((e) => e.info.status === 'running');
    for (const e of running) e.controller.abort();
    await Promise.all(running.map((e) => e.done));
  }

  private sendThrottled(entry: JobEntry): void {
    const wait = entry.lastEventAt + PROGRESS_EVENT_INTERVAL_MS - Date.now();
    if (wait <= 0) {
      this.send(entry);
      return;
    }
    entry.pendingEvent ??= setTimeout(() => {
      entry.pendingEvent = undefined;
      if (entry.info.status === 'running') this.send(entry);
    }, wait);
  }

  private send(entry: JobEntry): void {
    entry.lastEventAt = Date.now();
    this.emit({ type: 'job', job: { ...entry.info } });
  }

  private forgetOldJobs(): void {
    const finished = [...this.jobs.values()].filter((e) => e.info.status !== 'running');
    for (const e of finished.slice(0, Math.max(0, finished.length - FINISHED_JOBS_KEPT))) this.jobs.delete(e.info.id);
  }
}

/**
 * Bytes per second and seconds left over the last few seconds of (time, bytes) samples. A window,
 * not an average of instants: writers that flush in bursts (exceljs' zip) would otherwise read
 * near zero between bursts.
 */
export class RateMeter {
  private readonly samples: { t: number; bytes: number }[] = [];

  constructor(private readonly windowMs = 3000) {}

  sample(bytesDone: number, bytesTotal?: number, now = performance.now()): { rate?: number; etaSeconds?: number } {
    this.samples.push({ t: now, bytes: bytesDone });
    while (this.samples.length > 2 && now - this.samples[1].t >= this.windowMs) this.samples.shift();
    const first = this.samples[0];
    const dt = (now - first.t) / 1000;
    if (dt < 0.5) return {};
    const rate = Math.max(0, bytesDone - first.bytes) / dt;
    if (rate <= 0) return { rate: 0 };
    const etaSeconds = bytesTotal !== undefined && bytesTotal >= bytesDone ? Math.round((bytesTotal - bytesDone) / rate) : undefined;
    return { rate: Math.round(rate), etaSeconds };
  }
}
