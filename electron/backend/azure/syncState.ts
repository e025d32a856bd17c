/**
 * What sync remembers in the workspace manifest (`extensions.sync`): which container it reads,
 * and for every blob it downloaded the ETag, size and local file. Never the SAS or its signature.
 */
import type { TableName } from '../../../shared/schema/exportSchema.js';
import type { Workspace } from '../workspace/workspace.js';

export interface SyncedBlob {
  etag: string;
  bytes: number;
  lastModified: string;
  /** Local file, relative to the workspace folder, '/'-separated. */
  path: string;
  refresh: string;
  table?: TableName;
  contentMD5?: string;
}

export interface SyncState {
  version: 1;
  /** The container synced from: host, account and container name only. */
  source: { host: string; account: string; container: string };
  refresh?: string;
  lastSync?: string;
  blobs: Record<string, SyncedBlob>;
}

export const SYNC_EXTENSION = 'sync';

export function readSyncState(ws: Workspace): SyncState | undefined {
  const s = ws.manifest.extensions[SYNC_EXTENSION] as SyncState | undefined;
  return s && s.version === 1 && typeof s.blobs === 'object' ? s : undefined;
}

/** The state for this container: the stored one if it is the same container, else a fresh one. */
export function syncStateFor(ws: Workspace, source: SyncState['source']): SyncState {
  const s = readSyncState(ws);
  if (s && s.source.host === source.host && s.source.account === source.account && s.source.container === source.container) return s;
  return { version: 1, source, blobs: {} };
}

export function writeSyncState(ws: Workspace, state: SyncState): void {
  ws.manifest.extensions[SYNC_EXTENSION] = state;
  ws.saveManifest();
}
