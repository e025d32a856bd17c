/**
 * Where imported datasets and saved joins are recorded: the workspace manifest's `datasets` and
 * `joins` extensions. The database holds the data; the manifest holds how it got there, so a join
 * can be rebuilt after the export or the file is loaded again.
 */
import type { DatasetColumnInfo, DatasetInfo, JoinedColumnInfo } from '../../../shared/api/datasets.js';
import { datasetNameProblem } from '../../../shared/api/datasetNames.js';
import { AppError } from '../../../shared/errors.js';
import type { Workspace } from '../workspace/workspace.js';

// The records are the shapes the UI sees (shared/api/datasets.ts): one declaration, no mapping.
export type { DatasetFormat } from '../../../shared/api/datasets.js';
export type DatasetColumn = DatasetColumnInfo;
/** An imported dataset as the manifest records it (the UI's DatasetInfo, without its joins). */
export type DatasetRecord = Omit<DatasetInfo, 'joins'>;

export interface JoinHash {
  salt: string;
  /** Hash only the part before `@` and keep `@domain` in clear (for masked values that kept the domain). */
  keepDomain: boolean;
}

export interface JoinSpec {
  /** The join's name; its view is `join_<name>`. */
  name: string;
  dataset: string;
  datasetKey: string;
  /** EmailAddress or any PersonHistorical column (a mapping key such as Key_ID, Organization, …). */
  exportKey: string;
  hash?: JoinHash;
  /** Effective-date columns of a time-varying file: the row valid at each HR version is used. */
  asOf?: { start: string; end?: string };
  /** Dataset columns to bring in (default: all but the key and the as-of columns). */
  columns?: string[];
}

export type JoinedColumn = JoinedColumnInfo;

/** What a saved join keeps of its hash: never the salt (see joinSalts.ts). */
export interface StoredJoinHash {
  keepDomain: boolean;
  salted: boolean;
}

export interface JoinRecord extends Omit<JoinSpec, 'hash'> {
  hash?: StoredJoinHash;
  /** Hashed joins: the dataset version (its importedAt) the key table was hashed from. */
  keysOf?: string;
  view: string;
  joinedColumns: JoinedColumn[];
  savedAt: string;
  /** Match rate measured when the join was saved. */
  matchRate: number;
  /** Measured employees who get the join's values, when it was saved (joins saved before it lack it). */
  measuredCovered?: { matched: number; total: number };
}

/** Check a dataset or join name (the rule is shared with the UI); returns it trimmed. */
export function checkDatasetName(name: string, what: 'dataset' | 'join' = 'dataset'): string {
  const problem = datasetNameProblem(name, what);
  if (problem) throw new AppError(problem);
  return name.trim();
}

function section<T>(ws: Workspace, key: 'datasets' | 'joins', empty: T): T {
  const v = ws.manifest.extensions[key];
  return (v ?? empty) as T;
}

export function listDatasetRecords(ws: Workspace): DatasetRecord[] {
  return Object.values(section<Record<string, DatasetRecord>>(ws, 'datasets', {}));
}

export function findDatasetRecord(ws: Workspace, name: string): DatasetRecord | undefined {
  return listDatasetRecords(ws).find((d) => d.name.toLowerCase() === name.toLowerCase());
}

export function putDatasetRecord(ws: Workspace, record: DatasetRecord): void {
  const all = { ...section<Record<string, DatasetRecord>>(ws, 'datasets', {}) };
  for (const k of Object.keys(all)) if (k.toLowerCase() === record.name.toLowerCase()) delete all[k];
  all[record.name] = record;
  ws.manifest.extensions.datasets = all;
}

export function deleteDatasetRecord(ws: Workspace, name: string): void {
  const all = { ...section<Record<string, DatasetRecord>>(ws, 'datasets', {}) };
  for (const k of Object.keys(all)) if (k.toLowerCase() === name.toLowerCase()) delete all[k];
  ws.manifest.extensions.datasets = all;
}

/** Saved joins in the order they were saved (the order decides which clashing column gets a prefix). */
export function listJoinRecords(ws: Workspace): JoinRecord[] {
  return [...section<JoinRecord[]>(ws, 'joins', [])];
}

export function setJoinRecords(ws: Workspace, joins: JoinRecord[]): void {
  ws.manifest.extensions.joins = joins;
}
