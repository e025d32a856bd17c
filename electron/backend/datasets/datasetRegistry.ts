/**
 * Where imported datasets and saved joins are recorded: the workspace manifest's `datasets` and
 * `joins` extensions. The database holds the data; the manifest holds how it got there, so a join
 * can be rebuilt after the export or the file is loaded again.
 */
import type { DatasetColumnInfo, DatasetInfo, JoinedColumnInfo } from '../../../shared/api/datasets.js';
import { AppError } from '../../../shared/errors.js';
import { TABLE_NAMES } from '../../../shared/schema/exportSchema.js';
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

export interface JoinRecord extends JoinSpec {
  view: string;
  joinedColumns: JoinedColumn[];
  savedAt: string;
  /** Match rate measured when the join was saved. */
  matchRate: number;
}

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
const RESERVED = new Set([...TABLE_NAMES, 'PersonAttributes', 'PersonHistoricalAttributes'].map((n) => n.toLowerCase()));

/**
 * Check a dataset or join name: it becomes a SQL table or view name users type in queries, so it
 * must be a plain identifier that does not shadow an export table.
 */
export function checkDatasetName(name: string, what: 'dataset' | 'join' = 'dataset'): string {
  const n = name.trim();
  if (!NAME.test(n)) {
    throw new AppError({
      code: `${what === 'dataset' ? 'import' : 'join'}/bad-name`,
      message: `"${name}" cannot be a ${what} name.`,
      hint: 'Use a letter followed by letters, digits or underscores (at most 63), e.g. sales_2024.',
      where: { field: 'name' },
    });
  }
  if (what === 'dataset' && (RESERVED.has(n.toLowerCase()) || /^join_/i.test(n))) {
    throw new AppError({
      code: 'import/reserved-name',
      message: `"${n}" is the name of an export table or view.`,
      hint: 'Pick another name for the dataset, e.g. hr_file or sales.',
      where: { field: 'name' },
    });
  }
  return n;
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
