/**
 * Which timestamp format a file uses. DuckDB guesses day-first for `04/03/2024` but month-first for
 * `3/4/2024 3:46:56 PM`, so the format is detected here from the values and passed explicitly.
 */

export interface TimestampFormat {
  /** Short name shown to users and kept in the manifest. */
  name: 'iso' | 'us-12h' | 'us-24h' | 'us-date' | 'iso-date' | 'none';
  /** DuckDB `timestampformat` (strptime); undefined lets DuckDB parse ISO 8601 natively. */
  duckdbFormat?: string;
  test: RegExp;
}

export const TIMESTAMP_FORMATS: TimestampFormat[] = [
  { name: 'iso', test: /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/ },
  { name: 'iso-date', test: /^\d{4}-\d{2}-\d{2}$/ },
  { name: 'us-12h', duckdbFormat: '%m/%d/%Y %I:%M:%S %p', test: /^\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} ?[AaPp][Mm]$/ },
  { name: 'us-24h', duckdbFormat: '%m/%d/%Y %H:%M:%S', test: /^\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2}$/ },
  { name: 'us-date', duckdbFormat: '%m/%d/%Y', test: /^\d{1,2}\/\d{1,2}\/\d{4}$/ },
];


export interface FormatDetection {
  /** Format of the columns holding date and time (DuckDB `timestampformat`). */
  timestamp?: TimestampFormat;
  /** Format of the columns holding dates only (DuckDB `dateformat`); they are read as DATE and widened. */
  date?: TimestampFormat;
  dateOnlyColumns: string[];
  /** Per column, the format most of its sampled values use (undefined: empty in the sample). */
  perColumn: Record<string, TimestampFormat | undefined>;
  /** Why the file cannot be read with one format per kind, when it cannot. */
  conflict?: string;
}

/**
 * Detect each timestamp column's format from sampled values: the format most values match wins
 * (a stray bad value becomes a rejected row at load, with its line, instead of failing detection).
 * Date-and-time columns must agree on one format, date-only columns on another.
 */
export function detectTimestampFormats(values: Record<string, string[]>): FormatDetection {
  const perColumn: FormatDetection['perColumn'] = {};
  const unreadable: string[] = [];
  for (const [column, raw] of Object.entries(values)) {
    const vs = raw.map((v) => v.trim()).filter((v) => v !== '');
    if (vs.length === 0) {
      perColumn[column] = undefined;
      continue;
    }
    let best: TimestampFormat | undefined;
    let bestCount = 0;
    for (const f of TIMESTAMP_FORMATS) {
      const n = vs.filter((v) => f.test.test(v)).length;
      if (n > bestCount) {
        best = f;
        bestCount = n;
      }
    }
    if (best && bestCount * 2 >= vs.length) perColumn[column] = best;
    else unreadable.push(`${column} (e.g. "${vs[0]}")`);
  }
  const isDateOnly = (f: TimestampFormat) => f.name === 'iso-date' || f.name === 'us-date';
  const dateOnlyColumns = Object.entries(perColumn).filter(([, f]) => f && isDateOnly(f)).map(([c]) => c);
  const kinds = (dateOnly: boolean) => [...new Set(Object.values(perColumn).filter((f): f is TimestampFormat => !!f && isDateOnly(f) === dateOnly).map((f) => f.name))];
  const ts = kinds(false);
  const ds = kinds(true);
  let conflict: string | undefined;
  if (unreadable.length) conflict = `no known timestamp format in ${unreadable.join(', ')}`;
  else if (ts.length > 1 || ds.length > 1) {
    conflict = `columns use different timestamp formats: ${Object.entries(perColumn).filter(([, f]) => f).map(([c, f]) => `${c}=${f!.name}`).join(', ')}`;
  }
  const find = (name?: string) => TIMESTAMP_FORMATS.find((f) => f.name === name);
  return { timestamp: find(ts[0]), date: find(ds[0]), dateOnlyColumns, perColumn, conflict };
}

/** A short description for the manifest and the validation report, e.g. `us-12h + us-date`. */
export function describeFormats(d: FormatDetection): string {
  return [d.timestamp?.name, d.date?.name].filter(Boolean).join(' + ') || 'none';
}
