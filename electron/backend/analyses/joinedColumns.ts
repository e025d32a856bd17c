/**
 * Columns a joined file adds to PersonAttributes (its outcome measures: QuotaAttainment, CSAT…),
 * and what to tell a user who has joined none yet: which files the demo ships for that.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors.js';
import type { AnalysisDef, AnalysisParam } from '../../../shared/analyses/types.js';
import { PERSON_ATTRIBUTES_VIEW } from '../../../shared/schema/views.js';
import type { Workspace } from '../workspace/workspace.js';

const NUMERIC = ['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'FLOAT', 'DOUBLE'];

/** Numeric PersonAttributes columns that PersonHistorical does not have: those of joined files. */
export async function joinedNumericColumns(ws: Workspace): Promise<string[]> {
  const db = await ws.engine();
  const r = await db.query(
    `SELECT a.column_name FROM duckdb_columns() a
     WHERE a.schema_name = 'main' AND a.table_name = $1 AND (a.data_type IN (${NUMERIC.map((t) => `'${t}'`).join(', ')}) OR a.data_type LIKE 'DECIMAL%')
       AND NOT EXISTS (SELECT 1 FROM duckdb_columns() p WHERE p.schema_name = 'main' AND p.table_name = 'PersonHistorical' AND lower(p.column_name) = lower(a.column_name))
     ORDER BY a.column_index`,
    [PERSON_ATTRIBUTES_VIEW],
  );
  return r.rows.map((x) => String(x.column_name));
}

/** The analyst files a demo workspace ships beside its export (raw/<export>/hr.csv, sales.csv). */
export function demoAnalystFiles(ws: Workspace): string[] {
  const raw = join(ws.dir, 'raw');
  if (!existsSync(raw)) return [];
  return readdirSync(raw, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => ['sales.csv', 'hr.csv'].map((f) => join(raw, d.name, f)))
    .filter((f) => existsSync(f));
}

/** The typed refusal of an analysis whose outcome column comes from a file not joined yet. */
export function needsJoinedFile(def: AnalysisDef, p: AnalysisParam & { joined: { file: string } }, demoFiles: string[]): AppError {
  const sales = demoFiles.filter((f) => /sales\.csv$/.test(f));
  return new AppError({
    code: 'analysis/needs-joined-file',
    message: `Join ${p.joined.file} to see this analysis: "${def.title}" compares collaboration with an outcome that only a joined file has (no numeric column of a joined file yet).`,
    hint: `Import the file and join it to the export in Import & join (by Key_ID or another mapping key).${sales.length ? ` The demo ships one: ${sales.join(', ')}.` : ''}`,
    where: { field: p.name },
  });
}
