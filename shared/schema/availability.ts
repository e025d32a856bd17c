/**
 * What a workspace's export actually holds: the tables loaded and the documented columns their files
 * lacked (loaded as NULL). Metrics and analyses name the documented columns they read; whatever
 * names an unavailable column is disabled and says which column it misses, rather than guessing.
 */
import { EXPORT_SCHEMA, TABLE_NAMES, type ColumnRef, type TableName } from './exportSchema.js';

export interface ExportAvailability {
  /** Export tables loaded in the workspace. */
  tables: TableName[];
  /** Documented columns of loaded tables that their files did not have (present as NULL). */
  missingColumns: ColumnRef[];
}

/** Every table loaded, every column present: what a complete export gives. */
export const FULL_AVAILABILITY: ExportAvailability = { tables: [...TABLE_NAMES], missingColumns: [] };

/** The columns of `needs` that the export does not provide (their table is absent, or the column is). */
export function unavailableColumns(needs: readonly ColumnRef[], availability: ExportAvailability): ColumnRef[] {
  const tables = new Set(availability.tables);
  const missing = new Set(availability.missingColumns);
  return [...new Set(needs)].filter((ref) => {
    const table = ref.slice(0, ref.indexOf('.')) as TableName;
    return !tables.has(table) || missing.has(ref);
  });
}

/** Checks a column reference against the schema: a typo in a metric's inputs fails loudly in tests. */
export function isDocumentedColumn(ref: string): ref is ColumnRef {
  const dot = ref.indexOf('.');
  const table = EXPORT_SCHEMA[ref.slice(0, dot) as TableName];
  return !!table && table.columns.some((c) => c.name === ref.slice(dot + 1));
}

/** "Calls (table not loaded)" / "Meetings.TotalDoubleBooked": how a missing input is named to the user. */
export function describeUnavailable(refs: readonly ColumnRef[], availability: ExportAvailability): string[] {
  const tables = new Set(availability.tables);
  const out: string[] = [];
  const absentTables = new Set<string>();
  for (const ref of refs) {
    const table = ref.slice(0, ref.indexOf('.'));
    if (!tables.has(table as TableName)) absentTables.add(table);
    else out.push(ref);
  }
  return [...[...absentTables].map((t) => `${t} (table not loaded)`), ...out];
}
