/** `import`: load a user's CSV, XLSX or Parquet file into a workspace as a named dataset (or preview it). */
import type { Command, ParsedArgs } from '../command.js';
import { boolOpt, intOpt, requiredOpt, stringOpt, usageError } from '../command.js';
import { withWorkspace } from '../../backend/workspace/workspace.js';
import { importDataset, listDatasets, previewImport, removeDataset, type ImportPreview } from '../../backend/datasets/importDataset.js';
import { parseReportFormat, REPORT_FORMAT_OPTION, renderRows, writeJson } from '../format.js';

function typeOverrides(args: ParsedArgs): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of (args.options.type as string[] | undefined) ?? []) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw usageError(`--type takes COLUMN=TYPE, got "${kv}"`);
    out[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return out;
}

const showDelimiter = (d: string) => (d === '\t' ? 'tab' : d === ' ' ? 'space' : d);

export function formatImportPreview(p: ImportPreview, rowsShown: number): string {
  const lines: string[] = [];
  const how = [
    p.format.toUpperCase(),
    p.sheet ? `sheet "${p.sheet}"${p.sheets && p.sheets.length > 1 ? ` of ${p.sheets.map((s) => `"${s}"`).join(', ')}` : ''}` : '',
    p.encoding ? `encoding ${p.encoding}` : '',
    p.delimiter ? `delimiter ${showDelimiter(p.delimiter)}` : '',
    p.format !== 'parquet' ? (p.headerRow === 0 ? 'no header row' : `header row ${p.headerRow}`) : '',
  ].filter(Boolean);
  lines.push(`${p.file}: ${p.rows.toLocaleString('en-US')} rows, ${p.columns.length} columns (${how.join(', ')})`);
  const width = Math.max(...p.columns.map((c) => c.name.length));
  for (const c of p.columns) {
    const type = c.format ? `${c.type} (${c.format})` : c.type;
    lines.push(`  ${c.name.padEnd(width)}  ${type}${c.overridden ? `  [chosen; detected ${c.detected}]` : ''}`);
  }
  for (const n of p.notes) lines.push(`note: ${n}`);
  if (p.replaces) lines.push(`replaces the existing dataset "${p.name}"${p.usedByJoins.length ? ` (joins ${p.usedByJoins.join(', ')} are rebuilt)` : ''}`);
  if (rowsShown > 0 && p.sample.length) {
    lines.push('');
    lines.push(renderRows(p.columns.map((c) => ({ name: c.name, type: c.type })), p.sample.slice(0, rowsShown), 'table').trimEnd());
  }
  return lines.join('\n') + '\n';
}

export const importCommand: Command = {
  name: 'import',
  summary: 'Import your own CSV, XLSX or Parquet file (HR extract, sales outcomes, …) into a workspace as a named dataset.',
  usage:
    'import FILE --workspace WS --name NAME [--sheet S] [--header-row N] [--delimiter D] [--encoding E] [--type COL=TYPE …] [--preview] | import --list --workspace WS | import --remove NAME --workspace WS',
  positionals: [{ name: 'FILE', required: false, description: 'The file to import (.csv/.txt/.tsv, optionally .gz; .xlsx; .parquet).' }],
  options: [
    { name: 'workspace', kind: 'string', valueName: 'WS', description: 'Workspace folder.' },
    { name: 'name', kind: 'string', valueName: 'NAME', description: 'Dataset name, also its SQL table name (letters, digits, _).' },
    { name: 'sheet', kind: 'string', valueName: 'S', description: 'XLSX: sheet name or 1-based position.', default: '1' },
    { name: 'header-row', kind: 'string', valueName: 'N', description: 'Row holding the column names; 0 if there is none.', default: '1' },
    { name: 'delimiter', kind: 'string', valueName: 'D', description: 'CSV field delimiter: one character, or tab, comma, semicolon, pipe.', default: 'detected' },
    { name: 'encoding', kind: 'string', valueName: 'E', description: 'auto, utf-8, latin1 (Windows-1252), utf-16.', default: 'auto' },
    { name: 'type', kind: 'multi', valueName: 'COL=TYPE', description: 'Column type: text, integer, double, boolean, date, timestamp, or date:%d/%m/%Y; repeatable.' },
    { name: 'preview', kind: 'boolean', description: 'Show columns, detected types and the first rows; import nothing.' },
    { name: 'rows', kind: 'string', valueName: 'N', description: 'Rows to show in the preview.', default: '10' },
    { name: 'list', kind: 'boolean', description: 'List the imported datasets.' },
    { name: 'remove', kind: 'string', valueName: 'NAME', description: 'Remove a dataset.' },
    { name: 'with-joins', kind: 'boolean', description: 'With --remove: also remove the joins that use it.' },
    REPORT_FORMAT_OPTION,
  ],
  async run(args, io) {
    const format = parseReportFormat(stringOpt(args, 'format'));
    const json = (v: unknown) => writeJson(io, v);
    const ws = requiredOpt(args, 'workspace');
    if (boolOpt(args, 'list')) {
      await withWorkspace(ws, {}, async (w) => {
        const all = listDatasets(w);
        if (format === 'json') return json(all);
        if (all.length === 0) io.stdout.write('No datasets imported.\n');
        for (const d of all) io.stdout.write(`${d.name.padEnd(20)} ${String(d.rows).padStart(10)} rows  ${d.columns.length} columns  from ${d.file}${d.joins.length ? `  (joins: ${d.joins.join(', ')})` : ''}\n`);
      });
      return;
    }
    const remove = stringOpt(args, 'remove');
    if (remove !== undefined) {
      await withWorkspace(ws, {}, async (w) => {
        const r = await removeDataset(w, remove, { withJoins: boolOpt(args, 'with-joins') });
        if (format === 'json') return json(r);
        io.stdout.write(`Removed dataset "${r.removed}"${r.joinsRemoved.length ? ` and joins ${r.joinsRemoved.join(', ')}` : ''}.\n`);
      });
      return;
    }
    const file = args.positionals[0];
    if (!file) throw usageError('give the FILE to import, or --list / --remove NAME');
    const options = {
      sheet: stringOpt(args, 'sheet'),
      headerRow: intOpt(args, 'header-row', 1, 0),
      delimiter: stringOpt(args, 'delimiter'),
      encoding: stringOpt(args, 'encoding'),
      types: typeOverrides(args),
      previewRows: intOpt(args, 'rows', 10, 0),
    };
    if (boolOpt(args, 'preview')) {
      await withWorkspace(ws, { create: true }, async (w) => {
        const p = await previewImport(w, file, { ...options, name: stringOpt(args, 'name') });
        if (format === 'json') return json(p);
        io.stdout.write(formatImportPreview(p, options.previewRows) + '\n(preview only: nothing imported)\n');
      });
      return;
    }
    const name = requiredOpt(args, 'name');
    await withWorkspace(ws, { create: true }, async (w) => {
      const r = await importDataset(w, file, { ...options, name });
      if (format === 'json') return json(r);
      io.stdout.write(formatImportPreview(r, 0) + `Imported as table "${r.dataset.table}" in ${r.seconds.toFixed(1)} s.\n`);
    });
  },
};
