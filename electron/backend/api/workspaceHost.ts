/**
 * The backend both transports talk to: the workspace library, and one API service over the open
 * workspace. Switching closes that service (its jobs, connections and database) and opens another;
 * the transports keep the same host, and every screen hears 'workspace-changed'.
 */
import { join } from 'node:path';
import type { ApiName, ApiRequest, ApiResponse, BackendEvent, Result, WorkspaceEntry } from '../../../shared/api/contract.js';
import { requestProblem } from '../../../shared/api/requestSchemas.js';
import { AppError, toErrorData } from '../../../shared/errors.js';
import { TABLE_NAMES } from '../../../shared/schema/exportSchema.js';
import { MANIFEST_FILE, readManifestSync } from '../workspace/manifest.js';
import { WorkspaceLibrary, type LibraryEntry } from '../workspace/library.js';
import { MemorySecretStore } from './secrets.js';
import { createApiService, isApiName, type ApiService, type ApiServiceOptions, type LibraryCall } from './apiService.js';

export interface WorkspaceHostOptions extends Omit<ApiServiceOptions, 'workspaceName' | 'workspaceId'> {
  /** Where the library lives (default: the app's home, `$WPA_HOME` or ~/.wpa-explorer). */
  home: string;
}

/** What the switcher shows of a workspace, read from its manifest without opening its database. */
function describe(e: LibraryEntry, activeId: string): WorkspaceEntry {
  const m = readManifestSync(join(e.dir, MANIFEST_FILE));
  const records = TABLE_NAMES.flatMap((t) => m?.tables[t] ?? []);
  // The events' span: PersonHistorical's HR history reaches back years before the export's weeks.
  // None while the report of the last ingest is owed (validationState.ts): the previous one's would be wrong.
  const ranges = (m?.validationPending ? [] : (m?.validation?.tables ?? [])).flatMap((t) => (t.table !== 'PersonHistorical' && t.dateRange?.min && t.dateRange.max ? [t.dateRange] : []));
  const lastSync = m ? (m.extensions.sync as { lastSync?: string } | undefined)?.lastSync : undefined;
  return {
    id: e.id,
    name: e.name,
    dir: e.dir,
    active: e.id === activeId,
    isDemo: e.isDemo ?? false,
    owned: e.owned,
    ...(e.lastOpened ? { lastOpened: e.lastOpened } : {}),
    tables: records.length,
    rows: records.reduce((n, r) => n + r.rows, 0),
    ...(ranges.length ? { dateRange: { min: ranges.map((r) => r.min!).sort()[0], max: ranges.map((r) => r.max!).sort().at(-1)! } } : {}),
    ...(lastSync ? { lastSync } : {}),
  };
}

export async function createWorkspaceHost(options: WorkspaceHostOptions): Promise<ApiService> {
  const library = new WorkspaceLibrary(options.home);
  // One secret store for every workspace: a connection made in one can sync into another.
  const secrets = options.secrets ?? new MemorySecretStore();
  const listeners = new Set<(e: BackendEvent) => void>();
  const emit = (e: BackendEvent) => {
    for (const l of listeners) {
      try {
        l(e);
      } catch {
        // One broken listener must not stop the others.
      }
    }
  };
  let switching: Promise<unknown> | undefined;

  async function serviceFor(entry: LibraryEntry): Promise<{ api: ApiService; entry: LibraryEntry; unsubscribe: () => void }> {
    const id = entry.id;
    const api = await createApiService({
      ...options,
      secrets,
      workspaceDir: entry.dir,
      isDemo: entry.isDemo ?? false,
      workspaceId: id,
      // Read from the registry each time: a rename shows at once.
      workspaceName: () => {
        try {
          return library.get(id).name;
        } catch {
          return entry.name;
        }
      },
    });
    return { api, entry: library.touch(id), unsubscribe: api.onEvent(emit) };
  }

  let current = await serviceFor(library.register(options.workspaceDir, { isDemo: options.isDemo }));

  /** Close the open workspace and open `entry`; refused while a job runs there. */
  async function switchTo(entry: LibraryEntry): Promise<WorkspaceEntry> {
    if (entry.id === current.entry.id) return describe(library.touch(entry.id), entry.id);
    const listed = await current.api.call('jobs/list', {});
    const running = listed.ok ? listed.value.jobs.find((j) => j.status === 'running') : undefined;
    if (running) {
      throw new AppError({ code: 'workspaces/job-running', message: `"${running.title}" is still running in ${current.entry.name}.`, hint: 'Wait for it to finish or cancel it, then switch workspaces.' });
    }
    // The new one opens before the old one closes: a workspace that cannot open leaves the old one in use.
    const next = await serviceFor(entry);
    const previous = current;
    current = next;
    previous.unsubscribe();
    await previous.api.close();
    emit({ type: 'workspace-changed', switched: true });
    return describe(next.entry, next.entry.id);
  }

  async function libraryCall(name: LibraryCall, request: unknown): Promise<unknown> {
    const activeId = current.entry.id;
    switch (name) {
      case 'workspaces/list':
        return { workspaces: library.list().map((e) => describe(e, activeId)) };
      case 'workspaces/create': {
        const req = request as ApiRequest<'workspaces/create'>;
        const entry = await library.create(req.name);
        return req.open ? switchTo(entry) : describe(entry, activeId);
      }
      case 'workspaces/open': {
        const req = request as ApiRequest<'workspaces/open'>;
        if (!req.id === !req.path) throw new AppError({ code: 'api/bad-request', message: 'Give either the id of a workspace or the path of its folder.', hint: 'Pick a workspace from the list, or type the folder of one.' });
        if (req.path && !readManifestSync(join(req.path, MANIFEST_FILE))) {
          throw new AppError({ code: 'workspace/not-found', message: `${req.path} holds no workspace.`, hint: 'Pick the folder that holds workspace.json, or create a new workspace.', where: { file: req.path } });
        }
        return switchTo(req.id ? library.get(req.id) : library.register(req.path!));
      }
      case 'workspaces/rename': {
        const req = request as ApiRequest<'workspaces/rename'>;
        const entry = library.rename(req.id, req.name);
        if (entry.id === activeId) emit({ type: 'workspace-changed' });
        return describe(entry, activeId);
      }
      case 'workspaces/remove': {
        const req = request as ApiRequest<'workspaces/remove'>;
        return library.remove(req.id, { confirm: req.confirm, activeId });
      }
    }
  }

  async function callByName(name: string, request: unknown, signal?: AbortSignal): Promise<Result<unknown>> {
    if (!isApiName(name) || !name.startsWith('workspaces/')) return current.api.callByName(name, request, signal);
    const problem = requestProblem(name, request ?? {});
    // The service words schema problems; ask it (it answers without running anything).
    if (problem) return current.api.callByName(name, request, signal);
    // One library change at a time: two switches racing would leave one service unclosed.
    const previous = switching;
    const run = (async () => {
      await previous?.catch(() => undefined);
      return libraryCall(name as LibraryCall, request ?? {});
    })();
    switching = run;
    try {
      return { ok: true, value: await run };
    } catch (e) {
      return { ok: false, error: toErrorData(e) };
    }
  }

  return {
    get workspaceDir() {
      return current.api.workspaceDir;
    },
    get engine() {
      return current.api.engine;
    },
    call: <N extends ApiName>(name: N, request: ApiRequest<N>) => callByName(name, request) as Promise<Result<ApiResponse<N>>>,
    callByName,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    exportFile: (jobId) => current.api.exportFile(jobId),
    async close() {
      await switching?.catch(() => undefined);
      current.unsubscribe();
      await current.api.close();
      listeners.clear();
    },
  };
}
