import { resolve } from 'node:path';
import type { Command } from '../command.js';
import { requiredOpt, stringOpt } from '../command.js';
import { withWorkspace } from '../../backend/workspace/workspace.js';
import { ingestExport, type IngestSummary } from '../../backend/ingest/ingestExport.js';
import { NO_PREPARE_OPTION, prepareAnalysesAfterIngest } from '../prepareAnalyses.js';
import { replaceConsent, REPLACE_OPTION } from '../replaceOption.js';
import { requireReplaceConsent } from '../../backend/workspace/replaceGuard.js';
import { EXIT_LOADED_WITH_GAPS, formatValidationReport, gapsHeadline } from '../../backend/ingest/validationReport.js';

export function formatIngestSummary(s: IngestSummary): string {
  const lines = [`Loaded ${s.tables.length} table${s.tables.length === 1 ? '' : 's'} from ${s.sourceDir}${s.refresh ? ` (refresh ${s.refresh})` : ''} in ${s.seconds.toFixed(1)} s`];
  for (const t of s.tables) {
    const notes = [t.timestampFormat !== 'none' ? `timestamps ${t.timestampFormat}` : '', t.delimiter !== ',' ? `delimiter "${t.delimiter === '\t' ? '\\t' : t.delimiter}"` : '', t.hrAttributes?.length ? `HR attributes: ${t.hrAttributes.map((a) => `${a.name} ${a.type}`).join(', ')}` : '']
      .filter(Boolean)
      .join('; ');
    lines.push(`  ${t.table.padEnd(28)} ${t.rows.toLocaleString('en-US').padStart(12)} rows  ${t.rejected ? `${t.rejected.toLocaleString('en-US')} rejected  ` : ''}${t.seconds.toFixed(1)} s${notes ? `  (${notes})` : ''}`);
  }
  const rejected = s.tables.reduce((a, t) => a + t.rejected, 0);
  if (rejected > 0) {
    lines.push('', `${rejected.toLocaleString('en-US')} rows could not be read and were set aside (query them in table _rejects):`);
    for (const r of s.rejects.slice(0, 10)) lines.push(`  ${r.file}:${r.line} column ${r.column ?? '?'}: ${r.reason}`);
    if (rejected > 10) lines.push(`  … and ${(rejected - 10).toLocaleString('en-US')} more`);
  }
  for (const k of s.skipped) lines.push(`skipped ${k.path}: ${k.reason}`);
  return lines.join('\n') + '\n';
}

export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'Load an export folder (the nine CSV tables, any names or parts) into a workspace, then print the validation report. Exits 3 when tables or columns were missing (what they disable is in the report).',
  usage: 'ingest DIR --workspace WS [--refresh NAME] [--replace]',
  positionals: [{ name: 'DIR', required: true, description: 'Folder holding the export CSV files (searched recursively).' }],
  options: [
    { name: 'workspace', kind: 'string', valueName: 'WS', description: 'Workspace folder (created if missing).' },
    { name: 'refresh', kind: 'string', valueName: 'NAME', description: 'Refresh folder to load when DIR holds several (default: the latest).' },
    REPLACE_OPTION,
    NO_PREPARE_OPTION,
  ],
  async run(args, io) {
    const ws = requiredOpt(args, 'workspace');
    const sourceDir = resolve(args.positionals[0]);
    return withWorkspace(ws, { create: true }, async (w) => {
      requireReplaceConsent(w, { kind: 'ingest', sourceDir }, replaceConsent(args, w));
      const summary = await ingestExport(w, {
        sourceDir,
        refresh: stringOpt(args, 'refresh'),
        onProgress: (p) => {
          if (p.phase === 'load' && io.stderr.isTTY) io.stderr.write(`loading ${p.table} (${p.tablesDone + 1}/${p.tablesTotal})…\n`);
        },
      });
      io.stdout.write(formatIngestSummary(summary));
      // The report is computed after the commit, alongside the analysis tables.
      const [report] = await Promise.all([summary.report, prepareAnalysesAfterIngest(w, args, io)]);
      io.stdout.write('\n' + formatValidationReport(report));
      const gaps = gapsHeadline(report);
      if (gaps) io.stderr.write(`${gaps}\n`);
      return gaps ? EXIT_LOADED_WITH_GAPS : 0;
    });
  },
};
