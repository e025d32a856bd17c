/**
 * The backend behind both transports: one handler per contract call, each answering a `Result`.
 *
 * Transports (Electron IPC through the utility process, HTTP in browser mode) only move JSON in and
 * out of `call`; nothing a handler throws crosses them as an exception. Error texts pass through
 * `redactSas` on the way out, so a SAS signature in some library's message never reaches the UI.
 */
import { API_NAMES, type ApiName, type ApiRequest, type ApiResponse, type BackendEvent, type Result } from '../../../shared/api/contract.js';
import { requestProblem } from '../../../shared/api/requestSchemas.js';
import type { SchemaProblem } from '../../../shared/api/schema.js';
import { AppError, toErrorData, type AppErrorData } from '../../../shared/errors.js';
import { redactSas } from '../azure/sas.js';
import { withCancelScope } from '../engine/cancelScope.js';
import type { Engine } from '../engine/engine.js';
import { lockConfiguration } from '../engine/settings.js';
import { Workspace } from '../workspace/workspace.js';
import { analysesHandlers } from './analysesHandlers.js';
import type { ApiContext, Handler } from './apiContext.js';
import { auditHandlers } from './auditHandlers.js';
import { connectHandlers } from './connectHandlers.js';
import { ConnectionStore } from './connect/connectionStore.js';
import { datasetsHandlers } from './datasetsHandlers.js';
import { sandboxWorkspaceDatabase } from './db/sandbox.js';
import { exportHandlers } from './exportHandlers.js';
import { GridService } from './grid/gridRows.js';
import { gridHandlers } from './gridHandlers.js';
import { JobRunner } from './jobs/jobRunner.js';
import { jobsHandlers } from './jobsHandlers.js';
import { MemorySecretStore, type SecretStore } from './secrets.js';
import { useSaltStore } from '../datasets/joinSalts.js';
import { hasClearSalts, rebuildPersonAttributes } from '../datasets/personAttributes.js';
import { SqlGate } from './sql/sqlGate.js';
import { SqlRunner } from './sql/sqlRunner.js';
import { sqlHandlers } from './sqlHandlers.js';
import { workspaceHandlers } from './workspaceHandlers.js';

export interface ApiServiceOptions {
  workspaceDir: string;
  /** Where SAS URIs are kept (default: memory only, with a warning shown to the user). */
  secrets?: SecretStore;
  /** The workspace is the generated demo (the UI says so). */
  isDemo?: boolean;
  /** Its display name and library id (default: the manifest's name, none). */
  workspaceName?: () => string;
  workspaceId?: string;
  /**
   * Confine DuckDB to the workspace (default true). Only tools that need to read files elsewhere,
   * never the app, turn it off.
   */
  sandbox?: boolean;
}

export interface ApiService {
  readonly workspaceDir: string;
  /** Answer a call; unknown names and bad requests are answered as errors, never thrown. */
  call<N extends ApiName>(name: N, request: ApiRequest<N>): Promise<Result<ApiResponse<N>>>;
  /**
   * The same for transports that receive the name as text. `signal`: the caller has gone away
   * (an HTTP client disconnected) — the statements the call runs are interrupted.
   */
  callByName(name: string, request: unknown, signal?: AbortSignal): Promise<Result<unknown>>;
  /** Subscribe to backend events; returns an unsubscribe function. */
  onEvent(listener: (e: BackendEvent) => void): () => void;
  /** The file a finished export job wrote, for download. */
  exportFile(jobId: string): string | undefined;
  /** The workspace's engine, for backend-side tools (tests, benchmarks); never crosses a transport. */
  readonly engine: Engine;
  /** Cancel jobs, close the database. */
  close(): Promise<void>;
}

type AnyHandler = (request: unknown, ctx: ApiContext) => Promise<unknown>;

/** The workspace library's calls, answered by the host that switches services (workspaceHost.ts). */
export type LibraryCall = Extract<ApiName, `workspaces/${string}`>;
type ServiceCall = Exclude<ApiName, LibraryCall>;

const HANDLERS: { [N in ServiceCall]: Handler<N> } = {
  ...workspaceHandlers,
  ...gridHandlers,
  ...sqlHandlers,
  ...exportHandlers,
  ...analysesHandlers,
  ...connectHandlers,
  ...jobsHandlers,
  ...datasetsHandlers,
  ...auditHandlers,
};

export function isApiName(name: string): name is ApiName {
  return (API_NAMES as readonly string[]).includes(name);
}

/** A request that does not fit its call's schema: which field, what was expected, what came. */
function badRequest(name: ApiName, p: SchemaProblem): AppError {
  const message = p.field
    ? `The request to ${name} is not valid: ${p.field} must be ${p.expected}, got ${p.got}.`
    : `The request to ${name} must be ${p.expected}, got ${p.got}.`;
  return new AppError({ code: 'api/bad-request', message, hint: 'The caller sent a request the backend does not understand: the window and the backend may be from different versions, or a script sent it.', where: p.field ? { field: p.field } : undefined });
}

/** An error safe to show: no SAS signature in any text. */
function safeErrorData(e: unknown): AppErrorData {
  const d = toErrorData(e);
  return {
    ...d,
    message: redactSas(d.message),
    hint: d.hint === undefined ? undefined : redactSas(d.hint),
    where: d.where?.file ? { ...d.where, file: redactSas(d.where.file) } : d.where,
  };
}

export async function createApiService(options: ApiServiceOptions): Promise<ApiService> {
  const ws = await Workspace.open(options.workspaceDir, { create: true });
  const engine = await ws.engine();
  if (options.sandbox !== false) await sandboxWorkspaceDatabase(engine, ws.dir);
  const listeners = new Set<(e: BackendEvent) => void>();
  const emit = (e: BackendEvent) => {
    for (const l of listeners) {
      try {
        l(e);
      } catch {
        // One broken listener (a closed event stream) must not stop the others.
      }
    }
  };
  const secrets = options.secrets ?? new MemorySecretStore();
  // Join salts are kept with the same store as SAS URIs (encrypted on the desktop, memory elsewhere).
  useSaltStore(ws, secrets);
  if (hasClearSalts(ws)) {
    // Rebuilding moves the salts into the store and writes the views without them.
    await rebuildPersonAttributes(ws);
    ws.saveManifest();
    await engine.run('FORCE CHECKPOINT');
  }
  const pool = engine.pool;
  const gate = await SqlGate.load(engine, ws.dir);
  const grid = new GridService(pool, undefined, gate);
  await grid.results.reset();
  if (options.sandbox !== false) {
    // From here on no setting changes, whatever runs: memory and threads stay as engineSettings chose.
    await pool.openBeforeLock();
    await lockConfiguration(engine);
  }
  const ctx: ApiContext = {
    ws,
    isDemo: options.isDemo ?? false,
    workspaceName: options.workspaceName ?? (() => ws.manifest.name),
    workspaceId: options.workspaceId,
    pool,
    grid,
    sql: new SqlRunner(pool, grid.results, gate),
    jobs: new JobRunner(emit),
    connections: new ConnectionStore(ws, secrets),
    exportFiles: new Map(),
    emit,
    // The manifest object in memory is authoritative: this process holds the database lock, and the
    // sync updates the same object it saves.
    workspaceChanged: async () => {
      await grid.invalidate();
      emit({ type: 'workspace-changed' });
    },
  };
  let closed = false;
  /** Calls being answered: shutdown waits for them before closing the database under them. */
  const inFlight = new Set<Promise<unknown>>();

  async function callByName(name: string, request: unknown, signal?: AbortSignal): Promise<Result<unknown>> {
    if (closed) return { ok: false, error: { code: 'api/closed', message: 'The backend is shutting down.' } };
    if (!isApiName(name)) {
      return { ok: false, error: { code: 'api/unknown-call', message: `There is no call "${name}".`, hint: 'The window and the backend are from different versions; restart WPA Explorer.' } };
    }
    const problem = requestProblem(name, request ?? {});
    if (problem) return { ok: false, error: safeErrorData(badRequest(name, problem)) };
    if (!(name in HANDLERS)) {
      return { ok: false, error: { code: 'api/no-library', message: `${name} needs the workspace library, which this backend was started without.`, hint: 'Start the app with npm start or npm run serve.' } };
    }
    const handler = HANDLERS[name as ServiceCall] as AnyHandler;
    // Each call in a cancel scope of its own: its caller going away interrupts its statements only.
    const answer = signal ? withCancelScope(signal, () => handler(request ?? {}, ctx), { refuseAfterAbort: true }) : handler(request ?? {}, ctx);
    inFlight.add(answer);
    try {
      return { ok: true, value: await answer };
    } catch (e) {
      return { ok: false, error: safeErrorData(e) };
    } finally {
      inFlight.delete(answer);
    }
  }

  return {
    workspaceDir: ws.dir,
    call: <N extends ApiName>(name: N, request: ApiRequest<N>) => callByName(name, request) as Promise<Result<ApiResponse<N>>>,
    callByName,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    exportFile: (jobId) => ctx.exportFiles.get(jobId),
    engine,
    async close() {
      if (closed) return;
      closed = true;
      await ctx.jobs.stopAll();
      ctx.sql.cancelAll();
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, 10_000).unref())]);
      // Background sorts first (they hold connections), then every connection, then the database.
      await grid.invalidate().catch(() => undefined);
      await pool.close();
      ws.close();
      listeners.clear();
    },
  };
}

