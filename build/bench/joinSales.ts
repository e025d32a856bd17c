/**
 * The benchmarks' sales file, joined into PersonAttributes the way an analyst does it in the app
 * (Import & join: the file imported as a dataset table, then joined by Key_ID), so analyses are
 * timed on what a user runs. A view over read_csv would parse the file again on every reference
 * (16 times per grouped analysis, for its peer groups). Idempotent: a workspace that already holds
 * the join is left as it is.
 */
import { importDataset } from '../../electron/backend/datasets/importDataset.js';
import { saveJoin } from '../../electron/backend/datasets/saveJoin.js';
import { findDatasetRecord, listJoinRecords } from '../../electron/backend/datasets/datasetRegistry.js';
import type { Workspace } from '../../electron/backend/workspace/workspace.js';

export async function joinSalesFile(ws: Workspace, salesCsv: string): Promise<void> {
  if (!findDatasetRecord(ws, 'sales')) await importDataset(ws, salesCsv, { name: 'sales' });
  if (!listJoinRecords(ws).some((j) => j.name === 'sales')) await saveJoin(ws, { name: 'sales', dataset: 'sales', datasetKey: 'Key_ID', exportKey: 'Key_ID' });
}
