/**
 * Which person columns may group people, for the analyses' "Group by", the audit's attribute picker
 * and its k-anonymity: HR attributes (not the record's ids, dates or population), minus columns that
 * cannot form groups (`cannotGroup`: identifying columns as shared/audit/identifyingColumns.ts says,
 * dates, near-unique values), classified the way the audit classifies a column — over one row per
 * person, so repeated HR versions do not hide a per-person code.
 */
import { classifyColumn } from '../../../shared/audit/classifyColumn.js';
import { classCannotGroup } from '../../../shared/audit/groupingRule.js';
import { isHrAttribute } from '../../../shared/audit/hrAttributes.js';
import { identifiesPeople } from '../../../shared/audit/identifyingColumns.js';
import { isPersonSql } from '../../../shared/analyses/population.js';
import type { ColumnProfile } from '../../../shared/audit/types.js';
import { ident } from '../engine/database.js';
import type { Connection } from '../engine/engine.js';
import { profileTable } from './columnProfiles.js';

const ONE_PER_PERSON = '__groupable_people';
/** Near-unique: at least this many values, and one for at most this many people each on average. */
const NEAR_UNIQUE_MIN_VALUES = 20;
const NEAR_UNIQUE_PEOPLE_PER_VALUE = 2;

/**
 * The rule for what cannot form groups, over one row per person: a column that identifies people,
 * a date or time (shared/audit/groupingRule.ts, which the join form reads too), or a column with nearly
 * one value per person (on average fewer than two people per value, past a handful of values — an
 * imported revenue or score). Each would make most groups one person, hidden by the minimum group
 * size. Categories shared by many (Organization, Region, LevelDesignation…) stay.
 */
function cannotGroup(p: ColumnProfile): boolean {
  if (classCannotGroup(classifyColumn(p).audit.class)) return true;
  return p.distinct >= NEAR_UNIQUE_MIN_VALUES && p.distinct * NEAR_UNIQUE_PEOPLE_PER_VALUE > p.nonEmpty;
}

export interface PersonColumn {
  name: string;
  type: string;
}

/** `source`'s columns that may group people, in column order. Needs a connection of its own (temp tables). */
export async function groupableColumns(db: Connection, source: string): Promise<PersonColumn[]> {
  return (await attributeColumns(db, source)).filter((c) => c.groups).map(({ name, type }) => ({ name, type }));
}

/**
 * `source`'s HR attributes that do not identify people, in column order, and whether each can
 * form groups: the person query carries dates and near-unique values (a hire date) it cannot group by.
 */
export async function attributeColumns(db: Connection, source: string): Promise<(PersonColumn & { groups: boolean })[]> {
  const r = await db.query(`SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = $1 ORDER BY column_index`, [source]);
  const columns = r.rows.map((x) => ({ name: String(x.column_name), type: String(x.data_type) }));
  const candidates = columns.filter((c) => isHrAttribute(c.name));
  const has = (n: string) => columns.some((c) => c.name.toLowerCase() === n.toLowerCase());
  if (candidates.length === 0 || !has('EmailAddress')) return candidates.map((c) => ({ ...c, groups: true }));
  const latest = has('StartDate') ? 'ORDER BY StartDate DESC NULLS LAST' : '';
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${ONE_PER_PERSON} AS SELECT ${candidates.map((c) => ident(c.name)).join(', ')} FROM ${ident(source)}
WHERE EmailAddress IS NOT NULL AND ${isPersonSql()} QUALIFY row_number() OVER (PARTITION BY EmailAddress ${latest}) = 1`,
  );
  try {
    const { profiles } = await profileTable(db, { table: ONE_PER_PERSON, source: 'dataset' }, Number.MAX_SAFE_INTEGER);
    const byName = new Map(profiles.map((p) => [p.column.toLowerCase(), p]));
    return candidates.flatMap((c) => {
      const p = byName.get(c.name.toLowerCase());
      if (p && identifiesPeople(classifyColumn(p).audit.class)) return [];
      return [{ ...c, groups: !p || !cannotGroup(p) }];
    });
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${ONE_PER_PERSON}`);
  }
}
