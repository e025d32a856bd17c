/**
 * Load one export table's files into a staging table with the declared types.
 *
 * Known columns are read with the schema's types (never the sniffer's); rows that fail to parse go to
 * DuckDB's rejects tables and from there, with file, physical line and column, into `_rejects`.
 * Extra columns (PersonHistorical's HR attributes, undocumented columns elsewhere) are read as text
 * and typed by checking every value; id columns are UUID only when every value is a GUID.
 */
import { AppError } from '../../../shared/errors.js';
import { EXPORT_SCHEMA, GUID_PATTERN, type ColumnDef, type TableName } from '../../../shared/schema/exportSchema.js';
import { detectColumnTypes, provenConversionSql } from '../typing/columnTypes.js';
import { ident, literal } from '../engine/database.js';
import type { Connection } from '../engine/engine.js';
import type { DiscoveredFile, DiscoveredTable } from './discover.js';
import { describeFormats, detectTimestampFormats, type FormatDetection } from './timestampFormat.js';
import { recordLinesAtOffsets } from './lineNumbers.js';
import { findOverlongLines, MAX_LINE_BYTES, type OverlongLine } from './overlongLines.js';

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
  /** PersonHistorical: the tenant's HR attribute columns and the type their values gave. */
  hrAttributes?: { name: string; type: string }[];
  /** Other tables: columns the documents do not list, kept with the type their values gave. */
  extraColumns?: { name: string; type: string }[];
  /** Documented columns no file of the table has: loaded as NULL. */
  missingColumns: string[];
  /** Documented columns some part files have and others lack (those rows hold NULL). */
  partlyMissingColumns: { column: string; files: string[] }[];
  /** Documented integer columns holding values that are not whole numbers (kept as they are). */
  notWholeNumbers: { column: string; rows: number }[];
  /** The type each id column was loaded as: UUID when every value is a GUID, else VARCHAR. */
  keyTypes: Record<string, 'UUID' | 'VARCHAR'>;
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

/**
 * Id columns whose sampled values are all GUIDs (or empty) in every file of the table: read as UUID.
 * A later value that is not a GUID makes the whole column VARCHAR (see `loadTableToStaging`).
 */
function guidKeyColumns(table: TableName, files: DiscoveredFile[]): Set<string> {
  // An id column no file has is a NULL column: text, so it never forces other tables' ids to change.
  const present = new Set(files.flatMap((f) => f.columns.filter((c) => c?.key).map((c) => c!.name)));
  const keys = new Set(EXPORT_SCHEMA[table].columns.filter((c) => c.key && present.has(c.name)).map((c) => c.name));
  for (const f of files) {
    f.columns.forEach((c, i) => {
      if (!c?.key) return;
      if (f.head.sample.some((r) => (r[i] ?? '').trim() !== '' && !GUID_PATTERN.test((r[i] ?? '').trim()))) keys.delete(c.name);
    });
  }
  return keys;
}

function planFile(file: DiscoveredFile, uuidKeys: ReadonlySet<string>): FilePlan {
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
    let name = c ? c.name : file.head.header[i].trim();
    if (!name) name = `column${i + 1}`;
    // A repeated header would make two columns with one name; keep the later one distinguishable.
    while (seen.has(name.toLowerCase())) name = `${name}_${i + 1}`;
    seen.add(name.toLowerCase());
    if (!c) return [name, 'VARCHAR'];
    if (c.key) return [name, uuidKeys.has(c.name) ? 'UUID' : 'VARCHAR'];
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
    `max_line_size = ${MAX_LINE_BYTES}`,
    `columns = ${struct}`,
    'store_rejects = true',
    `rejects_table = ${literal(rejectsTable)}`,
    `rejects_scan = ${literal(rejectsScan)}`,
  ];
  if (plan.formats.timestamp?.duckdbFormat) opts.push(`timestampformat = ${literal(plan.formats.timestamp.duckdbFormat)}`);
  if (plan.formats.date?.duckdbFormat) opts.push(`dateformat = ${literal(plan.formats.date.duckdbFormat)}`);
  return `read_csv([${paths.map(literal).join(', ')}], ${opts.join(', ')})`;
}

/** Every documented column in schema order (absent ones as typed NULLs), then the extras. */
function selectList(table: TableName, plan: FilePlan, uuidKeys: ReadonlySet<string>): string {
  const def = EXPORT_SCHEMA[table];
  const present = new Map(plan.file.columns.map((c, i) => [c?.name, plan.columnTypes[i]] as const).filter(([c]) => !!c));
  const parts = def.columns.map((col: ColumnDef) => {
    const type = col.key ? (uuidKeys.has(col.name) ? 'UUID' : 'VARCHAR') : col.type;
    const entry = present.get(col.name);
    if (!entry) return `CAST(NULL AS ${type}) AS ${ident(col.name)}`;
    const [name, readAs] = entry;
    return readAs === type && name === col.name ? ident(name) : `CAST(${ident(name)} AS ${type}) AS ${ident(col.name)}`;
  });
  plan.file.columns.forEach((c, i) => {
    if (!c) parts.push(ident(plan.columnTypes[i][0]));
  });
  return parts.join(', ');
}

/** Raised inside a load when an id column read as UUID met a value that is not a GUID. */
class NotAllGuids extends Error {
  constructor(readonly columns: string[]) {
    super(`not GUIDs: ${columns.join(', ')}`);
  }
}

/**
 * Load a table's files into its staging table. Id columns are read as UUID when the sampled values
 * are GUIDs; if a later value is not, the table is read again with that column as text, so an id
 * is typed UUID only when every value is a GUID, and no row is rejected for its id's form.
 */
export async function loadTableToStaging(db: Connection, discovered: DiscoveredTable): Promise<StagedTable> {
  const started = performance.now();
  const uuidKeys = guidKeyColumns(discovered.table, discovered.files);
  for (;;) {
    try {
      return await loadOnce(db, discovered, uuidKeys, started);
    } catch (e) {
      if (!(e instanceof NotAllGuids)) throw e;
      for (const c of e.columns) uuidKeys.delete(c);
    }
  }
}

async function loadOnce(db: Connection, discovered: DiscoveredTable, uuidKeys: Set<string>, started: number): Promise<StagedTable> {
  const { table } = discovered;
  const def = EXPORT_SCHEMA[table];
  const staging = stagingName(table);
  const plans = discovered.files.map((f) => planFile(f, uuidKeys));
  // Parts with the same header, delimiter and formats are read in one scan; others are appended.
  const groups = new Map<string, FilePlan[]>();
  for (const p of plans) groups.set(p.signature, [...(groups.get(p.signature) ?? []), p]);
  // Parts are appended BY NAME, so their extra columns may come in any order.
  const extraNamesOf = (p: FilePlan) => p.columnTypes.filter((_, i) => !p.file.columns[i]).map(([n]) => n);
  const extraNames = JSON.stringify(extraNamesOf(plans[0]).sort());
  for (const p of plans) {
    if (JSON.stringify(extraNamesOf(p).sort()) !== extraNames) {
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
  const uuidColumnNames = def.columns.filter((c) => c.key && uuidKeys.has(c.name)).map((c) => c.name);
  for (const group of groups.values()) {
    const rejTable = `__rej_${table}_${n}`;
    const rejScan = `__rejscan_${table}_${n++}`;
    const overlong = await overlongLinesOf(group);
    const source = `SELECT ${selectList(table, group[0], uuidKeys)} FROM ${readCsvSql(group.map((p) => p.file.head.path), group[0], rejTable, rejScan)}`;
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
    try {
      if (uuidColumnNames.length > 0) {
        const notGuid = (
          await db.query(
            `SELECT DISTINCT column_name FROM ${ident(rejTable)} WHERE error_type = 'CAST' AND column_name IN (${uuidColumnNames.map(literal).join(', ')})`,
          )
        ).rows.map((r) => String(r.column_name));
        if (notGuid.length > 0) {
          await db.run(`DROP TABLE IF EXISTS ${ident(staging)}`);
          throw new NotAllGuids(notGuid);
        }
      }
      // One bad line can raise several errors (one per missing column): count lines, not errors.
      // DuckDB's own rejects of over-long lines are replaced by the scan's (see overlongLines.ts).
      const outside = `NOT (${insideOverlongSql(overlong)})`;
      const count = await db.scalar<number>(
        `SELECT count(*) FROM (SELECT DISTINCT r.scan_id, r.file_id, r.line FROM ${ident(rejTable)} r JOIN ${ident(rejScan)} s USING (scan_id, file_id) WHERE ${outside})`,
      );
      rejected += count + overlong.length;
      if (count > 0 && rejects.length < MAX_REJECT_DETAIL) rejects.push(...(await rejectDetail(db, table, rejTable, rejScan, outside, MAX_REJECT_DETAIL - rejects.length)));
      rejects.push(...overlong.slice(0, Math.max(0, MAX_REJECT_DETAIL - rejects.length)).map((o) => overlongReject(table, o)));
    } finally {
      await db.run(`DROP TABLE IF EXISTS ${ident(rejTable)}; DROP TABLE IF EXISTS ${ident(rejScan)}`);
    }
  }

  const extras = extraNamesOf(plans[0]);
  const typedExtras = await typeExtraColumns(db, staging, extras);
  const present = new Set(plans.flatMap((p) => p.file.columns.filter((c): c is ColumnDef => !!c).map((c) => c.name)));
  const partlyMissingColumns = def.columns
    .filter((c) => present.has(c.name))
    .map((c) => ({ column: c.name, files: plans.filter((p) => !p.file.columns.some((x) => x?.name === c.name)).map((p) => p.file.head.path) }))
    .filter((x) => x.files.length > 0);
  const integers = def.columns.filter((c) => c.documentedType === 'integer' && present.has(c.name)).map((c) => c.name);
  const counts = (
    await db.query(
      `SELECT count(*) AS n${integers.map((c, i) => `, count(*) FILTER (WHERE ${ident(c)} <> trunc(${ident(c)})) AS f${i}`).join('')} FROM ${ident(staging)}`,
    )
  ).rows[0];
  const rows = Number(counts.n);
  const notWholeNumbers = integers.map((column, i) => ({ column, rows: Number(counts[`f${i}`]) })).filter((x) => x.rows > 0);
  return {
    table,
    staging,
    rows,
    rejected,
    rejects,
    timestampFormat: [...new Set(plans.map((p) => describeFormats(p.formats)))].join(', '),
    delimiter: plans[0].file.head.delimiter,
    ...(def.extraColumnsAreHrAttributes ? { hrAttributes: typedExtras } : { extraColumns: typedExtras }),
    missingColumns: def.columns.filter((c) => !present.has(c.name)).map((c) => c.name),
    partlyMissingColumns,
    notWholeNumbers,
    keyTypes: Object.fromEntries(def.columns.filter((c) => c.key).map((c) => [c.name, uuidKeys.has(c.name) ? 'UUID' : 'VARCHAR'])),
    seconds: (performance.now() - started) / 1000,
  };
}

interface FileOverlongLine extends OverlongLine {
  file: string;
  column: string;
}

/** Every line of the group's files longer than a row may be, with its longest field's column. */
async function overlongLinesOf(group: FilePlan[]): Promise<FileOverlongLine[]> {
  const out: FileOverlongLine[] = [];
  for (const p of group) {
    const file = p.file.head.path;
    for (const o of await findOverlongLines(file, p.file.head.delimiter, { limit: MAX_REJECT_DETAIL })) {
      if (o.line === 1) {
        throw new AppError({
          code: 'ingest/line-too-long',
          message: `${file}: the header line is ${o.end - o.start} bytes long, over the ${MAX_LINE_BYTES.toLocaleString('en-US')} a line may hold.`,
          hint: 'Check the file is a CSV export file; a damaged download can be fetched again with sync.',
          where: { file, line: 1 },
        });
      }
      out.push({ ...o, file, column: p.columnTypes[o.field]?.[0] ?? `column${o.field + 1}` });
    }
  }
  return out;
}

/** SQL: the reject `r` (with scan `s`) lies inside one of the over-long lines. */
function insideOverlongSql(overlong: FileOverlongLine[]): string {
  if (overlong.length === 0) return 'false';
  return overlong.map((o) => `(s.file_path = ${literal(o.file)} AND r.byte_position BETWEEN ${o.start} AND ${o.end})`).join(' OR ');
}

function overlongReject(table: TableName, o: FileOverlongLine): RejectedRow {
  return {
    table,
    file: o.file,
    line: o.line,
    column: o.column,
    errorType: 'LINE SIZE OVER MAXIMUM',
    reason: `The line is ${(o.end - o.start).toLocaleString('en-US')} bytes long, over the ${MAX_LINE_BYTES.toLocaleString('en-US')} a row may hold (its longest field is ${o.column}).`,
    csvLine: o.head,
  };
}

/** The first rejected rows of one read, with file, physical line and column. */
async function rejectDetail(db: Connection, table: TableName, rejTable: string, rejScan: string, where: string, limit: number): Promise<RejectedRow[]> {
  const r = await db.query(
    `SELECT s.file_path, r.line, min(r.line_byte_position) AS line_byte_position, first(r.column_name ORDER BY r.column_idx) AS column_name,
       first(r.error_type ORDER BY r.column_idx) AS error_type, string_agg(DISTINCT r.error_message, '; ') AS error_message, first(r.csv_line) AS csv_line
     FROM ${ident(rejTable)} r JOIN ${ident(rejScan)} s USING (scan_id, file_id)
     WHERE ${where}
     GROUP BY s.file_path, r.line
     ORDER BY s.file_path, r.line LIMIT ${limit}`,
  );
  const byFile = new Map<string, number[]>();
  for (const row of r.rows) {
    const pos = Number(row.line_byte_position ?? -1);
    if (pos >= 0) byFile.set(String(row.file_path), [...(byFile.get(String(row.file_path)) ?? []), pos]);
  }
  const lines = new Map<string, Map<number, number>>();
  for (const [file, offsets] of byFile) lines.set(file, await recordLinesAtOffsets(file, offsets));
  return r.rows.map((row) => {
    const file = String(row.file_path);
    const pos = Number(row.line_byte_position ?? -1);
    return {
      table,
      file,
      line: lines.get(file)?.get(pos) ?? Number(row.line),
      column: row.column_name === null ? null : String(row.column_name),
      errorType: String(row.error_type),
      reason: String(row.error_message).split('\n')[0],
      csvLine: String(row.csv_line ?? '').replace(/^[\r\n]+/, '').slice(0, 500),
    };
  });
}

/**
 * Type extra columns (HR attributes, undocumented columns) by checking every value, with the same
 * inference imported files get. The typed table is built with CREATE TABLE … AS (not ALTER … USING,
 * whose WAL record DuckDB cannot replay after a crash) and replaces the staging table.
 */
async function typeExtraColumns(db: Connection, staging: string, extras: string[]): Promise<{ name: string; type: string }[]> {
  if (extras.length === 0) return [];
  const detected = await detectColumnTypes(db, staging, extras);
  const out = extras.map((name) => ({ name, choice: detected.get(name) ?? { type: 'VARCHAR' as const } }));
  const typed = out.filter((x) => x.choice.type !== 'VARCHAR');
  if (typed.length > 0) {
    const tmp = `${staging}__typed`;
    // An explicit select list: DuckDB's `* REPLACE (…)` slows down with the square of the columns
    // (56 s for 10,000 columns against 2.7 s written out).
    const conversion = new Map(typed.map((x) => [x.name, provenConversionSql(ident(x.name), x.choice)]));
    const names = (await db.query(`SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $1 ORDER BY column_index`, [staging])).rows.map((r) => String(r.column_name));
    const select = names.map((n) => (conversion.has(n) ? `${conversion.get(n)} AS ${ident(n)}` : ident(n))).join(', ');
    await db.run(`DROP TABLE IF EXISTS ${ident(tmp)}`);
    await db.run(`CREATE TABLE ${ident(tmp)} AS SELECT ${select} FROM ${ident(staging)}`);
    await db.run(`DROP TABLE ${ident(staging)}`);
    await db.run(`ALTER TABLE ${ident(tmp)} RENAME TO ${ident(staging)}`);
  }
  return out.map((x) => ({ name: x.name, type: x.choice.type }));
}
