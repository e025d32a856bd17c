/**
 * A pool of DuckDB connections to the workspace database (one per database, owned by its `Engine`).
 *
 * One connection runs one statement at a time, so grid pages, a user's SQL, exports and counts each
 * take their own connection: a long export never queues a page fetch behind it, and cancelling a
 * query (`interrupt`) stops exactly that query. There is no upper bound on connections in use — a
 * bound would deadlock callers that hold one while asking for another (a query and its count) —
 * DuckDB's own thread pool bounds the CPU work; only idle connections are capped.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { AppError } from '../../../shared/errors.js';
import { currentCancelScope, type CancelScope } from './cancelScope.js';
import { readQueryResult, type QueryResult } from './database.js';

export type SqlParams = DuckDBValue[];

/**
 * Progress tracking for jobs (exports read it), without console output. DuckDB keeps these per
 * connection only — they cannot be set globally — and refuses them once the configuration is locked,
 * so only connections opened before the lock (`openBeforeLock`) have them: the pool keeps those for
 * pooled statements and never hands them to a flow (whose connection is closed after).
 */
const CONNECTION_SETUP = ['SET enable_progress_bar = true', 'SET enable_progress_bar_print = false', 'SET progress_bar_time = 0'];

export class ConnectionPool {
  private readonly idle: DuckDBConnection[] = [];
  private readonly open = new Set<DuckDBConnection>();
  /** The cancel scope each lent connection was taken in (its flow's cancel interrupts it). */
  private readonly lentIn = new Map<DuckDBConnection, CancelScope>();
  /** Connections with progress tracking (set up before the lock). */
  private readonly tracked = new Set<DuckDBConnection>();
  private settingsLocked = false;
  private closed = false;
  private allReleased?: () => void;

  constructor(
    private readonly connect: () => Promise<DuckDBConnection>,
    /** Idle connections kept for reuse; more are closed when released. */
    private readonly maxIdle = 8,
  ) {}

  /**
   * A connection for the caller alone; registered with the caller's cancel scope, if any. A `flow`
   * (closed after use) gets an untracked one, so the tracked connections stay in the pool.
   */
  async acquire(scope: CancelScope | undefined = currentCancelScope(), options: { flow?: boolean } = {}): Promise<DuckDBConnection> {
    if (this.closed) throw new AppError({ code: 'api/closed', message: 'The backend is shutting down.' });
    scope?.checkNewWork();
    const at = options.flow ? this.idle.findLastIndex((x) => !this.tracked.has(x)) : this.idle.findLastIndex((x) => this.tracked.has(x));
    let c = at === -1 ? (options.flow ? undefined : this.idle.pop()) : this.idle.splice(at, 1)[0];
    if (!c) c = await this.newConnection();
    if (scope) {
      this.lentIn.set(c, scope);
      scope.add(c);
    }
    return c;
  }

  private async newConnection(): Promise<DuckDBConnection> {
    const c = await this.connect();
    this.open.add(c);
    if (this.settingsLocked) return c;
    try {
      for (const sql of CONNECTION_SETUP) await c.run(sql);
      this.tracked.add(c);
    } catch (e) {
      // Locked by another service on the same database: work on without progress tracking.
      if (!/configuration has been locked/i.test(e instanceof Error ? e.message : String(e))) {
        this.open.delete(c);
        closeQuietly(c);
        throw e;
      }
      this.settingsLocked = true;
    }
    return c;
  }

  /**
   * Open the idle connections with their settings now, as the database's configuration is about
   * to be locked (`SET lock_configuration`); later connections get none.
   */
  async openBeforeLock(count = this.maxIdle): Promise<void> {
    const made: DuckDBConnection[] = [];
    for (let i = 0; i < count; i++) made.push(await this.acquire(undefined));
    for (const c of made) this.release(c);
    this.settingsLocked = true;
  }

  /**
   * Give a connection back. `reuse: false` closes it instead of keeping it idle: a flow's own
   * connection may hold temporary tables or settings the next user must not inherit.
   */
  release(c: DuckDBConnection, reuse = true): void {
    this.lentIn.get(c)?.remove(c);
    this.lentIn.delete(c);
    if (reuse && !this.closed && this.idle.length >= this.maxIdle && this.tracked.has(c)) {
      // Keep the tracked one, close an untracked idle one in its place.
      const untracked = this.idle.findIndex((x) => !this.tracked.has(x));
      if (untracked !== -1) {
        const [other] = this.idle.splice(untracked, 1);
        this.open.delete(other);
        closeQuietly(other);
      }
    }
    if (!reuse || this.closed || this.idle.length >= this.maxIdle) {
      this.open.delete(c);
      this.tracked.delete(c);
      closeQuietly(c);
      if (this.closed && this.open.size === this.idle.length) this.allReleased?.();
      return;
    }
    this.idle.push(c);
  }

  /** Run `fn` with a connection of its own, released however `fn` ends. */
  async use<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    const c = await this.acquire();
    try {
      return await fn(c);
    } finally {
      this.release(c);
    }
  }

  /** Read all rows of a query as JSON-safe objects on a pooled connection. */
  async query(sql: string, params?: SqlParams): Promise<QueryResult> {
    return this.use((c) => queryOn(c, sql, params));
  }

  /**
   * Stop what runs (interrupt), wait for every connection to come back, then close them all.
   * Closing a connection while DuckDB still works on it crashes the process, so never skip the wait.
   */
  async close(timeoutMs = 10_000): Promise<void> {
    this.closed = true;
    const inUse = this.inUse();
    if (inUse.length) {
      const released = new Promise<void>((resolve) => (this.allReleased = resolve));
      for (const c of inUse) c.interrupt();
      await Promise.race([released, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    }
    this.closeIdle();
  }

  /** Close without waiting: idle connections now, those in use (interrupted) when they come back. */
  closeNow(): void {
    this.closed = true;
    for (const c of this.inUse()) c.interrupt();
    this.closeIdle();
  }

  /** Connections lent out now (tests watch a cancelled flow give its connection back). */
  lent(): DuckDBConnection[] {
    return this.inUse();
  }

  private inUse(): DuckDBConnection[] {
    return [...this.open].filter((c) => !this.idle.includes(c));
  }

  private closeIdle(): void {
    for (const c of this.idle) {
      this.open.delete(c);
      this.tracked.delete(c);
      closeQuietly(c);
    }
    this.idle.length = 0;
  }
}

export async function queryOn(c: DuckDBConnection, sql: string, params?: SqlParams): Promise<QueryResult> {
  return readQueryResult(await c.runAndReadAll(sql, params));
}

function closeQuietly(c: DuckDBConnection): void {
  try {
    c.closeSync();
  } catch {
    // Already closed with the database.
  }
}
