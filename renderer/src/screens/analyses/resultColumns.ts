/** Which result columns an analysis table shows, in which order and under which labels. */
import type { Column, Row } from '../../../../shared/api/contract.js';
import type { ResultColumnSpec } from '../../../../shared/analyses/types.js';
import { columnKind, isNumericKind } from '../../lib/columnKinds.js';

export interface TableColumn {
  name: string;
  /** A group key (its empty value is the one label for a group without a value). */
  group?: boolean;
  label: string;
  unit?: string;
  exactness?: 'exact' | 'approximate';
  definition?: string;
  numeric: boolean;
  kind: ReturnType<typeof columnKind>;
}

/** Guard bookkeeping the catalogue does not list: not shown unless an analysis declares it. */
const INTERNAL_COLUMNS = new Set(['group_size']);

/**
 * "Group size" adds nothing when it equals the count column on every row (the group is exactly the
 * people counted, e.g. a thread's originators): the table then shows the count once.
 */
function repeatsCount(rows: readonly Row[]): boolean {
  return rows.length > 0 && rows.every((r) => r.group_size === r.people);
}

/**
 * The columns to show: the catalogue's, in its order, then any other result columns; not those the
 * catalogue hides. The group column is named after the attribute it groups by ("FunctionType"
 * rather than "Group").
 */
export function tableColumns(columns: Column[], specs: ResultColumnSpec[], groupedBy?: string, rows: readonly Row[] = []): TableColumn[] {
  const repeated = repeatsCount(rows);
  const declared = specs
    .filter((s) => !s.hidden)
    .map((s) => columns.find((c) => c.name === s.name))
    .filter((c): c is Column => !!c && !(repeated && c.name === 'group_size'));
  const others = columns.filter((c) => !specs.some((s) => s.name === c.name) && !INTERNAL_COLUMNS.has(c.name));
  return [...declared, ...others].map((c) => {
    const s = specs.find((x) => x.name === c.name);
    const kind = columnKind(c.type);
    const label = s?.role === 'group' && c.name === 'grp' && groupedBy ? groupedBy : (s?.label ?? c.name);
    return { name: c.name, group: s?.role === 'group', label, unit: s?.unit, exactness: s?.exactness, definition: s?.definition, numeric: isNumericKind(kind), kind };
  });
}
