/**
 * The one way to the workspace database.
 *
 * Every flow runs on connections of its own: a statement through `run`/`query`/`scalar` borrows a
 * pooled connection for that statement; a flow that needs state across statements (a transaction,
 * temporary tables, a setting) takes a connection for its whole length with `withConnection`,
 * `transaction` or `connect`. One flow's ROLLBACK, temporary table or cancel therefore never
 * touches another's. Cancelling is an AbortSignal: it interrupts exactly the connections the flow
 * holds (see cancelScope.ts), whether given here or inherited from the job or request the code
 * runs in.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { CancelScope, currentCancelScope } from './cancelScope.js';
import { ConnectionPool } from './connectionPool.js';
import { Database, readQueryResult, type JsonValue, type OpenOptions, type QueryResult } from './database.js';

export type SqlParams = DuckDBValue[] | Record<string, DuckDBValue>;

/** What runs SQL: the engine (a pooled connection per statement) or a flow's own connection. */
export interface Sql {
  /** Run a statement for its effect. */
  run(sql: string, params?: SqlParams): Promise<void>;
  /** Run a query and read all rows as JSON-safe objects. */
  query(sql: string, params?: SqlParams): Promise<QueryResult>;
  /** The first column of the first row, for scalar queries such as counts. */
  scalar<T extends JsonValue>(sql: string, params?: SqlParams): Promise<T>;
}

export interface FlowOptions {
  /** Aborting interrupts the statement this flow is running (and no other flow's). */
  signal?: AbortSignal;
}

/**
 * One connection, owned by one flow until it is released. A cancel interrupts the statement
 * running on it; statements started afterwards run (a flow's clean-up after a cancel), so flows
 * check their signal between steps.
 */
export class Connection implements Sql {
  constructor(private readonly c: DuckDBConnection) {}

  async run(sql: string, params?: SqlParams): Promise<void> {
    await this.c.run(sql, params);
  }

  async query(sql: string, params?: SqlParams): Promise<QueryResult> {
    return readQueryResult(await this.c.runAndReadAll(sql, params));
  }

  async scalar<T extends JsonValue>(sql: string, params?: SqlParams): Promise<T> {
    return firstValue<T>(await this.query(sql, params));
  }

  /** `fn` inside BEGIN … COMMIT on this connection; any error (or a cancel) rolls it back. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.run('BEGIN TRANSACTION');
    try {
      const result = await fn();
      await this.run('COMMIT');
      return result;
    } catch (e) {
      // The error that stopped the work is the one to report; a failing ROLLBACK (the transaction
      // already aborted by DuckDB) changes nothing about it.
      await this.c.run('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }
}

/** A connection held until disposed: `await using db = await engine.connect()`. */
export class ConnectionLease extends Connection implements AsyncDisposable {
  constructor(
    c: DuckDBConnection,
    private readonly giveBack: () => void,
  ) {
    super(c);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.giveBack();
  }
}

export class Engine implements Sql {
  /**
   * The connections behind every statement, for the API's grid and SQL runners, which keep their
   * own cancel bookkeeping per run; domain code uses the methods below.
   */
  readonly pool: ConnectionPool;
  private databaseClosed = false;

  private constructor(private readonly database: Database) {
    this.pool = new ConnectionPool(() => database.connect());
  }

  static async open(path: string, options: OpenOptions = {}): Promise<Engine> {
    return new Engine(await Database.open(path, options));
  }

  get path(): string {
    return this.database.path;
  }

  async run(sql: string, params?: SqlParams): Promise<void> {
    await this.pool.use((c) => c.run(sql, params));
  }

  async query(sql: string, params?: SqlParams): Promise<QueryResult> {
    return this.pool.use(async (c) => readQueryResult(await c.runAndReadAll(sql, params)));
  }

  async scalar<T extends JsonValue>(sql: string, params?: SqlParams): Promise<T> {
    return firstValue<T>(await this.query(sql, params));
  }

  /**
   * A connection for one flow, closed (not pooled) when disposed: its temporary tables and
   * settings end with it. Cancelled by `options.signal`, else by the job or request it runs in.
   */
  async connect(options: FlowOptions = {}): Promise<ConnectionLease> {
    const scope = options.signal ? new CancelScope(options.signal) : currentCancelScope();
    const c = await this.pool.acquire(scope, { flow: true });
    let released = false;
    return new ConnectionLease(c, () => {
      if (released) return;
      released = true;
      this.pool.release(c, false);
    });
  }

  /** `fn` with a connection of its own, released however `fn` ends. */
  async withConnection<T>(fn: (db: Connection) => Promise<T>, options: FlowOptions = {}): Promise<T> {
    await using db = await this.connect(options);
    return await fn(db);
  }

  /** `fn` in a transaction on a connection of its own: committed if it returns, rolled back if it throws. */
  async transaction<T>(fn: (db: Connection) => Promise<T>, options: FlowOptions = {}): Promise<T> {
    return this.withConnection((db) => db.transaction(() => fn(db)), options);
  }

  /** Interrupt what runs, wait for every connection to come back, close them and the database. */
  async close(): Promise<void> {
    await this.pool.close();
    this.closeDatabase();
  }

  /** Close at once, for flows that have ended (the CLI, tests): statements still running are interrupted. */
  closeSync(): void {
    this.pool.closeNow();
    this.closeDatabase();
  }

  private closeDatabase(): void {
    if (this.databaseClosed) return;
    this.databaseClosed = true;
    this.database.close();
  }
}

function firstValue<T extends JsonValue>(r: QueryResult): T {
  const first = r.rows[0];
  return (first ? first[r.columns[0].name] : null) as T;
}
