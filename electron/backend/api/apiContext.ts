/**
 * What every handler may use: the workspace, the connection pool, the grid caches, the job runner,
 * the connections and a way to push events. Built once per service by `createApiService`.
 */
import type { ApiName, ApiRequest, ApiResponse, BackendEvent } from '../../../shared/api/contract.js';
import type { Workspace } from '../workspace/workspace.js';
import type { ConnectionStore } from './connect/connectionStore.js';
import type { ConnectionPool } from '../engine/connectionPool.js';
import type { GridService } from './grid/gridRows.js';
import type { JobRunner } from './jobs/jobRunner.js';
import type { SqlRunner } from './sql/sqlRunner.js';

export interface ApiContext {
  ws: Workspace;
  isDemo: boolean;
  /** The workspace's display name (the library's, which the user may rename). */
  workspaceName(): string;
  /** Its id in the workspace library, when it has one. */
  workspaceId?: string;
  pool: ConnectionPool;
  grid: GridService;
  sql: SqlRunner;
  jobs: JobRunner;
  connections: ConnectionStore;
  /** Finished export files by job id (browser mode serves them for download). */
  exportFiles: Map<string, string>;
  emit(event: BackendEvent): void;
  /** Tables changed: drop caches, tell the UI. */
  workspaceChanged(): Promise<void>;
}

export type Handler<N extends ApiName> = (request: ApiRequest<N>, ctx: ApiContext) => Promise<ApiResponse<N>>;

/** A domain's handlers: a subset of the calls, each typed by the contract. */
export type Handlers<K extends ApiName> = { [N in K]: Handler<N> };
