/**
 * 'sql/run' and 'sql/cancel': run what the user typed, statement by statement, each on a pooled
 * connection registered under the run's id so that cancel interrupts exactly this run.
 *
 * Statements before the last run for their effect. A last statement that is a query returns its first
 * page and its row count (the grid pages the rest with 'grid/rows' over `{ kind: 'sql' }`); any other
 * last statement returns what DuckDB answers (e.g. the count of inserted rows).
 */
import type { DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
import { duckdb } from '../../engine/duckdbModule.js';
import type { SqlRunResult } from '../../../../shared/api/contract.js';
import { AppError, isAppError } from '../../../../shared/errors.js';
import { readQueryResult } from '../../engine/database.js';
import { CancelScope, currentCancelScope } from '../../engine/cancelScope.js';
import type { ConnectionPool } from '../../engine/connectionPool.js';
import { orderIsStable, type QueryResults } from '../grid/queryResults.js';
import { asSubquery, preparedColumns, SUBQUERY_PREFIX } from '../grid/rowSource.js';
import { caretOffset, sqlError } from './sqlErrors.js';
import type { SqlGate } from './sqlGate.js';
import { splitSqlStatements, lineAndColumn, withoutTopLevelOrderBy, type SqlStatementText } from './splitStatements.js';

export const DEFAULT_FIRST_PAGE = 100;
/** Rows returned at most for a statement that is not a query (EXPLAIN, CALL, PRAGMA, …). */
const MAX_DIRECT_ROWS = 10_000;

/** Statements that only read: running them does not change what the grid caches. */
let readOnly: Set<number> | undefined;
const readOnlyTypes = (): Set<number> => {
  const { StatementType } = duckdb();
  return (readOnly ??= new Set<number>([StatementType.SELECT, StatementType.EXPLAIN, StatementType.PRAGMA, StatementType.CALL, StatementType.TRANSACTION, StatementType.PREPARE, StatementType.SET, StatementType.VARIABLE_SET]));
};

export interface SqlRunOutcome {
  result: SqlRunResult;
  /** Whether a statement may have changed tables or views (the grid caches must be dropped). */
  changedWorkspace: boolean;
}

export class SqlRunner {
  /** Each run's own cancel: its scope interrupts the run's connections until the cancel lands. */
  private readonly running = new Map<string, AbortController>();
  /** Cancels that arrived before their run started (a race between two requests). */
  private readonly cancelledEarly = new Set<string>();

  constructor(
    private readonly pool: ConnectionPool,
    /** Where a query whose row order is not fixed keeps its rows, for the grid to page. */
    private readonly results: QueryResults,
    /** What the user's SQL may do: checked on the text of every statement before any runs. */
    private readonly gate: SqlGate,
  ) {}

  cancel(runId: string): boolean {
    const controller = this.running.get(runId);
    if (!controller) {
      this.cancelledEarly.add(runId);
      setTimeout(() => this.cancelledEarly.delete(runId), 10_000).unref();
      return false;
    }
    controller.abort();
    return true;
  }

  /** Interrupt every running query (shutdown). */
  cancelAll(): void {
    for (const controller of this.running.values()) controller.abort();
  }

  async run(sql: string, runId: string, limit = DEFAULT_FIRST_PAGE): Promise<SqlRunOutcome> {
    const statements = splitSqlStatements(sql);
    if (statements.length === 0) throw new AppError({ code: 'sql/empty', message: 'There is no SQL statement to run.', hint: 'Type a query such as SELECT * FROM Mails LIMIT 10.' });
    // Before prepare: binding a statement may already open the files it names.
    for (const stmt of statements) this.gate.checkStatement(stmt.text, sql, stmt.start);
    if (this.cancelledEarly.delete(runId)) throw cancelled();
    if (this.running.has(runId)) throw new AppError({ code: 'sql/bad-request', message: `A run with id ${runId} is already running.` });
    // Registered before the first await, so a cancel sent right after the run finds it. A single
    // interrupt is not enough: DuckDB drops one that lands between two statements (prepare, plan
    // check, page and count), so the run's scope interrupts again for a while (as jobs do), and no
    // statement starts once the run is cancelled. The caller's own scope (its client leaving) too.
    const controller = new AbortController();
    const outer = currentCancelScope()?.signal;
    const signal = outer ? AbortSignal.any([controller.signal, outer]) : controller.signal;
    const scope = new CancelScope(signal, true);
    const stopIfCancelled = () => {
      if (signal.aborted) throw cancelled();
    };
    this.running.set(runId, controller);
    const started = performance.now();
    let main: DuckDBConnection | undefined;
    let changedWorkspace = false;
    let usedTransaction = false;
    try {
      main = await this.pool.acquire(scope);
      for (const [i, stmt] of statements.entries()) {
        const isLast = i === statements.length - 1;
        stopIfCancelled();
        const prepared = await prepare(main, sql, stmt);
        try {
          stopIfCancelled();
          const type = prepared.statementType;
          this.gate.checkPrepared(type);
          if (!readOnlyTypes().has(type)) changedWorkspace = true;
          if (type === duckdb().StatementType.TRANSACTION) usedTransaction = true;
          if (isLast && type === duckdb().StatementType.SELECT) {
            // Inside the user's transaction a kept result would vanish with its rollback below.
            const keep = !usedTransaction && !(await orderIsStable(main, stmt.text));
            stopIfCancelled();
            const result = keep ? await this.keptFirstPage(main, sql, stmt, prepared, limit, stopIfCancelled) : await this.firstPageAndCount(main, scope, sql, stmt, prepared, limit);
            return { result: { ...result, seconds: (performance.now() - started) / 1000 }, changedWorkspace };
          }
          let reader;
          try {
            reader = await prepared.runAndReadAll();
          } catch (e) {
            throw sqlError(e, sql, stmt.text, stmt.start);
          }
          if (isLast) {
            const all = readQueryResult(reader);
            const rows = all.rows.slice(0, MAX_DIRECT_ROWS);
            return { result: { columns: all.columns, rows, total: rows.length, seconds: (performance.now() - started) / 1000 }, changedWorkspace };
          }
        } finally {
          prepared.destroySync();
        }
      }
      throw new AppError({ code: 'internal', message: 'No statement ran.' });
    } catch (e) {
      // Whatever a cancelled run's statement answered (interrupted, refused a connection): cancelled.
      if (signal.aborted) throw cancelled();
      throw isAppError(e) ? e : sqlError(e, sql, sql, 0);
    } finally {
      this.running.delete(runId);
      if (main) {
        // Clean-up is not the user's query: the cancel must not interrupt it.
        scope.remove(main);
        // A BEGIN without COMMIT must not stay open on a connection other requests will use.
        if (usedTransaction) await main.run('ROLLBACK').catch(() => undefined);
        this.pool.release(main);
      }
    }
  }

  /**
   * A query whose rows come in a different order each run (GROUP BY, joins, windows, sorts with
   * ties): run it once into a kept result, then read the first page and the count from there, as the
   * grid will read the later pages.
   */
  private async keptFirstPage(
    main: DuckDBConnection,
    sql: string,
    stmt: SqlStatementText,
    prepared: DuckDBPreparedStatement,
    limit: number,
    stopIfCancelled: () => void,
  ): Promise<Omit<SqlRunResult, 'seconds'>> {
    const columns = preparedColumns(prepared);
    let kept;
    try {
      kept = await this.results.fresh(main, stmt.text);
    } catch (e) {
      // Positions in the wrapping statement mean nothing to the user: the message without them.
      throw wrappedError(e, sql, stmt, '');
    }
    stopIfCancelled();
    const page = await main.runAndReadAll(`SELECT * FROM ${kept.relation} WHERE rowid < ${limit} ORDER BY rowid`);
    return { columns, rows: readQueryResult(page).rows, total: kept.rows };
  }

  /** The first page on this connection and the row count on a second one, at the same time. */
  private async firstPageAndCount(
    main: DuckDBConnection,
    scope: CancelScope,
    sql: string,
    stmt: SqlStatementText,
    prepared: DuckDBPreparedStatement,
    limit: number,
  ): Promise<Omit<SqlRunResult, 'seconds'>> {
    const columns = preparedColumns(prepared);
    const pageSql = `${SUBQUERY_PREFIX}${stmt.text}\n) AS q LIMIT ${limit}`;
    // Counting needs no order: without it DuckDB counts a sorted 10M-row query in ms, not seconds.
    const countSql = `SELECT count(*) AS n FROM ${asSubquery(withoutTopLevelOrderBy(stmt.text))} AS q`;
    // In the run's scope: refused once the run is cancelled, interrupted with it otherwise.
    const counter = await this.pool.acquire(scope);
    try {
      const pageP = main.runAndReadAll(pageSql);
      const countP = counter.runAndReadAll(countSql);
      // Whichever fails first decides the error; stop the other one.
      const [page, count] = await Promise.all([pageP, countP]).catch(async (e) => {
        main.interrupt();
        counter.interrupt();
        await Promise.allSettled([pageP, countP]);
        throw wrappedError(e, sql, stmt, pageSql);
      });
      const rows = readQueryResult(page).rows;
      const total = Number(readQueryResult(count).rows[0].n);
      return { columns, rows, total };
    } finally {
      this.pool.release(counter);
    }
  }
}

async function prepare(c: DuckDBConnection, sql: string, stmt: SqlStatementText): Promise<DuckDBPreparedStatement> {
  try {
    return await c.prepare(stmt.text);
  } catch (e) {
    throw sqlError(e, sql, stmt.text, stmt.start);
  }
}

/** An error from the wrapped statement, with its caret moved back into the user's text. */
function wrappedError(e: unknown, sql: string, stmt: SqlStatementText, wrapped: string): AppError {
  const raw = e instanceof Error ? e.message : String(e);
  const at = caretOffset(raw, wrapped);
  const error = sqlError(new Error(raw.replace(/^LINE \d+:.*\n *\^.*$/m, '').trim()), sql, stmt.text, stmt.start);
  if (at !== undefined && at >= SUBQUERY_PREFIX.length && at < SUBQUERY_PREFIX.length + stmt.text.length) {
    const pos = lineAndColumn(sql, stmt.start + at - SUBQUERY_PREFIX.length);
    return new AppError({ ...error.toData(), message: `${error.message} (line ${pos.line}, column ${pos.column})`, where: { line: pos.line, column: String(pos.column) } });
  }
  return error;
}

function cancelled(): AppError {
  return new AppError({ code: 'sql/cancelled', message: 'The query was cancelled.', hint: 'The query was cancelled; nothing was changed by it.' });
}
