/**
 * What the API tests do with a service: call it expecting success or an error, keep the events it
 * pushes, wait for a job's end, and ask DuckDB directly for a reference answer.
 *
 *   const h = apiHarness();
 *   before(async () => { api = h.attach(await createApiService({ workspaceDir })); });
 *   const value = await h.ok('sql/run', …);
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { createApiService } from '../../electron/backend/api/apiService.js';
import { copyOfDemoWorkspace } from '../../electron/backend/demoWorkspace.js';
import type { ApiService } from '../../electron/backend/api/apiService.js';
import type { AnalysisRunResult, ApiName, ApiRequest, ApiResponse, BackendEvent, JobInfo, Result, Row } from '../../shared/api/contract.js';
import type { AuditReport } from '../../shared/audit/types.js';
import type { AppErrorData } from '../../shared/errors.js';

/** Calls that start a job, and the result of the job when done. */
export interface JobResults {
  'analyses/run': AnalysisRunResult;
  'audit/run': AuditReport;
}

export interface ApiHarness {
  /** Every event the attached service pushed, in order. */
  readonly events: BackendEvent[];
  /** Every answer and event as JSON text (to search for what must never appear, e.g. a SAS signature). */
  readonly transcript: string[];
  attach(service: ApiService): ApiService;
  call<N extends ApiName>(name: N, request: ApiRequest<N>): Promise<Result<ApiResponse<N>>>;
  ok<N extends ApiName>(name: N, request: ApiRequest<N>): Promise<ApiResponse<N>>;
  fails<N extends ApiName>(name: N, request: ApiRequest<N>): Promise<AppErrorData>;
  /** The job's final state, from the events the backend pushed. */
  finished(jobId: string, timeoutMs?: number): Promise<JobInfo>;
  /** Start a job with the call, wait for it and return its result (it must end done). */
  result<N extends keyof JobResults>(name: N, request: ApiRequest<N>): Promise<JobResults[N]>;
  /** The same question asked of DuckDB directly, on a connection of its own. */
  direct(sql: string, params?: (string | number | boolean)[]): Promise<Row[]>;
}

export function apiHarness(): ApiHarness {
  let service: ApiService | undefined;
  const events: BackendEvent[] = [];
  const transcript: string[] = [];
  const api = () => service ?? assert.fail('apiHarness: attach a service first');

  const h: ApiHarness = {
    events,
    transcript,
    attach(s) {
      service = s;
      s.onEvent((e) => {
        events.push(e);
        transcript.push(JSON.stringify(e));
      });
      return s;
    },
    async call(name, request) {
      const r = await api().call(name, request);
      transcript.push(JSON.stringify(r));
      return r;
    },
    async ok(name, request) {
      const r = await h.call(name, request);
      if (!r.ok) assert.fail(`${name} failed: ${JSON.stringify(r.error)}`);
      return r.value;
    },
    async fails(name, request) {
      const r = await h.call(name, request);
      if (r.ok) assert.fail(`${name} should have failed, answered ${JSON.stringify(r.value).slice(0, 300)}`);
      return r.error;
    },
    async finished(jobId, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const last = events.filter((e): e is Extract<BackendEvent, { type: 'job' }> => e.type === 'job' && e.job.id === jobId).at(-1);
        if (last && last.job.status !== 'running') return last.job;
        if (Date.now() > deadline) assert.fail(`job ${jobId} did not finish`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async result(name, request) {
      const { jobId } = (await h.ok(name, request)) as { jobId: string };
      const job = await h.finished(jobId);
      if (job.status !== 'done') assert.fail(`${name}: the job ended ${job.status}: ${job.message ?? ''}`);
      return job.result as never;
    },
    async direct(sql, params = []) {
      return (await api().engine.query(sql, params)).rows;
    },
  };
  return h;
}

/**
 * For a test file: a service on its own copy of the small cached demo workspace (40 people, 2
 * weeks), attached to `h` before the tests and closed after them. Returns a getter for it.
 */
export function demoApiService(h: ApiHarness, prefix: string): () => ApiService {
  let root: string | undefined;
  let service: ApiService | undefined;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), prefix));
    const ws = await copyOfDemoWorkspace(join(root, 'ws'), { people: 40, weeks: 2 });
    service = h.attach(await createApiService({ workspaceDir: ws }));
  });
  after(async () => {
    await service?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });
  return () => service ?? assert.fail('demoApiService: the service is made in before()');
}
