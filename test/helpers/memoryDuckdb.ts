/**
 * An in-memory DuckDB for a test file: opened before its tests, closed after them. Call at the
 * top level of the file; `db.con` is the connection inside the tests.
 */
import { after, before } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export function memoryDuckdb(): { readonly con: DuckDBConnection } {
  let instance: DuckDBInstance | undefined;
  let con: DuckDBConnection | undefined;
  before(async () => {
    instance = await DuckDBInstance.create(':memory:');
    con = await instance.connect();
  });
  after(() => {
    con?.closeSync();
    instance?.closeSync();
  });
  return {
    get con() {
      if (!con) throw new Error('memoryDuckdb: the connection is open only inside the tests');
      return con;
    },
  };
}
