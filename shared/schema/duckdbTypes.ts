/**
 * What kind of value a DuckDB column holds, told from its type name: the one classifier the
 * backend (JSON conversion, exports, filters, the audit) and the screens use. Accepts the names
 * DuckDB reports (`DECIMAL(18,3)`, `TIMESTAMP WITH TIME ZONE`, `TIMESTAMP_NS`) and the aliases a
 * user may write (`int`, `numeric`, `datetime`, `text`); a list, struct or map is never a scalar kind.
 */

export type DuckdbTypeClass = 'integer' | 'decimal' | 'float' | 'boolean' | 'date' | 'time' | 'timestamp' | 'uuid' | 'text' | 'other';

const INTEGER = /^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|INT\d+|LONG|SHORT|SIGNED)$/;
const DECIMAL = /^(DECIMAL|NUMERIC)(\s*\(\s*\d+\s*(,\s*\d+\s*)?\))?$/;
const FLOAT = /^(FLOAT|FLOAT4|FLOAT8|REAL|DOUBLE)$/;
const TIMESTAMP = /^(TIMESTAMP(_S|_MS|_NS|_US)?|TIMESTAMP WITH TIME ZONE|TIMESTAMPTZ|DATETIME)$/;
const TIME = /^(TIME|TIME WITH TIME ZONE|TIMETZ)$/;
const TEXT = /^(VARCHAR|TEXT|STRING|CHAR|BPCHAR)(\s*\(\s*\d+\s*\))?$/;

export function duckdbTypeClass(type: string): DuckdbTypeClass {
  const t = type.trim().toUpperCase();
  if (INTEGER.test(t)) return 'integer';
  if (DECIMAL.test(t)) return 'decimal';
  if (FLOAT.test(t)) return 'float';
  if (t === 'BOOLEAN' || t === 'BOOL' || t === 'LOGICAL') return 'boolean';
  if (t === 'DATE') return 'date';
  if (TIMESTAMP.test(t)) return 'timestamp';
  if (TIME.test(t)) return 'time';
  if (t === 'UUID') return 'uuid';
  if (TEXT.test(t)) return 'text';
  return 'other';
}

export const isIntegerType = (type: string) => duckdbTypeClass(type) === 'integer';
export const isTextType = (type: string) => duckdbTypeClass(type) === 'text';
export const isTimestampType = (type: string) => duckdbTypeClass(type) === 'timestamp';

/** Integers, decimals and floats. */
export function isNumericType(type: string): boolean {
  const c = duckdbTypeClass(type);
  return c === 'integer' || c === 'decimal' || c === 'float';
}

/** Integers and decimals: exact numbers (DuckDB's JSON gives them as text). */
export function isExactNumericType(type: string): boolean {
  const c = duckdbTypeClass(type);
  return c === 'integer' || c === 'decimal';
}

/** Dates, times and timestamps. */
export function isTemporalType(type: string): boolean {
  const c = duckdbTypeClass(type);
  return c === 'date' || c === 'time' || c === 'timestamp';
}
