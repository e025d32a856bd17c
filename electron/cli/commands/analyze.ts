import type { Command } from '../command.js';
import { boolOpt, stringOpt, usageError, requiredOpt } from '../command.js';
import { withWorkspace } from '../../backend/workspace/workspace.js';
import { runAnalysis } from '../../backend/analyses/runAnalysis.js';
import { ANALYSES, findAnalysis } from '../../../shared/analyses/catalogue.js';
import { parseFormat, renderRows } from '../format.js';
import { DEFAULT_MIN_GROUP_SIZE } from '../../../shared/privacy.js';

export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'Run an analysis from the catalogue, privacy-guarded (groups below the minimum size are merged or suppressed).',
  usage: 'analyze ID --workspace WS [--by ATTRIBUTE] [--min-group N] [--param NAME=VALUE …] [--format table|csv|json] | analyze --list',
  positionals: [{ name: 'ID', required: false, description: `Analysis id: ${ANALYSES.map((a) => a.id).join(', ')}.` }],
  options: [
    { name: 'workspace', kind: 'string', valueName: 'WS', description: 'Workspace folder.' },
    { name: 'by', kind: 'string', valueName: 'ATTRIBUTE', description: 'HR attribute to group by (the "by" parameter).' },
    { name: 'min-group', kind: 'string', valueName: 'N', description: 'Minimum distinct people per group; 5 or more.', default: String(DEFAULT_MIN_GROUP_SIZE) },
    { name: 'param', kind: 'multi', valueName: 'NAME=VALUE', description: 'Set any analysis parameter; repeatable.' },
    { name: 'drop-small', kind: 'boolean', description: 'Drop groups below the minimum size instead of merging them into "Other".' },
    { name: 'show-sql', kind: 'boolean', description: 'Print the SQL that produced the result.' },
    { name: 'format', kind: 'string', valueName: 'FMT', description: 'table, csv or json.', default: 'table' },
    { name: 'list', kind: 'boolean', description: 'List the analyses.' },
  ],
  async run(args, io) {
    if (boolOpt(args, 'list')) {
      for (const a of ANALYSES) io.stdout.write(`${a.id.padEnd(20)} ${a.question}\n    parameters: ${a.params.map((p) => `${p.name} (default ${p.default})`).join(', ') || 'none'}\n`);
      return;
    }
    const id = args.positionals[0];
    if (!id) throw usageError('give an analysis ID, or --list');
    if (!findAnalysis(id)) throw usageError(`unknown analysis "${id}"; one of: ${ANALYSES.map((a) => a.id).join(', ')}`);
    const format = parseFormat(stringOpt(args, 'format'));
    const params: Record<string, string> = {};
    for (const kv of (args.options.param as string[] | undefined) ?? []) {
      const eq = kv.indexOf('=');
      if (eq <= 0) throw usageError(`--param takes NAME=VALUE, got "${kv}"`);
      params[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
    const by = stringOpt(args, 'by');
    if (by !== undefined) params.by = by;
    await withWorkspace(requiredOpt(args, 'workspace'), {}, async (ws) => {
      const r = await runAnalysis(ws, id, { params, minGroupSize: stringOpt(args, 'min-group'), smallGroups: boolOpt(args, 'drop-small') ? 'drop' : 'merge' });
      if (format === 'json') {
        io.stdout.write(JSON.stringify({ id: r.id, params: r.params, minGroupSize: r.minGroupSize, suppression: r.suppression, rows: r.rows, ...(boolOpt(args, 'show-sql') ? { sql: r.sql } : {}) }, null, 2) + '\n');
        return;
      }
      if (format === 'table') io.stdout.write(`${r.title} — ${Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(', ')} — minimum group size ${r.minGroupSize}\n\n`);
      io.stdout.write(renderRows(r.columns, r.rows, format));
      if (format === 'table') io.stdout.write(`\n${r.suppression.note}\n(${r.seconds.toFixed(2)} s)\n`);
      if (boolOpt(args, 'show-sql')) io.stdout.write(`\n${r.sql}\n`);
    });
  },
};
