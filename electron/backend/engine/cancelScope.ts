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

export class CancelScope {
  private readonly connections = new Set<DuckDBConnection>();
  private readonly interruptAll = () => {
    for (const c of this.connections) c.interrupt();
  };

  constructor(readonly signal: AbortSignal) {}

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

  remove(c: DuckDBConnection): void {
    if (this.connections.delete(c) && this.connections.size === 0) this.signal.removeEventListener('abort', this.interruptAll);
  }
}

const scopes = new AsyncLocalStorage<CancelScope>();

/** Run `fn` in a scope of its own: aborting `signal` interrupts every statement `fn` runs. */
export function withCancelScope<T>(signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
  return scopes.run(new CancelScope(signal), fn);
}

/** The scope the caller runs in, if any. */
export function currentCancelScope(): CancelScope | undefined {
  return scopes.getStore();
}

export function cancelledError(what = 'The job'): AppError {
  return new AppError({ code: 'cancelled', message: `${what} was cancelled.` });
}
