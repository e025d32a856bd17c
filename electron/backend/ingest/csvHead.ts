/**
 * Read the start of a CSV file: encoding marks, line ending, delimiter, header and a sample of rows.
 *
 * Only the head is read (256 KiB), so recognising a 2 GB part file costs nothing.
 */
import { openSync, readSync, closeSync, statSync } from 'node:fs';

export interface CsvHead {
  path: string;
  bytes: number;
  hasBom: boolean;
  delimiter: string;
  newline: '\r\n' | '\n';
  header: string[];
  /** Up to `sampleRows` complete data rows, already split into fields. */
  sample: string[][];
}

const HEAD_BYTES = 256 * 1024;
const DELIMITERS = [',', ';', '\t', '|'];

/** Split CSV text into records (RFC 4180: quotes double to escape, quoted fields may hold newlines). */
export function parseCsvRecords(text: string, delimiter: string, maxRecords = Infinity): { records: string[][]; complete: boolean } {
  const records: string[][] = [];
  let field = '';
  let row: string[] = [];
  let inQuotes = false;
  let i = 0;
  let rowStart = 0;
  while (i < text.length && records.length < maxRecords) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') inQuotes = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      row.push(field);
      records.push(row);
      row = [];
      field = '';
      if (ch === '\r' && text[i + 1] === '\n') i++;
      rowStart = i + 1;
    } else field += ch;
    i++;
  }
  // The last record is complete only if the text ended exactly at a record boundary.
  const complete = rowStart >= text.length || records.length >= maxRecords;
  return { records, complete };
}

/** The delimiter that splits the header line into the most fields (ties go to the comma). */
export function detectDelimiter(headerLine: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const n = parseCsvRecords(headerLine + '\n', d, 1).records[0]?.length ?? 0;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

export function readCsvHeadSync(path: string, sampleRows = 200): CsvHead {
  const bytes = statSync(path).size;
  const fd = openSync(path, 'r');
  let text: string;
  try {
    const buf = Buffer.alloc(Math.min(HEAD_BYTES, bytes));
    const n = readSync(fd, buf, 0, buf.length, 0);
    text = buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
  const hasBom = text.charCodeAt(0) === 0xfeff;
  if (hasBom) text = text.slice(1);
  const firstBreak = text.search(/\r?\n/);
  const headerLine = firstBreak === -1 ? text : text.slice(0, firstBreak);
  const newline = firstBreak !== -1 && text[firstBreak] === '\r' ? '\r\n' : '\n';
  const delimiter = detectDelimiter(headerLine);
  const truncated = bytes > HEAD_BYTES;
  const { records } = parseCsvRecords(text, delimiter, sampleRows + 2);
  // When the head was cut mid-file, the last parsed record may be cut too: drop it.
  if (truncated && records.length > 1) records.pop();
  const header = (records[0] ?? []).map((h) => h.trim());
  const sample = records.slice(1).filter((r) => !(r.length === 1 && r[0] === ''));
  return { path, bytes, hasBom, delimiter, newline, header, sample: sample.slice(0, sampleRows) };
}
