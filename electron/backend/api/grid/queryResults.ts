/**
 * Results of SQL queries whose row order DuckDB does not fix. A hash aggregate, a join, a window or
 * a sort with ties returns its rows in a different order each time it runs (measured: 3–4 different
 * pages at one offset over 4 runs), so a grid that paged by running the query again with
 * LIMIT/OFFSET showed some rows twice and others never. Such a query runs once into a table here,
 * and every page, count and sort of it reads that table: the rows of one run, in one order.
 *
 * Queries that only scan, filter and project keep their order (DuckDB preserves insertion order),
 * so they page as before without a copy.
 *
 * The tables live in a schema of their own in the workspace database (on disk, so a large result
 * does not need to fit in memory), which the app's table lists do not show; the service empties it
 * when it starts. The four most recently used results are kept.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../../../shared/errors.js';
import { ident } from '../../engine/database.js';
import { queryOn, type ConnectionPool } from '../../engine/connectionPool.js';

export const RESULTS_SCHEMA = '_query_results';
/** Results kept at once; older ones are dropped (their grids are long gone). */
const MAX_RESULTS = 4;

/** Plan operators that hand rows on in the order they read them. */
const ORDER_KEEPING = /^(PROJECTION|FILTER|LIMIT|STREAMING_LIMIT|EMPTY_RESULT|READ_CSV|READ_CSV_AUTO|[A-Z_]*_SCAN)$/;

interface PlanNode {
  name: string;
  children?: PlanNode[];
}

/** The operators of a statement's physical plan (EXPLAIN plans it; nothing runs). */
export async function planOperators(c: DuckDBConnection, statement: string): Promise<string[]> {
  const r = await queryOn(c, `EXPLAIN (FORMAT JSON) ${statement}`);
  const plan = JSON.parse(String(r.rows[0]?.explain_value ?? '[]')) as PlanNode[];
  const names: string[] = [];
  const walk = (n: PlanNode) => {
    names.push(String(n.name).trim());
    n.children?.forEach(walk);
  };
  plan.forEach(walk);
  return names;
}

/** Whether running `statement` twice gives its rows in the same order. */
export async function orderIsStable(c: DuckDBConnection, statement: string): Promise<boolean> {
  try {
    const ops = await planOperators(c, statement);
    return ops.length > 0 && ops.every((op) => ORDER_KEEPING.test(op));
  } catch (e) {
    // A cancel stops the run here; any other plan we cannot read: keep the result, to be safe.
    if (/interrupt/i.test(e instanceof Error ? e.message : String(e))) throw e;
    return false;
  }
}

export interface QueryResult {
  /** `"_query_results"."r_<random>"`, ready for FROM. */
  relation: string;
  rows: number;
}

/**
 * The latest run of each query, as a table. A result is a snapshot of its run: a later change to the
 * tables does not touch it (the grid keeps showing what the run returned); running the query again
 * replaces it.
 */
export class QueryResults {
  /** By statement text, least recently used first. */
  private readonly results = new Map<string, Promise<QueryResult>>();

  constructor(private readonly pool: ConnectionPool) {}

  /** Empty the schema (a previous run's leftovers). */
  async reset(): Promise<void> {
    this.results.clear();
    await this.pool.use(async (c) => {
      await queryOn(c, `DROP SCHEMA IF EXISTS ${ident(RESULTS_SCHEMA)} CASCADE`);
      await queryOn(c, `CREATE SCHEMA ${ident(RESULTS_SCHEMA)}`);
    });
  }

  /** The kept result of `statement`, if there is one (marked as just read). */
  peek(statement: string): Promise<QueryResult> | undefined {
    const kept = this.results.get(statement);
    if (kept) {
      this.results.delete(statement);
      this.results.set(statement, kept);
    }
    return kept;
  }

  /** The kept result of `statement`, running it once if there is none. */
  get(statement: string): Promise<QueryResult> {
    const kept = this.results.get(statement);
    if (kept) {
      // Being read: the last to be dropped.
      this.results.delete(statement);
      this.results.set(statement, kept);
      return kept;
    }
    return this.store(statement, this.pool.use((c) => this.run(c, statement)));
  }

  /**
   * Run `statement` now on `c` (a run the user can cancel through that connection) and keep its
   * result in place of the older one, which stays until the new one is complete.
   */
  fresh(c: DuckDBConnection, statement: string): Promise<QueryResult> {
    return this.store(statement, this.run(c, statement));
  }

  private store(statement: string, p: Promise<QueryResult>): Promise<QueryResult> {
    const older = this.results.get(statement);
    this.results.delete(statement);
    this.results.set(statement, p);
    p.then(
      () => {
        if (older) void this.drop(older);
      },
      () => {
        // A failed or cancelled run: the older result, if any, is still the latest.
        if (this.results.get(statement) !== p) return;
        this.results.delete(statement);
        if (older) this.results.set(statement, older);
      },
    );
    while (this.results.size > MAX_RESULTS) {
      const [oldest, q] = this.results.entries().next().value as [string, Promise<QueryResult>];
      this.results.delete(oldest);
      void this.drop(q);
    }
    return p;
  }

  private async run(c: DuckDBConnection, statement: string): Promise<QueryResult> {
    // While an analysis builds its tables the database may reorder rows; a copy made then could
    // lose an ORDER BY, so it is refused rather than shown out of order.
    const keepsOrder = (await queryOn(c, `SELECT current_setting('preserve_insertion_order') AS v`)).rows[0].v;
    if (keepsOrder === false) {
      throw new AppError({ code: 'grid/busy', message: 'An analysis is preparing its tables right now, so this result cannot be kept in order.', hint: 'Run the query again when the analysis has finished.' });
    }
    // A random name: a user table in this schema cannot be taken for a result.
    const relation = `${ident(RESULTS_SCHEMA)}.${ident(`r_${randomBytes(6).toString('hex')}`)}`;
    // Again each time: the user's own SQL may have dropped the schema.
    await queryOn(c, `CREATE SCHEMA IF NOT EXISTS ${ident(RESULTS_SCHEMA)}`);
    // The newlines keep a trailing `-- comment` from eating the `)`. It answers the rows it stored.
    const created = await queryOn(c, `CREATE TABLE ${relation} AS SELECT * FROM (\n${statement}\n) AS q`);
    return { relation, rows: Number(created.rows[0].Count) };
  }

  private async drop(p: Promise<QueryResult>): Promise<void> {
    // A result that failed to build has no table to drop; its error went to whoever asked for it.
    const r = await p.catch(() => undefined);
    // Best effort: a result table left behind is cleared at the next start (reset).
    if (r) await this.pool.use((c) => queryOn(c, `DROP TABLE IF EXISTS ${r.relation}`)).catch(() => undefined);
  }
}
