/** 'sql/*': run typed SQL with cancel and positioned errors, and what the editor completes. */
import type { Handlers } from './apiContext.js';
import { DEFAULT_FIRST_PAGE } from './sql/sqlRunner.js';

export const sqlHandlers: Handlers<'sql/run' | 'sql/cancel' | 'sql/completions'> = {
  'sql/run': async (req, ctx) => {
    try {
      const { result, changedWorkspace } = await ctx.sql.run(req.sql, req.runId, req.limit ?? DEFAULT_FIRST_PAGE);
      if (changedWorkspace) await ctx.workspaceChanged();
      return result;
    } catch (e) {
      // A failed script may still have changed tables before the failing statement.
      if (/^\s*(create|drop|alter|insert|update|delete|copy|attach|import)/im.test(req.sql)) await ctx.workspaceChanged();
      throw e;
    }
  },

  'sql/cancel': async (req, ctx) => ({ cancelled: ctx.sql.cancel(req.runId) }),

  'sql/completions': async (_req, ctx) => {
    const cols = await ctx.pool.query(
      `SELECT table_name AS t, list(column_name ORDER BY column_index) AS cols FROM duckdb_columns()
       WHERE database_name = current_database() AND schema_name = 'main' AND NOT starts_with(table_name, '__')
       GROUP BY table_name ORDER BY table_name`,
    );
    const words = await ctx.pool.query(
      `SELECT DISTINCT upper(keyword_name) AS w FROM duckdb_keywords() WHERE keyword_category IN ('reserved', 'unreserved', 'column_name', 'type_function')
       UNION
       SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_type IN ('scalar', 'aggregate', 'table') AND regexp_matches(function_name, '^[a-z][a-z0-9_]*$')
       ORDER BY 1`,
    // Handled: where the function list cannot be read, complete keywords only (the editor still works).
    ).catch(() => ctx.pool.query(`SELECT DISTINCT upper(keyword_name) AS w FROM duckdb_keywords() ORDER BY 1`));
    return {
      tables: cols.rows.map((r) => ({ name: String(r.t), columns: (r.cols as string[]).map(String) })),
      keywords: words.rows.map((r) => String(r.w)),
    };
  },
};
