/**
 * Loading an export into a workspace that already holds one replaces its tables. That needs the
 * user's word: every entry point (the API's sync, the CLI's sync and ingest) asks here, and without
 * `confirmReplace` the load is refused with a typed error that says what would be replaced.
 *
 * Refreshing the same source is not a replacement: a sync of the container the tables came from, or
 * an ingest of the folder they were read from, is what the user asked for when they loaded it.
 */
import { resolve, sep } from 'node:path';
import { AppError } from '../../../shared/errors.js';
import { countOf } from '../../../shared/format/plural.js';
import { TABLE_NAMES } from '../../../shared/schema/exportSchema.js';
import { readSyncState } from '../azure/syncState.js';
import type { Workspace } from './workspace.js';

export const REPLACE_UNCONFIRMED = 'workspace/replace-unconfirmed';

export type IncomingExport = { kind: 'sync'; source: { host: string; account: string; container: string } } | { kind: 'ingest'; sourceDir: string };

export interface Replacement {
  rows: number;
  tables: number;
  /** "This replaces 1,011,701 rows in 9 tables of Demo workspace." */
  message: string;
}

function sameSource(ws: Workspace, incoming: IncomingExport): boolean {
  const records = TABLE_NAMES.flatMap((t) => ws.manifest.tables[t] ?? []);
  const files = records.flatMap((r) => r.files);
  if (incoming.kind === 'sync') {
    const s = readSyncState(ws)?.source;
    const same = s && s.host === incoming.source.host && s.account === incoming.source.account && s.container === incoming.source.container;
    return !!same && files.every((f) => f.etag !== undefined);
  }
  const dir = resolve(incoming.sourceDir) + sep;
  return files.every((f) => f.etag === undefined && resolve(f.path).startsWith(dir));
}

/** What loading `incoming` would replace, or undefined when nothing would be (no tables, or the same source). */
export function pendingReplacement(ws: Workspace, incoming: IncomingExport, workspaceName: string): Replacement | undefined {
  const records = TABLE_NAMES.flatMap((t) => ws.manifest.tables[t] ?? []);
  if (records.length === 0 || sameSource(ws, incoming)) return undefined;
  const rows = records.reduce((n, r) => n + r.rows, 0);
  return { rows, tables: records.length, message: `This replaces ${countOf(rows, 'row')} in ${countOf(records.length, 'table')} of ${workspaceName}.` };
}

/** Refuse a load that would replace tables unless the caller confirmed it. */
export function requireReplaceConsent(ws: Workspace, incoming: IncomingExport, options: { confirmReplace?: boolean; workspaceName: string; howToConfirm: string }): void {
  if (options.confirmReplace) return;
  const r = pendingReplacement(ws, incoming, options.workspaceName);
  if (!r) return;
  throw new AppError({ code: REPLACE_UNCONFIRMED, message: r.message, hint: options.howToConfirm });
}
