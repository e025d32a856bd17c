/**
 * A pool of DuckDB connections to the workspace database.
 *
 * One connection runs one statement at a time, so grid pages, a user's SQL, exports and counts each
 * take their own connection: a long export never queues a page fetch behind it, and cancelling a
 * query (`interrupt`) stops exactly that query. There is no upper bound on connections in use — a
 * bound would deadlock callers that hold one while asking for another (a query and its count) —
 * DuckDB's own thread pool bounds the CPU work; only idle connections are capped.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { AppError } from '../../../../shared/errors.js';
import { readQueryResult, type Database, type QueryResult } from '../../engine/database.js';

export type SqlParams = DuckDBValue[];

/**
 * Progress tracking for jobs (exports read it), without console output. DuckDB keeps these per
 * connection only — they cannot be set globally — and refuses them once the configuration is locked,
 * so only connections opened before the lock (`openBeforeLock`) have them.
 */
const CONNECTION_SETUP = ['SET enable_progress_bar = true', 'SET enable_progress_bar_print = false', 'SET progress_bar_time = 0'];

export class ConnectionPool {
  private readonly idle: DuckDBConnection[] = [];
  private readonly open = new Set<DuckDBConnection>();
  /** Connections with progress tracking (set up before the lock): kept and handed out first. */
  private readonly tracked = new Set<DuckDBConnection>();
  private settingsLocked = false;
  private closed = false;
  private allReleased?: () => void;

  constructor(
    private readonly db: Database,
    /** Idle connections kept for reuse; more are closed when released. */
    private readonly maxIdle = 8,
  ) {}

  async acquire(): Promise<DuckDBConnection> {
    if (this.closed) throw new AppError({ code: 'api/closed', message: 'The backend is shutting down.' });
    const at = this.idle.findLastIndex((c) => this.tracked.has(c));
    const idle = at === -1 ? this.idle.pop() : this.idle.splice(at, 1)[0];
    if (idle) return idle;
    const c = await this.db.connect();
    this.open.add(c);
    if (!this.settingsLocked) {
      try {
        for (const sql of CONNECTION_SETUP) await c.run(sql);
        this.tracked.add(c);
      } catch (e) {
        // Locked by another pool on the same database: work on without progress tracking.
        if (/configuration has been locked/i.test(e instanceof Error ? e.message : String(e))) this.settingsLocked = true;
        else {
          this.open.delete(c);
          closeQuietly(c);
          throw e;
        }
      }
    }
    return c;
  }

  /**
   * Open the idle connections with their settings now, as the database's configuration is about
   * to be locked (`SET lock_configuration`); later connections get none.
   */
  async openBeforeLock(count = this.maxIdle): Promise<void> {
    const made: DuckDBConnection[] = [];
    for (let i = 0; i < count; i++) made.push(await this.acquire());
    for (const c of made) this.release(c);
    this.settingsLocked = true;
  }

  release(c: DuckDBConnection): void {
    if (!this.closed && this.idle.length >= this.maxIdle && this.tracked.has(c)) {
      // Keep the tracked one, close an untracked idle one in its place.
      const untracked = this.idle.findIndex((x) => !this.tracked.has(x));
      if (untracked !== -1) {
        const [other] = this.idle.splice(untracked, 1);
        this.open.delete(other);
        closeQuietly(other);
      }
    }
    if (this.closed || this.idle.length >= this.maxIdle) {
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
    const inUse = [...this.open].filter((c) => !this.idle.includes(c));
    if (inUse.length) {
      const released = new Promise<void>((resolve) => (this.allReleased = resolve));
      for (const c of inUse) c.interrupt();
      await Promise.race([released, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    }
    for (const c of this.idle) closeQuietly(c);
    this.open.clear();
    this.tracked.clear();
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
