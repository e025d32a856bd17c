/**
 * ag-grid's sort and filter models → the contract's SortSpec and ColumnFilter, so DuckDB does the
 * sorting and filtering. Filters offer only what the contract can express (one condition per
 * column, ANDed across columns); anything else is reported, never silently dropped.
 */
import type { ColumnFilter, SortSpec } from '../../../../shared/api/contract.js';
import type { ColumnKind } from '../../lib/columnKinds.js';

export interface GridSortItem {
  colId: string;
  sort: 'asc' | 'desc';
}

export type GridFilterModel = Record<string, unknown>;

export class UnsupportedFilterError extends Error {}

export function toSortSpecs(sortModel: readonly GridSortItem[]): SortSpec[] {
  return sortModel.map((s) => ({ column: s.colId, direction: s.sort }));
}

const NUMBER_OPS = { equals: 'eq', notEqual: 'ne', lessThan: 'lt', lessThanOrEqual: 'le', greaterThan: 'gt', greaterThanOrEqual: 'ge' } as const;
const TEXT_OPS = ['contains', 'notContains', 'equals', 'startsWith'] as const;

/** The filter options each column kind offers in its menu: exactly the ones mapped below. */
export const TEXT_FILTER_OPTIONS = [...TEXT_OPS, 'blank', 'notBlank'];
export const NUMBER_FILTER_OPTIONS = [...Object.keys(NUMBER_OPS), 'inRange', 'blank', 'notBlank'];
export const DATE_FILTER_OPTIONS = ['equals', 'lessThan', 'greaterThan', 'inRange', 'blank', 'notBlank'];

interface SimpleModel {
  filterType?: string;
  type?: string | null;
  filter?: string | number | null;
  filterTo?: number | null;
  dateFrom?: string | null;
  dateTo?: string | null;
  value?: string;
  operator?: string;
  conditions?: SimpleModel[];
}

function dayOf(dateTime: string): string {
  return dateTime.slice(0, 10);
}

function shiftDay(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const START = ' 00:00:00';
const END = ' 23:59:59.999999';

/** A date-filter condition as an inclusive range over whole days. */
function dateCondition(column: string, m: SimpleModel, kind: ColumnKind): ColumnFilter {
  const ts = kind === 'timestamp';
  const from = m.dateFrom ? dayOf(m.dateFrom) : undefined;
  const to = m.dateTo ? dayOf(m.dateTo) : undefined;
  if (!from) throw new UnsupportedFilterError(`Pick a date for the filter on ${column}.`);
  switch (m.type) {
    case 'equals':
      return { column, kind: 'range', from: ts ? from + START : from, to: ts ? from + END : from };
    case 'lessThan': {
      const last = shiftDay(from, -1);
      return { column, kind: 'range', to: ts ? last + END : last };
    }
    case 'greaterThan': {
      const next = shiftDay(from, 1);
      return { column, kind: 'range', from: ts ? next + START : next };
    }
    case 'inRange': {
      const end = to ?? from;
      return { column, kind: 'range', from: ts ? from + START : from, to: ts ? end + END : end };
    }
    default:
      throw new UnsupportedFilterError(`The date filter "${m.type}" on ${column} is not supported.`);
  }
}

function condition(column: string, m: SimpleModel, kind: ColumnKind): ColumnFilter {
  if (m.type === 'blank') return { column, kind: 'blank', blank: true };
  if (m.type === 'notBlank') return { column, kind: 'blank', blank: false };
  switch (m.filterType) {
    case 'text': {
      const op = TEXT_OPS.find((o) => o === m.type);
      if (!op) throw new UnsupportedFilterError(`The text filter "${m.type}" on ${column} is not supported.`);
      return { column, kind: 'text', op, value: String(m.filter ?? '') };
    }
    case 'number': {
      const value = typeof m.filter === 'number' ? m.filter : Number(m.filter);
      if (m.type === 'inRange') return { column, kind: 'range', from: value, to: m.filterTo ?? undefined };
      const op = m.type ? NUMBER_OPS[m.type as keyof typeof NUMBER_OPS] : undefined;
      if (!op || !Number.isFinite(value)) throw new UnsupportedFilterError(`The number filter "${m.type}" on ${column} is not supported.`);
      return { column, kind: 'number', op, value };
    }
    case 'date':
      return dateCondition(column, m, kind);
    case 'boolean':
      if (m.value === 'blank') return { column, kind: 'blank', blank: true };
      return { column, kind: 'boolean', value: m.value === 'true' };
    default:
      throw new UnsupportedFilterError(`The filter on ${column} is not supported.`);
  }
}

/** Every column's filter as contract filters (ANDed by the backend). */
export function toColumnFilters(filterModel: GridFilterModel | null | undefined, kinds: ReadonlyMap<string, ColumnKind>): ColumnFilter[] {
  const out: ColumnFilter[] = [];
  for (const [column, raw] of Object.entries(filterModel ?? {})) {
    const model = raw as SimpleModel;
    const kind = kinds.get(column) ?? 'text';
    if (model.conditions) {
      if (model.operator === 'OR') throw new UnsupportedFilterError(`"OR" filters on ${column} are not supported; use one condition.`);
      for (const c of model.conditions) out.push(condition(column, { ...c, filterType: c.filterType ?? model.filterType }, kind));
    } else out.push(condition(column, model, kind));
  }
  return out;
}

/** "IsSender = true", "SentTime 2024-01-01 … 2024-01-31": a filter as words for the status bar and exports. */
export function describeFilter(f: ColumnFilter): string {
  switch (f.kind) {
    case 'text':
      return `${f.column} ${{ contains: 'contains', notContains: 'does not contain', equals: '=', startsWith: 'starts with' }[f.op]} "${f.value}"`;
    case 'number':
      return `${f.column} ${{ eq: '=', ne: '≠', lt: '<', le: '≤', gt: '>', ge: '≥' }[f.op]} ${f.value}`;
    case 'range':
      return `${f.column} ${f.from ?? '…'} – ${f.to ?? '…'}`;
    case 'boolean':
      return `${f.column} is ${f.value ? 'true' : 'false'}`;
    case 'blank':
      return `${f.column} is ${f.blank ? 'empty' : 'not empty'}`;
  }
}
