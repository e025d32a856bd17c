/**
 * 'grid/rows': one page of a table or query, sorted and filtered inside DuckDB.
 *
 * Pages are `LIMIT/OFFSET` over the source with the filters as bound parameters (a rowid range for
 * a whole table); the total is a `count(*)` computed once per source and filters. Sorted pages
 * break ties by rowid (tables) so a row never shows on two pages; the first 5,000 sorted rows come
 * from one top-N kept in memory, and deeper pages of a large table from its sorted order, built in
 * the background once (see sortedOrderCache.ts).
 */
import type { Column, ColumnFilter, Row, RowSource, SortSpec } from '../../../../shared/api/contract.js';
import { queryOn, type ConnectionPool } from '../../engine/connectionPool.js';
import { resolveSource, type ResolvedSource } from './rowSource.js';
import { literalBinder, orderTerms, parameterBinder, whereClause, type Binder } from './filterSql.js';
import { splitSqlStatements } from '../sql/splitStatements.js';
import type { SqlGate } from '../sql/sqlGate.js';
import { orderIsStable, QueryResults, type QueryResult } from './queryResults.js';
import { SortedOrderCache } from './sortedOrderCache.js';

export interface GridRowsRequest {
  source: RowSource;
  offset: number;
  limit: number;
  sort?: SortSpec[];
  filters?: ColumnFilter[];
}

export interface GridPage {
  columns: Column[];
  rows: Row[];
  total: number;
}

/** Sorted tables at least this large get their full order built after the first sorted page. */
const ORDER_CACHE_MIN_ROWS = 200_000;
/**
 * The first rows of a sorted source are fetched in one top-N query and kept: a top-N of 5,000 costs
 * about what a top-N of 100 does, and scrolling through them then needs no query at all, while the
 * full order of a large table is built in the background.
 */
const SORTED_PREFIX_ROWS = 5_000;
/** Sorted prefixes kept at once (least recently used dropped first). */
const MAX_PREFIXES = 4;

/** The full query for a source with filters and sorts: what a grid pages and an export writes. */
export function sourceQuery(src: ResolvedSource, filters: ColumnFilter[] | undefined, sort: SortSpec[] | undefined, bind: Binder, select = '*'): string {
  const where = whereClause(filters, src.columns, bind);
  const order = orderTerms(sort, src.columns);
  if (order.length && src.baseRelation) order.push('rowid');
  return `SELECT ${select} FROM ${src.from} ${where}${order.length ? ` ORDER BY ${order.join(', ')}` : ''}`;
}

export class GridService {
  private readonly sources = new Map<string, Promise<ResolvedSource>>();
  private readonly counts = new Map<string, Promise<number>>();
  private readonly prefixes = new Map<string, Promise<Row[]>>();
  private readonly denseRowids = new Map<string, Promise<boolean>>();
  /** Kept query results as sources, by their table. */
  private readonly resultSources = new Map<string, Promise<ResolvedSource>>();
  private readonly orders: SortedOrderCache;

  /** Results of queries whose row order is not fixed, shared with 'sql/run'. */
  readonly results: QueryResults;

  constructor(
    private readonly pool: ConnectionPool,
    /** Sorted sources at least this large get a cached order once scrolled (lower in tests). */
    private readonly orderCacheMinRows = ORDER_CACHE_MIN_ROWS,
    /** What a user's SQL may do; the API service always gives one (backend-side tools may not). */
    private readonly gate?: SqlGate,
  ) {
    this.orders = new SortedOrderCache(pool);
    this.results = new QueryResults(pool);
  }

  /** Resolves when every sorted order being built is ready (tests, benchmarks). */
  async ordersSettled(): Promise<void> {
    await this.orders.settled();
  }

  /** Forget cached columns, counts and orders: tables changed. (Kept query results are snapshots of their runs and stay.) */
  async invalidate(): Promise<void> {
    this.sources.clear();
    this.counts.clear();
    this.prefixes.clear();
    this.denseRowids.clear();
    await this.orders.clear();
  }

  async resolve(source: RowSource): Promise<ResolvedSource> {
    if (this.gate && source?.kind === 'sql' && typeof source.sql === 'string') this.gate.checkScript(source.sql);
    // A query with a kept result reads it, even once the tables it read have changed or gone.
    const statement = source?.kind === 'sql' && typeof source.sql === 'string' ? splitSqlStatements(source.sql).at(-1)?.text : undefined;
    const kept = statement !== undefined ? this.results.peek(statement) : undefined;
    if (kept) return this.fromResult(statement!, await kept);
    const key = JSON.stringify(source);
    let p = this.sources.get(key);
    if (!p) {
      p = this.pool.use(async (c) => {
        const src = await resolveSource(c, source);
        return src.statement !== undefined && !(await orderIsStable(c, src.statement)) ? { ...src, unstable: true } : src;
      });
      this.sources.set(key, p);
      // A failed resolve is not cached; callers awaiting `p` still get its error.
      p.catch(() => this.sources.delete(key));
    }
    const src = await p;
    if (!src.unstable || src.statement === undefined) return src;
    // Run it once and read that: one order for every page and sort.
    return this.fromResult(src.statement, await this.results.get(src.statement));
  }

  /** A kept result as a source: a table, its rowids fixing the order and breaking ties. Described once. */
  private fromResult(statement: string, result: QueryResult): Promise<ResolvedSource> {
    let p = this.resultSources.get(result.relation);
    if (!p) {
      p = this.pool.query(`DESCRIBE SELECT * FROM ${result.relation}`).then((described) => {
        const columns = described.rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
        return { key: `result:${result.relation}`, from: result.relation, columns, baseRelation: result.relation, label: 'query', statement, unstable: true };
      });
      this.resultSources.set(result.relation, p);
      // A failed description is not cached; callers awaiting `p` still get its error.
      p.catch(() => this.resultSources.delete(result.relation));
      // Results come and go (a few are kept): so do their descriptions.
      while (this.resultSources.size > 8) this.resultSources.delete(this.resultSources.keys().next().value as string);
    }
    return p;
  }

  /** Rows of the source with filters, computed once per source and filters. */
  count(src: ResolvedSource, filters: ColumnFilter[] | undefined): Promise<number> {
    const key = `${src.key}\u0000${JSON.stringify(filters ?? [])}`;
    let p = this.counts.get(key);
    if (!p) {
      const { bind, params } = parameterBinder();
      const sql = `SELECT count(*) AS n FROM ${src.countFrom ?? src.from} ${whereClause(filters, src.columns, bind)}`;
      p = this.pool.use(async (c) => Number((await queryOn(c, sql, params)).rows[0].n));
      this.counts.set(key, p);
      // A failed count is not cached; callers awaiting `p` still get its error.
      p.catch(() => this.counts.delete(key));
    }
    return p;
  }

  async rows(req: GridRowsRequest): Promise<GridPage> {
    // offset and limit were checked at the boundary (shared/api/requestSchemas.ts: whole, limit up to MAX_PAGE_ROWS).
    const { offset, limit } = req;
    const src = await this.resolve(req.source);
    const [total, rows] = await Promise.all([this.count(src, req.filters), this.page(src, req, offset, limit)]);
    return { columns: src.columns, rows, total };
  }

  private async page(src: ResolvedSource, req: GridRowsRequest, offset: number, limit: number): Promise<Row[]> {
    const sorted = orderTerms(req.sort, src.columns).length > 0;
    if (sorted) {
      const key = `${src.key}\u0000${JSON.stringify(req.filters ?? [])}\u0000${JSON.stringify(req.sort)}`;
      const cached = src.baseRelation ? this.orders.lookup(key) : undefined;
      if (cached) return this.pageFromOrder(cached, src.baseRelation!, offset, limit);
      const large = src.baseRelation !== undefined && (await this.count(src, req.filters)) >= this.orderCacheMinRows;
      const buildOrder = () => this.orders.build(key, sourceQuery(src, req.filters, req.sort, literalBinder, 'rowid AS rid'));
      if (offset + limit <= SORTED_PREFIX_ROWS) {
        const prefix = this.sortedPrefix(key, src, req);
        // Once the first rows are shown, build the full order for when the user scrolls past them.
        if (large) void prefix.then(buildOrder, () => undefined);
        return (await prefix).slice(offset, offset + limit);
      }
      if (large) {
        // A deep page while the order builds: waiting for it beats a second full sort competing with it.
        await buildOrder();
        const built = this.orders.lookup(key);
        if (built) return this.pageFromOrder(built, src.baseRelation!, offset, limit);
      }
    }
    if (!sorted && !req.filters?.length && src.baseRelation && (await this.hasDenseRowids(src))) {
      // Rows 0…n-1 with no gaps: a rowid range reads just the page, where OFFSET counts its way there.
      const sql = `SELECT * FROM ${src.baseRelation} WHERE rowid >= ? AND rowid < ? ORDER BY rowid`;
      return (await this.pool.query(sql, [offset, offset + limit])).rows;
    }
    const { bind, params } = parameterBinder();
    const sql = `${sourceQuery(src, req.filters, req.sort, bind)} LIMIT ${limit} OFFSET ${offset}`;
    return (await this.pool.query(sql, params)).rows;
  }

  /** Whether a table's rowids are exactly 0…count-1 (true after a load; deletes leave gaps). */
  private hasDenseRowids(src: ResolvedSource): Promise<boolean> {
    let p = this.denseRowids.get(src.key);
    if (!p) {
      p = this.pool
        .query(`SELECT coalesce(max(rowid) + 1, 0) = count(*) AS dense FROM ${src.baseRelation!}`)
        .then((r) => r.rows[0].dense === true)
        // Not known to be dense only costs speed: pages then use the exact (slower) rowid join.
        .catch(() => false);
      this.denseRowids.set(src.key, p);
    }
    return p;
  }

  private async pageFromOrder(order: string, relation: string, offset: number, limit: number): Promise<Row[]> {
    const sql = `SELECT t.* FROM ${order} AS o JOIN ${relation} AS t ON t.rowid = o.rid WHERE o.pos >= ? AND o.pos < ? ORDER BY o.pos`;
    return (await this.pool.query(sql, [offset, offset + limit])).rows;
  }

  private sortedPrefix(key: string, src: ResolvedSource, req: GridRowsRequest): Promise<Row[]> {
    let p = this.prefixes.get(key);
    if (p) {
      this.prefixes.delete(key);
    } else {
      this.orders.interruptBuildsExcept(key);
      const { bind, params } = parameterBinder();
      p = this.pool.query(`${sourceQuery(src, req.filters, req.sort, bind)} LIMIT ${SORTED_PREFIX_ROWS}`, params).then((r) => r.rows);
      // A failed prefix is not cached; callers awaiting `p` still get its error.
      p.catch(() => this.prefixes.delete(key));
    }
    this.prefixes.set(key, p);
    while (this.prefixes.size > MAX_PREFIXES) this.prefixes.delete(this.prefixes.keys().next().value as string);
    return p;
  }
}
