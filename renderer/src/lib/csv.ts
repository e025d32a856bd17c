/** Tables as text: CSV for files, tab-separated for the clipboard (spreadsheets paste it into cells). */
import type { Json } from '../../../shared/api/contract.js';

function cellText(value: Json | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(headers: string[], rows: (Json | undefined)[][]): string {
  const lines = [headers.map(csvField).join(','), ...rows.map((r) => r.map((v) => csvField(cellText(v))).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

export function toTsv(headers: string[], rows: (Json | undefined)[][]): string {
  const clean = (s: string) => s.replace(/[\t\r\n]+/g, ' ');
  return [headers.map(clean).join('\t'), ...rows.map((r) => r.map((v) => clean(cellText(v))).join('\t'))].join('\n');
}
