/**
 * 'connect/*': check a pasted SAS, list the container, sync a refresh as a job, recent connections.
 *
 * The SAS enters with 'connect/check' or 'connect/inventory' and stays in the backend (memory, and
 * the secret store); every answer carries only its redacted description and a connection id.
 */
import type { Json } from '../../../shared/api/contract.js';
import { AppError } from '../../../shared/errors.js';
import { listInventory } from '../azure/inventory.js';
import { checkSasUri } from '../azure/sas.js';
import { syncExport, type SyncProgress, type SyncSummary } from '../azure/syncExport.js';
import { readSyncState } from '../azure/syncState.js';
import { requireReplaceConsent } from '../workspace/replaceGuard.js';
import type { Handlers } from './apiContext.js';
import type { JobProgress } from './jobs/jobRunner.js';

/** Download is most of a sync; loading the tables the last part. */
const DOWNLOAD_SHARE = 85;

export function syncJobProgress(p: SyncProgress): JobProgress {
  const { message, bytesDone, bytesTotal, filesDone, filesTotal, files: items } = p;
  // Rate and time left are the download's; while tables load there is neither (not "0 ms left").
  const rate = p.phase === 'download' ? p.rate : undefined;
  const etaSeconds = p.phase === 'download' ? p.etaSeconds : undefined;
  let percent: number | undefined;
  if (p.phase === 'download' && bytesTotal) percent = Math.floor(((bytesDone ?? 0) / bytesTotal) * DOWNLOAD_SHARE);
  else if (p.phase === 'ingest') percent = DOWNLOAD_SHARE + (p.tablesTotal ? Math.floor(((p.tablesDone ?? 0) / p.tablesTotal) * (99 - DOWNLOAD_SHARE)) : 0);
  else if (p.phase === 'check' || p.phase === 'inventory') percent = 0;
  return { message, bytesDone, bytesTotal, filesDone, filesTotal, rate, etaSeconds, percent, ...(items ? { items } : {}) };
}

/** What the UI needs to know about a finished sync: no paths with secrets, no SAS. */
function syncResult(s: SyncSummary): Json {
  return {
    account: s.account,
    container: s.container,
    refresh: s.refresh,
    filesDownloaded: s.downloaded.length,
    filesUnchanged: s.unchanged.length,
    bytesDownloaded: s.bytesDownloaded,
    tablesChanged: s.tablesChanged,
    rowsLoaded: (s.ingest?.tables ?? []).reduce((n, t) => n + t.rows, 0),
    rowsRejected: (s.ingest?.tables ?? []).reduce((n, t) => n + t.rejected, 0),
    warnings: s.warnings,
    seconds: s.seconds,
  };
}

export const connectHandlers: Handlers<'connect/check' | 'connect/inventory' | 'connect/sync' | 'connect/recent'> = {
  'connect/check': async (req, ctx) => ctx.connections.describe(checkSasUri(req.sasUri)),

  'connect/inventory': async (req, ctx) => {
    let id: string;
    let info;
    let description;
    if (req.sasUri?.trim()) {
      ({ id, info, description } = await ctx.connections.remember(req.sasUri));
    } else if (req.connectionId !== undefined) {
      id = req.connectionId;
      info = await ctx.connections.sasFor(id);
      description = ctx.connections.describe(info);
    } else {
      throw new AppError({ code: 'connect/bad-request', message: 'Give a SAS URI or a connection id.', hint: 'Paste the container SAS URI.', where: { field: 'sasUri' } });
    }
    const inv = await listInventory(info);
    const synced = readSyncState(ctx.ws);
    const sameContainer = synced?.source.host === info.host && synced.source.account === info.account && synced.source.container === info.container;
    return {
      ...(sameContainer && synced?.lastSync && synced.refresh !== undefined ? { loaded: synced.refresh } : {}),
      connectionId: id,
      sas: description,
      latest: inv.latest,
      refreshes: inv.refreshes.map((r) => ({
        name: r.name,
        tables: r.tables,
        bytes: r.bytes,
        files: r.files.map((f) => ({ name: f.name, table: f.table, bytes: f.bytes, lastModified: f.lastModified, etag: f.etag })),
      })),
      otherFiles: inv.otherFiles.map((f) => ({ name: f.name, table: f.table, bytes: f.bytes, lastModified: f.lastModified, etag: f.etag })),
      refused: inv.refused,
    };
  },

  'connect/sync': async (req, ctx) => {
    const info = await ctx.connections.sasFor(req.connectionId);
    const running = ctx.jobs.list().find((j) => j.kind === 'sync' && j.status === 'running');
    if (running) throw new AppError({ code: 'connect/sync-running', message: 'A sync is already running.', hint: 'Wait for it to finish, or cancel it first.' });
    requireReplaceConsent(ctx.ws, { kind: 'sync', source: { host: info.host, account: info.account, container: info.container } }, {
      confirmReplace: req.confirmReplace,
      workspaceName: ctx.workspaceName(),
      howToConfirm: 'Confirm to replace them (confirmReplace: true), or create a new workspace for this export.',
    });
    const job = ctx.jobs.start({
      kind: 'sync',
      title: `Sync ${info.account}/${info.container}${req.refresh ? ` (${req.refresh})` : ''}`,
      subject: { connectionId: req.connectionId, ...(req.refresh !== undefined ? { refresh: req.refresh } : {}) },
      run: async (job) => {
        try {
          const summary = await syncExport(ctx.ws, info, { refresh: req.refresh, signal: job.signal, onProgress: (p) => job.progress(syncJobProgress(p)) });
          await ctx.connections.markSynced(req.connectionId);
          return syncResult(summary);
        } finally {
          // Even a failed or cancelled sync may have replaced tables before it stopped.
          await ctx.workspaceChanged();
        }
      },
    });
    return { jobId: job.id };
  },

  'connect/recent': async (_req, ctx) => ({ connections: await ctx.connections.recent() }),
};
