/**
 * The imported file's columns the privacy audit would flag as singling out people in readable form
 * (raw emails, names, employee numbers and other per-person codes), judged by the audit's own
 * classifier: a join leaves them out by default, since the audit advises leaving them out or masking.
 */
import { classifyColumn } from '../../../shared/audit/classifyColumn.js';
import { RAW_IDENTIFIER_CLASSES } from '../../../shared/audit/identifyingColumns.js';
import { COLUMN_CLASS_LABELS } from '../../../shared/audit/types.js';
import type { Workspace } from '../workspace/workspace.js';
import { profileTable } from '../audit/columnProfiles.js';

/** Column name → what it holds (the audit's class label), for the columns that identify people. */
export async function readablePeopleColumns(ws: Workspace, table: string): Promise<Map<string, string>> {
  // A connection of its own: profiling samples into a temporary table.
  await using db = await ws.connect();
  const { profiles } = await profileTable(db, { table, source: 'dataset' });
  const out = new Map<string, string>();
  for (const p of profiles) {
    const cls = classifyColumn(p).audit.class;
    if (RAW_IDENTIFIER_CLASSES.includes(cls)) out.set(p.column, COLUMN_CLASS_LABELS[cls]);
  }
  return out;
}
