/**
 * How derived SQL names the export's tables.
 *
 * A workspace may lack a table (a partial export with no calls, say): it is then read as an empty
 * relation with the documented columns. Derived tables stay buildable; whether "empty" may be read
 * as "none" is decided per metric (see requirements.ts): a metric that needs the table is NULL and
 * the run notes why. A loaded table that lacks a documented column (a workspace ingested before
 * the column was documented) gets it as a typed NULL column, as ingest does for a file.
 *
 * Id columns are typed as the workspace loaded them: UUID when every value of the key was a GUID,
 * else VARCHAR. DuckDB cannot compare the two, so an empty stand-in must use the loaded type.
 */
import { EXPORT_SCHEMA, type ColumnDef, type KeyDomain, type TableName } from '../../schema/exportSchema.js';
import { ident } from '../../sql/quote.js';

export type SourceResolver = (table: TableName) => string;

/** How the loaded tables type each id key (`UUID` or `VARCHAR`); keys not loaded anywhere are VARCHAR. */
export type KeyTypes = Partial<Record<KeyDomain, string>>;

/** What the workspace database holds: each loaded export table and its column names. */
export interface LoadedSources {
  tables: ReadonlyMap<string, ReadonlySet<string>>;
  keyTypes?: KeyTypes;
}

function columnType(c: ColumnDef, keyTypes: KeyTypes): string {
  return c.key ? (keyTypes[c.key] ?? 'VARCHAR') : c.type;
}

/** An empty relation with the table's documented columns; id columns typed like the loaded tables of their key. */
export function emptyRelation(table: TableName, keyTypes: KeyTypes = {}): string {
  const cols = EXPORT_SCHEMA[table].columns.map((c) => `CAST(NULL AS ${columnType(c, keyTypes)}) AS ${ident(c.name)}`).join(', ');
  return `(SELECT ${cols} WHERE false)`;
}

export function sourcesFor(loaded: LoadedSources | ReadonlySet<string>): SourceResolver {
  const l: LoadedSources = loaded instanceof Set ? { tables: new Map([...loaded].map((t) => [t, new Set<string>()] as const)) } : (loaded as LoadedSources);
  const keyTypes = l.keyTypes ?? {};
  return (table) => {
    const columns = l.tables.get(table);
    if (!columns) return emptyRelation(table, keyTypes);
    // Column names compare case-insensitively, as DuckDB binds them.
    const have = new Set([...columns].map((c) => c.toLowerCase()));
    const absent = have.size === 0 ? [] : EXPORT_SCHEMA[table].columns.filter((c) => !have.has(c.name.toLowerCase()));
    if (absent.length === 0) return table;
    return `(SELECT *, ${absent.map((c) => `CAST(NULL AS ${columnType(c, keyTypes)}) AS ${ident(c.name)}`).join(', ')} FROM ${ident(table)})`;
  };
}

/** Documented columns a loaded table lacks in the database (read as NULL), as `Table.Column`. */
export function absentColumns(loaded: LoadedSources): string[] {
  const out: string[] = [];
  for (const [table, columns] of loaded.tables) {
    const def = EXPORT_SCHEMA[table as TableName];
    if (!def || columns.size === 0) continue;
    const have = new Set([...columns].map((c) => c.toLowerCase()));
    for (const c of def.columns) if (!have.has(c.name.toLowerCase())) out.push(`${table}.${c.name}`);
  }
  return out;
}
