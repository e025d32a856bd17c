/** What kind of value a DuckDB column holds, for formatting, alignment and filters. */

export type ColumnKind = 'integer' | 'number' | 'timestamp' | 'date' | 'boolean' | 'uuid' | 'text';

export function columnKind(duckdbType: string): ColumnKind {
  const t = duckdbType.toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|INT\d+)$/.test(t)) return 'integer';
  if (/^(DOUBLE|FLOAT|REAL|DECIMAL|NUMERIC)/.test(t)) return 'number';
  if (t.startsWith('TIMESTAMP') || t === 'DATETIME') return 'timestamp';
  if (t === 'DATE') return 'date';
  if (t === 'BOOLEAN' || t === 'BOOL') return 'boolean';
  if (t === 'UUID') return 'uuid';
  return 'text';
}

export function isNumericKind(kind: ColumnKind): boolean {
  return kind === 'integer' || kind === 'number';
}
