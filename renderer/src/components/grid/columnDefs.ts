/** Grid columns from the backend's typed columns: formatting, alignment, width and filter per type. */
import type { ColDef, ValueFormatterParams, CellClassParams } from 'ag-grid-community';
import type { Column, Json, Row } from '../../../../shared/api/contract.js';
import { columnKind, isNumericKind, type ColumnKind } from '../../lib/columnKinds.js';
import { formatDate, formatTimestamp } from '../../lib/format.js';
import { DATE_FILTER_OPTIONS, NUMBER_FILTER_OPTIONS, TEXT_FILTER_OPTIONS } from './gridQuery.js';
import { BooleanFilter } from './BooleanFilter.js';

const integerFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 4 });

export function formatCell(value: Json | undefined, kind: ColumnKind): string {
  if (value === null || value === undefined) return value === null ? 'NULL' : '';
  switch (kind) {
    case 'integer':
      if (typeof value === 'number') return integerFormat.format(value);
      if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value).toLocaleString();
      return String(value);
    case 'number':
      return typeof value === 'number' ? decimalFormat.format(value) : String(value);
    case 'timestamp':
      return formatTimestamp(String(value));
    case 'date':
      return formatDate(String(value));
    case 'boolean':
      return value === true || value === 'true' ? 'True' : value === false || value === 'false' ? 'False' : String(value);
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

const WIDTH: Record<ColumnKind, number> = { integer: 120, number: 130, timestamp: 178, date: 120, boolean: 104, uuid: 296, text: 190 };

function filterFor(kind: ColumnKind): Pick<ColDef<Row>, 'filter' | 'filterParams'> {
  const common = { maxNumConditions: 1, buttons: ['apply', 'reset'], closeOnApply: true };
  if (isNumericKind(kind)) return { filter: 'agNumberColumnFilter', filterParams: { ...common, filterOptions: NUMBER_FILTER_OPTIONS, inRangeInclusive: true } };
  // A text box typed as YYYY-MM-DD, as the cells show dates, not the browser's locale picker (mm/dd/yyyy).
  if (kind === 'timestamp' || kind === 'date') return { filter: 'agDateColumnFilter', filterParams: { ...common, filterOptions: DATE_FILTER_OPTIONS, inRangeInclusive: true, browserDatePicker: false } };
  if (kind === 'boolean') return { filter: BooleanFilter };
  return { filter: 'agTextColumnFilter', filterParams: { ...common, filterOptions: TEXT_FILTER_OPTIONS } };
}

export function columnDefsFor(columns: readonly Column[]): ColDef<Row>[] {
  return columns.map((col) => {
    const kind = columnKind(col.type);
    return {
      field: col.name,
      colId: col.name,
      headerName: col.name,
      headerTooltip: `${col.name} · ${col.type}`,
      width: Math.max(WIDTH[kind], Math.min(320, col.name.length * 8 + 56)),
      sortable: true,
      resizable: true,
      type: isNumericKind(kind) ? 'rightAligned' : undefined,
      valueFormatter: (p: ValueFormatterParams<Row>) => formatCell(p.value as Json | undefined, kind),
      // A cellClass of our own replaces the one the 'rightAligned' type brings, so numbers carry
      // the right-aligned class here too (else headers sit right over values on the left).
      cellClass: (p: CellClassParams<Row>) => {
        const align = isNumericKind(kind) ? ['ag-right-aligned-cell'] : [];
        if (p.value === null) return [...align, 'cell-null'];
        if (kind === 'boolean') return p.value === true || p.value === 'true' ? 'cell-bool-true' : 'cell-bool-false';
        if (kind === 'uuid') return 'cell-mono';
        return align;
      },
      ...filterFor(kind),
    } satisfies ColDef<Row>;
  });
}

export function kindsOf(columns: readonly Column[]): Map<string, ColumnKind> {
  return new Map(columns.map((c) => [c.name, columnKind(c.type)]));
}
