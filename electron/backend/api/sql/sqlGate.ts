/**
 * What SQL typed by a user may do, checked on its text before DuckDB sees it.
 *
 * DuckDB's own sandbox (db/sandbox.ts) cannot protect the workspace's database files: it always
 * lets SQL reach its own files (wpa.duckdb, its .wal, its spill folder), so `read_blob` of the
 * database drops the process's file lock and `COPY … TO '<ws>/wpa.duckdb'` overwrites it. Binding
 * a statement (prepare) may already open a file, so the check runs on the text, token by token:
 *
 * - statements: only queries, changes to tables and views, transactions and SET VARIABLE. COPY,
 *   EXPORT/IMPORT, ATTACH/DETACH/USE, LOAD/INSTALL, SET/RESET, PRAGMA, CALL, CHECKPOINT, PREPARE …
 *   are refused;
 * - table functions: a few that read only the catalogue or make rows (range, unnest, duckdb_*…);
 *   file readers (read_csv, read_parquet, read_json, read_text, read_blob, glob, …) only with a
 *   '…' path inside the sandbox folders; every other one (query, query_table, read_duckdb,
 *   checkpoint, …) is refused, under any spelling ("read_blob", main.read_blob);
 * - a file named where a table goes (FROM '<path>', FROM "<path>", DESCRIBE '<path>'): the same
 *   path rule;
 * - any text naming a database file (wpa.duckdb*) is refused outright.
 *
 * Macros and views are checked as they are created, so one cannot hide a call for later.
 */
import { duckdb } from '../../engine/duckdbModule.js';
import { AppError } from '../../../../shared/errors.js';
import { SANDBOX_FOLDERS } from '../db/sandbox.js';
import { DATABASE_FILE } from '../../workspace/workspace.js';
import { checkSandboxPath } from '../db/sandboxPaths.js';
import { splitSqlStatements, lineAndColumn } from './splitStatements.js';
import { asciiLower, asciiUpper, tokenize, type SqlToken } from './sqlTokens.js';

/** Table functions that read no file and run no SQL text: they make rows or read the catalogue. */
const SAFE_TABLE_FUNCTIONS = new Set([
  'range', 'generate_series', 'unnest', 'repeat', 'repeat_row', 'json_each', 'json_tree', 'summary', 'histogram', 'histogram_values',
  'pragma_table_info', 'pragma_show', 'pragma_version', 'pragma_database_size', 'pragma_storage_info', 'pragma_metadata_info', 'pragma_collations', 'pragma_platform', 'pragma_user_agent',
  'icu_calendar_names', 'pg_timezone_names', 'sql_auto_complete', 'test_all_types', 'test_vector_types',
]);
/** Catalogue functions are safe, except the one listing secrets. */
const isCatalogueFunction = (name: string) => name.startsWith('duckdb_') && name !== 'duckdb_secrets';

/** Table functions whose first argument is a file path (or glob, or list of them). */
const FILE_READERS = new Set([
  'read_csv', 'read_csv_auto', 'sniff_csv', 'read_parquet', 'parquet_scan', 'parquet_metadata', 'parquet_schema', 'parquet_file_metadata', 'parquet_kv_metadata', 'parquet_bloom_probe', 'parquet_full_metadata',
  'read_json', 'read_json_auto', 'read_json_objects', 'read_json_objects_auto', 'read_ndjson', 'read_ndjson_auto', 'read_ndjson_objects', 'read_text', 'read_blob', 'glob',
]);

/** Refused even when not in this build's catalogue: extensions DuckDB could load for them. */
const ALWAYS_REFUSED = ['query', 'query_table', 'read_duckdb', 'read_xlsx', 'sqlite_scan', 'sqlite_attach', 'postgres_scan', 'postgres_attach', 'mysql_scan', 'iceberg_scan', 'delta_scan', 'read_gdal', 'st_read', 'load_aws_credentials'];

/** Statements a user may start with (after EXPLAIN and opening parentheses). */
const QUERY_WORDS = new Set(['SELECT', 'WITH', 'VALUES', 'FROM', 'TABLE', 'DESCRIBE', 'SHOW', 'SUMMARIZE', 'PIVOT', 'UNPIVOT', 'PIVOT_WIDER', 'PIVOT_LONGER']);
const CHANGE_WORDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'MERGE', 'COMMENT']);
const TRANSACTION_WORDS = new Set(['BEGIN', 'START', 'COMMIT', 'END', 'ROLLBACK', 'ABORT']);
/** What CREATE, DROP and ALTER may name (not SECRET, DATABASE, …). */
const CATALOG_OBJECTS = new Set(['TABLE', 'VIEW', 'MACRO', 'FUNCTION', 'SEQUENCE', 'SCHEMA', 'TYPE', 'INDEX']);
const CREATE_MODIFIERS = new Set(['OR', 'REPLACE', 'TEMP', 'TEMPORARY', 'UNIQUE']);

/** Statement types DuckDB reports for what passed the text check (a second look after prepare). */
let allowed: Set<number> | undefined;
const allowedTypes = (): Set<number> => {
  const { StatementType } = duckdb();
  return (allowed ??= new Set<number>([
    StatementType.SELECT, StatementType.EXPLAIN, StatementType.INSERT, StatementType.UPDATE, StatementType.DELETE, StatementType.MERGE_INTO,
    StatementType.CREATE, StatementType.DROP, StatementType.ALTER, StatementType.TRANSACTION, StatementType.SET,
  ]));
};

/** Words after which a table, or a file read as one, is named. */
const TABLE_POSITION_WORDS = new Set(['FROM', 'JOIN', 'USING', 'DESCRIBE', 'SUMMARIZE', 'SHOW', 'PIVOT', 'UNPIVOT', 'LATERAL', 'TABLE']);
/** Words that start a clause; a comma in the FROM-ish ones starts another table. */
const CLAUSE_WORDS = new Set(['SELECT', 'FROM', 'JOIN', 'ON', 'USING', 'WHERE', 'GROUP', 'HAVING', 'QUALIFY', 'WINDOW', 'ORDER', 'LIMIT', 'OFFSET', 'UNION', 'EXCEPT', 'INTERSECT', 'VALUES', 'SET', 'RETURNING', 'INTO']);
const FROM_CLAUSES = new Set(['FROM', 'JOIN', 'ON', 'USING']);

/** A name that DuckDB would try as a file when no table has it. */
const FILE_LIKE = /[/\\~:]|\.(csv|tsv|txt|tbl|dat|gz|gzip|zst|zstd|bz2|xz|lz4|parquet|json|jsonl|ndjson|duckdb|db|ddb|wal|tmp|sqlite|sqlite3|xlsx|xls|arrow|feather|avro|orc|blob|bin)$/i;
const NAMES_DATABASE_FILE = new RegExp(DATABASE_FILE.replace('.', '\\.'), 'i');

const FOLDERS_TEXT = SANDBOX_FOLDERS.map((f) => `${f}/`).join(', ');
const EXPORT_HINT = 'Use Export… on a table or a result to write it to a file.';
const IMPORT_HINT = `Use Import & join… to load your own file; SQL reads files only from the workspace's ${FOLDERS_TEXT} folders, given as a full path in single quotes.`;

interface Refusal {
  what: string;
  hint: string;
  token?: SqlToken;
}

export class SqlGate {
  private constructor(
    readonly workspaceDir: string,
    /** Lower-case names of table functions that are refused. */
    private readonly refused: ReadonlySet<string>,
    /** DuckDB's keywords (upper case): a statement can only start with one. */
    private readonly keywords: ReadonlySet<string>,
  ) {}

  /** The gate for a workspace, with the refused table functions read from DuckDB's catalogue. */
  static async load(db: { query(sql: string): Promise<{ rows: Record<string, unknown>[] }> }, workspaceDir: string): Promise<SqlGate> {
    const r = await db.query(
      `SELECT function_name AS name FROM duckdb_functions() GROUP BY function_name
       HAVING bool_or(function_type IN ('table', 'table_macro', 'pragma')) AND NOT bool_or(function_type IN ('scalar', 'aggregate', 'macro'))`,
    );
    const refused = new Set<string>(ALWAYS_REFUSED);
    for (const row of r.rows) {
      const name = asciiLower(String(row.name));
      if (!SAFE_TABLE_FUNCTIONS.has(name) && !isCatalogueFunction(name) && !FILE_READERS.has(name)) refused.add(name);
    }
    const keywords = new Set((await db.query('SELECT keyword_name AS k FROM duckdb_keywords()')).rows.map((row) => asciiUpper(String(row.k))));
    return new SqlGate(workspaceDir, refused, keywords);
  }

  /** Check every statement of a script; throws `sql/forbidden` at the first refused one. */
  checkScript(sql: string): void {
    for (const stmt of splitSqlStatements(sql)) this.checkStatement(stmt.text, sql, stmt.start);
  }

  /** Check one statement (`start` is its offset in `fullSql`, for the error's position). */
  checkStatement(statement: string, fullSql = statement, start = 0): void {
    const tokens = tokenize(statement);
    const refusal = this.statementRefusal(tokens, 0) ?? this.tokenRefusal(tokens);
    if (refusal) throw forbidden(refusal, fullSql, start);
  }

  /** After prepare: DuckDB's own word on what the statement is, against the same allowlist. */
  checkPrepared(type: number): void {
    if (!allowedTypes().has(type)) {
      throw forbidden({ what: `${duckdb().StatementType[type] ?? 'This'} statements`, hint: 'SQL in WPA Explorer queries and changes the workspace\'s tables and views only.' }, '', 0);
    }
  }

  private statementRefusal(tokens: SqlToken[], from: number): Refusal | undefined {
    let k = from;
    while (tokens[k]?.kind === 'op' && tokens[k].value === '(') k++;
    const first = tokens[k];
    if (!first) return undefined;
    if (first.kind !== 'word') return { what: 'This statement', hint: 'Start with SELECT, WITH, FROM, CREATE, INSERT, UPDATE, DELETE or DROP.', token: first };
    const word = first.value;
    const next = tokens[k + 1];
    if (QUERY_WORDS.has(word) || TRANSACTION_WORDS.has(word)) return undefined;
    if (CHANGE_WORDS.has(word)) {
      if (word === 'UPDATE' && next?.kind === 'word' && next.value === 'EXTENSIONS') return { what: 'UPDATE EXTENSIONS', hint: 'Extensions are not available to SQL in WPA Explorer.', token: first };
      return undefined;
    }
    if (word === 'EXPLAIN') {
      let j = k + 1;
      if (tokens[j]?.kind === 'word' && (tokens[j].value === 'ANALYZE' || tokens[j].value === 'ANALYSE')) j++;
      if (tokens[j]?.kind === 'op' && tokens[j].value === '(') j = closingParen(tokens, j) + 1;
      // EXPLAIN ANALYZE runs what it explains: the same rules apply to it.
      return this.statementRefusal(tokens, j);
    }
    if (word === 'CREATE' || word === 'DROP' || word === 'ALTER') {
      let j = k + 1;
      while (tokens[j]?.kind === 'word' && CREATE_MODIFIERS.has(tokens[j].value)) j++;
      const object = tokens[j];
      if (object?.kind === 'word' && CATALOG_OBJECTS.has(object.value)) return undefined;
      const name = object?.kind === 'word' ? `${word} ${object.value}` : word;
      const hint = object?.value === 'SECRET' || object?.value === 'PERSISTENT' ? 'Secrets are not available to SQL in WPA Explorer; the Connect screen keeps the SAS.' : 'SQL in WPA Explorer creates, drops and alters tables, views, macros, sequences, schemas, types and indexes only.';
      return { what: name, hint, token: first };
    }
    if ((word === 'SET' || word === 'RESET') && next?.kind === 'word' && next.value === 'VARIABLE') return undefined;
    // Not a keyword (SELEC): no statement starts so; DuckDB's parser says where the mistake is.
    if (!this.keywords.has(word)) return undefined;
    return { what: statementName(tokens, k), hint: statementHint(word), token: first };
  }

  private tokenRefusal(tokens: SqlToken[]): Refusal | undefined {
    const clauses: string[] = [''];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      const next = tokens[i + 1];
      if ((t.kind === 'string' || t.kind === 'ident') && NAMES_DATABASE_FILE.test(t.value)) {
        return { what: `Reading or writing the workspace's database files (${DATABASE_FILE}…)`, hint: 'SQL works on the database through its tables; the file itself is out of reach.', token: t };
      }
      if (t.kind === 'op' && t.value === '(') clauses.push('');
      else if (t.kind === 'op' && t.value === ')') {
        if (clauses.length > 1) clauses.pop();
      } else if (t.kind === 'word' && CLAUSE_WORDS.has(t.value)) {
        // ON and USING continue a FROM clause only after a join (not DISTINCT ON, ON CONFLICT).
        const joinCondition = t.value === 'ON' || t.value === 'USING';
        if (!joinCondition || FROM_CLAUSES.has(clauses[clauses.length - 1])) clauses[clauses.length - 1] = t.value;
      }

      // A function call: a name (quoted or not, maybe qualified) right before a parenthesis.
      if ((t.kind === 'word' || t.kind === 'ident') && next?.kind === 'op' && next.value === '(') {
        const name = asciiLower(t.value);
        if (this.refused.has(name)) return { what: `The function ${name}()`, hint: name.startsWith('query') ? 'SQL text is run as you type it, not from a string.' : IMPORT_HINT, token: t };
        if (FILE_READERS.has(name)) {
          const bad = this.readerArgumentRefusal(tokens, i + 2, name);
          if (bad) return bad;
        }
      }
      // A table position: after FROM, JOIN, … or after a comma in a FROM clause.
      const tablePosition = (t.kind === 'word' && TABLE_POSITION_WORDS.has(t.value)) || (t.kind === 'op' && t.value === ',' && FROM_CLAUSES.has(clauses[clauses.length - 1]));
      if (tablePosition && next) {
        const bad = this.tablePositionRefusal(tokens, i + 1);
        if (bad) return bad;
      }
    }
    return undefined;
  }

  /** The first argument of a file reader: a '…' path (or a [ '…', … ] list of them) inside the sandbox. */
  private readerArgumentRefusal(tokens: SqlToken[], at: number, name: string): Refusal | undefined {
    const paths: SqlToken[] = [];
    let j = at;
    if (tokens[j]?.kind === 'op' && tokens[j].value === '[') {
      j++;
      while (tokens[j]?.kind === 'string') {
        paths.push(tokens[j]);
        j++;
        if (tokens[j]?.kind === 'op' && tokens[j].value === ',') j++;
      }
      if (!(tokens[j]?.kind === 'op' && tokens[j].value === ']')) paths.length = 0;
      j++;
    } else if (tokens[j]?.kind === 'string') {
      paths.push(tokens[j]);
      j++;
    }
    const after = tokens[j];
    if (paths.length === 0 || !(after?.kind === 'op' && (after.value === ',' || after.value === ')'))) {
      return { what: `${name}() with a path that is not written out`, hint: `Give the file as a full path in single quotes, e.g. ${name}('${this.workspaceDir}/imports/file.csv'). ${IMPORT_HINT}`, token: tokens[at - 2] };
    }
    for (const p of paths) {
      const bad = this.pathRefusal(p, `${name}()`);
      if (bad) return bad;
    }
    return undefined;
  }

  private tablePositionRefusal(tokens: SqlToken[], at: number): Refusal | undefined {
    const t = tokens[at];
    if (t.kind === 'string') return this.pathRefusal(t, `FROM '…'`);
    if (t.kind === 'ident' && FILE_LIKE.test(t.value)) return this.pathRefusal({ ...t, plain: true }, 'FROM "…"');
    if (t.kind === 'word' && !(tokens[at + 1]?.kind === 'op' && tokens[at + 1].value === '(')) {
      // a.b.csv: DuckDB tries the dotted name as a file (relative to the app's folder).
      let name = t.value;
      let j = at + 1;
      while (tokens[j]?.value === '.' && (tokens[j + 1]?.kind === 'word' || tokens[j + 1]?.kind === 'ident')) {
        name += `.${tokens[j + 1].value}`;
        j += 2;
      }
      if (j > at + 1 && FILE_LIKE.test(name)) return { what: `Reading the file ${asciiLower(name)}`, hint: IMPORT_HINT, token: t };
    }
    return undefined;
  }

  private pathRefusal(t: SqlToken, via: string): Refusal | undefined {
    if (!t.plain) return { what: `${via} with a path that is not a plain '…' text`, hint: `Write the path in single quotes, without E'…', $$…$$ or text joined across lines. ${IMPORT_HINT}`, token: t };
    const why = checkSandboxPath(this.workspaceDir, t.value);
    return why ? { what: `${via} of ${t.value}`, hint: `${why} ${IMPORT_HINT}`, token: t } : undefined;
  }
}

function closingParen(tokens: SqlToken[], open: number): number {
  let depth = 0;
  for (let j = open; j < tokens.length; j++) {
    if (tokens[j].kind !== 'op') continue;
    if (tokens[j].value === '(') depth++;
    else if (tokens[j].value === ')' && --depth === 0) return j;
  }
  return tokens.length;
}

/** "COPY", "ATTACH", "FORCE CHECKPOINT", "SET memory_limit": the words that say what was refused. */
function statementName(tokens: SqlToken[], k: number): string {
  const word = tokens[k].value;
  const next = tokens[k + 1];
  if ((word === 'SET' || word === 'RESET' || word === 'PRAGMA') && next) {
    const scoped = next.kind === 'word' && ['GLOBAL', 'SESSION', 'LOCAL'].includes(next.value) ? tokens[k + 2] : next;
    return scoped ? `${word} ${asciiLower(scoped.value)}` : word;
  }
  if ((word === 'FORCE' || word === 'EXPORT' || word === 'IMPORT') && next?.kind === 'word') return `${word} ${next.value}`;
  return word;
}

function statementHint(word: string): string {
  switch (word) {
    case 'COPY':
    case 'EXPORT':
      return `${EXPORT_HINT} ${IMPORT_HINT}`;
    case 'IMPORT':
      return IMPORT_HINT;
    case 'ATTACH':
    case 'DETACH':
    case 'USE':
      return 'SQL in WPA Explorer works on this workspace\'s database only; open another workspace to work on its data.';
    case 'LOAD':
    case 'INSTALL':
    case 'UNINSTALL':
    case 'FORCE':
      return 'Extensions and maintenance commands are not available to SQL in WPA Explorer.';
    case 'SET':
    case 'RESET':
    case 'PRAGMA':
    case 'CALL':
      return 'WPA Explorer sets DuckDB\'s memory limit, threads and file access itself, from the machine\'s size; SET VARIABLE name = value works for your own values.';
    default:
      return 'SQL in WPA Explorer runs queries (SELECT, WITH, FROM, DESCRIBE), changes tables and views (CREATE, INSERT, UPDATE, DELETE, DROP, ALTER), transactions and SET VARIABLE.';
  }
}

function forbidden(r: Refusal, fullSql: string, start: number): AppError {
  const pos = r.token ? lineAndColumn(fullSql, start + r.token.at) : undefined;
  return new AppError({
    code: 'sql/forbidden',
    message: `${r.what} cannot be used in WPA Explorer${pos ? ` (line ${pos.line}, column ${pos.column})` : ''}.`,
    hint: r.hint,
    where: pos ? { line: pos.line, column: String(pos.column) } : undefined,
  });
}
