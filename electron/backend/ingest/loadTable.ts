/**
 * Load one export table's files into a staging table with the declared types.
 *
 * Known columns are read with the schema's types (never the sniffer's); rows that fail to parse go to
 * DuckDB's rejects tables and from there, with file, physical line and column, into `_rejects`.
 * PersonHistorical's extra HR attribute columns are read as text and typed by checking every value.
 */
import { AppError } from '../../../shared/errors.js';
import { EXPORT_SCHEMA, type ColumnDef, type TableName } from '../../../shared/schema/exportSchema.js';
import { ident, literal, type Database } from '../engine/database.js';
import type { DiscoveredFile, DiscoveredTable } from './discover.js';
import { describeFormats, detectTimestampFormats, type FormatDetection } from './timestampFormat.js';
import { lineNumbersAtOffsets } from './lineNumbers.js';

export interface RejectedRow {
  table: TableName;
  file: string;
  line: number;
  column: string | null;
  errorType: string;
  reason: string;
  csvLine: string;
}

export interface StagedTable {
  table: TableName;
  staging: string;
  rows: number;
  rejected: number;
  rejects: RejectedRow[];
  timestampFormat: string;
  delimiter: string;
  hrAttributes?: { name: string; type: string }[];
  seconds: number;
}

export const stagingName = (table: TableName) => `__staging_${table}`;

/** Rejected rows kept with full detail; beyond this only the count is kept. */
const MAX_REJECT_DETAIL = 10_000;

interface FilePlan {
  file: DiscoveredFile;
  formats: FormatDetection;
  /** The `columns={…}` struct for read_csv, in header order. */
  columnTypes: [string, string][];
  signature: string;
}

function planFile(table: TableName, file: DiscoveredFile): FilePlan {
  const timestampCols = file.columns.map((c, i) => ({ c, i })).filter(({ c }) => c?.type === 'TIMESTAMP');
  const samples: Record<string, string[]> = {};
  for (const { c, i } of timestampCols) samples[c!.name] = file.head.sample.map((r) => r[i] ?? '');
  const formats = detectTimestampFormats(samples);
  if (formats.conflict) {
    throw new AppError({
      code: 'ingest/timestamp-format',
      message: `${file.head.path}: ${formats.conflict}`,
      hint: 'Timestamps must be ISO (2024-03-04T15:46:56) or US (3/4/2024 3:46:56 PM), one format per file.',
      where: { file: file.head.path },
    });
  }
  const seen = new Set<string>();
  const columnTypes: [string, string][] = file.columns.map((c, i) => {
    let name = c ? c.name : file.head.header[i];
    if (!name) name = `column${i + 1}`;
    // A repeated header would make two columns with one name; keep the later one distinguishable.
    while (seen.has(name.toLowerCase())) name = `${name}_${i + 1}`;
    seen.add(name.toLowerCase());
    if (!c) return [name, 'VARCHAR'];
    if (c.type === 'TIMESTAMP' && formats.dateOnlyColumns.includes(c.name)) return [name, 'DATE'];
    return [name, c.type];
  });
  const signature = JSON.stringify([columnTypes, file.head.delimiter, formats.timestamp?.name, formats.date?.name]);
  return { file, formats, columnTypes, signature };
}

function readCsvSql(paths: string[], plan: FilePlan, rejectsTable: string, rejectsScan: string): string {
  const struct = `{${plan.columnTypes.map(([n, t]) => `${literal(n)}: ${literal(t)}`).join(', ')}}`;
  const opts = [
    'header = true',
    'auto_detect = false',
    `delim = ${literal(plan.file.head.delimiter)}`,
    `quote = '"'`,
    `escape = '"'`,
    `columns = ${struct}`,
    'store_rejects = true',
    `rejects_table = ${literal(rejectsTable)}`,
    `rejects_scan = ${literal(rejectsScan)}`,
  ];
  if (plan.formats.timestamp?.duckdbFormat) opts.push(`timestampformat = ${literal(plan.formats.timestamp.duckdbFormat)}`);
  if (plan.formats.date?.duckdbFormat) opts.push(`dateformat = ${literal(plan.formats.date.duckdbFormat)}`);
  return `read_csv([${paths.map(literal).join(', ')}], ${opts.join(', ')})`;
}

/** Every declared column in schema order (absent optional ones as typed NULLs), then the extras. */
function selectList(table: TableName, plan: FilePlan): string {
  const def = EXPORT_SCHEMA[table];
  const present = new Map(plan.file.columns.map((c, i) => [c?.name, plan.columnTypes[i]] as const).filter(([c]) => !!c));
  const parts = def.columns.map((col: ColumnDef) => {
    const entry = present.get(col.name);
    if (!entry) return `CAST(NULL AS ${col.type}) AS ${ident(col.name)}`;
    const [name, type] = entry;
    return type === col.type ? ident(name) : `CAST(${ident(name)} AS ${col.type}) AS ${ident(col.name)}`;
  });
  plan.file.columns.forEach((c, i) => {
    if (!c) parts.push(ident(plan.columnTypes[i][0]));
  });
  return parts.join(', ');
}

export async function loadTableToStaging(db: Database, discovered: DiscoveredTable): Promise<StagedTable> {
  const started = performance.now();
  const { table } = discovered;
  const staging = stagingName(table);
  const plans = discovered.files.map((f) => planFile(table, f));
  // Parts with the same header, delimiter and formats are read in one scan; others are appended.
  const groups = new Map<string, FilePlan[]>();
  for (const p of plans) groups.set(p.signature, [...(groups.get(p.signature) ?? []), p]);
  const extraNames = JSON.stringify(plans[0].columnTypes.filter((_, i) => !plans[0].file.columns[i]).map(([n]) => n));
  for (const p of plans) {
    const names = JSON.stringify(p.columnTypes.filter((_, i) => !p.file.columns[i]).map(([n]) => n));
    if (names !== extraNames) {
      throw new AppError({
        code: 'ingest/parts-differ',
        message: `${p.file.head.path}: its extra columns differ from ${plans[0].file.head.path}, another part of ${table}`,
        hint: 'All part files of one table must have the same columns.',
        where: { file: p.file.head.path },
      });
    }
  }

  await db.run(`DROP TABLE IF EXISTS ${ident(staging)}`);
  const rejects: RejectedRow[] = [];
  let rejected = 0;
  let first = true;
  let n = 0;
  for (const group of groups.values()) {
    const rejTable = `__rej_${table}_${n}`;
    const rejScan = `__rejscan_${table}_${n++}`;
    const source = `SELECT ${selectList(table, group[0])} FROM ${readCsvSql(group.map((p) => p.file.head.path), group[0], rejTable, rejScan)}`;
    try {
      await db.run(first ? `CREATE TABLE ${ident(staging)} AS ${source}` : `INSERT INTO ${ident(staging)} BY NAME ${source}`);
    } catch (e) {
      throw new AppError({
        code: 'ingest/read-failed',
        message: `Could not read ${group.map((p) => p.file.head.path).join(', ')} as ${table}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
        hint: 'Check the file is a complete CSV export file; a damaged download can be fetched again with sync.',
        where: { file: group[0].file.head.path },
      });
    }
    first = false;
    // One bad line can raise several errors (one per missing column): count lines, not errors.
    const count = await db.scalar<number>(`SELECT count(*) FROM (SELECT DISTINCT scan_id, file_id, line FROM ${ident(rejTable)})`);
    rejected += count;
    if (rejects.length < MAX_REJECT_DETAIL) {
      const r = await db.query(
        `SELECT s.file_path, r.line, min(r.line_byte_position) AS line_byte_position, first(r.column_name ORDER BY r.column_idx) AS column_name,
           first(r.error_type ORDER BY r.column_idx) AS error_type, string_agg(DISTINCT r.error_message, '; ') AS error_message, first(r.csv_line) AS csv_line
         FROM ${ident(rejTable)} r JOIN ${ident(rejScan)} s USING (scan_id, file_id)
         GROUP BY s.file_path, r.line
         ORDER BY s.file_path, r.line LIMIT ${MAX_REJECT_DETAIL - rejects.length}`,
      );
      const byFile = new Map<string, number[]>();
      for (const row of r.rows) {
        const pos = Number(row.line_byte_position ?? -1);
        if (pos >= 0) byFile.set(String(row.file_path), [...(byFile.get(String(row.file_path)) ?? []), pos]);
      }
      const lines = new Map<string, Map<number, number>>();
      for (const [file, offsets] of byFile) lines.set(file, await lineNumbersAtOffsets(file, offsets));
      for (const row of r.rows) {
        const file = String(row.file_path);
        const pos = Number(row.line_byte_position ?? -1);
        rejects.push({
          table,
          file,
          line: lines.get(file)?.get(pos) ?? Number(row.line),
          column: row.column_name === null ? null : String(row.column_name),
          errorType: String(row.error_type),
          reason: String(row.error_message).split('\n')[0],
          csvLine: String(row.csv_line ?? '').replace(/^\r?\n/, '').slice(0, 500),
        });
      }
    }
    await db.run(`DROP TABLE IF EXISTS ${ident(rejTable)}; DROP TABLE IF EXISTS ${ident(rejScan)}`);
  }

  const hrAttributes = EXPORT_SCHEMA[table].allowsExtraColumns ? await typeExtraColumns(db, staging, plans[0]) : undefined;
  const rows = await db.scalar<number>(`SELECT count(*) FROM ${ident(staging)}`);
  return {
    table,
    staging,
    rows,
    rejected,
    rejects,
    timestampFormat: [...new Set(plans.map((p) => describeFormats(p.formats)))].join(', '),
    delimiter: plans[0].file.head.delimiter,
    hrAttributes,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Candidate types for HR attribute columns, narrowest first. */
const HR_TYPES = ['BIGINT', 'DOUBLE', 'BOOLEAN', 'DATE', 'TIMESTAMP'] as const;

/**
 * Type each extra (HR attribute) column by checking every value, not a 20,480-row sample: the
 * narrowest type all non-empty values cast to, else text. Codes with leading zeros stay text.
 */
async function typeExtraColumns(db: Database, staging: string, plan: FilePlan): Promise<{ name: string; type: string }[]> {
  const extras = plan.columnTypes.filter((_, i) => !plan.file.columns[i]).map(([n]) => n);
  if (extras.length === 0) return [];
  const checks = extras.flatMap((name, k) => {
    const v = `NULLIF(trim(${ident(name)}), '')`;
    return [
      `count(${v}) AS n${k}`,
      `count(*) FILTER (WHERE regexp_matches(${v}, '^[+-]?0[0-9]')) AS z${k}`,
      // TRY_CAST('2.5' AS BIGINT) rounds to 3 instead of failing: integers must look like integers.
      ...HR_TYPES.map((t, j) =>
        t === 'BIGINT'
          ? `count(*) FILTER (WHERE ${v} IS NOT NULL AND (NOT regexp_matches(${v}, '^[+-]?[0-9]+$') OR TRY_CAST(${v} AS BIGINT) IS NULL)) AS b${k}_${j}`
          : `count(*) FILTER (WHERE ${v} IS NOT NULL AND TRY_CAST(${v} AS ${t}) IS NULL) AS b${k}_${j}`,
      ),
    ];
  });
  const r = (await db.query(`SELECT ${checks.join(', ')} FROM ${ident(staging)}`)).rows[0];
  const out: { name: string; type: string }[] = [];
  for (const [k, name] of extras.entries()) {
    let type = 'VARCHAR';
    if (Number(r[`n${k}`]) > 0 && Number(r[`z${k}`]) === 0) {
      const j = HR_TYPES.findIndex((_, j) => Number(r[`b${k}_${j}`]) === 0);
      if (j !== -1) type = HR_TYPES[j];
    }
    if (type !== 'VARCHAR') {
      await db.run(`ALTER TABLE ${ident(staging)} ALTER ${ident(name)} SET DATA TYPE ${type} USING TRY_CAST(NULLIF(trim(${ident(name)}), '') AS ${type})`);
    }
    out.push({ name, type });
  }
  return out;
}
