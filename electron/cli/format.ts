/** Render query and analysis results for a terminal (aligned table), for files (CSV) or as JSON. */
import type { JsonValue, ResultColumn } from '../backend/engine/database.js';
import { usageError, type CliIO, type OptionSpec } from './command.js';
import { isNumericType } from '../../shared/schema/duckdbTypes.js';
import { csvField } from '../../shared/format/csvField.js';
import { HIDDEN_CSV_MARK } from '../../shared/analyses/hiddenMark.js';

export type OutputFormat = 'table' | 'csv' | 'json';

export function parseFormat(value: string | undefined): OutputFormat {
  const f = value ?? 'table';
  if (f !== 'table' && f !== 'csv' && f !== 'json') throw usageError(`--format must be table, csv or json, got "${f}"`);
  return f;
}

/** The `--format` option of the commands that print a report. */
export const REPORT_FORMAT_OPTION: OptionSpec = { name: 'format', kind: 'string', valueName: 'FMT', description: 'text or json.', default: 'text' };

/** `--format` of the commands that print a report: words for people, or JSON for scripts. */
export function parseReportFormat(value: string | undefined): 'text' | 'json' {
  const f = value ?? 'text';
  if (f !== 'text' && f !== 'json') throw usageError(`--format must be text or json, got "${f}"`);
  return f;
}

/** Print `value` as indented JSON on stdout. */
export function writeJson(io: CliIO, value: unknown): void {
  io.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

function cell(v: JsonValue): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function csvCell(v: JsonValue): string {
  const s = v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return csvField(s);
}

/**
 * `hidden`: columns whose empty values the privacy guard emptied (an analysis's masked columns):
 * written as HIDDEN_CSV_MARK in CSV and table, not blank like "no value" (JSON keeps null).
 */
export function renderRows(columns: ResultColumn[], rows: Record<string, JsonValue>[], format: OutputFormat, hidden: readonly string[] = []): string {
  if (format === 'json') return JSON.stringify(rows, null, 2) + '\n';
  const value = (r: Record<string, JsonValue>, c: ResultColumn): JsonValue => (r[c.name] === null && hidden.includes(c.name) ? HIDDEN_CSV_MARK : r[c.name]);
  if (format === 'csv') {
    return [columns.map((c) => csvCell(c.name)).join(','), ...rows.map((r) => columns.map((c) => csvCell(value(r, c))).join(','))].join('\n') + '\n';
  }
  const text = rows.map((r) => columns.map((c) => cell(value(r, c))));
  const widths = columns.map((c, i) => Math.min(60, Math.max(c.name.length, ...text.map((t) => t[i].length))));
  const numeric = columns.map((c) => isNumericType(c.type));
  const line = (vals: string[]) => vals.map((v, i) => (v.length > widths[i] ? v.slice(0, widths[i] - 1) + '…' : numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(columns.map((c) => c.name)), widths.map((w) => '-'.repeat(w)).join('  '), ...text.map(line), `(${rows.length} row${rows.length === 1 ? '' : 's'})`].join('\n') + '\n';
}
