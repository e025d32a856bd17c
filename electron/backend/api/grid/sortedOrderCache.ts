/**
 * Sorted row orders of large tables, kept so that scrolling deep into a sorted 10M-row table costs a
 * page, not a sort. DuckDB answers the first sorted rows quickly with a top-N; at offset 5,000,000
 * the same query must sort everything again (~4 s). So the order (row ids and positions only,
 * 16 bytes a row) is built once in the background in an in-memory catalog, and pages join it back
 * to the table by rowid.
 *
 * One build runs at a time: a new sort interrupts the build of the previous one, which the user has
 * moved away from, so two full sorts never compete for the CPU.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ConnectionPool } from '../../engine/connectionPool.js';
import { GRID_CACHE_CATALOG } from '../db/sandbox.js';

interface OrderEntry {
  table: string;
  ready: boolean;
  building: Promise<void>;
  connection?: DuckDBConnection;
}

/** Orders kept at once; the least recently used is dropped first. */
const MAX_ORDERS = 3;

export class SortedOrderCache {
  private readonly orders = new Map<string, OrderEntry>();
  private next = 0;

  constructor(private readonly pool: ConnectionPool) {}

  /** The cache table of a finished order, or undefined. */
  lookup(key: string): string | undefined {
    const entry = this.orders.get(key);
    if (!entry) return undefined;
    // Re-insert: Map order is the LRU order.
    this.orders.delete(key);
    this.orders.set(key, entry);
    return entry.ready ? entry.table : undefined;
  }

  /**
   * Build the order in the background (once per key). `selectRowOrder` returns `rid` (rowid) in the
   * wanted order, every value bound as a literal. Resolves when built, interrupted or failed.
   */
  build(key: string, selectRowOrder: string): Promise<void> {
    const existing = this.orders.get(key);
    if (existing) return existing.building;
    for (const other of this.orders.values()) if (!other.ready) other.connection?.interrupt();
    const table = `${GRID_CACHE_CATALOG}.main.sorted_${this.next++}`;
    const entry: OrderEntry = { table, ready: false, building: Promise.resolve() };
    entry.building = this.pool
      .use(async (c) => {
        entry.connection = c;
        try {
          // row_number() over the ordered subquery numbers rows in that order; pages filter on pos.
          await c.run(`CREATE OR REPLACE TABLE ${table} AS SELECT rid, row_number() OVER () - 1 AS pos FROM (${selectRowOrder}) AS o`);
        } finally {
          entry.connection = undefined;
        }
      })
      .then(() => {
        entry.ready = this.orders.get(key) === entry;
        if (!entry.ready) void this.drop(table);
      })
      .catch(() => {
        // An interrupted or failed build only costs speed: pages use direct queries.
        if (this.orders.get(key) === entry) this.orders.delete(key);
        void this.drop(table);
      });
    this.orders.set(key, entry);
    void this.evict();
    return entry.building;
  }

  /**
   * The user sorted by something else: stop building other orders now, so the new sort's first
   * rows do not compete with a full sort nobody is waiting for.
   */
  interruptBuildsExcept(key: string): void {
    for (const [k, e] of this.orders) {
      if (k !== key && !e.ready) e.connection?.interrupt();
    }
  }

  async settled(): Promise<void> {
    await Promise.all([...this.orders.values()].map((e) => e.building));
  }

  /** Forget every order (the data changed). */
  async clear(): Promise<void> {
    const entries = [...this.orders.values()];
    this.orders.clear();
    for (const e of entries) e.connection?.interrupt();
    await Promise.all(
      entries.map(async (e) => {
        await e.building;
        await this.drop(e.table);
      }),
    );
  }

  private async evict(): Promise<void> {
    while (this.orders.size > MAX_ORDERS) {
      const [oldestKey, oldest] = this.orders.entries().next().value as [string, OrderEntry];
      this.orders.delete(oldestKey);
      oldest.connection?.interrupt();
      await oldest.building;
      await this.drop(oldest.table);
    }
  }

  private async drop(table: string): Promise<void> {
    // Best effort: order tables live in the in-memory grid_cache catalog, gone when the app closes.
    await this.pool.use((c) => c.run(`DROP TABLE IF EXISTS ${table}`)).catch(() => undefined);
  }
}
