/** Tables as text: CSV for files, tab-separated for the clipboard (spreadsheets paste it into cells). */
import type { Json } from '../../../shared/api/contract.js';
import { neutraliseFormula } from '../../../shared/format/spreadsheetSafe.js';
import { csvField } from '../../../shared/format/csvField.js';

/** Text cells that would run as spreadsheet formulas get a leading apostrophe (numbers never do). */
function cellText(value: Json | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return neutraliseFormula(JSON.stringify(value));
  return typeof value === 'string' ? neutraliseFormula(value) : String(value);
}

export function toCsv(headers: string[], rows: (Json | undefined)[][]): string {
  const lines = [headers.map((h) => csvField(neutraliseFormula(h))).join(','), ...rows.map((r) => r.map((v) => csvField(cellText(v))).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

export function toTsv(headers: string[], rows: (Json | undefined)[][]): string {
  const clean = (s: string) => s.replace(/[\t\r\n]+/g, ' ');
  return [headers.map((h) => clean(neutraliseFormula(h))).join('\t'), ...rows.map((r) => r.map((v) => clean(cellText(v))).join('\t'))].join('\n');
}
