/**
 * `workspace.json`: what a workspace holds and where each table came from.
 *
 * Written atomically (temporary file, fsync, rename) so a crash never leaves half a manifest. The
 * sections that describe the database (`tables`, `validation`, datasets and joins) are also
 * committed inside the database with each change (committedState.ts), which wins after a crash.
 */
import { readFileSync, existsSync } from 'node:fs';
import { writeFileAtomicSync } from './atomicFile.js';
import { columnRef, TABLE_NAMES, type TableName } from '../../../shared/schema/exportSchema.js';
import type { ExportAvailability } from '../../../shared/schema/availability.js';
import { DEFAULT_MIN_GROUP_SIZE } from '../../../shared/privacy.js';
import type { ValidationReport } from '../ingest/validationReport.js';

export interface SourceFile {
  /** Absolute path of the file the table was loaded from. */
  path: string;
  bytes: number;
  /** Blob ETag and refresh folder when the file came from Azure sync. */
  etag?: string;
  refresh?: string;
}

export interface TableRecord {
  files: SourceFile[];
  rows: number;
  rejected: number;
  loadedAt: string;
  timestampFormat: string;
  delimiter: string;
  /** PersonHistorical only: tenant-named HR attribute columns and the type found for each. */
  hrAttributes?: { name: string; type: string }[];
  /** Documented columns the files lacked, loaded as NULL (what they disable is in the validation report). */
  missingColumns?: string[];
  /** Documented columns some part files have and others lack (those files' rows hold NULL). */
  partlyMissingColumns?: { column: string; files: string[] }[];
  /** Documented integer columns with values that are not whole numbers (kept as read). */
  notWholeNumbers?: { column: string; rows: number }[];
  /** Other tables: columns the documents do not list, kept with the type their values gave. */
  extraColumns?: { name: string; type: string }[];
}

export interface WorkspaceManifest {
  version: 1;
  name: string;
  createdAt: string;
  tables: Partial<Record<TableName, TableRecord>>;
  settings: { minGroupSize: number };
  validation?: ValidationReport;
  /**
   * Set by the ingest commit whose validation report is not committed yet (a token naming that
   * ingest): `validation` is then absent, never the previous ingest's report (validationState.ts).
   */
  validationPending?: string;
  /** Free-form sections owned by other features (sync state, imported datasets, …). */
  extensions: Record<string, unknown>;
  /** The database commit these sections were written after (see committedState.ts). */
  committedGeneration?: number;
}

/** The tables loaded and the documented columns they lack, as the analyses check their inputs against. */
export function availabilityOf(manifest: WorkspaceManifest): ExportAvailability {
  const tables = TABLE_NAMES.filter((t) => manifest.tables[t]);
  return {
    tables,
    missingColumns: tables.flatMap((t) => (manifest.tables[t]?.missingColumns ?? []).map((c) => columnRef(t, c))),
  };
}

export const MANIFEST_FILE = 'workspace.json';

export function newManifest(name: string): WorkspaceManifest {
  return { version: 1, name, createdAt: new Date().toISOString(), tables: {}, settings: { minGroupSize: DEFAULT_MIN_GROUP_SIZE }, extensions: {} };
}

export function readManifestSync(path: string): WorkspaceManifest | undefined {
  if (!existsSync(path)) return undefined;
  const m = JSON.parse(readFileSync(path, 'utf8')) as WorkspaceManifest;
  m.extensions ??= {};
  return m;
}

export function writeManifestSync(path: string, manifest: WorkspaceManifest): void {
  writeFileAtomicSync(path, JSON.stringify(manifest, null, 2) + '\n');
}
