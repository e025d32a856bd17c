/**
 * The privacy audit for admins: is anything that should be masked raw, are pseudonyms consistent,
 * which HR attribute combinations single people out. Reads only; returns a JSON report the screen,
 * the CLI and the HTML/CSV writers share.
 */
import { classifyColumn } from '../../../shared/audit/classifyColumn.js';
import { SEVERITY_ORDER, type AuditReport, type ColumnAudit, type ConsistencyCheck, type Finding, type JoinKeyUse, type TableAudit } from '../../../shared/audit/types.js';
import { checkMinGroupSize } from '../../../shared/privacy.js';
import { TABLE_NAMES } from '../../../shared/schema/exportSchema.js';
import { AppError } from '../../../shared/errors.js';
import type { Workspace } from '../workspace/workspace.js';
import { listDatasetRecords, listJoinRecords } from '../datasets/datasetRegistry.js';
import { DEFAULT_SAMPLE_ROWS, profileTable, type TableToProfile } from './columnProfiles.js';
import { measureKAnonymity } from './kAnonymity.js';
import { checkPseudonymConsistency } from './pseudonymConsistency.js';

export interface AuditOptions {
  /** Attribute sets for k-anonymity; default: each categorical HR attribute, and all of them together. */
  attributeSets?: string[][];
  /** Default: the workspace's minimum group size (never below 5). */
  minGroupSize?: number | string;
  /** Rows profiled per large table (default 100,000). */
  sampleRows?: number;
  onProgress?: (p: { phase: 'profile' | 'consistency' | 'k-anonymity' | 'done'; table?: string; done: number; total: number }) => void;
  signal?: AbortSignal;
}

export const AUDIT_METHOD =
  'Values are classified by their shape (email address, name-like text, GUID, hex or base64 token, number, date…) over whole small tables and a block sample of large ones. ' +
  'Pseudonyms are compared only for equality: the audit never tries to reverse or recompute a hash. Examples in this report are redacted.';

async function tablesToAudit(ws: Workspace): Promise<TableToProfile[]> {
  const db = await ws.engine();
  const r = await db.query(`SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary ORDER BY table_name`);
  const present = new Map(r.rows.map((x) => [String(x.table_name).toLowerCase(), String(x.table_name)]));
  const datasets = listDatasetRecords(ws).filter((d) => present.has(d.table.toLowerCase()));
  // A join key holds one value per person by design: the audit reports it as the export's key, and
  // names the join on both sides (the dataset's column and the export column it matches).
  const joinKeys = new Map<string, Map<string, JoinKeyUse[]>>();
  const joinedBy = new Map<string, JoinKeyUse[]>();
  // Which dataset columns a saved join brings in: one left out of every join reaches no analysis.
  const joinedInto = new Map<string, Map<string, string[]>>();
  const add = (m: Map<string, JoinKeyUse[]>, key: string, use: JoinKeyUse) => m.set(key.toLowerCase(), [...(m.get(key.toLowerCase()) ?? []), use]);
  for (const j of listJoinRecords(ws)) {
    const d = datasets.find((x) => x.name.toLowerCase() === j.dataset.toLowerCase());
    if (!d) continue;
    const use: JoinKeyUse = { join: j.name, exportColumn: `PersonHistorical.${j.exportKey}`, datasetColumn: `${d.name}.${j.datasetKey}` };
    const keys = joinKeys.get(d.name.toLowerCase()) ?? new Map<string, JoinKeyUse[]>();
    joinKeys.set(d.name.toLowerCase(), keys);
    add(keys, j.datasetKey, use);
    add(joinedBy, j.exportKey, use);
    const into = joinedInto.get(d.name.toLowerCase()) ?? new Map<string, string[]>();
    joinedInto.set(d.name.toLowerCase(), into);
    for (const c of j.joinedColumns) into.set(c.source.toLowerCase(), [...(into.get(c.source.toLowerCase()) ?? []), j.name]);
  }
  const out: TableToProfile[] = [];
  for (const t of TABLE_NAMES) if (present.has(t.toLowerCase())) out.push({ table: present.get(t.toLowerCase())!, source: 'export', joinedBy: t === 'PersonHistorical' ? joinedBy : undefined });
  for (const d of datasets) out.push({ table: present.get(d.table.toLowerCase())!, source: 'dataset', joinKeys: joinKeys.get(d.name.toLowerCase()) ?? new Map(), joinedInto: joinedInto.get(d.name.toLowerCase()) ?? new Map() });
  return out;
}

function cancelled(): AppError {
  return new AppError({ code: 'cancelled', message: 'Audit cancelled.' });
}

export async function runPrivacyAudit(ws: Workspace, options: AuditOptions = {}): Promise<AuditReport> {
  const started = performance.now();
  const minGroupSize = checkMinGroupSize(options.minGroupSize ?? ws.manifest.settings.minGroupSize);
  const sampleRows = options.sampleRows ?? DEFAULT_SAMPLE_ROWS;
  if (!Number.isInteger(sampleRows) || sampleRows < 1000) {
    throw new AppError({ code: 'audit/bad-sample', message: `Sample size must be a whole number of at least 1000 rows, got ${sampleRows}.`, where: { field: 'sampleRows' } });
  }
  // One connection for the audit (its samples are temporary tables); the signal interrupts it alone.
  await using db = await ws.connect({ signal: options.signal });
  try {
    const targets = await tablesToAudit(ws);
    if (targets.length === 0) {
      throw new AppError({ code: 'audit/no-tables', message: 'This workspace holds no export tables or datasets to audit.', hint: 'Ingest or sync an export first.' });
    }
    const tables: TableAudit[] = [];
    const columns: ColumnAudit[] = [];
    const findings: Finding[] = [];
    for (const [i, t] of targets.entries()) {
      if (options.signal?.aborted) throw cancelled();
      options.onProgress?.({ phase: 'profile', table: t.table, done: i, total: targets.length });
      const { table, profiles } = await profileTable(db, t, sampleRows);
      tables.push(table);
      for (const p of profiles) {
        const c = classifyColumn(p);
        columns.push(c.audit);
        findings.push(...c.findings);
      }
    }

    options.onProgress?.({ phase: 'consistency', done: targets.length, total: targets.length });
    let consistency: ConsistencyCheck[] = [];
    const ph = targets.find((t) => t.table === 'PersonHistorical');
    if (ph) {
      const phColumns = columns.filter((c) => c.table === 'PersonHistorical').map((c) => c.column);
      const r = await checkPseudonymConsistency(db, phColumns, columns);
      consistency = r.checks;
      findings.push(...r.findings);
    }

    if (options.signal?.aborted) throw cancelled();
    options.onProgress?.({ phase: 'k-anonymity', done: targets.length, total: targets.length });
    const k = await measureKAnonymity(db, { sets: options.attributeSets, minGroupSize });
    findings.push(...k.findings);

    findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.table ?? '').localeCompare(b.table ?? '') || (a.column ?? '').localeCompare(b.column ?? ''));
    const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
    options.onProgress?.({ phase: 'done', done: targets.length, total: targets.length });
    return {
      workspace: ws.manifest.name,
      createdAt: new Date().toISOString(),
      seconds: (performance.now() - started) / 1000,
      sampleRows,
      summary: { tables: tables.length, columns: columns.length, alerts: count('alert'), warnings: count('warning'), risks: count('risk'), infos: count('info') },
      tables,
      columns,
      findings,
      consistency,
      kAnonymity: k.report,
      method: AUDIT_METHOD,
    };
  } catch (e) {
    if (options.signal?.aborted) throw cancelled();
    throw e;
  }
}
