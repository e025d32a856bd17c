/**
 * Rows of the nine export tables in a closed workspace's database, counted by a read-only DuckDB of
 * the test's own: an oracle independent of the app's engine and manifest.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { join } from 'node:path';
import { TABLE_NAMES } from '../../shared/schema/exportSchema.js';

export async function rowsOnDisk(dir: string): Promise<number> {
  const db = await DuckDBInstance.create(join(dir, 'wpa.duckdb'), { access_mode: 'READ_ONLY' });
  const c = await db.connect();
  try {
    let n = 0;
    for (const t of TABLE_NAMES) n += Number((await (await c.run(`SELECT count(*) FROM "${t}"`)).getRows())[0][0]);
    return n;
  } finally {
    c.closeSync();
    db.closeSync();
  }
}
