/**
 * The workspace's last finished audit, kept in `WS/audit-report.json`: finished jobs live only in
 * the backend's memory, and an admin should not have to run the audit again after a restart when
 * nothing changed. The file records what data the report was computed on, so a report of old data
 * is told apart (stale) and never shown as current.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditReport, SavedAudit } from '../../../shared/audit/types.js';
import { AppError, type AppErrorData } from '../../../shared/errors.js';
import { listDatasetRecords } from '../datasets/datasetRegistry.js';
import { writeFileAtomicSync } from '../workspace/atomicFile.js';
import type { Workspace } from '../workspace/workspace.js';
import { runPrivacyAudit, type AuditOptions } from './runPrivacyAudit.js';

export const SAVED_AUDIT_FILE = 'audit-report.json';

/** What data a report was computed on. */
export interface DataStamp {
  /**
   * A digest of the committed records of tables, datasets and joins (any ingest, import or join
   * changes it). Not the commit generation: the validation report's own commit, after an ingest,
   * changes that without changing the data.
   */
  fingerprint: string;
  /** The latest export-table load or dataset import: what the screen names as "data loaded". */
  loadedAt: string | null;
}

interface SavedAuditFile {
  version: 1;
  data: DataStamp;
  report: AuditReport;
}

export function dataStamp(ws: Workspace): DataStamp {
  const times = [...Object.values(ws.manifest.tables).map((t) => t?.loadedAt), ...listDatasetRecords(ws).map((d) => d.importedAt)].filter((t): t is string => !!t);
  const { tables, extensions } = ws.manifest;
  const fingerprint = createHash('sha256').update(JSON.stringify({ tables, datasets: extensions.datasets ?? null, joins: extensions.joins ?? null })).digest('hex');
  return { fingerprint, loadedAt: times.sort().at(-1) ?? null };
}

const pathOf = (ws: Workspace) => join(ws.dir, SAVED_AUDIT_FILE);

/** Save a finished report with the stamp of the data it read (taken before it started). */
export function saveAudit(ws: Workspace, report: AuditReport, data: DataStamp): void {
  const file: SavedAuditFile = { version: 1, data, report };
  try {
    writeFileAtomicSync(pathOf(ws), JSON.stringify(file) + '\n');
  } catch (e) {
    throw new AppError({
      code: 'audit/save-failed',
      message: `The audit finished, but its report could not be saved in the workspace: ${e instanceof Error ? e.message : String(e)}`,
      hint: 'Check that the workspace folder is writable and the disk has room, then run the audit again.',
      where: { file: pathOf(ws) },
    });
  }
}

/**
 * Run the audit and save its report in the workspace: the one path of the app's audit job and the
 * CLI's `audit`, so 'audit/last' answers whichever ran last.
 */
export async function runAndSaveAudit(ws: Workspace, options: AuditOptions = {}): Promise<AuditReport> {
  // Stamped before reading: data changed while the audit runs makes its report stale.
  const data = dataStamp(ws);
  const report = await runPrivacyAudit(ws, options);
  saveAudit(ws, report, data);
  return report;
}

function isSavedFile(x: unknown): x is SavedAuditFile {
  const f = x as Partial<SavedAuditFile> | null;
  return !!f && f.version === 1 && typeof f.data?.fingerprint === 'string' && typeof f.data === 'object' && !!f.data && typeof f.report === 'object' && !!f.report && typeof f.report.createdAt === 'string' && Array.isArray(f.report.findings);
}

/**
 * The saved report, stale when the workspace's data changed since. A file that cannot be read is
 * no report (the audit can always run again), returned as `unreadable` and logged, never thrown.
 */
export function readSavedAudit(ws: Workspace): { saved: SavedAudit | null; unreadable?: AppErrorData } {
  const path = pathOf(ws);
  if (!existsSync(path)) return { saved: null };
  let file: unknown;
  try {
    file = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    return unreadable(path, e instanceof Error ? e.message : String(e));
  }
  if (!isSavedFile(file)) return unreadable(path, 'it is not a saved audit report of this version');
  const now = dataStamp(ws);
  const stale = file.data.fingerprint !== now.fingerprint || file.data.loadedAt !== now.loadedAt;
  return { saved: { report: file.report, dataLoadedAt: file.data.loadedAt, stale } };
}

function unreadable(path: string, why: string): { saved: null; unreadable: AppErrorData } {
  const error: AppErrorData = { code: 'audit/saved-unreadable', message: `The saved audit report ${path} cannot be read: ${why}`, hint: 'Run the audit again; it replaces the file.', where: { file: path } };
  console.warn(`WPA Explorer: ${error.message}`);
  return { saved: null, unreadable: error };
}
