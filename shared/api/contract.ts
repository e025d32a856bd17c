/**
 * The one typed contract between the UI and the backend.
 *
 * Every call is named 'domain/action' and declared once here with its request and response types.
 * Both transports (Electron IPC through the preload, HTTP + server-sent events in browser mode) and
 * both sides take their types from this map. Responses carry errors as data, never as exceptions.
 */
import type { AppErrorData } from '../errors.js';
import type { ChartSpec, ParamValues, ResultColumnSpec, AnalysisParam } from '../analyses/types.js';
import type { Explanation } from '../analyses/explainResult.js';
import type { SavedAudit } from '../audit/types.js';
import type { DatasetInfo, ImportFileOptions, ImportPreviewInfo, JoinInfo, JoinPreviewInfo, JoinSpecInput, SaveJoinResultInfo } from './datasets.js';

export type * from './datasets.js';
export type { AuditReport, SavedAudit } from '../audit/types.js';

export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
export type Row = Record<string, Json>;

export interface Column {
  name: string;
  /** DuckDB type name: BIGINT, DOUBLE, VARCHAR, TIMESTAMP, BOOLEAN, UUID, … */
  type: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

/** What a grid or an export reads: a whole table, or the result of a SQL query. */
export type RowSource = { kind: 'table'; name: string } | { kind: 'sql'; sql: string };

export interface SortSpec {
  column: string;
  direction: 'asc' | 'desc';
}

/** Column filters pushed down to DuckDB; values are bound as parameters, never spliced. */
export type ColumnFilter =
  | { column: string; kind: 'text'; op: 'contains' | 'equals' | 'startsWith' | 'notContains'; value: string }
  | { column: string; kind: 'number'; op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'; value: number }
  | { column: string; kind: 'range'; from?: string | number; to?: string | number }
  | { column: string; kind: 'boolean'; value: boolean }
  | { column: string; kind: 'blank'; blank: boolean };

export interface TableSummary {
  name: string;
  /** 'export' for the nine tables, 'dataset' for imported user files, 'view' for joins, 'system' for _rejects. */
  kind: 'export' | 'dataset' | 'view' | 'system';
  /** Rows, or null when they could not be counted (never shown as 0); `rowsUnknown` says why. */
  rows: number | null;
  rowsUnknown?: string;
  columns: Column[];
  dateRange?: { column: string; min: string | null; max: string | null };
  rejected?: number;
  /** Documented columns the export's files did not have (present, empty). */
  missingColumns?: string[];
}

export interface WorkspaceInfo {
  name: string;
  /** Its id in the workspace library (see 'workspaces/list'). */
  id?: string;
  dir: string;
  /** When its export was last synced from Azure. */
  lastSync?: string;
  minGroupSize: number;
  tables: TableSummary[];
  /**
   * The validation report behind `issues`, `disabled` and the tables' date ranges: 'computing' right
   * after an ingest (those are then empty, never the previous export's); a 'workspace-changed'
   * event follows when it is ready.
   */
  validation: 'ready' | 'computing' | 'none';
  /** Why computing the report failed (tried again when the workspace is next opened, or by CLI `validate`). */
  validationFailed?: string;
  /** Validation findings, one sentence each. */
  issues: string[];
  /** Analyses and metrics the export cannot give, with the tables or documented columns they miss. */
  disabled: { kind: 'analysis' | 'metric'; label: string; missing: string[] }[];
  isDemo: boolean;
  /** Operations that were killed before they finished (the workspace holds its last committed state). */
  interrupted: InterruptedOperation[];
}

/** A workspace of the library, as the switcher lists it (read from its manifest, without opening it). */
export interface WorkspaceEntry {
  id: string;
  name: string;
  dir: string;
  active: boolean;
  isDemo: boolean;
  /** Created by the app in its library folder: removing it deletes its files (others are only forgotten). */
  owned: boolean;
  lastOpened?: string;
  /** Export tables loaded and their rows. */
  tables: number;
  rows: number;
  /** Earliest and latest time of the export's events (PersonHistorical's HR history left out). */
  dateRange?: { min: string; max: string };
  lastSync?: string;
}

export type WorkspaceOperation = 'ingest' | 'sync' | 'import' | 'join' | 'remove-dataset' | 'derived';

export interface InterruptedOperation {
  operation: WorkspaceOperation;
  subject?: string;
  startedAt: string;
  /** The killed run had committed its change before it was cut short (only its last steps are missing). */
  committed: boolean;
  /** One sentence: what was interrupted, when, and what the workspace holds now. */
  message: string;
}

export interface SasDescription {
  account: string;
  container: string;
  host: string;
  /** e.g. "read + list · expires in 3 days · IP-restricted"; never contains the signature. */
  summary: string;
  permissions: string[];
  expiresAt?: string;
  startsAt?: string;
  /** The URI with `sig` replaced by REDACTED, for display. */
  redactedUri: string;
  warnings: string[];
}

export interface InventoryFile {
  name: string;
  table?: string;
  bytes: number;
  lastModified: string;
  etag: string;
}

export interface InventoryRefresh {
  name: string;
  files: InventoryFile[];
  tables: string[];
  bytes: number;
}

export interface Inventory {
  refreshes: InventoryRefresh[];
  latest?: string;
  otherFiles: InventoryFile[];
  /** Blobs not downloaded because of their names, each shown escaped (see azure/localPaths.ts) with the reason. */
  refused: { name: string; reason: string }[];
  /** The refresh of this container that the workspace holds now (its last finished sync). */
  loaded?: string;
}

export interface JobInfo {
  id: string;
  kind: 'sync' | 'ingest' | 'export' | 'demo' | 'import' | 'audit' | 'analysis';
  title: string;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  /** 0–100 when known. */
  percent?: number;
  message?: string;
  bytesDone?: number;
  bytesTotal?: number;
  filesDone?: number;
  filesTotal?: number;
  /** Bytes per second, smoothed. */
  rate?: number;
  etaSeconds?: number;
  error?: AppErrorData;
  result?: Json;
  /** When the job started and, once over, ended: epoch ms on the backend's clock (elapsed time is read from these). */
  startedAt?: number;
  endedAt?: number;
  /** What the job works on, so a screen opened later or after a reload re-attaches to it (a sync's connectionId and refresh). */
  subject?: Json;
  /** Per-item state of a job over several items, by item name (a sync's files: waiting, downloading, downloaded, loading, loaded). */
  items?: Record<string, string>;
}

/**
 * Browser mode's answer to an upload (POST /api/upload): where the backend saved the file, a path
 * the import calls accept. Electron needs no upload: the window knows the file's own path.
 */
export interface UploadedFile {
  path: string;
  bytes: number;
}

/** Events pushed from the backend to the UI. */
/** `switched`: another workspace was opened (its jobs are not the old one's). */
export type BackendEvent = { type: 'job'; job: JobInfo } | { type: 'workspace-changed'; switched?: boolean };

export interface AnalysisSummary {
  id: string;
  title: string;
  question: string;
  definition: string;
  params: AnalysisParam[];
  columns: ResultColumnSpec[];
  chart: ChartSpec;
  /** Per value of the `view` parameter, when the analysis has views. */
  columnsByView?: Record<string, ResultColumnSpec[]>;
  chartsByView?: Record<string, ChartSpec>;
  /** Columns of further guarded outputs (a network's `edges`). */
  relatedColumns?: Record<string, ResultColumnSpec[]>;
}

export interface AnalysisRunResult {
  id: string;
  title: string;
  params: ParamValues;
  minGroupSize: number;
  columns: Column[];
  rows: Row[];
  /**
   * `cellsHidden`: output cells (group × hour, week…) left out by the guard, its own or complementary (a heatmap hatches the gaps they leave);
   * `rowsAllHidden`: chart rows (a group, a group's weekday) with every cell left out, so in no row (named by the note and the chart's caption);
   * `cellsSuppressed`, `cellsComplementary`: those cells below the minimum and hidden too so they cannot be recovered from a total;
   * `note`: the whole note, as the CLI says it; `groupsNote`: its sentences on groups alone, for a screen that lists the left-out cells as rows and words them itself.
   */
  suppression: {
    groupsBelow: number;
    peopleMerged: number;
    otherShown: boolean;
    groupsTotal: number;
    cellsHidden?: number;
    cellsSuppressed?: number;
    cellsComplementary?: number;
    rowsAllHidden?: string[];
    note: string;
    groupsNote?: string;
  };
  sql: string;
  seconds: number;
  /** Further guarded outputs by name, e.g. a network's `edges`. */
  related?: Record<string, { columns: Column[]; rows: Row[] }>;
  /** The chart and column definitions of the view this run used. */
  chart?: ChartSpec;
  columnSpecs?: ResultColumnSpec[];
  /** Things the reader should know (hidden edges, tables read as empty, …). */
  notes?: string[];
  /** Why nothing is drawn (no rows, all hidden, every charted value empty or 0), when so. */
  explanation?: Explanation;
  /** Columns the guard empties in a row when they would count a handful of people. */
  maskedColumns?: string[];
  /** Seconds spent building derived tables first (once per ingest), 0 when they were fresh. */
  preparedSeconds?: number;
}

export interface SqlRunResult {
  columns: Column[];
  /** First page of rows; the grid pages further with 'grid/rows' over { kind: 'sql' }. */
  rows: Row[];
  total: number;
  seconds: number;
}

/** The calls: name → [request, response]. */
export interface ApiCalls {
  'workspace/info': [Record<string, never>, WorkspaceInfo];
  'workspace/setMinGroupSize': [{ minGroupSize: number }, WorkspaceInfo];
  'datasets/rejects': [{ table?: string; offset: number; limit: number }, { rows: Row[]; total: number }];
  'grid/rows': [{ source: RowSource; offset: number; limit: number; sort?: SortSpec[]; filters?: ColumnFilter[] }, { columns: Column[]; rows: Row[]; total: number }];
  'sql/run': [{ sql: string; runId: string; limit?: number }, SqlRunResult];
  'sql/cancel': [{ runId: string }, { cancelled: boolean }];
  'sql/completions': [Record<string, never>, { tables: { name: string; columns: string[] }[]; keywords: string[] }];
  /** `keepFormulas`: CSV text cells starting with = + - @ are written as they are (for machines), not with a leading apostrophe. */
  'export/start': [{ source: RowSource; format: 'csv' | 'parquet' | 'xlsx'; sort?: SortSpec[]; filters?: ColumnFilter[]; fileName?: string; keepFormulas?: boolean }, { jobId: string }];
  /** The person-week metrics under the wpa / vivainsights person-query column names (docs/person-query.md), row-level, as an export job. */
  'export/personQuery': [{ format: 'csv' | 'parquet'; fileName?: string; attended?: 'accepted' | 'not_declined' }, { jobId: string }];
  /** `attributesError`: why the HR attributes to group by could not be read (the list is then empty). */
  /**
   * `joinedColumns`: numeric columns joined files add (the outcomes an analysis with a `joined`
   * parameter needs); `analystFiles`: files the demo ships to join (its sales and HR files).
   */
  /**
   * `attributes`: what analyses may group by; `auditAttributes`: what the privacy audit's k-anonymity
   * may combine, every attribute that does not identify people by itself (a hire date too).
   */
  'analyses/list': [Record<string, never>, { analyses: AnalysisSummary[]; attributes: string[]; auditAttributes: string[]; attributesError?: AppErrorData; joinedColumns: string[]; analystFiles: string[] }];
  /** Runs the analysis as a job (cancellable, with progress); the job's result is an `AnalysisRunResult`. */
  'analyses/run': [{ id: string; params: Record<string, string | number | boolean | null>; minGroupSize?: number }, { jobId: string }];
  'connect/check': [{ sasUri: string }, SasDescription];
  'connect/inventory': [{ sasUri?: string; connectionId?: string }, Inventory & { connectionId: string; sas: SasDescription }];
  /**
   * Refused (workspace/replace-unconfirmed, saying what it replaces) when the workspace holds tables
   * from another source, unless `confirmReplace`.
   */
  'connect/sync': [{ connectionId: string; refresh?: string; confirmReplace?: boolean }, { jobId: string }];
  'connect/recent': [Record<string, never>, { connections: { id: string; sas: SasDescription; lastSync?: string }[] }];
  'jobs/list': [Record<string, never>, { jobs: JobInfo[] }];
  'jobs/cancel': [{ jobId: string }, { cancelled: boolean }];
  /**
   * A user-picked file (any path): copied into the workspace's imports/ folder, then read as an
   * import would, changing nothing.
   */
  'datasets/preview': [{ path: string; name?: string; options?: ImportFileOptions }, ImportPreviewInfo];
  /**
   * Copy the file into imports/ (a browser upload is moved there instead) and import it as a job;
   * the job's result is an `ImportResultInfo`.
   */
  'datasets/import': [{ path: string; name: string; options?: ImportFileOptions }, { jobId: string }];
  'datasets/list': [Record<string, never>, { datasets: DatasetInfo[] }];
  /** Refused while a join reads the dataset, unless `withJoins` removes those joins too. */
  'datasets/remove': [{ name: string; withJoins?: boolean }, { removed: string; joinsRemoved: string[] }];
  'joins/preview': [JoinSpecInput, JoinPreviewInfo];
  'joins/save': [JoinSpecInput, SaveJoinResultInfo];
  'joins/list': [Record<string, never>, { joins: JoinInfo[] }];
  'joins/remove': [{ name: string }, { removed: string; personAttributesColumns: string[] }];
  /**
   * The privacy audit as a job; its result is an `AuditReport`. `attributes` are the k-anonymity
   * combinations (default: each HR attribute, and all together).
   */
  'audit/run': [{ attributes?: string[][]; minGroupSize?: number }, { jobId: string }];
  /**
   * The last finished audit of the workspace as saved in its folder, or null. `unreadable`: a saved
   * file that could not be read (treated as no report).
   */
  'audit/last': [Record<string, never>, { saved: SavedAudit | null; unreadable?: AppErrorData }];
  /** The workspace library, most recently opened first. */
  'workspaces/list': [Record<string, never>, { workspaces: WorkspaceEntry[] }];
  /** A new, empty workspace; `open` switches to it. */
  'workspaces/create': [{ name: string; open?: boolean }, WorkspaceEntry];
  /**
   * Close the open workspace and open this one (by library id, or a folder path, which joins the
   * library). Refused while a job runs. Every screen is told with a 'workspace-changed' event.
   */
  'workspaces/open': [{ id?: string; path?: string }, WorkspaceEntry];
  'workspaces/rename': [{ id: string; name: string }, WorkspaceEntry];
  /**
   * Without `confirm` nothing changes and the answer says what removing would delete and free.
   * The open workspace is never removed.
   */
  'workspaces/remove': [{ id: string; confirm?: boolean }, { removed: boolean; bytes: number; filesDeleted: boolean; message: string }];
}

export type ApiName = keyof ApiCalls;
export type ApiRequest<N extends ApiName> = ApiCalls[N][0];
export type ApiResponse<N extends ApiName> = ApiCalls[N][1];

/** Every call name, for transports that must enumerate them (the preload, the HTTP router, tests). */
export const API_NAMES = [
  'workspace/info',
  'workspace/setMinGroupSize',
  'datasets/rejects',
  'grid/rows',
  'sql/run',
  'sql/cancel',
  'sql/completions',
  'export/start',
  'export/personQuery',
  'analyses/list',
  'analyses/run',
  'connect/check',
  'connect/inventory',
  'connect/sync',
  'connect/recent',
  'jobs/list',
  'jobs/cancel',
  'datasets/preview',
  'datasets/import',
  'datasets/list',
  'datasets/remove',
  'joins/preview',
  'joins/save',
  'joins/list',
  'joins/remove',
  'audit/run',
  'audit/last',
  'workspaces/list',
  'workspaces/create',
  'workspaces/open',
  'workspaces/rename',
  'workspaces/remove',
] as const satisfies readonly ApiName[];

/** The client the renderer uses; each transport implements it. */
export interface ApiClient {
  call<N extends ApiName>(name: N, request: ApiRequest<N>): Promise<Result<ApiResponse<N>>>;
  /** Subscribe to backend events; returns an unsubscribe function. */
  onEvent(listener: (e: BackendEvent) => void): () => void;
}

/** Compile-time check that API_NAMES lists every call (a missing one fails the type check). */
export type _EveryCallListed = Exclude<ApiName, (typeof API_NAMES)[number]> extends never ? true : never;
const _everyCallListed: _EveryCallListed = true;
void _everyCallListed;
