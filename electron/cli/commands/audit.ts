/**
 * `audit`: the privacy audit of a workspace for admins, printed, saved in the workspace as the app's
 * audit is (the app shows it as the last audit), and optionally written as HTML / CSV.
 */
import { join } from 'node:path';
import { countedLabel, populationNote, type AuditReport } from '../../../shared/audit/types.js';
import { DEFAULT_MIN_GROUP_SIZE } from '../../../shared/privacy.js';
import type { Command } from '../command.js';
import { intOpt, requiredOpt, stringOpt, usageError } from '../command.js';
import { withWorkspace } from '../../backend/workspace/workspace.js';
import { parseReportFormat, REPORT_FORMAT_OPTION, writeJson } from '../format.js';
import { DEFAULT_SAMPLE_ROWS } from '../../backend/audit/columnProfiles.js';
import { runAndSaveAudit, SAVED_AUDIT_FILE } from '../../backend/audit/savedAudit.js';
import { writeAuditReportSync } from '../../backend/audit/writeAuditReport.js';

export function formatAuditReport(r: AuditReport): string {
  const s = r.summary;
  const lines = [
    `Privacy audit of ${r.workspace}: ${s.tables} tables, ${s.columns} columns in ${r.seconds.toFixed(1)} s`,
    `  ${s.alerts} alerts, ${s.warnings} warnings, ${s.risks} k-anonymity risks, ${s.infos} notes`,
    '',
  ];
  if (r.findings.length === 0) lines.push('No findings.');
  for (const f of r.findings) lines.push(`${f.severity.toUpperCase().padEnd(8)} ${f.title}`, `         ${f.detail}`);
  lines.push('', 'Pseudonym consistency:');
  if (r.consistency.length === 0) lines.push('  (no PersonHistorical table)');
  for (const c of r.consistency) lines.push(`  ${c.status.padEnd(8)} ${c.title} — ${c.detail}`);
  lines.push('', `k-anonymity (minimum group size ${r.kAnonymity.minGroupSize}):`);
  if (r.kAnonymity.note) lines.push(`  ${r.kAnonymity.note}`);
  const population = r.kAnonymity.population ?? { basis: 'people' as const };
  if (r.kAnonymity.population && r.kAnonymity.sets.length) lines.push(`  ${populationNote(r.kAnonymity.population)}`);
  for (const set of r.kAnonymity.sets) {
    lines.push(`  ${set.attributes.join(' × ')}: ${set.peopleBelow} of ${countedLabel(population, set.people)} in ${set.groupsBelow} of ${set.groups} combinations below the minimum`);
    for (const g of set.smallest.slice(0, 3)) lines.push(`      ${g.people} × ${Object.values(g.values).map((v) => v ?? '(empty)').join(' | ')}`);
  }
  lines.push('', r.method);
  return lines.join('\n') + '\n';
}

export const auditCommand: Command = {
  name: 'audit',
  summary: 'Privacy audit: raw values where pseudonyms belong, inconsistent pseudonyms, HR attribute combinations that single people out.',
  usage: 'audit --workspace WS [--attributes A,B,C …] [--min-group N] [--sample N] [--html FILE] [--csv FILE] [--format text|json]',
  options: [
    { name: 'workspace', kind: 'string', valueName: 'WS', description: 'Workspace folder.' },
    { name: 'attributes', kind: 'multi', valueName: 'A,B,C', description: 'HR attributes to check together for k-anonymity; repeat for several sets.', default: 'each categorical attribute, and all HR ones together' },
    { name: 'min-group', kind: 'string', valueName: 'N', description: 'Minimum group size for k-anonymity; 5 or more.', default: `the workspace setting, ${DEFAULT_MIN_GROUP_SIZE} unless raised` },
    { name: 'sample', kind: 'string', valueName: 'N', description: 'Rows profiled per large table.', default: String(DEFAULT_SAMPLE_ROWS) },
    { name: 'html', kind: 'string', valueName: 'FILE', description: 'Also write the report as a self-contained HTML page.' },
    { name: 'csv', kind: 'string', valueName: 'FILE', description: 'Also write the report as CSV.' },
    REPORT_FORMAT_OPTION,
  ],
  async run(args, io) {
    const format = parseReportFormat(stringOpt(args, 'format'));
    const sets = ((args.options.attributes as string[] | undefined) ?? []).map((s) => s.split(',').map((a) => a.trim()).filter(Boolean));
    if (sets.some((s) => s.length === 0)) throw usageError('--attributes takes a comma-separated list of HR attributes');
    await withWorkspace(requiredOpt(args, 'workspace'), {}, async (ws) => {
      const report = await runAndSaveAudit(ws, {
        attributeSets: sets.length ? sets : undefined,
        minGroupSize: stringOpt(args, 'min-group'),
        sampleRows: intOpt(args, 'sample', DEFAULT_SAMPLE_ROWS, 1000),
        onProgress: (p) => {
          if (p.phase === 'profile' && io.stderr.isTTY) io.stderr.write(`profiling ${p.table} (${p.done + 1}/${p.total})…\n`);
        },
      });
      const written = writeAuditReportSync(report, { html: stringOpt(args, 'html'), csv: stringOpt(args, 'csv') });
      if (format === 'json') writeJson(io, report);
      else io.stdout.write(formatAuditReport(report));
      io.stderr.write(`saved as the workspace's last audit: ${join(ws.dir, SAVED_AUDIT_FILE)}\n`);
      for (const path of [written.html, written.csv]) if (path) io.stderr.write(`wrote ${path}\n`);
    });
  },
};
