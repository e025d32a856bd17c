/**
 * The layout of a delimited text file from its head: delimiter, which row holds the column names,
 * how many physical lines come before the data, and the column names made usable as SQL names.
 */
import { AppError } from '../../../shared/errors.js';
import { detectDelimiter, parseCsvRecords } from '../ingest/csvHead.js';

export interface CsvLayout {
  delimiter: string;
  /** 1-based row (record) holding the column names; 0 when the file has none. */
  headerRow: number;
  /** Physical lines before the first data row (preamble and header), for DuckDB's `skip`. */
  skipLines: number;
  columns: string[];
  /** The raw header cells, before clean-up (empty when headerRow is 0). */
  rawHeader: string[];
}

const NAMED_DELIMITERS: Record<string, string> = { tab: '\t', '\\t': '\t', comma: ',', semicolon: ';', pipe: '|', space: ' ' };

/** A delimiter option as typed by a user: one character, or tab / \t / comma / semicolon / pipe. */
export function parseDelimiter(value: string | undefined): string | undefined {
  if (value === undefined || value === '' || value === 'auto') return undefined;
  const d = NAMED_DELIMITERS[value.toLowerCase()] ?? value;
  if ([...d].length !== 1 || d === '"' || d === '\n' || d === '\r') {
    throw new AppError({ code: 'import/bad-delimiter', message: `"${value}" cannot be a delimiter.`, hint: 'Use one character such as , ; | or tab.', where: { field: 'delimiter' } });
  }
  return d;
}

/**
 * Column names from header cells: trimmed, blanks named `column<N>`, repeats made distinct
 * (DuckDB names are case-insensitive, so `Name` and `name` are a repeat).
 */
export function cleanColumnNames(cells: string[], width: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (let i = 0; i < width; i++) {
    let name = (cells[i] ?? '').replace(/^\uFEFF/, '').replace(/\s+/g, ' ').trim();
    if (name === '') name = `column${i + 1}`;
    let candidate = name;
    for (let k = 2; seen.has(candidate.toLowerCase()); k++) candidate = `${name}_${k}`;
    seen.add(candidate.toLowerCase());
    out.push(candidate);
  }
  return out;
}

function physicalLines(record: string[]): number {
  // A quoted field may hold line breaks; DuckDB's skip counts lines, not records.
  return 1 + record.reduce((n, f) => n + (f.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
}

export function csvLayoutFromHead(text: string, file: string, options: { headerRow?: number; delimiter?: string }): CsvLayout {
  const body = text.replace(/^\uFEFF/, '');
  const headerRow = options.headerRow ?? 1;
  if (!Number.isInteger(headerRow) || headerRow < 0) {
    throw new AppError({ code: 'import/bad-header-row', message: `Header row must be 0 (no header) or a row number ≥ 1, got ${headerRow}.`, where: { field: 'headerRow' } });
  }
  const lines = body.split(/\r\n|\n|\r/);
  const probeLine = lines[Math.max(0, headerRow - 1)] ?? lines[0] ?? '';
  const delimiter = options.delimiter ?? detectDelimiter(probeLine);
  const { records } = parseCsvRecords(body, delimiter, headerRow + 50);
  const nonBlank = records.filter((r) => !(r.length === 1 && r[0].trim() === ''));
  if (nonBlank.length === 0) {
    throw new AppError({ code: 'import/no-rows', message: `${file} holds no rows.`, hint: 'The file is blank; export it again.', where: { file } });
  }
  if (headerRow > records.length) {
    throw new AppError({ code: 'import/bad-header-row', message: `${file} has fewer than ${headerRow} rows, so row ${headerRow} cannot hold the column names.`, hint: 'Pick the row that holds the column names (1 for the first row).', where: { file, line: headerRow } });
  }
  const rawHeader = headerRow > 0 ? records[headerRow - 1].map((c) => c.trim()) : [];
  const firstData = records[headerRow] ?? [];
  const width = headerRow > 0 ? rawHeader.length : firstData.length;
  const skipLines = records.slice(0, headerRow).reduce((n, r) => n + physicalLines(r), 0);
  return { delimiter, headerRow, skipLines, columns: cleanColumnNames(rawHeader, width), rawHeader };
}
