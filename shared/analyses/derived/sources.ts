/**
 * How derived SQL names the export's tables. A workspace may lack a table (a partial export with no
 * calls, say): the table is then read as an empty relation with the declared columns, so every
 * analysis still runs and the missing activity counts as none. The run result says which were missing.
 */
import { EXPORT_SCHEMA, type TableName } from '../../schema/exportSchema.js';

export type SourceResolver = (table: TableName) => string;

/** An empty relation with the table's declared columns and types. */
export function emptyRelation(table: TableName): string {
  const cols = EXPORT_SCHEMA[table].columns.map((c) => `CAST(NULL AS ${c.type}) AS "${c.name}"`).join(', ');
  return `(SELECT ${cols} WHERE false)`;
}

export function sourcesFor(present: ReadonlySet<string>): SourceResolver {
  return (table) => (present.has(table) ? table : emptyRelation(table));
}
