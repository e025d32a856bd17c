/**
 * `sync - --workspace WS [--refresh NAME] [--list]`: download the export from Azure into a workspace
 * (resumable, verified, incremental), then load it. Ctrl-C stops and keeps the state. The SAS URI comes
 * from standard input (`-`), --sas-file, $WPA_SAS_URI, or (with a warning) the argument.
 */
import { describeSas, checkSasUri } from '../../backend/azure/sas.js';
import { listInventory, type SyncInventory } from '../../backend/azure/inventory.js';
import { syncExport, type SyncProgress, type SyncSummary } from '../../backend/azure/syncExport.js';
import { EXIT_LOADED_WITH_GAPS, formatValidationReport, gapsHeadline } from '../../backend/ingest/validationReport.js';
import { readSasInput, SAS_ENV, SAS_OPTIONS } from '../sasInput.js';
import { withWorkspace } from '../../backend/workspace/workspace.js';
import { boolOpt, intOpt, stringOpt, usageError, type CliIO, type Command } from '../command.js';
import { formatBytes } from '../../../shared/format/bytes.js';
import { formatIngestSummary } from './ingest.js';
import { NO_PREPARE_OPTION, prepareAnalysesAfterIngest } from '../prepareAnalyses.js';
import { replaceConsent, REPLACE_OPTION } from '../replaceOption.js';
import { requireReplaceConsent } from '../../backend/workspace/replaceGuard.js';

function formatEta(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export function formatInventory(inv: SyncInventory): string {
  const lines = [`Container ${inv.account}/${inv.container} on ${inv.host}: ${inv.blobCount} blobs, ${formatBytes(inv.totalBytes)}`];
  if (inv.refreshes.length === 0) lines.push('  no export tables found');
  for (const r of [...inv.refreshes].reverse()) {
    const latest = r.name === inv.latest ? '  (latest)' : '';
    lines.push('', `Refresh ${r.name || '(top level)'}${latest}: ${r.tables.length} table${r.tables.length === 1 ? '' : 's'}, ${r.files.length} files, ${formatBytes(r.bytes)}, last written ${r.lastModified.replace('T', ' ').slice(0, 16)} UTC`);
    for (const f of r.files) {
      lines.push(`  ${(f.table ?? '?').padEnd(28)} ${f.fileName.padEnd(40)} ${formatBytes(f.bytes).padStart(10)}  ${f.lastModified.slice(0, 10)}${f.recognisedBy === 'header' ? '  (recognised by header)' : ''}`);
    }
    if (r.missingTables.length) lines.push(`  missing: ${r.missingTables.join(', ')}`);
  }
  if (inv.otherFiles.length) {
    lines.push('', `Other CSV files (${inv.otherFiles.length}):`);
    for (const f of inv.otherFiles.slice(0, 20)) lines.push(`  ${f.name.padEnd(60)} ${formatBytes(f.bytes).padStart(10)}`);
    if (inv.otherFiles.length > 20) lines.push(`  … and ${inv.otherFiles.length - 20} more`);
  }
  for (const r of inv.refused) lines.push(`refused: "${r.name}" (${r.reason})`);
  return lines.join('\n') + '\n';
}

export function formatSyncSummary(s: SyncSummary): string {
  const lines = [`Synced refresh ${s.refresh || '(top level)'} of ${s.account}/${s.container} into ${s.localDir}`];
  const got = s.downloaded.reduce((n, d) => n + d.bytes, 0);
  const rate = s.downloadSeconds > 0 ? s.bytesDownloaded / s.downloadSeconds : 0;
  lines.push(
    s.downloaded.length
      ? `  downloaded ${s.downloaded.length} file${s.downloaded.length === 1 ? '' : 's'}, ${formatBytes(got)} in ${s.downloadSeconds.toFixed(1)} s (${formatBytes(rate)}/s)`
      : '  nothing to download',
  );
  for (const d of s.downloaded) {
    const notes = [d.verifiedBy === 'md5' ? 'MD5 ok' : 'size ok', d.resumedBytes ? `resumed at ${formatBytes(d.resumedBytes)}` : '', d.restarted ? 'restarted: changed on the server' : '', d.retries ? `${d.retries} retr${d.retries === 1 ? 'y' : 'ies'}` : '']
      .filter(Boolean)
      .join(', ');
    lines.push(`    ${d.blobName}  ${formatBytes(d.bytes)}  (${notes})`);
  }
  if (s.unchanged.length) lines.push(`  ${s.unchanged.length} file${s.unchanged.length === 1 ? '' : 's'} unchanged since the last sync`);
  for (const r of s.removed) lines.push(`  removed ${r} (no longer in the refresh)`);
  for (const w of s.warnings) lines.push(`  warning: ${w}`);
  lines.push(s.tablesChanged.length ? `  tables to load: ${s.tablesChanged.join(', ')}` : '  all tables up to date: nothing to load');
  return lines.join('\n') + '\n';
}

/** A one-line progress bar redrawn in place on a terminal; plain lines otherwise. */
function progressReporter(io: CliIO): { update: (p: SyncProgress) => void; clear: () => void } {
  const tty = io.stderr.isTTY === true;
  let drawn = 0;
  let lastFiles = -1;
  let lastTenth = -1;
  let lastPhase = '';
  const clear = () => {
    if (tty && drawn) io.stderr.write(`\r${' '.repeat(drawn)}\r`);
    drawn = 0;
  };
  const update = (p: SyncProgress) => {
    if (p.phase === 'done' || (p.phase === 'download' && !p.filesTotal)) return;
    if (p.phase === 'download' && p.bytesTotal !== undefined) {
      const frac = p.bytesTotal > 0 ? Math.min(1, (p.bytesDone ?? 0) / p.bytesTotal) : 1;
      const line = `${(frac * 100).toFixed(0).padStart(3)}% ${formatBytes(p.bytesDone ?? 0)}/${formatBytes(p.bytesTotal)} · ${p.filesDone}/${p.filesTotal} files · ${formatBytes(p.rate ?? 0)}/s · ETA ${formatEta(p.etaSeconds)}`;
      if (tty) {
        const width = 24;
        const full = Math.round(frac * width);
        const text = `[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${line}`;
        io.stderr.write(`\r${text}${' '.repeat(Math.max(0, drawn - text.length))}`);
        drawn = text.length;
      } else {
        // Not a terminal (a log, CI): a line per finished file and per 10 %, no redraws.
        const tenth = Math.floor(frac * 10);
        if (p.filesDone !== lastFiles || tenth !== lastTenth) io.stderr.write(`download ${line}\n`);
        lastFiles = p.filesDone ?? 0;
        lastTenth = tenth;
      }
      return;
    }
    if (p.phase === 'download') return;
    const key = `${p.phase}:${p.table ?? ''}`;
    if (key === lastPhase) return;
    lastPhase = key;
    clear();
    io.stderr.write(`${p.message}…\n`);
  };
  return { update, clear };
}

export const syncCommand: Command = {
  name: 'sync',
  summary: 'Download the export from an Azure container (read-only SAS URI) into a workspace, resumably, then load it.',
  usage: 'sync [-|"SAS-URI"] [--sas-file FILE] --workspace WS [--refresh NAME] [--replace] [--list] [--concurrency N] [--range-mib N]',
  positionals: [{ name: 'SAS-URI', required: false, description: `Container SAS URI (read + list), or "-" to read it from standard input (default: $${SAS_ENV}).` }],
  options: [
    ...SAS_OPTIONS,
    { name: 'workspace', kind: 'string', valueName: 'WS', description: 'Workspace folder (created if missing).' },
    { name: 'refresh', kind: 'string', valueName: 'NAME', description: 'Refresh folder to sync (default: the latest; "/" for the top level).' },
    REPLACE_OPTION,
    { name: 'list', kind: 'boolean', description: 'Only list what the container holds; download nothing.' },
    { name: 'concurrency', kind: 'string', valueName: 'N', description: 'Ranged reads in flight at once.', default: '4' },
    { name: 'range-mib', kind: 'string', valueName: 'N', description: 'Size of each ranged read, in MiB.', default: '8' },
    NO_PREPARE_OPTION,
  ],
  async run(args, io) {
    const sas = checkSasUri(await readSasInput(args, io));
    const described = describeSas(sas);
    io.stdout.write(`Container ${sas.account}/${sas.container} on ${sas.host} · ${described.summary}\n`);
    for (const w of described.warnings) io.stderr.write(`warning: ${w}\n`);
    if (boolOpt(args, 'list')) {
      io.stdout.write(formatInventory(await listInventory(sas)));
      return;
    }
    const wsDir = stringOpt(args, 'workspace');
    if (!wsDir) throw usageError('--workspace is required (or use --list)');
    const concurrency = intOpt(args, 'concurrency', 4, 1);
    const rangeMiB = intOpt(args, 'range-mib', 8, 1);

    const controller = new AbortController();
    const onInterrupt = () => {
      io.stderr.write('\nstopping: the download state is kept; run the same command again to resume\n');
      controller.abort();
    };
    process.once('SIGINT', onInterrupt);
    const reporter = progressReporter(io);
    try {
      return await withWorkspace(wsDir, { create: true }, async (ws) => {
        requireReplaceConsent(ws, { kind: 'sync', source: { host: sas.host, account: sas.account, container: sas.container } }, replaceConsent(args, ws));
        const summary = await syncExport(ws, sas, {
          refresh: stringOpt(args, 'refresh'),
          concurrency,
          rangeBytes: rangeMiB * 1024 * 1024,
          signal: controller.signal,
          onProgress: reporter.update,
        });
        reporter.clear();
        io.stdout.write(formatSyncSummary(summary));
        if (summary.ingest) {
          io.stdout.write('\n' + formatIngestSummary(summary.ingest));
          // The report is computed after the commit, alongside the analysis tables.
          const [report] = await Promise.all([summary.ingest.report, prepareAnalysesAfterIngest(ws, args, io)]);
          io.stdout.write('\n' + formatValidationReport(report));
          const gaps = gapsHeadline(report);
          if (gaps) io.stderr.write(`${gaps}\n`);
          return gaps ? EXIT_LOADED_WITH_GAPS : 0;
        }
        return 0;
      });
    } finally {
      reporter.clear();
      process.removeListener('SIGINT', onInterrupt);
    }
  },
};
