/** What kind of value a DuckDB column holds, for formatting, alignment and filters. */
import { duckdbTypeClass } from '../../../shared/schema/duckdbTypes.js';

export type ColumnKind = 'integer' | 'number' | 'timestamp' | 'date' | 'boolean' | 'uuid' | 'text';

/** The shared classifier's answer, as the grid shows it (a time of day is shown as text). */
export function columnKind(duckdbType: string): ColumnKind {
  const c = duckdbTypeClass(duckdbType);
  if (c === 'decimal' || c === 'float') return 'number';
  if (c === 'integer' || c === 'timestamp' || c === 'date' || c === 'boolean' || c === 'uuid') return c;
  return 'text';
}

export function isNumericKind(kind: ColumnKind): boolean {
  return kind === 'integer' || kind === 'number';
}
