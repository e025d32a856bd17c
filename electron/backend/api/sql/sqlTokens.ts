/**
 * One SQL statement as DuckDB's scanner sees it: names, quoted names, strings, numbers, parameters
 * and punctuation, with comments dropped. Strings, comments and dollar quotes are skipped by the
 * same helpers the statement splitter uses, so both agree on where code ends and text begins.
 */
import { dollarTagAt, isEscapeString, skipBlockComment, skipDollarQuoted, skipQuoted } from './splitStatements.js';

export type TokenKind = 'word' | 'ident' | 'string' | 'number' | 'param' | 'op';

export interface SqlToken {
  kind: TokenKind;
  /** Words upper-cased (ASCII only, as DuckDB folds them); quoted names and strings unquoted; the rest as written. */
  value: string;
  /** Offsets in the statement: the first character and just past the last. */
  at: number;
  end: number;
  /**
   * Strings only: a plain '…' literal whose value is exactly what DuckDB will read — not E'…', a
   * prefixed N'…'/X'…', a $$…$$ quote, nor continued by a string on the next line ('a'\n'b' is 'ab').
   */
  plain?: boolean;
}

const WORD_START = /[A-Za-z_\u0080-\uFFFF]/;
const WORD = /^[A-Za-z_\u0080-\uFFFF][A-Za-z0-9_$\u0080-\uFFFF]*/;

export function tokenize(sql: string): SqlToken[] {
  const out: SqlToken[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    const next = sql[i + 1];
    if (/\s/.test(ch)) i++;
    else if (ch === '-' && next === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl === -1 ? sql.length : nl + 1;
    } else if (ch === '/' && next === '*') i = skipBlockComment(sql, i);
    else if (ch === "'") {
      const end = skipQuoted(sql, i, "'");
      const prev = out.at(-1);
      // A one-letter word right before the quote is a prefix (E'…', N'…', X'…', B'…'), not a name.
      const prefixed = prev?.kind === 'word' && prev.value.length === 1 && prev.at === i - 1;
      if (prefixed) out.pop();
      const escaped = isEscapeString(sql, i);
      const value = sql.slice(i + 1, Math.max(i + 1, end - 1)).replace(/''/g, "'");
      if (prev?.kind === 'string' && !prefixed && /\n/.test(sql.slice(prev.end, i))) {
        // DuckDB joins strings separated by a line break: one value, never a plain literal.
        prev.value += value;
        prev.plain = false;
        prev.end = end;
      } else out.push({ kind: 'string', value, at: prefixed ? i - 1 : i, end, plain: !prefixed && !escaped });
      i = end;
    } else if (ch === '"') {
      const end = skipQuoted(sql, i, '"');
      out.push({ kind: 'ident', value: sql.slice(i + 1, Math.max(i + 1, end - 1)).replace(/""/g, '"'), at: i, end });
      i = end;
    } else if (ch === '$' && dollarTagAt(sql, i)) {
      const tag = dollarTagAt(sql, i)!;
      const end = skipDollarQuoted(sql, i);
      out.push({ kind: 'string', value: sql.slice(i + tag.length, Math.max(i + tag.length, end - tag.length)), at: i, end, plain: false });
      i = end;
    } else if (ch === '$' || ch === '?') {
      const m = /^[$?][A-Za-z0-9_]*/.exec(sql.slice(i, i + 64))!;
      out.push({ kind: 'param', value: m[0], at: i, end: i + m[0].length });
      i += m[0].length;
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(next ?? ''))) {
      const m = /^[0-9._]*(?:[eE][+-]?[0-9_]+)?/.exec(sql.slice(i, i + 256))!;
      out.push({ kind: 'number', value: m[0], at: i, end: i + m[0].length });
      i += m[0].length;
    } else if (WORD_START.test(ch)) {
      const m = WORD.exec(sql.slice(i, i + 1024))!;
      out.push({ kind: 'word', value: asciiUpper(m[0]), at: i, end: i + m[0].length });
      i += m[0].length;
    } else {
      out.push({ kind: 'op', value: ch, at: i, end: i + 1 });
      i++;
    }
  }
  return out;
}

/** DuckDB folds names by ASCII only: a look-alike letter (ſ, K) never turns into a function's name. */
export function asciiUpper(s: string): string {
  return s.replace(/[a-z]+/g, (m) => m.toUpperCase());
}

export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}
