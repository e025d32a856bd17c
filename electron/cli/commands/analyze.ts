import type { Command, OptionSpec } from '../command.js';
import { boolOpt, stringOpt, usageError, requiredOpt } from '../command.js';
import { withWorkspace } from '../../backend/workspace/workspace.js';
import { runAnalysis } from '../../backend/analyses/runAnalysis.js';
import { ANALYSES, findAnalysis } from '../../../shared/analyses/catalogue.js';
import { parseFormat, renderRows } from '../format.js';
import { DEFAULT_MIN_GROUP_SIZE } from '../../../shared/privacy.js';
import { needRefs } from '../../../shared/analyses/inputs.js';
import { hiddenCsvNote, maskedWhy } from '../../../shared/analyses/hiddenMark.js';

const FIXED_OPTIONS: OptionSpec[] = [
  { name: 'workspace', kind: 'string', valueName: 'WS', description: 'Workspace folder.' },
  { name: 'min-group', kind: 'string', valueName: 'N', description: 'Minimum distinct people per group; 5 or more.', default: String(DEFAULT_MIN_GROUP_SIZE) },
  { name: 'param', kind: 'multi', valueName: 'NAME=VALUE', description: 'Set any analysis parameter; repeatable.' },
  { name: 'drop-small', kind: 'boolean', description: 'Drop groups below the minimum size instead of merging them into "Other".' },
  { name: 'show-sql', kind: 'boolean', description: 'Print the SQL that produced the result.' },
  { name: 'format', kind: 'string', valueName: 'FMT', description: 'table, csv or json.', default: 'table' },
  { name: 'list', kind: 'boolean', description: 'List the analyses and their parameters.' },
];

/** Every analysis parameter is also a flag (`--view trend`), so the common ones read naturally. */
const PARAM_OPTIONS: OptionSpec[] = [...new Set(ANALYSES.flatMap((a) => a.params.map((p) => p.name)))]
  .filter((name) => !FIXED_OPTIONS.some((o) => o.name === name))
  .map((name) => ({ name, kind: 'string' as const, valueName: 'VALUE', description: `Analysis parameter "${name}" (see --list).` }));

function listText(): string {
  return ANALYSES.map((a) => {
    const params = a.params.map((p) => `      --${p.name} ${p.kind === 'enum' ? (p.options ?? []).join('|') : p.kind.toUpperCase()}  (default ${p.default ?? 'none'})  ${p.description}`);
    const needs = a.inputs.needs.map((n) => (typeof n === 'string' ? n : (n as readonly string[]).join(' or '))).filter((n) => !n.startsWith('PersonHistorical.'));
    const reads = needRefs([...a.inputs.reads]).filter((r) => !r.startsWith('PersonHistorical.'));
    const inputs = [`    needs: PersonHistorical${needs.length ? `, ${needs.join(', ')}` : ''}`, `    reads: ${reads.join(', ')}`];
    return `${a.id}\n    ${a.question}\n${inputs.join('\n')}\n${params.join('\n')}`;
  }).join('\n\n') + '\n';
}

export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'Run an analysis from the catalogue, privacy-guarded (groups below the minimum size are merged or suppressed).',
  usage: 'analyze ID --workspace WS [--PARAM VALUE …] [--param NAME=VALUE …] [--min-group N] [--drop-small] [--show-sql] [--format table|csv|json] | analyze --list',
  positionals: [{ name: 'ID', required: false, description: `Analysis id: ${ANALYSES.map((a) => a.id).join(', ')}.` }],
  options: [...FIXED_OPTIONS, ...PARAM_OPTIONS],
  async run(args, io) {
    if (boolOpt(args, 'list')) {
      io.stdout.write(listText());
      return;
    }
    const id = args.positionals[0];
    if (!id) throw usageError('give an analysis ID, or --list');
    const def = findAnalysis(id);
    if (!def) throw usageError(`unknown analysis "${id}"; one of: ${ANALYSES.map((a) => a.id).join(', ')}`);
    const format = parseFormat(stringOpt(args, 'format'));
    const params: Record<string, string> = {};
    for (const kv of (args.options.param as string[] | undefined) ?? []) {
      const eq = kv.indexOf('=');
      if (eq <= 0) throw usageError(`--param takes NAME=VALUE, got "${kv}"`);
      params[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
    for (const o of PARAM_OPTIONS) {
      const v = stringOpt(args, o.name);
      if (v === undefined) continue;
      if (!def.params.some((p) => p.name === o.name)) throw usageError(`"${id}" has no parameter --${o.name}; its parameters: ${def.params.map((p) => p.name).join(', ')}`);
      params[o.name] = v;
    }
    const showSql = boolOpt(args, 'show-sql');
    await withWorkspace(requiredOpt(args, 'workspace'), {}, async (ws) => {
      const r = await runAnalysis(ws, id, {
        params,
        minGroupSize: stringOpt(args, 'min-group'),
        smallGroups: boolOpt(args, 'drop-small') ? 'drop' : 'merge',
        onPrepare: format === 'table' && io.stderr.isTTY ? (t) => io.stderr.write(`  preparing analysis table ${t}…\n`) : undefined,
      });
      if (format === 'json') {
        const related = Object.fromEntries(Object.entries(r.related).map(([k, t]) => [k, { rows: t.rows, suppression: t.suppression, ...(showSql ? { sql: t.sql } : {}) }]));
        io.stdout.write(JSON.stringify({ id: r.id, params: r.params, minGroupSize: r.minGroupSize, suppression: r.suppression, notes: r.notes, ...(r.explanation ? { explanation: r.explanation } : {}), rows: r.rows, related, chart: r.chart, ...(showSql ? { sql: r.sql } : {}) }, null, 2) + '\n');
        return;
      }
      const shown = Object.entries(r.params).filter(([, v]) => v !== null).map(([k, v]) => `${k}=${v}`).join(', ');
      if (format === 'table') io.stdout.write(`${r.title} — ${shown} — minimum group size ${r.minGroupSize}\n\n`);
      io.stdout.write(renderRows(r.columns, r.rows, format, r.maskedColumns));
      // What the mark means: on stderr for CSV, so stdout stays the table a script reads.
      const marked = r.rows.some((row) => r.maskedColumns.some((c) => row[c] === null));
      if (marked && format === 'csv') io.stderr.write(`${hiddenCsvNote(maskedWhy(r.minGroupSize))}\n`);
      if (format === 'table') {
        if (marked) io.stdout.write(`\n${hiddenCsvNote(maskedWhy(r.minGroupSize))}\n`);
        if (r.explanation) io.stdout.write(`\n${r.explanation.title}: ${r.explanation.text}\n`);
        io.stdout.write(`\n${r.suppression.note}\n`);
        for (const [name, t] of Object.entries(r.related)) io.stdout.write(`\n${name}:\n${renderRows(t.columns, t.rows, 'table')}${t.suppression.note}\n`);
        for (const n of r.notes) io.stdout.write(`${n}\n`);
        io.stdout.write(`(${r.seconds.toFixed(2)} s${r.preparedSeconds ? `, after ${r.preparedSeconds.toFixed(1)} s preparing analysis tables` : ''})\n`);
      }
      if (showSql) {
        io.stdout.write(`\n-- ${r.id}\n${r.sql};\n`);
        for (const [name, t] of Object.entries(r.related)) io.stdout.write(`\n-- ${r.id}: ${name}\n${t.sql};\n`);
      }
    });
  },
};
