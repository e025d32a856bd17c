/** `demo`: write the built-in synthetic demo export (and the analyst's HR and sales files) to a folder. */
import { DEMO_DEFAULTS, DEMO_LIMITS, generateDemoExport } from '../../backend/demo/generateDemoExport.js';
import { boolOpt, intOpt, requiredOpt, stringOpt, usageError, type Command } from '../command.js';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Write a realistic synthetic Workplace Analytics export (nine CSVs, plus hr.csv and sales.csv) to a folder.',
  usage: 'demo --out DIR [--people N] [--weeks W] [--seed S] [--timestamp-format iso|us] [--start-date YYYY-MM-DD] [--ids guid|opaque] [--external-ids]',
  options: [
    { name: 'out', kind: 'string', valueName: 'DIR', description: 'Folder to write into (new, empty, or an earlier demo export).' },
    { name: 'people', kind: 'string', valueName: 'N', description: 'Measured employees.', default: String(DEMO_DEFAULTS.people) },
    { name: 'weeks', kind: 'string', valueName: 'W', description: 'Weeks of activity.', default: String(DEMO_DEFAULTS.weeks) },
    { name: 'seed', kind: 'string', valueName: 'S', description: 'Random seed; the same options give byte-identical files.', default: String(DEMO_DEFAULTS.seed) },
    { name: 'timestamp-format', kind: 'string', valueName: 'iso|us', description: 'iso = 2024-01-03T09:30:00, us = 1/3/2024 9:30:00 AM.', default: DEMO_DEFAULTS.timestampFormat },
    { name: 'start-date', kind: 'string', valueName: 'YYYY-MM-DD', description: 'The Monday the export starts.', default: DEMO_DEFAULTS.startDate },
    { name: 'ids', kind: 'string', valueName: 'guid|opaque', description: 'Id columns as GUIDs, or as Exchange-style opaque strings (ids are documented as strings).', default: DEMO_DEFAULTS.ids },
    { name: 'external-ids', kind: 'boolean', description: "Fill PersonHistorical.ExternalCollaboratorId with external collaborators' email addresses." },
  ],
  async run(args, io) {
    const outDir = requiredOpt(args, 'out');
    const people = intOpt(args, 'people', DEMO_DEFAULTS.people, DEMO_LIMITS.people.min);
    const weeks = intOpt(args, 'weeks', DEMO_DEFAULTS.weeks, DEMO_LIMITS.weeks.min);
    const seed = intOpt(args, 'seed', DEMO_DEFAULTS.seed, 0);
    const format = stringOpt(args, 'timestamp-format') ?? DEMO_DEFAULTS.timestampFormat;
    if (format !== 'iso' && format !== 'us') throw usageError(`--timestamp-format must be iso or us, got "${format}"`);
    const startDate = stringOpt(args, 'start-date');
    const ids = stringOpt(args, 'ids') ?? DEMO_DEFAULTS.ids;
    if (ids !== 'guid' && ids !== 'opaque') throw usageError(`--ids must be guid or opaque, got "${ids}"`);
    const externalIds = boolOpt(args, 'external-ids');

    const started = performance.now();
    const showProgress = io.stderr.isTTY === true;
    let lastWeekReport = '';
    const summary = await generateDemoExport({
      outDir,
      people,
      weeks,
      seed,
      timestampFormat: format,
      startDate,
      ids,
      externalIds,
      onProgress: showProgress
        ? ({ table, rows }) => {
            if (table !== 'MailParticipants') return;
            lastWeekReport = `\r  ${rows.toLocaleString('en-US')} email participant rows…`;
            io.stderr.write(lastWeekReport);
          }
        : undefined,
    });
    if (showProgress && lastWeekReport) io.stderr.write('\r' + ' '.repeat(lastWeekReport.length) + '\r');

    const seconds = (performance.now() - started) / 1000;
    const width = Math.max(...summary.files.map((f) => f.table.length));
    const lines = [`Demo export written to ${summary.outDir} (${people} people × ${weeks} weeks, seed ${seed}, ${format} timestamps, ${ids} ids${externalIds ? ', external ids' : ''})`];
    for (const f of summary.files) lines.push(`  ${f.table.padEnd(width)}  ${f.rows.toLocaleString('en-US').padStart(12)} rows  ${(f.bytes / 1e6).toFixed(1).padStart(8)} MB`);
    const totalRows = summary.files.reduce((n, f) => n + f.rows, 0);
    const totalBytes = summary.files.reduce((n, f) => n + f.bytes, 0);
    lines.push(`  ${'total'.padEnd(width)}  ${totalRows.toLocaleString('en-US').padStart(12)} rows  ${(totalBytes / 1e6).toFixed(1).padStart(8)} MB`);
    lines.push(`Analyst files: ${summary.hrFile}, ${summary.salesFile}; planted effects in demo-summary.json`);
    lines.push(`Done in ${seconds.toFixed(1)} s`);
    io.stdout.write(lines.join('\n') + '\n');
  },
};
