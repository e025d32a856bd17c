/**
 * Where in the query an error points. DuckDB marks it with "LINE n: <text>" and a caret under
 * the spot (the text may be cut and start with "..."); otherwise the message names a token.
 */
import type { AppErrorData } from '../../../../shared/errors.js';

export interface SqlErrorSpot {
  /** Character offsets into the query. */
  from: number;
  to: number;
  line: number;
  column: number;
}

function lineStarts(sql: string): number[] {
  const starts = [0];
  for (let i = 0; i < sql.length; i++) if (sql[i] === '\n') starts.push(i + 1);
  return starts;
}

/** From an offset to the end of the token there (at least one character). */
function tokenAt(sql: string, offset: number): { from: number; to: number } {
  const from = Math.max(0, Math.min(offset, sql.length));
  let to = from;
  if (sql[to] === '"') {
    const close = sql.indexOf('"', to + 1);
    to = close > 0 ? close + 1 : to + 1;
  } else {
    while (to < sql.length && /[\w.$]/.test(sql[to])) to++;
  }
  return { from, to: Math.max(to, Math.min(from + 1, sql.length)) };
}

function spotAt(sql: string, offset: number): SqlErrorSpot {
  const starts = lineStarts(sql);
  let line = starts.length - 1;
  while (line > 0 && starts[line] > offset) line--;
  return { ...tokenAt(sql, offset), line: line + 1, column: offset - starts[line] + 1 };
}

function fromCaret(sql: string, message: string): SqlErrorSpot | undefined {
  const m = /^(LINE (\d+): )(.*)\n( *)\^/m.exec(message);
  if (!m) return undefined;
  const lineNo = Number(m[2]);
  const shown = m[3];
  const caretInShown = m[4].length - m[1].length;
  const starts = lineStarts(sql);
  if (lineNo < 1 || lineNo > starts.length) return undefined;
  const lineStart = starts[lineNo - 1];
  const lineText = sql.slice(lineStart, lineNo < starts.length ? starts[lineNo] - 1 : sql.length);
  let shift = 0;
  if (shown.startsWith('...')) {
    // DuckDB cut the front of a long line: find the shown text in the real line.
    // Cut at the front only: the shown text is the end of the line. Cut at both ends: find it.
    const cutEnd = shown.endsWith('...');
    const visible = shown.slice(3, cutEnd ? -3 : undefined);
    const at = cutEnd ? lineText.indexOf(visible) : lineText.endsWith(visible) ? lineText.length - visible.length : -1;
    if (at < 0) return undefined;
    shift = at - 3;
  }
  const col = Math.max(0, Math.min(lineText.length, caretInShown + shift));
  return spotAt(sql, lineStart + col);
}

function fromNamedToken(sql: string, message: string): SqlErrorSpot | undefined {
  const m = /(?:at or near|column|Table with name|name) "?([^"\s!]+)"?/i.exec(message);
  if (!m) return undefined;
  const token = m[1];
  const lower = sql.toLowerCase();
  const re = new RegExp(`(^|[^\\w])"?${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').toLowerCase()}"?(?![\\w])`);
  const hit = re.exec(lower);
  if (!hit) return undefined;
  return spotAt(sql, hit.index + hit[1].length);
}

export function locateSqlError(sql: string, error: AppErrorData): SqlErrorSpot | undefined {
  const where = error.where;
  if (where?.line !== undefined) {
    const starts = lineStarts(sql);
    const column = Number(where.column);
    if (where.line >= 1 && where.line <= starts.length) {
      return spotAt(sql, starts[where.line - 1] + (Number.isInteger(column) && column > 0 ? column - 1 : 0));
    }
  }
  return fromCaret(sql, error.message) ?? fromNamedToken(sql, error.message);
}

/** The error message without DuckDB's "LINE n: …" caret drawing (the editor shows the spot instead). */
export function errorSummary(message: string): string {
  return message
    .replace(/\n+LINE \d+:.*\n *\^.*$/s, '')
    .replace(/^(Parser|Binder|Catalog|Conversion|Invalid Input|Constraint|Out of Range) Error: /, '')
    .trim();
}
