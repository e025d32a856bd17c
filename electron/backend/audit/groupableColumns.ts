/**
 * Which person columns may group people, for the analyses' "Group by", the audit's attribute picker
 * and its k-anonymity: HR attributes (not the record's ids, dates or population), minus columns that
 * identify people (shared/audit/identifyingColumns.ts), classified the way the audit classifies a
 * column — over one row per person, so repeated HR versions do not hide a per-person code.
 */
import { classifyColumn } from '../../../shared/audit/classifyColumn.js';
import { isHrAttribute } from '../../../shared/audit/hrAttributes.js';
import { identifiesPeople } from '../../../shared/audit/identifyingColumns.js';
import { isPersonSql } from '../../../shared/analyses/population.js';
import { ident } from '../engine/database.js';
import type { Connection } from '../engine/engine.js';
import { profileTable } from './columnProfiles.js';

const ONE_PER_PERSON = '__groupable_people';

export interface PersonColumn {
  name: string;
  type: string;
}

/** `source`'s columns that may group people, in column order. Needs a connection of its own (temp tables). */
export async function groupableColumns(db: Connection, source: string): Promise<PersonColumn[]> {
  const r = await db.query(`SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = $1 ORDER BY column_index`, [source]);
  const columns = r.rows.map((x) => ({ name: String(x.column_name), type: String(x.data_type) }));
  const candidates = columns.filter((c) => isHrAttribute(c.name));
  const has = (n: string) => columns.some((c) => c.name.toLowerCase() === n.toLowerCase());
  if (candidates.length === 0 || !has('EmailAddress')) return candidates;
  const latest = has('StartDate') ? 'ORDER BY StartDate DESC NULLS LAST' : '';
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${ONE_PER_PERSON} AS SELECT ${candidates.map((c) => ident(c.name)).join(', ')} FROM ${ident(source)}
WHERE EmailAddress IS NOT NULL AND ${isPersonSql()} QUALIFY row_number() OVER (PARTITION BY EmailAddress ${latest}) = 1`,
  );
  try {
    const { profiles } = await profileTable(db, { table: ONE_PER_PERSON, source: 'dataset' }, Number.MAX_SAFE_INTEGER);
    const identifying = new Set(profiles.filter((p) => identifiesPeople(classifyColumn(p).audit.class)).map((p) => p.column.toLowerCase()));
    return candidates.filter((c) => !identifying.has(c.name.toLowerCase()));
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${ONE_PER_PERSON}`);
  }
}
