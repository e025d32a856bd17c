/**
 * Sync: SAS check → inventory → download the chosen refresh into `WS/raw/<refresh>` → ingest.
 *
 * Incremental: blobs whose ETag and size match what the last sync downloaded (and whose file is
 * still there) are not downloaded again, and only tables whose files changed are re-ingested.
 * The manifest records, per table, the refresh and the ETag of every file it was loaded from.
 */
import type { ContainerClient } from '@azure/storage-blob';
import { existsSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { AppError } from '../../../shared/errors.js';
import type { TableName } from '../../../shared/schema/exportSchema.js';
import { ingestExport, type IngestProgress, type IngestSummary } from '../ingest/ingestExport.js';
import type { Workspace } from '../workspace/workspace.js';
import { withJournal } from '../workspace/journal.js';
import { cancelledError, containerClientFor } from './client.js';
import { downloadBlobs, type DownloadedFile } from './download.js';
import type { TransportChoice } from './rangeReader.js';
import { chooseRefresh, listInventory, type RemoteFile, type RemoteRefresh, type SyncInventory } from './inventory.js';
import { acquireSyncLock } from './syncLock.js';
import { localRefreshFolder, safeLocalPath } from './localPaths.js';
import { checkSasUri, describeSas, type SasInfo } from './sas.js';
import { syncStateFor, writeSyncState, type SyncState } from './syncState.js';
import { SyncFileStates, type SyncFileState } from './syncFileStates.js';

export interface SyncProgress {
  phase: 'check' | 'inventory' | 'download' | 'ingest' | 'done';
  message: string;
  bytesDone?: number;
  bytesTotal?: number;
  filesDone?: number;
  filesTotal?: number;
  /** Bytes per second, smoothed over the last seconds. */
  rate?: number;
  etaSeconds?: number;
  table?: TableName;
  tablesDone?: number;
  tablesTotal?: number;
  /** Each file of the refresh by blob name, and where it is. */
  files?: Record<string, SyncFileState>;
}

export interface SyncOptions {
  /** Refresh folder to sync (default: the latest). '' or '/' is the container's top level. */
  refresh?: string;
  onProgress?: (p: SyncProgress) => void;
  signal?: AbortSignal;
  concurrency?: number;
  rangeBytes?: number;
  /** Download only, no ingest (the benchmark; a UI "download now, load later"). */
  skipIngest?: boolean;
  /** Download tuning for tests: stall timeout and retry backoff. */
  stallTimeoutMs?: number;
  retryBaseMs?: number;
  progressIntervalMs?: number;
  /** How ranges are fetched (default: the fast client, or the SDK when a proxy is configured). */
  transport?: TransportChoice;
}

export interface SyncSummary {
  account: string;
  container: string;
  host: string;
  /** What the SAS allows, in words (no signature). */
  sas: string;
  refresh: string;
  /** Every refresh in the container, oldest first. */
  refreshes: string[];
  localDir: string;
  downloaded: (DownloadedFile & { table?: TableName })[];
  /** Files already up to date locally. */
  unchanged: { blobName: string; bytes: number; table?: TableName }[];
  /** Local files removed because the blob is gone from the refresh. */
  removed: string[];
  /** Blobs refused (unsafe names). The SAS's own warnings are in `describeSas`. */
  warnings: string[];
  bytesDownloaded: number;
  downloadSeconds: number;
  /** Tables re-ingested because their files changed. */
  tablesChanged: TableName[];
  ingest?: IngestSummary;
  seconds: number;
}

const INGEST_STEPS: Record<IngestProgress['phase'], (table?: string) => string> = {
  discover: () => 'Finding the tables',
  load: (t) => `Loading ${t}`,
  swap: () => 'Replacing the tables',
  done: () => 'Loaded',
};

/** Relative, '/'-separated path of a file in the workspace, as the manifest stores it. */
function wsRelative(ws: Workspace, abs: string): string {
  return relative(ws.dir, abs).split(sep).join('/');
}

export async function syncExport(ws: Workspace, sasUri: string | SasInfo, options: SyncOptions = {}): Promise<SyncSummary> {
  const started = performance.now();
  const progress = (p: SyncProgress) => options.onProgress?.(p);
  progress({ phase: 'check', message: 'Checking the SAS URI' });
  const sas = typeof sasUri === 'string' ? checkSasUri(sasUri) : sasUri;
  const client = await containerClientFor(sas);

  progress({ phase: 'inventory', message: `Listing ${sas.account}/${sas.container}` });
  const inventory = await listInventory(sas, { client, signal: options.signal });
  const chosen = chooseRefresh(inventory, options.refresh);
  if (!chosen) throw noRefreshError(inventory, options.refresh);

  const release = acquireSyncLock(ws.dir);
  try {
    // Journalled: a killed sync is reported; its downloaded files and `.partial` state are kept.
    return await withJournal(ws, 'sync', chosen.name, () => syncChosen(ws, sas, client, inventory, chosen, options, started));
  } finally {
    release();
  }
}

async function syncChosen(ws: Workspace, sas: SasInfo, client: ContainerClient, inventory: SyncInventory, chosen: RemoteRefresh, options: SyncOptions, started: number): Promise<SyncSummary> {
  const state = syncStateFor(ws, { host: sas.host, account: sas.account, container: sas.container });
  const localDir = safeLocalPath(join(ws.dir, 'raw'), localRefreshFolder(chosen.name));
  const plan = planDownloads(ws, state, localDir, chosen.files);
  const fileStates = new SyncFileStates(chosen.files, new Set(plan.toDownload.map((f) => f.name)));
  // What the download moved stays on every later report: while tables load, and when the sync is
  // done, the job still says "12 MB of 12 MB, 9 of 9 files" rather than dropping the figures.
  const bytesToGet = plan.toDownload.reduce((n, f) => n + f.bytes, 0);
  const downloadTotals = { bytesDone: 0, bytesTotal: bytesToGet, filesDone: 0, filesTotal: plan.toDownload.length };
  const progress = (p: SyncProgress) => {
    if (p.phase === 'download') Object.assign(downloadTotals, { bytesDone: p.bytesDone ?? downloadTotals.bytesDone, filesDone: p.filesDone ?? downloadTotals.filesDone });
    const totals = (p.phase === 'ingest' || p.phase === 'done') && downloadTotals.filesTotal > 0 ? downloadTotals : {};
    options.onProgress?.({ ...totals, ...p, files: fileStates.snapshot() });
  };

  // Download what changed.
  progress({ phase: 'download', message: `Downloading ${plan.toDownload.length} of ${chosen.files.length} files`, bytesDone: 0, bytesTotal: bytesToGet, filesDone: 0, filesTotal: plan.toDownload.length, rate: 0 });
  const downloadStarted = performance.now();
  const byName = new Map(chosen.files.map((f) => [f.name, f]));
  // Record each file the moment it is in place: a cancel or crash later must not cost it again.
  const record = (d: DownloadedFile) => {
    fileStates.downloaded(d.blobName);
    const f = byName.get(d.blobName)!;
    state.blobs[d.blobName] = { etag: d.etag, bytes: d.bytes, lastModified: f.lastModified, path: wsRelative(ws, d.path), refresh: chosen.name, table: f.table, contentMD5: d.contentMD5 };
    writeSyncState(ws, state);
  };
  const downloaded = await downloadBlobs(
    client,
    plan.toDownload.map((f) => ({ blobName: f.name, relativePath: f.fileName, bytes: f.bytes, etag: f.etag, contentMD5: f.contentMD5 })),
    {
      rootDir: localDir,
      concurrency: options.concurrency,
      rangeBytes: options.rangeBytes,
      signal: options.signal,
      stallTimeoutMs: options.stallTimeoutMs,
      retryBaseMs: options.retryBaseMs,
      progressIntervalMs: options.progressIntervalMs,
      transport: options.transport,
      onFileDone: record,
      onProgress: (p) => {
        fileStates.downloading(p.current);
        progress({
          phase: 'download',
          message: p.current.length ? `Downloading ${p.current.map((n) => n.slice(n.lastIndexOf('/') + 1)).join(', ')}` : 'Downloading',
          bytesDone: p.bytesDone,
          bytesTotal: p.bytesTotal,
          filesDone: p.filesDone,
          filesTotal: p.filesTotal,
          rate: p.rate,
          etaSeconds: p.etaSeconds,
        });
      },
    },
  );
  const downloadSeconds = (performance.now() - downloadStarted) / 1000;
  // Every file is in place (a failure would have thrown), whatever the last throttled report said.
  Object.assign(downloadTotals, { bytesDone: bytesToGet, filesDone: plan.toDownload.length });

  const removed = await removeVanished(ws, state, chosen.name, new Set(chosen.files.map((f) => f.name)));
  state.refresh = chosen.name;
  writeSyncState(ws, state);

  const tablesChanged = changedTables(ws, state, chosen.files, localDir);
  fileStates.willLoad(tablesChanged);
  const tablesDone = new Set<TableName>();
  let lastLoaded: TableName | undefined;
  let ingest: IngestSummary | undefined;
  if (tablesChanged.length > 0 && !options.skipIngest) {
    if (options.signal?.aborted) throw cancelledError();
    const info = new Map(chosen.files.map((f) => [resolve(localDir, f.fileName), { etag: state.blobs[f.name]?.etag ?? f.etag, refresh: chosen.name }]));
    ingest = await ingestExport(ws, {
      sourceDir: localDir,
      refresh: '',
      only: tablesChanged,
      fileInfo: (p) => info.get(resolve(p)),
      signal: options.signal,
      onProgress: (p) => {
        const current = p.phase === 'load' ? p.table : undefined;
        // Tables are loaded one at a time: the one loading before this one is done.
        if (lastLoaded && lastLoaded !== current) tablesDone.add(lastLoaded);
        if (current) lastLoaded = current;
        if (p.phase === 'swap' || p.phase === 'done') for (const t of tablesChanged) tablesDone.add(t);
        fileStates.loading(current, tablesDone);
        progress({ phase: 'ingest', message: INGEST_STEPS[p.phase](p.table), table: p.table, tablesDone: p.tablesDone, tablesTotal: p.tablesTotal });
      },
    });
    // The summary names the refresh as it is in the container, not the local folder.
    ingest = { ...ingest, refresh: chosen.name };
  }
  state.lastSync = new Date().toISOString();
  writeSyncState(ws, state);
  fileStates.allLoaded();
  progress({ phase: 'done', message: tablesChanged.length ? `Synced refresh ${chosen.name || '(top level)'}` : 'Already up to date' });

  return {
    account: sas.account,
    container: sas.container,
    host: sas.host,
    sas: describeSas(sas).summary,
    refresh: chosen.name,
    refreshes: inventory.refreshes.map((r) => r.name),
    localDir,
    downloaded: downloaded.map((d) => ({ ...d, table: byName.get(d.blobName)?.table })),
    unchanged: plan.unchanged.map((f) => ({ blobName: f.name, bytes: f.bytes, table: f.table })),
    removed,
    warnings: inventory.refused.map((r) => `Refused "${r.name}": ${r.reason}`),
    bytesDownloaded: downloaded.reduce((n, d) => n + d.bytes - d.resumedBytes, 0),
    downloadSeconds,
    tablesChanged,
    ingest,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Which files need downloading: new, changed ETag or size, or missing locally. */
function planDownloads(ws: Workspace, state: SyncState, localDir: string, files: RemoteFile[]): { toDownload: RemoteFile[]; unchanged: RemoteFile[] } {
  const toDownload: RemoteFile[] = [];
  const unchanged: RemoteFile[] = [];
  for (const f of files) {
    const prior = state.blobs[f.name];
    const local = safeLocalPath(localDir, f.fileName);
    const same = prior && prior.etag === f.etag && prior.bytes === f.bytes && prior.path === wsRelative(ws, local) && existsSync(local) && statSync(local).size === f.bytes;
    (same ? unchanged : toDownload).push(f);
  }
  return { toDownload, unchanged };
}

/** Tables whose loaded files (path + ETag) differ from the refresh's current files. */
function changedTables(ws: Workspace, state: SyncState, files: RemoteFile[], localDir: string): TableName[] {
  const want = new Map<TableName, string[]>();
  for (const f of files) {
    if (!f.table) continue;
    const key = `${resolve(localDir, f.fileName)}|${state.blobs[f.name]?.etag ?? f.etag}`;
    want.set(f.table, [...(want.get(f.table) ?? []), key]);
  }
  const changed: TableName[] = [];
  for (const [table, keys] of want) {
    const loaded = (ws.manifest.tables[table]?.files ?? []).map((x) => `${resolve(x.path)}|${x.etag ?? ''}`);
    if (keys.sort().join('\n') !== loaded.sort().join('\n')) changed.push(table);
  }
  return changed;
}

/** Delete local copies of blobs that left this refresh (only files sync itself downloaded). */
async function removeVanished(ws: Workspace, state: SyncState, refresh: string, present: Set<string>): Promise<string[]> {
  const removed: string[] = [];
  for (const [name, b] of Object.entries(state.blobs)) {
    if (b.refresh !== refresh || present.has(name)) continue;
    const abs = safeLocalPath(ws.dir, b.path);
    await rm(abs, { force: true });
    delete state.blobs[name];
    removed.push(b.path);
  }
  return removed;
}

function noRefreshError(inv: SyncInventory, wanted?: string): AppError {
  const names = inv.refreshes.map((r) => r.name || '(top level)');
  if (wanted !== undefined && inv.refreshes.length > 0) {
    return new AppError({ code: 'sync/refresh-not-found', message: `No refresh "${wanted}" in ${inv.account}/${inv.container}`, hint: `Refreshes found: ${names.join(', ')}`, where: { field: 'refresh' } });
  }
  const others = inv.otherFiles.slice(0, 3).map((f) => f.name);
  return new AppError({
    code: 'sync/no-export',
    message: `No Workplace Analytics export tables in ${inv.account}/${inv.container} (${inv.blobCount} blob${inv.blobCount === 1 ? '' : 's'})`,
    hint: others.length ? `It holds other files (${others.join(', ')}${inv.otherFiles.length > 3 ? ', …' : ''}). Check this is the export container.` : 'The container is empty: has the export run yet? Check this is the export container.',
  });
}
