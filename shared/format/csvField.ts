/**
 * One CSV field (RFC 4180): quoted, with quotes doubled, only when it holds a comma, a quote or a
 * line break. Every CSV the app writes (exports, reports, the demo, the CLI, converted workbooks)
 * quotes through this; neutralising spreadsheet formulas is a separate step (spreadsheetSafe.ts).
 */
const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
