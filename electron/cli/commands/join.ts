/** `join`: join an imported dataset to the export's people, after showing the match rate. */
import type { Command, ParsedArgs } from '../command.js';
import { boolOpt, requiredOpt, stringOpt, usageError } from '../command.js';
import { withWorkspace } from '../../backend/workspace/workspace.js';
import { parseReportFormat, REPORT_FORMAT_OPTION, writeJson } from '../format.js';
import type { JoinSpec } from '../../backend/datasets/datasetRegistry.js';
import { previewJoin, type JoinPreview } from '../../backend/datasets/previewJoin.js';
import { listJoins, normaliseJoinSpec, removeJoin, saveJoin } from '../../backend/datasets/saveJoin.js';
import { findDatasetRecord } from '../../backend/datasets/datasetRegistry.js';
import type { Workspace } from '../../backend/workspace/workspace.js';
import { defaultJoinColumns, type DefaultJoinColumns } from '../../../shared/api/joinColumns.js';
import { AppError } from '../../../shared/errors.js';

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const list = (xs: string[]) => xs.map((x) => (x.length > 70 ? `${x.slice(0, 69)}…` : x)).join(', ');

export function formatJoinPreview(p: JoinPreview): string {
  const lines = [
    `Join "${p.name}": ${p.dataset}.${p.datasetKey}${p.hashed ? ` (SHA-256 with salt${p.keepDomain ? ', domain kept' : ''})` : ''} = PersonHistorical.${p.exportKey}${p.asOf ? `, as of ${p.asOf.start}${p.asOf.end ? `–${p.asOf.end}` : ''}` : ''}`,
    `  Match rate: ${pct(p.matchRate)} — ${p.matchedRows.toLocaleString('en-US')} of ${p.rows.toLocaleString('en-US')} rows of the file found a ${p.exportKey}`,
    `  ${p.exportKey} values with a row: ${p.matchedExportKeys.toLocaleString('en-US')} of ${p.exportKeys.toLocaleString('en-US')} (${pct(p.exportKeyMatchRate)})`,
    `  Measured employees with values: ${p.measuredEmployees.matched} of ${p.measuredEmployees.total}; HR versions: ${p.versions.matched} of ${p.versions.total}`,
  ];
  if (p.rowsUsed !== undefined) lines.push(`  Rows used at some HR version: ${p.rowsUsed} of ${p.matchedRows} matched`);
  if (p.duplicateKeys.count) lines.push(`  Keys on several rows: ${p.duplicateKeys.count} (${p.duplicateKeys.matched} matched), e.g. ${list(p.duplicateKeys.samples.slice(0, 3))}`);
  if (p.unmatched.datasetKeys.length) lines.push(`  Unmatched in the file: ${list(p.unmatched.datasetKeys)}`);
  if (p.unmatched.exportKeys.length) lines.push(`  ${p.exportKey} values without a row: ${list(p.unmatched.exportKeys.slice(0, 5))}`);
  lines.push(`  Adds: ${p.columns.map((c) => (c.name === c.source ? `${c.name} ${c.type}` : `${c.source} as ${c.name} ${c.type}`)).join(', ')}`);
  for (const w of p.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n') + '\n';
}

function specFrom(args: ParsedArgs): JoinSpec {
  const salt = stringOpt(args, 'salt');
  const hash = boolOpt(args, 'hash') || salt !== undefined;
  if (hash && salt === undefined) throw usageError('--hash needs --salt S (use --salt "" for an unsalted hash)');
  if (boolOpt(args, 'keep-domain') && !hash) throw usageError('--keep-domain applies to --hash');
  const asOf = stringOpt(args, 'as-of');
  const [start, end, extra] = (asOf ?? '').split(',').map((s) => s.trim());
  if (asOf !== undefined && (!start || extra !== undefined)) throw usageError('--as-of takes START_COL or START_COL,END_COL');
  const columns = stringOpt(args, 'columns');
  return normaliseJoinSpec({
    name: stringOpt(args, 'name'),
    dataset: requiredOpt(args, 'dataset'),
    datasetKey: requiredOpt(args, 'dataset-key'),
    exportKey: requiredOpt(args, 'export-key'),
    hash: hash ? { salt: salt ?? '', keepDomain: boolOpt(args, 'keep-domain') } : undefined,
    asOf: asOf !== undefined ? { start, end: end || undefined } : undefined,
    columns: columns ? columns.split(',') : undefined,
  });
}

/**
 * Without --columns, the join form's default: columns the privacy audit found to identify people
 * stay out (shared/api/joinColumns.ts), and the output says which and how to bring them in.
 */
function withDefaultColumns(w: Workspace, spec: JoinSpec): { spec: JoinSpec; leftOut: DefaultJoinColumns['leftOut'] } {
  const record = spec.columns ? undefined : findDatasetRecord(w, spec.dataset);
  // A missing dataset is reported by the join itself.
  if (!record) return { spec, leftOut: [] };
  const d = defaultJoinColumns(record.columns, [spec.datasetKey, spec.asOf?.start, spec.asOf?.end]);
  if (d.leftOut.length === 0) return { spec, leftOut: [] };
  if (d.columns.length === 0) {
    throw new AppError({
      code: 'join/no-columns',
      message: `Every column of "${spec.dataset}" besides its key identifies people (${d.leftOut.map((c) => c.name).join(', ')}), so the join leaves them out by default.`,
      hint: `Bring them in by name: --columns ${d.leftOut.map((c) => c.name).join(',')}`,
      where: { field: 'columns' },
    });
  }
  return { spec: { ...spec, columns: d.columns }, leftOut: d.leftOut };
}

export function formatLeftOut(leftOut: DefaultJoinColumns['leftOut'], brought: string[]): string {
  if (leftOut.length === 0) return '';
  return (
    `  Left out, as they identify people (the privacy audit would warn): ${leftOut.map((c) => `${c.name} (${c.holds})`).join(', ')}\n` +
    `  To bring them in, name the columns: --columns ${[...brought, ...leftOut.map((c) => c.name)].join(',')}\n`
  );
}

export const joinCommand: Command = {
  name: 'join',
  summary: 'Join an imported dataset to the export on EmailAddress or an HR attribute (e.g. Key_ID); shows the match rate first.',
  usage:
    'join --workspace WS --dataset NAME --dataset-key COL --export-key COL [--hash --salt S [--keep-domain]] [--as-of START_COL[,END_COL]] [--columns A,B] [--name JOIN] [--dry-run] | join --list --workspace WS | join --remove NAME --workspace WS',
  options: [
    { name: 'workspace', kind: 'string', valueName: 'WS', description: 'Workspace folder.' },
    { name: 'dataset', kind: 'string', valueName: 'NAME', description: 'The imported dataset to join.' },
    { name: 'dataset-key', kind: 'string', valueName: 'COL', description: "The dataset's key column." },
    { name: 'export-key', kind: 'string', valueName: 'COL', description: 'PersonHistorical column to match: EmailAddress, Key_ID, Organization, …' },
    { name: 'hash', kind: 'boolean', description: "Hash the dataset's key locally: SHA-256 hex of salt + trimmed lower-case value." },
    { name: 'salt', kind: 'string', valueName: 'S', description: 'Salt put before each value when hashing.' },
    { name: 'keep-domain', kind: 'boolean', description: 'Hash only the part before @ and keep @domain.' },
    { name: 'as-of', kind: 'string', valueName: 'START[,END]', description: 'Effective-date columns: use the row valid at each HR version.' },
    { name: 'columns', kind: 'string', valueName: 'A,B', description: 'Dataset columns to add (default: all but the key, the as-of columns and those that identify people, as the join form).' },
    { name: 'name', kind: 'string', valueName: 'JOIN', description: 'Join name; its SQL view is join_<name>.', default: 'the dataset name' },
    { name: 'dry-run', kind: 'boolean', description: 'Show the match rate and samples; save nothing.' },
    { name: 'list', kind: 'boolean', description: 'List saved joins.' },
    { name: 'remove', kind: 'string', valueName: 'NAME', description: 'Remove a saved join.' },
    REPORT_FORMAT_OPTION,
  ],
  async run(args, io) {
    const format = parseReportFormat(stringOpt(args, 'format'));
    const json = (v: unknown) => writeJson(io, v);
    const ws = requiredOpt(args, 'workspace');
    if (boolOpt(args, 'list')) {
      await withWorkspace(ws, {}, async (w) => {
        const joins = listJoins(w);
        if (format === 'json') return json(joins);
        if (joins.length === 0) io.stdout.write('No joins saved.\n');
        for (const j of joins) {
          io.stdout.write(`${j.name.padEnd(16)} ${j.dataset}.${j.datasetKey} = ${j.exportKey}${j.hash ? ' (hashed)' : ''}${j.asOf ? ` as of ${j.asOf.start}` : ''}  match ${pct(j.matchRate)} of rows${j.measuredCovered ? `, ${j.measuredCovered.matched.toLocaleString('en-US')} of ${j.measuredCovered.total.toLocaleString('en-US')} measured employees get values` : ''}  view ${j.view}  adds ${j.joinedColumns.map((c) => c.name).join(', ')}\n`);
        }
      });
      return;
    }
    const remove = stringOpt(args, 'remove');
    if (remove !== undefined) {
      await withWorkspace(ws, {}, async (w) => {
        const r = await removeJoin(w, remove);
        if (format === 'json') return json(r);
        io.stdout.write(`Removed join "${r.removed}". PersonAttributes now adds: ${r.personAttributesColumns.join(', ') || 'nothing'}.\n`);
      });
      return;
    }
    await withWorkspace(ws, {}, async (w) => {
      const { spec, leftOut } = withDefaultColumns(w, specFrom(args));
      const brought = spec.columns ?? [];
      if (boolOpt(args, 'dry-run')) {
        const p = await previewJoin(w, spec);
        if (format === 'json') return json(leftOut.length ? { ...p, leftOut } : p);
        io.stdout.write(formatJoinPreview(p) + formatLeftOut(leftOut, brought) + '(dry run: nothing saved)\n');
        return;
      }
      const r = await saveJoin(w, spec);
      if (format === 'json') return json(leftOut.length ? { ...r, leftOut } : r);
      io.stdout.write(formatJoinPreview(r.preview) + formatLeftOut(leftOut, brought) + `Saved: view ${r.join.view}; PersonAttributes adds ${r.personAttributesColumns.join(', ')}${r.groupBy.length ? `; group analyses by ${r.groupBy.join(', ')} with --by` : ''}.\n`);
    });
  },
};
