/**
 * Grid filters and sorts as SQL. Values never become SQL text in grid pages: each goes through
 * `bind`, which adds a `?` parameter; exports (COPY cannot take parameters) bind literals instead.
 */
import type { Column, ColumnFilter, SortSpec } from '../../../../shared/api/contract.js';
import { AppError } from '../../../../shared/errors.js';
import { isTextType as isText, isTimestampType as isTimestamp } from '../../../../shared/schema/duckdbTypes.js';
import { ident, literal } from '../../engine/database.js';
import { findColumn } from './rowSource.js';

export type BindValue = string | number | boolean;
export type Binder = (value: BindValue) => string;

/** A binder that collects `?` parameters, in order. */
export function parameterBinder(): { bind: Binder; params: BindValue[] } {
  const params: BindValue[] = [];
  return { params, bind: (v) => (params.push(v), '?') };
}

/** A binder that writes values as SQL literals (strings quoted, numbers checked finite). */
export const literalBinder: Binder = (v) => {
  if (typeof v === 'string') return literal(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (!Number.isFinite(v)) throw badFilter('a number filter needs a finite number');
  return String(v);
};

const isDate = (t: string) => t === 'DATE';
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function badFilter(why: string, column?: string): AppError {
  return new AppError({ code: 'grid/bad-filter', message: `This filter cannot be applied: ${why}.`, hint: 'Clear the filter and set it again.', where: column ? { column } : undefined });
}

/** The column as lower-case text, for case-insensitive text filters (ag-grid's default). */
function asLowerText(col: Column): string {
  const c = ident(col.name);
  if (col.type === 'UUID') return `CAST(${c} AS VARCHAR)`; // already lower-case
  return isText(col.type) ? `lower(${c})` : `lower(CAST(${c} AS VARCHAR))`;
}

function filterSql(f: ColumnFilter, columns: Column[], bind: Binder): string {
  const col = findColumn(columns, f?.column, 'filter');
  const c = ident(col.name);
  switch (f.kind) {
    case 'text': {
      if (typeof f.value !== 'string') throw badFilter('a text filter needs a text value', col.name);
      const v = f.value.toLowerCase();
      if (f.op === 'equals') {
        if (col.type === 'UUID') return `${c} = TRY_CAST(${bind(v)} AS UUID)`;
        return `${asLowerText(col)} = ${bind(v)}`;
      }
      if (f.op === 'contains') return `contains(${asLowerText(col)}, ${bind(v)})`;
      if (f.op === 'startsWith') return `starts_with(${asLowerText(col)}, ${bind(v)})`;
      if (f.op === 'notContains') return `coalesce(NOT contains(${asLowerText(col)}, ${bind(v)}), true)`;
      throw badFilter(`unknown text operator "${String((f as { op?: unknown }).op)}"`, col.name);
    }
    case 'number': {
      if (typeof f.value !== 'number' || !Number.isFinite(f.value)) throw badFilter('a number filter needs a number', col.name);
      const ops = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' } as const;
      const op = ops[f.op];
      if (!op) throw badFilter(`unknown number operator "${String(f.op)}"`, col.name);
      return `${c} ${op} ${bind(f.value)}`;
    }
    case 'range': {
      const parts: string[] = [];
      const typed = (v: string | number) => {
        if (typeof v === 'number') {
          if (!Number.isFinite(v)) throw badFilter('a range needs finite numbers', col.name);
          return bind(v);
        }
        if (typeof v !== 'string') throw badFilter('a range needs numbers or dates', col.name);
        if (isTimestamp(col.type)) return `CAST(${bind(v)} AS TIMESTAMP)`;
        if (isDate(col.type)) return `CAST(${bind(v)} AS DATE)`;
        return bind(v);
      };
      if (f.from !== undefined && f.from !== null && f.from !== '') parts.push(`${c} >= ${typed(f.from)}`);
      if (f.to !== undefined && f.to !== null && f.to !== '') {
        // "to 2024-01-31" on a timestamp column means the whole of that day.
        if (typeof f.to === 'string' && DATE_ONLY.test(f.to) && isTimestamp(col.type)) parts.push(`${c} < CAST(${bind(f.to)} AS DATE) + INTERVAL 1 DAY`);
        else parts.push(`${c} <= ${typed(f.to)}`);
      }
      return parts.length ? parts.join(' AND ') : 'true';
    }
    case 'boolean':
      if (typeof f.value !== 'boolean') throw badFilter('a yes/no filter needs true or false', col.name);
      return `${c} = ${bind(f.value)}`;
    case 'blank': {
      const blank = isText(col.type) ? `(${c} IS NULL OR ${c} = '')` : `${c} IS NULL`;
      return f.blank ? blank : `NOT ${blank}`;
    }
    default:
      throw badFilter(`unknown filter kind "${String((f as { kind?: unknown }).kind)}"`, col.name);
  }
}

/** `WHERE …` (or '') for the filters, all of which must hold. */
export function whereClause(filters: ColumnFilter[] | undefined, columns: Column[], bind: Binder): string {
  if (!filters || filters.length === 0) return '';
  if (!Array.isArray(filters)) throw badFilter('filters must be a list');
  return `WHERE ${filters.map((f) => `(${filterSql(f, columns, bind)})`).join(' AND ')}`;
}

/** The ORDER BY terms for the sorts (no ORDER BY keyword); empty when none. */
export function orderTerms(sort: SortSpec[] | undefined, columns: Column[]): string[] {
  if (!sort || sort.length === 0) return [];
  if (!Array.isArray(sort)) throw new AppError({ code: 'grid/bad-sort', message: 'sort must be a list of { column, direction }.' });
  return sort.map((s) => {
    const col = findColumn(columns, s?.column, 'sort');
    if (s.direction !== 'asc' && s.direction !== 'desc') throw new AppError({ code: 'grid/bad-sort', message: `Sort direction must be "asc" or "desc", got "${String(s.direction)}".` });
    return `${ident(col.name)} ${s.direction === 'asc' ? 'ASC' : 'DESC'} NULLS LAST`;
  });
}
