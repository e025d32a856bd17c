import type { Command } from '../command.js';
import { requiredOpt, stringOpt, usageError } from '../command.js';
import { withWorkspace } from '../../backend/workspace/workspace.js';
import { exportPersonQuery } from '../../backend/analyses/personQueryExport.js';
import { ATTENDED_PARAM } from '../../../shared/analyses/personWeekMetrics.js';
import type { ParamValues } from '../../../shared/analyses/types.js';

const TARGETS = ['person-query'];

export const exportCommand: Command = {
  name: 'export',
  summary: 'Write the person-week metrics as a Viva Insights "person query" (PersonId, MetricDate, standard metric names, HR attributes) for the wpa / vivainsights packages. Row-level data: the file name gets "-row-level".',
  usage: 'export person-query --workspace WS --out FILE.csv|FILE.parquet [--attended accepted|not_declined] [--from DATE] [--to DATE] [--work-start H] [--work-end H]',
  positionals: [{ name: 'TARGET', required: true, description: `What to export: ${TARGETS.join(', ')}.` }],
  options: [
    { name: 'workspace', kind: 'string', valueName: 'WS', description: 'Workspace folder.' },
    { name: 'out', kind: 'string', valueName: 'FILE', description: 'File to write (.csv or .parquet); "-row-level" is added to its name unless there.' },
    { name: 'attended', kind: 'string', valueName: 'RULE', description: `${ATTENDED_PARAM.description}`, default: String(ATTENDED_PARAM.default) },
    { name: 'from', kind: 'string', valueName: 'DATE', description: 'First week (any date in it).' },
    { name: 'to', kind: 'string', valueName: 'DATE', description: 'Last week (any date in it).' },
    { name: 'work-start', kind: 'string', valueName: 'H', description: 'Local hour the working day starts (after-hours and focus metrics).', default: '8' },
    { name: 'work-end', kind: 'string', valueName: 'H', description: 'Local hour the working day ends.', default: '17' },
  ],
  async run(args, io) {
    const target = args.positionals[0];
    if (!TARGETS.includes(target)) throw usageError(`unknown export "${target}"; one of: ${TARGETS.join(', ')}`);
    const attended = stringOpt(args, 'attended') ?? String(ATTENDED_PARAM.default);
    if (!(ATTENDED_PARAM.options ?? []).includes(attended)) throw usageError(`--attended is one of ${(ATTENDED_PARAM.options ?? []).join(', ')}`);
    const hour = (name: string, fallback: number, min: number, max: number) => {
      const v = stringOpt(args, name);
      const n = v === undefined ? fallback : Number(v);
      if (!Number.isInteger(n) || n < min || n > max) throw usageError(`--${name} is a whole hour from ${min} to ${max}`);
      return n;
    };
    const params: ParamValues = { attended, workStart: hour('work-start', 8, 0, 23), workEnd: hour('work-end', 17, 1, 24), from: stringOpt(args, 'from') ?? null, to: stringOpt(args, 'to') ?? null };
    const out = requiredOpt(args, 'out');
    await withWorkspace(requiredOpt(args, 'workspace'), {}, async (ws) => {
      const r = await exportPersonQuery(ws, out, params);
      io.stderr.write('Row-level data (one row per person and week, masked ids): the minimum group size does not apply to it. Share it only where the export itself may go.\n');
      io.stdout.write(`Wrote ${r.rows} person-weeks × ${r.columns.length} columns to ${r.path}\n`);
    });
  },
};
