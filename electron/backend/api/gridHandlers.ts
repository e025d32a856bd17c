/** 'grid/rows': pages of any table or query, sorted and filtered in DuckDB (see grid/gridRows.ts). */
import type { Handlers } from './apiContext.js';

export const gridHandlers: Handlers<'grid/rows'> = {
  'grid/rows': async (req, ctx) => ctx.grid.rows(req),
};
