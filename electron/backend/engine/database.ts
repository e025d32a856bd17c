/**
 * The workspace's DuckDB database: one native instance per workspace file, one process at a time.
 * Code reaches it through an `Engine` (engine.ts).
 *
 * Results come back as JSON-safe values (numbers where exact, strings for timestamps, UUIDs and
 * integers beyond 2^53) so they cross the CLI, IPC and HTTP boundaries unchanged.
 */
import type { DuckDBConnection, DuckDBInstance, DuckDBResultReader } from '@duckdb/node-api';
import { AppError } from '../../../shared/errors.js';
import { duckdbTypeClass, isExactNumericType } from '../../../shared/schema/duckdbTypes.js';
import { loadDuckDB } from './duckdbModule.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

export interface ResultColumn {
  name: string;
  /** DuckDB's type name, e.g. `BIGINT`, `TIMESTAMP`, `VARCHAR`. */
  type: string;
}

export interface QueryResult {
  columns: ResultColumn[];
  rows: Record<string, JsonValue>[];
}

/** Integers and decimals arrive as strings from DuckDB's JSON conversion: make them numbers when exact. */
function toJsonNumber(value: JsonValue, type: string): JsonValue {
  if (typeof value !== 'string' || !isExactNumericType(type)) return value;
  const n = Number(value);
  return Number.isFinite(n) && (duckdbTypeClass(type) === 'decimal' || Number.isSafeInteger(n)) ? n : value;
}

export interface OpenOptions {
  /** Open without write access (several readers; used by tools that only look). */
  readOnly?: boolean;
  /** DuckDB settings applied at open, e.g. `{ threads: '2' }`. */
  config?: Record<string, string>;
}

/**
 * The native instance behind an `Engine`. It hands out connections and nothing else: every
 * statement runs on a connection one flow owns (see engine.ts), never on a shared one.
 */
export class Database {
  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
  ) {}

  static async open(path: string, options: OpenOptions = {}): Promise<Database> {
    const config: Record<string, string> = { ...(options.config ?? {}) };
    if (options.readOnly) config.access_mode = 'READ_ONLY';
    let instance: DuckDBInstance;
    try {
      // Loaded on first open, not at import: `wpa-explorer --help` and the UI server start without the native addon.
      const { DuckDBInstance } = await loadDuckDB();
      instance = await DuckDBInstance.create(path, config);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (/lock/i.test(message)) {
        throw new AppError({
          code: 'workspace/locked',
          message: `The workspace database is open in another process: ${path}`,
          hint: 'Close the other WPA Explorer window or command using this workspace, then try again.',
        });
      }
      throw new AppError({ code: 'workspace/db-open-failed', message: `Could not open the workspace database ${path}: ${message}`, hint: 'Check the folder is readable and writable.' });
    }
    return new Database(path, instance);
  }

  /** A new connection to the database; the caller closes it. */
  async connect(): Promise<DuckDBConnection> {
    return this.instance.connect();
  }

  /** Close the instance; connections still open keep the database until they close. */
  close(): void {
    this.instance.closeSync();
  }
}

/** Read a fully materialised result as JSON-safe rows (any connection's `runAndReadAll`). */
export function readQueryResult(reader: DuckDBResultReader): QueryResult {
  const names = reader.columnNames();
  const types = reader.columnTypes().map((t) => t.toString());
  const columns = names.map((name, i) => ({ name, type: types[i] }));
  const rows = reader.getRowsJson().map((row) => {
    const obj: Record<string, JsonValue> = {};
    row.forEach((v, i) => {
      obj[names[i]] = toJsonNumber(v as JsonValue, types[i]);
    });
    return obj;
  });
  return { columns, rows };
}

/** SQL quoting lives in shared/ (the analyses' SQL builders use it too); re-exported for the backend. */
export { ident, literal } from '../../../shared/sql/quote.js';
