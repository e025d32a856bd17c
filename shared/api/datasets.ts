/**
 * Imported datasets and saved joins as the UI sees them: plain JSON, no backend types.
 *
 * The backend's records are checked against these shapes at compile time (the handlers return them
 * without casts). A join's salt is accepted in requests and never appears in a response.
 */
import type { Row } from './contract.js';

export type DatasetFormat = 'csv' | 'xlsx' | 'parquet';

export interface DatasetColumnInfo {
  name: string;
  /** DuckDB type the column is stored with. */
  type: string;
  /** strptime format used to read dates, when not ISO. */
  format?: string;
  /** The user chose the type rather than detection. */
  overridden?: boolean;
  /** What it holds when the privacy audit finds it identifies people (e.g. "identifiers / codes"): joins leave it out by default. */
  identifiesPeople?: string;
}

/** A column as a preview shows it: the type it will get and what detection found. */
export interface PreviewColumnInfo extends DatasetColumnInfo {
  detected: string;
  note?: string;
}

export interface DatasetInfo {
  name: string;
  /** The DuckDB table holding it. */
  table: string;
  /** The copy inside the workspace's imports/ folder that was read. */
  file: string;
  format: DatasetFormat;
  bytes: number;
  sheet?: string;
  /** 1-based row holding the column names; 0 when the file has none. */
  headerRow: number;
  delimiter?: string;
  encoding?: string;
  columns: DatasetColumnInfo[];
  rows: number;
  importedAt: string;
  /** Joins reading this dataset. */
  joins: string[];
}

/** How to read a file; everything is detected when left out. */
export interface ImportFileOptions {
  /** 1-based row holding the column names; 0 when the file has none. */
  headerRow?: number;
  /** One character, or `tab`, `comma`, `semicolon`, `pipe`. */
  delimiter?: string;
  /** auto (default), utf-8, latin1 / windows-1252, utf-16, utf-16le, utf-16be. */
  encoding?: string;
  sheet?: string;
  /** Column → `text`, `integer`, `double`, `boolean`, `date`, `date:%d/%m/%Y`, `timestamp`. */
  types?: Record<string, string>;
  /** Rows shown in the preview (default 20). */
  previewRows?: number;
}

export interface ImportPreviewInfo {
  name: string;
  file: string;
  format: DatasetFormat;
  bytes: number;
  rows: number;
  columns: PreviewColumnInfo[];
  /** The first rows with their final types. */
  sample: Row[];
  headerRow: number;
  delimiter?: string;
  encoding?: string;
  sheet?: string;
  sheets?: string[];
  notes: string[];
  /** A dataset of this name exists and would be replaced. */
  replaces: boolean;
  /** Saved joins that read this dataset (rebuilt after the import). */
  usedByJoins: string[];
}

/** The result of a finished 'datasets/import' job (its `JobInfo.result`). */
export interface ImportResultInfo extends ImportPreviewInfo {
  dataset: Omit<DatasetInfo, 'joins'>;
  seconds: number;
}

/** What a join is: the request of 'joins/preview' and 'joins/save'. */
export interface JoinSpecInput {
  /** Default: the dataset's name. */
  name?: string;
  dataset: string;
  datasetKey: string;
  /** EmailAddress or any PersonHistorical column (a mapping key such as Key_ID). */
  exportKey: string;
  /** Hash the file's keys locally (salted SHA-256) to meet masked export values. */
  hash?: { salt: string; keepDomain: boolean };
  /** Effective-date columns of a time-varying file. */
  asOf?: { start: string; end?: string };
  /** Dataset columns to bring in (default: all but the key and the as-of columns). */
  columns?: string[];
}

export interface JoinedColumnInfo {
  /** Column in the dataset. */
  source: string;
  /** Name in PersonAttributes and the join view. */
  name: string;
  type: string;
}

/** A saved join; the salt never leaves the backend. */
export interface JoinInfo {
  name: string;
  dataset: string;
  datasetKey: string;
  exportKey: string;
  hash?: { keepDomain: boolean; salted: boolean };
  asOf?: { start: string; end?: string };
  columns?: string[];
  view: string;
  joinedColumns: JoinedColumnInfo[];
  savedAt: string;
  /** Share of the dataset's rows that matched a person, when saved. */
  matchRate: number;
  /** Measured employees who get the join's values, when saved; the others read "Unknown" in its columns. */
  measuredCovered?: { matched: number; total: number };
}

export interface JoinPreviewInfo {
  name: string;
  dataset: string;
  datasetKey: string;
  exportKey: string;
  hashed: boolean;
  keepDomain: boolean;
  asOf?: { start: string; end?: string };
  rows: number;
  rowsWithKey: number;
  matchedRows: number;
  /** matchedRows / rows. */
  matchRate: number;
  distinctKeys: number;
  matchedKeys: number;
  exportKeys: number;
  matchedExportKeys: number;
  exportKeyMatchRate: number;
  people: { total: number; matched: number };
  measuredEmployees: { total: number; matched: number };
  versions: { total: number; matched: number };
  duplicateKeys: { count: number; matched: number; samples: string[] };
  rowsUsed?: number;
  unmatched: { datasetKeys: string[]; exportKeys: string[] };
  columns: JoinedColumnInfo[];
  warnings: string[];
  seconds: number;
}

export interface SaveJoinResultInfo {
  join: JoinInfo;
  preview: JoinPreviewInfo;
  /** Columns PersonAttributes now adds to PersonHistorical (all joins). */
  personAttributesColumns: string[];
  /** Of this join's columns, those analyses can group by (no dates or near-unique values). */
  groupBy: string[];
}
