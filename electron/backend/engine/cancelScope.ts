/**
 * Cancel scopes: the connections one flow (a job, an API call) took from the pool, so that its
 * AbortSignal interrupts exactly those and never a statement of another flow.
 *
 * The scope follows the flow through every `await` (AsyncLocalStorage), so code deep inside a job
 * or a request needs no signal of its own: whatever connection it takes is registered with the
 * scope it runs in. A scope opened inside another replaces it (a job started by a request outlives
 * the request and is cancelled on its own).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DuckDBConnection } from '@duckdb/node-api';
import { AppError } from '../../../shared/errors.js';

/**
 * DuckDB drops an interrupt that arrives before a dispatched statement has begun on its worker
 * thread, so a cancel interrupts again for a short while, until the connection comes back.
 */
const REINTERRUPT_MS = 25;
const REINTERRUPT_FOR_MS = 1000;

export class CancelScope {
  private readonly connections = new Set<DuckDBConnection>();
  private readonly interruptAll = () => {
    const held = [...this.connections];
    const until = Date.now() + REINTERRUPT_FOR_MS;
    const again = () => {
      const still = held.filter((c) => this.connections.has(c));
      for (const c of still) c.interrupt();
      if (still.length > 0 && Date.now() < until) setTimeout(again, REINTERRUPT_MS).unref();
    };
    again();
  };

  constructor(
    readonly signal: AbortSignal,
    /** Refuse connections once aborted (a request whose client left); a job's clean-up still needs them. */
    private readonly refuseAfterAbort = false,
  ) {}

  /**
   * A connection this flow took: interrupted if the flow is cancelled while it holds it. After the
   * cancel, statements still run (clean-up: dropping staging tables); flows check their signal
   * between steps.
   */
  add(c: DuckDBConnection): void {
    // Listen only while connections are held: a long-lived signal (a job's) is not loaded with one
    // listener per statement.
    if (this.connections.size === 0) this.signal.addEventListener('abort', this.interruptAll, { once: true });
    this.connections.add(c);
  }

  /** Throws once the scope is aborted, if it refuses work after that. */
  checkNewWork(): void {
    if (this.refuseAfterAbort && this.signal.aborted) throw cancelledError('The request');
  }

  remove(c: DuckDBConnection): void {
    if (this.connections.delete(c) && this.connections.size === 0) this.signal.removeEventListener('abort', this.interruptAll);
  }
}

const scopes = new AsyncLocalStorage<CancelScope>();

/**
 * Run `fn` in a scope of its own: aborting `signal` interrupts every statement `fn` runs.
 * `refuseAfterAbort`: no connection is handed out once aborted (nothing to clean up: a request).
 */
export function withCancelScope<T>(signal: AbortSignal, fn: () => Promise<T>, options: { refuseAfterAbort?: boolean } = {}): Promise<T> {
  return scopes.run(new CancelScope(signal, options.refuseAfterAbort), fn);
}

/** The scope the caller runs in, if any. */
export function currentCancelScope(): CancelScope | undefined {
  return scopes.getStore();
}

export function cancelledError(what = 'The job'): AppError {
  return new AppError({ code: 'cancelled', message: `${what} was cancelled.` });
}
