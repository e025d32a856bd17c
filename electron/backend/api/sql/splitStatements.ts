/**
 * Split SQL text into statements at top-level semicolons, the way DuckDB's parser would: not inside
 * '…' strings, "…" identifiers, $tag$…$tag$ strings, -- line comments or nested /* … *\/ comments.
 *
 * Each statement keeps its start offset in the original text, so an error position DuckDB reports
 * for one statement can be shown at the right place in the editor.
 */

export interface SqlStatementText {
  text: string;
  /** Offset of `text`'s first character in the original SQL. */
  start: number;
}

export function splitSqlStatements(sql: string): SqlStatementText[] {
  const out: SqlStatementText[] = [];
  let start = 0;
  let i = 0;
  const push = (end: number) => {
    const raw = sql.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (text && stripComments(text).trim()) out.push({ text, start: start + lead });
  };
  while (i < sql.length) {
    const ch = sql[i];
    const next = sql[i + 1];
    if (ch === "'" || ch === '"') {
      i = skipQuoted(sql, i, ch);
    } else if (ch === '-' && next === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl === -1 ? sql.length : nl + 1;
    } else if (ch === '/' && next === '*') {
      i = skipBlockComment(sql, i);
    } else if (ch === '$' && dollarTagAt(sql, i)) {
      i = skipDollarQuoted(sql, i);
    } else if (ch === ';') {
      push(i);
      start = i + 1;
      i++;
    } else i++;
  }
  push(sql.length);
  return out;
}

/** A character that continues an unquoted name in DuckDB's scanner. */
const IDENT_CHAR = /[A-Za-z0-9_$\u0080-\uFFFF]/;

/**
 * A dollar-quote tag (`$$`, `$tag$`) starting at `i`, as DuckDB's scanner reads one: the tag starts
 * with a letter, `_` or a non-ASCII character and goes on with those or digits (`$1` is a parameter).
 */
export function dollarTagAt(sql: string, i: number): string | undefined {
  // Inside a name (`a$b$`) a dollar is part of the name.
  if (IDENT_CHAR.test(sql[i - 1] ?? '')) return undefined;
  return /^\$(?:[A-Za-z_\u0080-\uFFFF][A-Za-z0-9_\u0080-\uFFFF]*)?\$/.exec(sql.slice(i, i + 256))?.[0];
}

/** Past a $tag$…$tag$ string starting at `i`. */
export function skipDollarQuoted(sql: string, i: number): number {
  const tag = dollarTagAt(sql, i)!;
  const end = sql.indexOf(tag, i + tag.length);
  return end === -1 ? sql.length : end + tag.length;
}

/** Whether the quote at `i` opens an E'…' string, where a backslash escapes the next character. */
export function isEscapeString(sql: string, i: number): boolean {
  return sql[i] === "'" && (sql[i - 1] === 'E' || sql[i - 1] === 'e') && !IDENT_CHAR.test(sql[i - 2] ?? '');
}

/** Past a quoted run starting at `i`; a doubled quote is an escaped quote (and in E'…', a backslash escapes). */
export function skipQuoted(sql: string, i: number, quote: string): number {
  const backslash = isEscapeString(sql, i);
  let j = i + 1;
  while (j < sql.length) {
    if (backslash && sql[j] === '\\') j += 2;
    else if (sql[j] === quote) {
      if (sql[j + 1] === quote) j += 2;
      else return j + 1;
    } else j++;
  }
  return sql.length;
}

/** Past a nested /* … *\/ comment starting at `i`. */
export function skipBlockComment(sql: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < sql.length) {
    if (sql[j] === '/' && sql[j + 1] === '*') {
      depth++;
      j += 2;
    } else if (sql[j] === '*' && sql[j + 1] === '/') {
      depth--;
      j += 2;
      if (depth === 0) return j;
    } else j++;
  }
  return sql.length;
}

function stripComments(text: string): string {
  return text.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
}

/** Words outside strings, identifiers, comments and parentheses, with their offsets. */
function topLevelWords(sql: string): { word: string; at: number }[] {
  const words: { word: string; at: number }[] = [];
  let depth = 0;
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    const next = sql[i + 1];
    if (ch === "'" || ch === '"') i = skipQuoted(sql, i, ch);
    else if (ch === '-' && next === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl === -1 ? sql.length : nl + 1;
    } else if (ch === '/' && next === '*') i = skipBlockComment(sql, i);
    else if (ch === '$' && dollarTagAt(sql, i)) i = skipDollarQuoted(sql, i);
    else if (ch === '(') {
      depth++;
      i++;
    } else if (ch === ')') {
      depth--;
      i++;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i, i + 64))!;
      if (depth === 0) words.push({ word: m[0].toUpperCase(), at: i });
      i += m[0].length;
    } else i++;
  }
  return words;
}

/**
 * The statement without its final top-level ORDER BY (LIMIT and OFFSET kept): the same number of
 * rows, but DuckDB need not sort them just to count them. Unchanged when there is none.
 */
export function withoutTopLevelOrderBy(statement: string): string {
  const words = topLevelWords(statement);
  let k = -1;
  for (let j = 0; j < words.length - 1; j++) if (words[j].word === 'ORDER' && words[j + 1].word === 'BY') k = j;
  if (k === -1) return statement;
  const end = words.slice(k + 2).find((w) => w.word === 'LIMIT' || w.word === 'OFFSET' || w.word === 'FETCH');
  return `${statement.slice(0, words[k].at)}${end ? statement.slice(end.at) : ''}`;
}

/** 1-based line and column of an offset in a text. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}
