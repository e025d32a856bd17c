/**
 * DuckDB errors in words: the first line as the message, a hint for the usual causes, and the
 * position DuckDB marks with a caret ("LINE 3: where x = 1 / ^") as line and column in the editor.
 */
import { AppError } from '../../../../shared/errors.js';
import { SANDBOX_FOLDERS } from '../db/sandbox.js';
import { lineAndColumn } from './splitStatements.js';

/**
 * The caret position in a DuckDB error, as an offset into `statement`. DuckDB shows one line of
 * context, shortened with "..." around long lines, so the shown snippet is found in the real line.
 */
export function caretOffset(message: string, statement: string): number | undefined {
  const m = /^LINE (\d+): (.*)\n( *)\^/m.exec(message);
  if (!m) return undefined;
  const lineNo = Number(m[1]);
  const prefixLength = `LINE ${m[1]}: `.length;
  let shown = m[2];
  let caret = m[3].length - prefixLength;
  const lines = statement.split('\n');
  const line = lines[lineNo - 1];
  if (line === undefined || caret < 0) return undefined;
  let lineStart = 0;
  for (let k = 0; k < lineNo - 1; k++) lineStart += lines[k].length + 1;
  if (shown.startsWith('...')) {
    shown = shown.slice(3);
    caret -= 3;
  }
  if (shown.endsWith('...')) shown = shown.slice(0, -3);
  const at = line.indexOf(shown.slice(0, Math.max(1, Math.min(shown.length, 40))));
  const column = (at === -1 ? 0 : at) + Math.max(0, caret);
  return lineStart + Math.min(column, line.length);
}

interface Friendly {
  test: RegExp;
  code: string;
  hint: string | ((m: RegExpExecArray) => string);
  /** Replaces DuckDB's own words when they say nothing to a user. */
  message?: string;
}

const FRIENDLY: Friendly[] = [
  { test: /INTERRUPT Error|Interrupted/i, code: 'sql/cancelled', message: 'The query was cancelled.', hint: 'Nothing was changed by it; run it again when you are ready.' },
  {
    test: /Permission Error: .*(disabled by configuration|Cannot access)/i,
    code: 'sql/file-access-blocked',
    hint: `SQL in WPA Explorer reads the workspace's tables; files only inside the workspace's ${SANDBOX_FOLDERS.join('/, ')}/ folders. Use Export to write files.`,
  },
  { test: /^Parser Error/i, code: 'sql/syntax', hint: 'Check the SQL near the marked position: a missing comma, quote or parenthesis is the usual cause.' },
  {
    test: /^Catalog Error: Table with name (\S+) does not exist/i,
    code: 'sql/unknown-table',
    hint: (m) => `There is no table ${m[1]}. The Datasets screen lists the tables of this workspace; names are case-insensitive.`,
  },
  { test: /^Binder Error: Referenced column/i, code: 'sql/unknown-column', hint: 'Check the column name; the Datasets screen shows every table\'s columns.' },
  { test: /^Binder Error/i, code: 'sql/binder', hint: 'A name or type in the query does not fit; check the marked position.' },
  { test: /^Conversion Error/i, code: 'sql/conversion', hint: 'A value could not be converted; TRY_CAST returns NULL instead of failing.' },
  { test: /^Out of Memory Error/i, code: 'sql/out-of-memory', hint: 'The query needs more memory than is available; filter or aggregate earlier, or select fewer columns.' },
  { test: /^Catalog Error/i, code: 'sql/catalog', hint: 'A table, view, function or type of that name does not exist (or already exists).' },
];

/** Turn a DuckDB error for `statement` (which starts at `statementStart` in `fullSql`) into an AppError. */
export function sqlError(e: unknown, fullSql: string, statement: string, statementStart: number): AppError {
  const raw = e instanceof Error ? e.message : String(e);
  const lines = raw.split('\n');
  const head = lines[0].trim();
  const detail = lines
    .slice(1)
    .filter((l) => l.trim() && !/^LINE \d+:/.test(l) && !/^\s*\^\s*$/.test(l))
    .map((l) => l.trim())
    // DuckDB's "Candidate bindings: …" in words; with no candidates (or only separators) it says nothing.
    .map((l) => l.replace(/^Candidate bindings:[\s:]*/i, (m) => (m.length === l.length ? '' : 'Columns with a similar name: ')))
    .filter((l) => l !== '')
    .map((l) => (/[.!?]$/.test(l) ? l : `${l.replace(/[\s:]+$/, '')}.`));
  const offsetInStatement = caretOffset(raw, statement);
  let where: { line: number; column: string } | undefined;
  let at = '';
  if (offsetInStatement !== undefined) {
    const pos = lineAndColumn(fullSql, statementStart + offsetInStatement);
    where = { line: pos.line, column: String(pos.column) };
    at = ` (line ${pos.line}, column ${pos.column})`;
  }
  const friendly = FRIENDLY.map((f) => ({ f, m: f.test.exec(head) })).find((x) => x.m);
  const baseHint = friendly ? (typeof friendly.f.hint === 'string' ? friendly.f.hint : friendly.f.hint(friendly.m!)) : 'Check the SQL; DuckDB\'s message says what it could not do.';
  const hint = [...detail, baseHint].join(' ');
  return new AppError({ code: friendly?.f.code ?? 'sql/error', message: `${friendly?.f.message ?? head}${at}`, hint, where });
}

/** The position an AppError from `sqlError` points at, for tests and the UI. */
export function positionOf(error: { where?: { line?: number; column?: string } }): { line: number; column: number } | undefined {
  if (!error.where?.line || !error.where.column) return undefined;
  return { line: error.where.line, column: Number(error.where.column) };
}
