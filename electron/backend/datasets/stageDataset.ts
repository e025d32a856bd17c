/**
 * Load a user file into a staging table with its final column types, or fail naming the problem.
 *
 * CSV (any encoding, optionally gzip) and XLSX are read as text first, every value checked for the
 * type, then converted in one pass; Parquet keeps its own types. The caller swaps the staging table
 * in (import) or drops it (preview), so a failure never leaves a half-loaded dataset behind.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PreviewColumnInfo } from '../../../shared/api/datasets.js';
import { AppError } from '../../../shared/errors.js';
import { ident, literal } from '../engine/database.js';
import type { Connection } from '../engine/engine.js';
import { lineNumbersAtOffsets } from '../ingest/lineNumbers.js';
import { findOverlongLines, MAX_LINE_BYTES } from '../ingest/overlongLines.js';
import { conversionSql, describeType, detectColumnTypes, provenConversionSql, type DetectedType, type TypeChoice } from '../typing/columnTypes.js';
import { csvLayoutFromHead, type CsvLayout } from './csvLayout.js';
import type { DatasetFormat } from './datasetRegistry.js';
import { detectFileKindSync } from './fileKind.js';
import { convertToUtf8, decideEncoding, decodeText, readHeadBytes, type EncodingChoice, type TextEncodingName } from './textEncoding.js';
import { XLSX_ROW_COLUMN, xlsxSheetToCsv } from './xlsxToCsv.js';

export interface StageOptions {
  /** 1-based row holding the column names; 0 for none (default 1). CSV and XLSX. */
  headerRow?: number;
  /** CSV: one character (default: detected from the header line). */
  delimiter?: string;
  encoding?: EncodingChoice;
  /** XLSX: sheet name or 1-based position (default: the first sheet). */
  sheet?: string;
  /** Per-column type choices, by column name (case-insensitive). */
  types?: Record<string, TypeChoice>;
  signal?: AbortSignal;
  /**
   * Where converted copies (XLSX sheets, re-encoded text) are written. The app's sandboxed
   * database reads only inside the workspace, so imports pass a folder there.
   */
  scratchDir?: string;
}

/** A column as staged: its type, and what detection found (shown next to an override). */
export type StagedColumn = PreviewColumnInfo;

export interface StagedDataset {
  staging: string;
  file: string;
  format: DatasetFormat;
  bytes: number;
  rows: number;
  columns: StagedColumn[];
  headerRow: number;
  delimiter?: string;
  encoding?: TextEncodingName;
  sheet?: string;
  sheets?: string[];
  notes: string[];
}

const HEAD_BYTES = 256 * 1024;
const MAX_REPORTED_REJECTS = 3;

function cancelled(): AppError {
  return new AppError({ code: 'cancelled', message: 'Import cancelled; nothing was changed.' });
}

/** Source of the rows as a text table, and how to name a row's line for error messages. */
interface RawSource {
  /** Table holding every column as text (or Parquet's types), in file order. */
  raw: string;
  columns: string[];
  /** SQL giving the line (CSV) or sheet row (XLSX) of a raw row, from the raw table alias `r`. */
  lineSql: string;
  lineWord: 'line' | 'row';
  typed: boolean;
}

export async function stageDatasetFile(db: Connection, file: string, staging: string, options: StageOptions = {}): Promise<StagedDataset> {
  const kind = detectFileKindSync(file);
  const scratchRoot = options.scratchDir ?? tmpdir();
  await mkdir(scratchRoot, { recursive: true });
  const tmp = await mkdtemp(join(scratchRoot, 'wpa-import-'));
  const raw = `${staging}__raw`;
  const notes: string[] = [];
  const staged: Partial<StagedDataset> = { staging, file, format: kind.format, bytes: kind.bytes };
  try {
    await db.run(`DROP TABLE IF EXISTS ${ident(raw)}; DROP TABLE IF EXISTS ${ident(staging)}`);
    let source: RawSource;
    if (kind.format === 'parquet') {
      if (options.delimiter || (options.encoding && options.encoding !== 'auto') || options.sheet) notes.push('Delimiter, encoding and sheet do not apply to Parquet files and were ignored.');
      source = await loadParquet(db, file, raw);
      staged.headerRow = 1;
    } else if (kind.format === 'xlsx') {
      const csv = join(tmp, 'sheet.csv');
      const sheet = await xlsxSheetToCsv(file, csv, { sheet: options.sheet, headerRow: options.headerRow, signal: options.signal });
      Object.assign(staged, { sheet: sheet.sheet, sheets: sheet.sheets, headerRow: options.headerRow ?? 1 });
      source = await loadSheetCsv(db, file, csv, raw, sheet.columns);
    } else {
      const r = await loadDelimited(db, file, kind.gzip, raw, tmp, options, notes);
      Object.assign(staged, { headerRow: r.layout.headerRow, delimiter: r.layout.delimiter, encoding: r.encoding });
      source = r.source;
    }
    if (options.signal?.aborted) throw cancelled();
    const columns = await typeAndConvert(db, file, source, staging, options.types ?? {}, notes);
    const rows = await db.scalar<number>(`SELECT count(*) FROM ${ident(staging)}`);
    if (rows === 0) {
      throw new AppError({ code: 'import/no-rows', message: `${file} has column names but no data rows.`, hint: 'Check the header row: the rows after it are the data.', where: { file } });
    }
    return { ...(staged as StagedDataset), rows, columns, notes };
  } catch (e) {
    // Best effort after a failed stage (its error is rethrown): staging tables are hidden and dropped by the next import.
    await db.run(`DROP TABLE IF EXISTS ${ident(staging)}`).catch(() => undefined);
    throw e;
  } finally {
    // Best effort: the raw staging table is hidden and dropped by the next import.
    await db.run(`DROP TABLE IF EXISTS ${ident(raw)}`).catch(() => undefined);
    await rm(tmp, { recursive: true, force: true });
  }
}

async function loadParquet(db: Connection, file: string, raw: string): Promise<RawSource> {
  try {
    await db.run(`CREATE TABLE ${ident(raw)} AS SELECT * FROM read_parquet(${literal(file)})`);
  } catch (e) {
    throw new AppError({ code: 'import/bad-parquet', message: `Could not read the Parquet file ${file}: ${firstLine(e)}`, hint: 'The file may be damaged or truncated; write it again.', where: { file } });
  }
  const cols = await db.query(`SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = $1 ORDER BY column_index`, [raw]);
  return { raw, columns: cols.rows.map((c) => String(c.column_name)), lineSql: 'r.rowid + 1', lineWord: 'row', typed: true };
}

async function loadSheetCsv(db: Connection, file: string, csv: string, raw: string, columns: string[]): Promise<RawSource> {
  const struct = [XLSX_ROW_COLUMN, ...columns].map((n) => `${literal(n)}: 'VARCHAR'`).join(', ');
  await refuseOverlongLines(file, csv, ',', [XLSX_ROW_COLUMN, ...columns], 'row');
  // Written by us, so it is well-formed: short rows (trailing empty cells) are padded with NULLs.
  await db.run(
    `CREATE TABLE ${ident(raw)} AS SELECT * FROM read_csv(${literal(csv)}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', null_padding = true, max_line_size = ${MAX_LINE_BYTES}, columns = {${struct}})`,
  );
  return { raw, columns, lineSql: `CAST(r.${ident(XLSX_ROW_COLUMN)} AS BIGINT)`, lineWord: 'row', typed: false };
}

/**
 * Refuse a file with a line longer than a row may be, before DuckDB reads it: DuckDB drops such a
 * line without a reject once it outgrows its read buffer (see overlongLines.ts).
 */
async function refuseOverlongLines(file: string, path: string, delimiter: string, columns: string[], lineWord: 'line' | 'row'): Promise<void> {
  const [o] = await findOverlongLines(path, delimiter, { limit: 1 });
  if (!o) return;
  const column = columns[o.field] ?? `column ${o.field + 1}`;
  // A converted sheet's first field is the sheet row.
  const at = lineWord === 'row' ? Number(/^"?(\d+)/.exec(o.head)?.[1] ?? o.line) : o.line;
  throw new AppError({
    code: 'import/line-too-long',
    message: `${file}: ${lineWord} ${at} is ${(o.end - o.start).toLocaleString('en-US')} bytes long, over the ${MAX_LINE_BYTES.toLocaleString('en-US')} a row may hold (its longest field is column "${column}").`,
    hint: 'Shorten or remove that field (often a whole document pasted into a cell, or a quote that is never closed), then import again.',
    where: { file, line: at, column },
  });
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

interface RejectRow {
  line: number;
  offset: number;
  errorType: string;
  message: string;
}

async function readCsvToRaw(db: Connection, file: string, path: string, raw: string, layout: CsvLayout): Promise<RejectRow[]> {
  const struct = layout.columns.map((n) => `${literal(n)}: 'VARCHAR'`).join(', ');
  const rejTable = `${raw}_rej`;
  const rejScan = `${raw}_rejscan`;
  const opts = [
    'header = false',
    `skip = ${layout.skipLines}`,
    'auto_detect = false',
    `delim = ${literal(layout.delimiter)}`,
    `quote = '"'`,
    `escape = '"'`,
    `max_line_size = ${MAX_LINE_BYTES}`,
    `columns = {${struct}}`,
    'store_rejects = true',
    `rejects_table = ${literal(rejTable)}`,
    `rejects_scan = ${literal(rejScan)}`,
  ];
  await refuseOverlongLines(file, path, layout.delimiter, layout.columns, 'line');
  try {
    await db.run(`DROP TABLE IF EXISTS ${ident(raw)}`);
    try {
      await db.run(`CREATE TABLE ${ident(raw)} AS SELECT * FROM read_csv(${literal(path)}, ${opts.join(', ')})`);
    } catch (e) {
      throw new AppError({
        code: 'import/read-failed',
        message: `Could not read ${file}: ${firstLine(e)}`,
        hint: 'Check the delimiter, header row and encoding; the file may also be damaged.',
        where: { file },
      });
    }
    const r = await db.query(`SELECT line, line_byte_position, error_type, error_message FROM ${ident(rejTable)} ORDER BY line LIMIT 1000`);
    return r.rows.map((x) => ({ line: Number(x.line), offset: Number(x.line_byte_position ?? -1), errorType: String(x.error_type), message: String(x.error_message).split('\n')[0] }));
  } finally {
    // Best effort: the reject scratch tables are hidden (__staging_…) and dropped by the next import or ingest.
    await db.run(`DROP TABLE IF EXISTS ${ident(rejTable)}; DROP TABLE IF EXISTS ${ident(rejScan)}`).catch(() => undefined);
  }
}

/** DuckDB's reasons, in a user's words. */
function rejectReason(r: RejectRow, width: number): string {
  const found = /Found: (\d+)/.exec(r.message)?.[1];
  if (r.errorType === 'TOO MANY COLUMNS' || r.errorType === 'MISSING COLUMNS') return `has ${found ?? 'a different number of'} fields where the header has ${width}`;
  if (r.errorType === 'UNQUOTED VALUE') return /unterminated/i.test(r.message) ? 'opens a quote that is never closed' : 'has a quote inside an unquoted field';
  if (r.errorType === 'INVALID ENCODING') return 'is not valid text in the chosen encoding';
  return r.message;
}

async function loadDelimited(
  db: Connection,
  file: string,
  gzip: boolean,
  raw: string,
  tmp: string,
  options: StageOptions,
  notes: string[],
): Promise<{ source: RawSource; layout: CsvLayout; encoding: TextEncodingName }> {
  const choice = options.encoding ?? 'auto';
  const head = await readHeadBytes(file, gzip, HEAD_BYTES);
  let decision = decideEncoding(head, choice);
  if (!decision.encoding.startsWith('utf-16') && head.includes(0)) {
    throw new AppError({
      code: 'import/binary-file',
      message: `${file} is not a text file (it holds binary data).`,
      hint: 'Import CSV, XLSX or Parquet files; export other formats to CSV first.',
      where: { file },
    });
  }
  const utf8Path = async (encoding: TextEncodingName): Promise<string> => {
    if (encoding === 'utf-8' && !gzip) return file;
    const out = join(tmp, `utf8-${encoding}.csv`);
    await convertToUtf8(file, out, encoding, gzip, options.signal);
    return out;
  };
  let path = await utf8Path(decision.encoding);
  let layout = csvLayoutFromHead(decodeText(head, decision.encoding), file, { headerRow: options.headerRow, delimiter: options.delimiter });
  let rejects = await readCsvToRaw(db, file, path, raw, layout);
  if (rejects.some((r) => r.errorType === 'INVALID ENCODING') && decision.encoding === 'utf-8') {
    const bad = rejects.find((r) => r.errorType === 'INVALID ENCODING')!;
    const line = (await lineNumbersAtOffsets(path, [bad.offset])).get(bad.offset) ?? bad.line;
    if (choice !== 'auto') {
      throw new AppError({
        code: 'import/bad-encoding',
        message: `${file} is not valid UTF-8 (line ${line}).`,
        hint: 'Import it with encoding latin1 (Windows-1252) or utf-16, or save it as "CSV UTF-8" from Excel.',
        where: { file, line },
      });
    }
    // The head was valid UTF-8 but a later line is not: the file is Windows-1252 after all.
    decision = { encoding: 'windows-1252', note: `Line ${line} is not valid UTF-8, so the file was read as Windows-1252 (Latin-1). Choose another encoding if accented letters look wrong.` };
    path = await utf8Path(decision.encoding);
    layout = csvLayoutFromHead(decodeText(head, decision.encoding), file, { headerRow: options.headerRow, delimiter: options.delimiter });
    rejects = await readCsvToRaw(db, file, path, raw, layout);
  }
  if (decision.note) notes.push(decision.note);
  if (rejects.length > 0) {
    const lines = await lineNumbersAtOffsets(path, rejects.filter((r) => r.offset >= 0).map((r) => r.offset));
    const shown = rejects.slice(0, MAX_REPORTED_REJECTS).map((r) => ({ ...r, line: lines.get(r.offset) ?? r.line }));
    const total = await db.scalar<number>(`SELECT count(*) FROM ${ident(raw)}`).then((n) => n + rejects.length);
    throw new AppError({
      code: 'import/bad-rows',
      message: `${file}: ${rejects.length >= 1000 ? 'at least 1000' : rejects.length} of ${total} rows cannot be read — ${shown.map((r) => `line ${r.line} ${rejectReason(r, layout.columns.length)}`).join('; ')}.`,
      hint:
        layout.columns.length <= 1
          ? `Only one column was found with delimiter "${layout.delimiter === '\t' ? '\\t' : layout.delimiter}": choose the file's delimiter.`
          : 'Check the delimiter and header row, or fix those lines (a field holding the delimiter must be in double quotes).',
      where: { file, line: shown[0].line },
    });
  }
  // Rows of only empty fields (",,,") are spreadsheet leftovers, not data; their lines still count.
  const lineSql = `r.rowid + ${layout.skipLines + 1}`;
  return { source: { raw, columns: layout.columns, lineSql, lineWord: 'line', typed: false }, layout, encoding: decision.encoding };
}

/** Decide each column's type (the user's choice, else detection), check it, convert in one pass. */
async function typeAndConvert(db: Connection, file: string, source: RawSource, staging: string, types: Record<string, TypeChoice>, notes: string[]): Promise<StagedColumn[]> {
  const lower = new Map(source.columns.map((c) => [c.toLowerCase(), c]));
  for (const name of Object.keys(types)) {
    if (!lower.has(name.toLowerCase())) {
      throw new AppError({
        code: 'import/unknown-column',
        message: `A type was chosen for "${name}", but ${file} has no such column.`,
        hint: `Columns: ${source.columns.join(', ')}.`,
        where: { file, column: name, field: 'types' },
      });
    }
  }
  const chosen = new Map(Object.entries(types).map(([k, v]) => [lower.get(k.toLowerCase())!, v]));
  const rawTypes = new Map<string, string>();
  if (source.typed) {
    const r = await db.query(`SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = $1`, [source.raw]);
    for (const row of r.rows) rawTypes.set(String(row.column_name), String(row.data_type));
  }
  const detected = source.typed ? new Map<string, DetectedType>() : await detectColumnTypes(db, source.raw, source.columns);

  const columns: StagedColumn[] = [];
  const selects: string[] = [];
  for (const name of source.columns) {
    const v = `r.${ident(name)}`;
    const found = source.typed ? rawTypes.get(name)! : describeType(detected.get(name) ?? { type: 'VARCHAR' });
    const choice = chosen.get(name);
    if (choice) {
      const textual = !source.typed || rawTypes.get(name) === 'VARCHAR';
      const expr = textual ? conversionSql(v, choice, true) : `TRY_CAST(${v} AS ${choice.type})`;
      await checkConversion(db, file, source, name, v, expr, choice, textual);
      selects.push(`${expr} AS ${ident(name)}`);
      columns.push({ name, type: choice.type, format: choice.format, overridden: true, detected: found });
    } else if (source.typed) {
      selects.push(`${v} AS ${ident(name)}`);
      columns.push({ name, type: found, detected: found });
    } else {
      const d = detected.get(name) ?? { type: 'VARCHAR' as const };
      selects.push(`${provenConversionSql(v, d)} AS ${ident(name)}`);
      columns.push({ name, type: d.type, format: d.format, detected: found, note: d.note });
      if (d.note && d.type !== 'VARCHAR') notes.push(`${name}: ${d.note}`);
    }
  }
  const blankRow = source.typed ? 'false' : source.columns.map((c) => `(r.${ident(c)} IS NULL OR trim(r.${ident(c)}) = '')`).join(' AND ');
  await db.run(`CREATE TABLE ${ident(staging)} AS SELECT ${selects.join(', ')} FROM ${ident(source.raw)} r WHERE NOT (${blankRow}) ORDER BY r.rowid`);
  return columns;
}

async function checkConversion(db: Connection, file: string, source: RawSource, name: string, v: string, expr: string, choice: TypeChoice, textual: boolean): Promise<void> {
  const present = textual ? `(${v} IS NOT NULL AND trim(CAST(${v} AS VARCHAR)) <> '')` : `${v} IS NOT NULL`;
  const r = await db.query(
    `SELECT count(*) OVER () AS bad, ${source.lineSql} AS line, CAST(${v} AS VARCHAR) AS value FROM ${ident(source.raw)} r WHERE ${present} AND (${expr}) IS NULL ORDER BY r.rowid LIMIT 1`,
  );
  const first = r.rows[0];
  if (!first) return;
  const line = Number(first.line);
  const value = String(first.value);
  throw new AppError({
    code: 'import/type-mismatch',
    message: `${name} cannot be ${describeType(choice)}: ${source.lineWord} ${line} holds "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"${Number(first.bad) > 1 ? ` (and ${Number(first.bad) - 1} more values do not convert)` : ''}.`,
    hint: choice.type === 'DATE' || choice.type === 'TIMESTAMP' ? 'Give the format the file uses, e.g. date:%d/%m/%Y, or keep the column as text.' : 'Keep the column as text, or fix those values in the file.',
    where: { file, line, column: name },
  });
}
