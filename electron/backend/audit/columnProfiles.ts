/**
 * Measure every column of one table for the privacy audit: non-empty and distinct counts, and for
 * text columns how many values have each shape and length (email, hex token, name, …).
 *
 * Large tables are profiled on a block sample (DuckDB's system sampling reads only the sampled
 * vectors, so a 10M-row table costs about as much as a 100k-row one); small tables are read whole.
 */
import { EXPORT_SCHEMA, TABLE_NAMES, type TableName } from '../../../shared/schema/exportSchema.js';
import { normalisedEntropy, redactValue, shapeCaseSql, shapeOfValue, VALUE_SHAPES, type ValueShape } from '../../../shared/audit/valueShapes.js';
import type { ColumnProfile, JoinKeyUse, ShapeCount, TableAudit } from '../../../shared/audit/types.js';
import { duckdbTypeClass } from '../../../shared/schema/duckdbTypes.js';
import { ident } from '../engine/database.js';
import type { Connection } from '../engine/engine.js';

export const DEFAULT_SAMPLE_ROWS = 100_000;
/** Distinct values per text column brought back for entropy and (redacted) examples. */
const VALUES_PER_COLUMN = 60;
const SAMPLE_TABLE = '__audit_sample';
const VALUES_TABLE = '__audit_values';

export interface TableToProfile {
  table: string;
  source: 'export' | 'dataset';
  /** Profile only these columns (default: all). */
  columns?: string[];
  /** Datasets: the saved joins keyed on each column (lower-cased name). */
  joinKeys?: Map<string, JoinKeyUse[]>;
  /** The export: the saved joins matching a dataset column to each column (lower-cased name). */
  joinedBy?: Map<string, JoinKeyUse[]>;
  /** Datasets: the saved joins bringing each column in (lower-cased name); a column absent is in none. */
  joinedInto?: Map<string, string[]>;
}

function isPseudonymColumn(table: string, column: string): boolean {
  if (!(TABLE_NAMES as readonly string[]).includes(table)) return false;
  return EXPORT_SCHEMA[table as TableName].columns.some((c) => c.pseudonym && c.name.toLowerCase() === column.toLowerCase());
}

/** Types whose values can be counted distinct cheaply and meaningfully. */
const isSimpleType = (type: string) => duckdbTypeClass(type) !== 'other';

export async function profileTable(db: Connection, t: TableToProfile, sampleRows = DEFAULT_SAMPLE_ROWS): Promise<{ table: TableAudit; profiles: ColumnProfile[] }> {
  const rows = await db.scalar<number>(`SELECT count(*) FROM ${ident(t.table)}`);
  const cols = (await db.query(`SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = $1 ORDER BY column_index`, [t.table])).rows.map((r) => ({
    name: String(r.column_name),
    type: String(r.data_type),
  })).filter((c) => !t.columns || t.columns.some((x) => x.toLowerCase() === c.name.toLowerCase()));
  // Sampling only pays off well above the sample size; system sampling picks whole vectors.
  const sampled = rows > sampleRows * 1.5;
  const percent = sampled ? Math.min(100, (100 * sampleRows) / rows) : 100;
  await db.run(`DROP TABLE IF EXISTS ${SAMPLE_TABLE}`);
  await db.run(
    `CREATE TEMP TABLE ${SAMPLE_TABLE} AS SELECT ${t.columns ? cols.map((c) => ident(c.name)).join(', ') || '1 AS _' : '*'} FROM ${ident(t.table)}${sampled ? ` USING SAMPLE ${percent.toFixed(6)}% (system, 42)` : ''}`,
  );
  try {
    const profiled = await db.scalar<number>(`SELECT count(*) FROM ${SAMPLE_TABLE}`);
    const text = cols.filter((c) => c.type === 'VARCHAR');
    const counts = cols.length
      ? (
          await db.query(
            `SELECT ${cols.map((c, i) => `count(${ident(c.name)}) AS n${i}${isSimpleType(c.type) ? `, count(DISTINCT ${ident(c.name)}) AS d${i}` : ''}`).join(', ')} FROM ${SAMPLE_TABLE}`,
          )
        ).rows[0]
      : {};
    const shapes = new Map<string, ShapeCount[]>();
    const values = new Map<string, string[]>();
    if (text.length > 0) {
      const unpivot = `UNPIVOT (SELECT ${text.map((c) => ident(c.name)).join(', ')} FROM ${SAMPLE_TABLE}) ON ${text.map((c) => ident(c.name)).join(', ')} INTO NAME col VALUE v`;
      // Shapes are computed once per distinct value: the regular expressions are the costly part,
      // and categories, subjects and repeated pseudonyms have far fewer values than rows.
      await db.run(`CREATE OR REPLACE TEMP TABLE ${VALUES_TABLE} AS SELECT col, v, count(*) AS n FROM (${unpivot}) GROUP BY col, v`);
      const r = await db.query(`SELECT col, shape, length(trim(v)) AS len, sum(n) AS n, count(*) AS d FROM (SELECT col, v, n, ${shapeCaseSql('v')} AS shape FROM ${VALUES_TABLE}) GROUP BY ALL`);
      for (const row of r.rows) {
        const shape = String(row.shape) as ValueShape;
        if (!VALUE_SHAPES.includes(shape)) continue;
        const list = shapes.get(String(row.col)) ?? [];
        list.push({ shape, length: Number(row.len), count: Number(row.n), distinct: Number(row.d) });
        shapes.set(String(row.col), list);
      }
      // A deterministic spread of distinct values per column (ordered by hash, not by value).
      const v = await db.query(`SELECT col, v FROM ${VALUES_TABLE} WHERE trim(v) <> '' QUALIFY row_number() OVER (PARTITION BY col ORDER BY hash(v), v) <= ${VALUES_PER_COLUMN}`);
      for (const row of v.rows) values.set(String(row.col), [...(values.get(String(row.col)) ?? []), String(row.v)]);
    }
    const profiles = cols.map((c, i): ColumnProfile => {
      const isText = c.type === 'VARCHAR';
      const colShapes = isText ? (shapes.get(c.name) ?? []) : [];
      const nonEmpty = isText ? colShapes.filter((s) => s.shape !== 'empty').reduce((n, s) => n + s.count, 0) : Number(counts[`n${i}`] ?? 0);
      const distinct = isText ? colShapes.filter((s) => s.shape !== 'empty').reduce((n, s) => n + s.distinct, 0) : Number(counts[`d${i}`] ?? 0);
      const sampleValues = values.get(c.name) ?? [];
      return {
        table: t.table,
        column: c.name,
        type: c.type,
        source: t.source,
        pseudonymExpected: t.source === 'export' && isPseudonymColumn(t.table, c.name),
        joinKeyOf: t.joinKeys?.get(c.name.toLowerCase()),
        joinedBy: t.joinedBy?.get(c.name.toLowerCase()),
        joinedInto: t.joinedInto && (t.joinedInto.get(c.name.toLowerCase()) ?? []),
        rows: profiled,
        nonEmpty,
        distinct,
        shapes: colShapes,
        entropy: isText ? normalisedEntropy(sampleValues.filter((x) => ['hex', 'base64'].includes(shapeOfValue(x)))) : undefined,
        examples: isText ? pickExamples(sampleValues) : undefined,
      };
    });
    return { table: { table: t.table, source: t.source, rows, profiledRows: profiled }, profiles };
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${SAMPLE_TABLE}; DROP TABLE IF EXISTS ${VALUES_TABLE}`);
  }
}

/** One redacted example per revealing shape (raw emails and names first), at most four. */
function pickExamples(values: string[]): string[] {
  const order: ValueShape[] = ['email', 'name', 'hashed-email', 'hex', 'base64', 'guid', 'word'];
  const out: string[] = [];
  for (const shape of order) {
    const v = values.find((x) => shapeOfValue(x) === shape);
    if (v !== undefined) out.push(redactValue(v));
    if (out.length === 4) break;
  }
  return out;
}
