/**
 * The validation report: rows per table, key duplicates, foreign keys without a match, date
 * ranges, the PopulationType mix and rejected rows. Computed after every ingest, kept in the manifest.
 */
import { EXPORT_SCHEMA, TABLE_NAMES, type TableName } from '../../../shared/schema/exportSchema.js';
import { disabledByAvailability, type DisabledFeature } from '../../../shared/analyses/requirements.js';
import { ident } from '../engine/database.js';
import type { Sql } from '../engine/engine.js';
import type { WorkspaceManifest } from '../workspace/manifest.js';
import { exportAvailability, loadedSources } from '../workspace/exportTables.js';
import { countOf } from '../../../shared/format/plural.js';

export interface ForeignKeyCheck {
  column: string;
  references: string;
  /** Rows whose non-empty key has no match; null when the referenced table is not loaded. */
  unmatched: number | null;
}

export interface TableValidation {
  table: TableName;
  rows: number;
  rejected: number;
  primaryKey: string[];
  primaryKeyDuplicates: number;
  foreignKeys: ForeignKeyCheck[];
  dateRange?: { column: string; min: string | null; max: string | null };
  /** Documented columns the files lacked: loaded as NULL. */
  missingColumns: string[];
  /** Documented columns only some part files had. */
  partlyMissingColumns: { column: string; files: string[] }[];
  /** Columns the documents do not list (PersonHistorical: the tenant's HR attributes), with their types. */
  extraColumns: { name: string; type: string }[];
  /** How the id columns were loaded: UUID when every value is a GUID, else text. */
  idTypes: Record<string, string>;
}

export interface ValidationReport {
  generatedAt: string;
  tables: TableValidation[];
  missingTables: TableName[];
  populationMix: { populationType: string; people: number; versions: number }[];
  /** Analyses and metrics that cannot run on this export, and the tables or columns they miss. */
  disabled: DisabledFeature[];
  /** One sentence per finding worth a look. */
  issues: string[];
}

export const REJECTS_TABLE = '_rejects';

export async function tableExists(db: Sql, name: string): Promise<boolean> {
  return (await db.scalar<number>(`SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = $1`, [name])) > 0;
}

/**
 * @param manifest what ingest recorded per table: rejected rows as counted at load (the rejects
 *   table keeps detail for the first rows only), missing and extra columns.
 */
export async function computeValidationReport(db: Sql, manifest: WorkspaceManifest): Promise<ValidationReport> {
  const rejectedCounts: Partial<Record<TableName, number>> = Object.fromEntries(Object.entries(manifest.tables).map(([t, r]) => [t, r!.rejected]));
  const sources = await loadedSources(db);
  const loaded: TableName[] = TABLE_NAMES.filter((t) => sources.tables.has(t));
  const hasRejects = await tableExists(db, REJECTS_TABLE);
  const tables: TableValidation[] = [];
  const issues: string[] = [];

  for (const t of loaded) {
    const def = EXPORT_SCHEMA[t];
    const rejected = rejectedCounts[t] ?? (hasRejects ? await db.scalar<number>(`SELECT count(*) FROM ${REJECTS_TABLE} WHERE table_name = $1`, [t]) : 0);
    // Equal keys hash alike, so when no key hash repeats no key repeats either; only a repeated
    // hash (a duplicate, or a one-in-billions collision) pays for the exact GROUP BY over the key's
    // columns. Repeated hashes are found by a GROUP BY on the hash: a parallel aggregate, 40 % less
    // CPU than count(DISTINCT hash(…)) on the bench's 11.5M MailParticipants rows (December 2026).
    // The row count and the date range come from their own, nearly free, scan.
    const pk = def.primaryKey.map(ident).join(', ');
    const time = def.timeColumn ? ident(def.timeColumn) : 'NULL';
    const scan = (await db.query(`SELECT count(*) AS n, min(${time})::VARCHAR AS lo, max(${time})::VARCHAR AS hi FROM ${ident(t)}`)).rows[0];
    const repeats = await db.scalar<number>(`SELECT count(*) FROM (SELECT hash(${pk}) AS h FROM ${ident(t)} GROUP BY h HAVING count(*) > 1)`);
    const rows = Number(scan.n);
    const primaryKeyDuplicates =
      Number(repeats) === 0
        ? 0
        : await db.scalar<number>(`SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM ${ident(t)} GROUP BY ${pk} HAVING count(*) > 1)`);
    const foreignKeys: ForeignKeyCheck[] = [];
    for (const fk of def.foreignKeys) {
      const ref = fk.references;
      const references = `${ref.table}.${ref.column}`;
      if (!loaded.includes(ref.table)) {
        foreignKeys.push({ column: fk.column, references, unmatched: null });
        continue;
      }
      // Each distinct key is looked up once (a mail's participants share its MailId), not each row.
      const unmatched = await db.scalar<number>(
        `SELECT coalesce(sum(n), 0) FROM (SELECT ${ident(fk.column)} AS k, count(*) AS n FROM ${ident(t)} WHERE ${ident(fk.column)} IS NOT NULL GROUP BY 1) c ANTI JOIN ${ident(ref.table)} p ON c.k = p.${ident(ref.column)}`,
      );
      foreignKeys.push({ column: fk.column, references, unmatched });
      if (unmatched > 0) issues.push(`${t}: ${countOf(unmatched, 'row')} ${unmatched === 1 ? 'has' : 'have'} a ${fk.column} not found in ${references}.`);
    }
    const dateRange: TableValidation['dateRange'] = def.timeColumn
      ? { column: def.timeColumn, min: (scan.lo as string | null) ?? null, max: (scan.hi as string | null) ?? null }
      : undefined;
    if (primaryKeyDuplicates > 0) issues.push(`${t}: ${primaryKeyDuplicates.toLocaleString('en-US')} duplicate rows on the key (${def.primaryKey.join(', ')}).`);
    if (rejected > 0) issues.push(`${t}: ${countOf(rejected, 'row')} could not be read (see rejected rows).`);
    if (rows === 0) issues.push(`${t}: the table is empty.`);
    const record = manifest.tables[t];
    const missingColumns = record?.missingColumns ?? [];
    const partlyMissingColumns = record?.partlyMissingColumns ?? [];
    const extraColumns = (def.extraColumnsAreHrAttributes ? record?.hrAttributes : record?.extraColumns) ?? [];
    if (missingColumns.length) issues.push(`${t}: the files have no ${missingColumns.join(', ')} (documented; loaded as empty).`);
    for (const w of record?.notWholeNumbers ?? []) {
      issues.push(`${t}: ${w.rows.toLocaleString('en-US')} ${w.rows === 1 ? 'value' : 'values'} of ${w.column} ${w.rows === 1 ? 'is not a whole number' : 'are not whole numbers'}, although the documents make it an integer (kept as read).`);
    }
    for (const p of partlyMissingColumns) issues.push(`${t}: ${p.column} is missing from ${p.files.length === 1 ? p.files[0] : `${p.files.length} part files`}; those rows hold no value.`);
    if (!def.extraColumnsAreHrAttributes && extraColumns.length) {
      issues.push(`${t}: kept ${extraColumns.length === 1 ? 'a column' : `${extraColumns.length} columns`} the documents do not list: ${extraColumns.map((c) => `${c.name} (${c.type})`).join(', ')}.`);
    }
    const idTypes = Object.fromEntries(def.columns.filter((c) => c.key).map((c) => [c.name, sources.keyTypes?.[c.key!] ?? 'VARCHAR']));
    tables.push({ table: t, rows, rejected, primaryKey: def.primaryKey, primaryKeyDuplicates, foreignKeys, dateRange, missingColumns, partlyMissingColumns, extraColumns, idTypes });
  }

  let populationMix: ValidationReport['populationMix'] = [];
  if (loaded.includes('PersonHistorical')) {
    populationMix = (
      await db.query(
        `SELECT coalesce(PopulationType, '(empty)') AS populationType, count(DISTINCT EmailAddress) AS people, count(*) AS versions
         FROM PersonHistorical GROUP BY ALL ORDER BY people DESC`,
      )
    ).rows.map((r) => ({ populationType: String(r.populationType), people: Number(r.people), versions: Number(r.versions) }));
  }
  const missingTables = TABLE_NAMES.filter((t) => !loaded.includes(t));
  if (missingTables.length) issues.push(`Not loaded: ${missingTables.join(', ')}.`);
  const disabled = disabledByAvailability(await exportAvailability(db, manifest, sources));
  return { generatedAt: new Date().toISOString(), tables, missingTables, populationMix, disabled, issues };
}

const fmt = (n: number) => n.toLocaleString('en-US');

export function formatValidationReport(report: ValidationReport): string {
  const lines: string[] = ['Validation report', ''];
  const w = Math.max(...TABLE_NAMES.map((t) => t.length));
  lines.push(`${'table'.padEnd(w)}  ${'rows'.padStart(12)}  ${'rejected'.padStart(9)}  ${'key dups'.padStart(9)}  date range`);
  for (const t of report.tables) {
    const range = t.dateRange ? `${t.dateRange.column} ${t.dateRange.min ?? '–'} … ${t.dateRange.max ?? '–'}` : '';
    lines.push(`${t.table.padEnd(w)}  ${fmt(t.rows).padStart(12)}  ${fmt(t.rejected).padStart(9)}  ${fmt(t.primaryKeyDuplicates).padStart(9)}  ${range}`);
  }
  if (report.populationMix.length) {
    lines.push('', 'PopulationType mix (distinct people / HR versions):');
    for (const p of report.populationMix) lines.push(`  ${p.populationType.padEnd(22)} ${fmt(p.people).padStart(9)} / ${fmt(p.versions)}`);
  }
  const fks = report.tables.flatMap((t) => t.foreignKeys.map((f) => ({ from: `${t.table}.${f.column}`, to: f.references, unmatched: f.unmatched })));
  if (fks.length) {
    lines.push('', 'Foreign keys (rows without a match):');
    for (const f of fks) lines.push(`  ${f.from.padEnd(46)} → ${f.to.padEnd(37)} ${f.unmatched === null ? 'not checked (table not loaded)' : fmt(f.unmatched)}`);
  }
  const textIds = [...new Set(report.tables.flatMap((t) => Object.entries(t.idTypes ?? {}).filter(([, type]) => type !== 'UUID').map(([c]) => c)))];
  if (textIds.length) lines.push('', `Ids loaded as text (not every value is a GUID): ${textIds.join(', ')}`);
  const hr = report.tables.find((t) => t.table === 'PersonHistorical')?.extraColumns ?? [];
  if (hr.length) lines.push('', `HR attributes: ${hr.map((a) => `${a.name} (${a.type})`).join(', ')}`);
  if (report.disabled?.length) {
    lines.push('', 'Disabled by missing tables or columns:');
    for (const d of report.disabled) lines.push(`  ${d.kind} ${d.label}: needs ${d.missing.join(', ')}`);
  }
  lines.push('', report.issues.length ? 'Findings:' : 'No findings.');
  for (const i of report.issues) lines.push(`  - ${i}`);
  return lines.join('\n') + '\n';
}

/** Exit code of a command that loaded an export with gaps: some tables or columns missing, and what they disable. */
export const EXIT_LOADED_WITH_GAPS = 3;

/** One line saying what an export lacked and what that disables, or undefined when nothing is missing. */
export function gapsHeadline(report: ValidationReport): string | undefined {
  const missingColumns = report.tables.reduce((a, t) => a + (t.missingColumns?.length ?? 0), 0);
  if (report.missingTables.length === 0 && (report.disabled ?? []).length === 0 && missingColumns === 0) return undefined;
  const parts = [
    report.missingTables.length ? `${report.missingTables.length} of ${TABLE_NAMES.length} tables absent` : '',
    missingColumns ? `${missingColumns} documented column${missingColumns === 1 ? '' : 's'} missing` : '',
  ].filter(Boolean);
  const analyses = report.disabled.filter((d) => d.kind === 'analysis').length;
  const metrics = report.disabled.filter((d) => d.kind === 'metric').length;
  const off = [analyses ? `${analyses} analys${analyses === 1 ? 'is' : 'es'}` : '', metrics ? `${metrics} metric${metrics === 1 ? '' : 's'}` : ''].filter(Boolean);
  return `Loaded with gaps: ${parts.join(', ')}${off.length ? `; ${off.join(' and ')} disabled (see "Disabled by missing tables or columns")` : '; nothing disabled'}.`;
}
