/**
 * The DuckDB Node module, loaded when the first database opens rather than at import: loading it
 * loads the native addon (~0.1 s idle, much more on a busy machine), which `wpa-explorer --help`,
 * a command's usage error and the UI server's start-up must not pay for.
 *
 * Code that needs one of its values (a statement type, a value converter) works on a prepared
 * statement or a result, so a database is open by then and `duckdb()` returns the loaded module.
 */
type DuckDBModule = typeof import('@duckdb/node-api');

let loaded: DuckDBModule | undefined;

export async function loadDuckDB(): Promise<DuckDBModule> {
  loaded ??= await import('@duckdb/node-api');
  return loaded;
}

/** The module, once a database has opened (see above); before that a programming error. */
export function duckdb(): DuckDBModule {
  if (!loaded) throw new Error('DuckDB is used before any database was opened (engine/duckdbModule.ts).');
  return loaded;
}
