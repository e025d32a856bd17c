/**
 * Save, list and remove joins between an imported dataset and the export. Saving measures the
 * match first and refuses joins that match nothing or are ambiguous; every change rebuilds
 * PersonAttributes so analyses see the joined columns at once.
 */
import { AppError } from '../../../shared/errors.js';
import { ident } from '../engine/database.js';
import type { Workspace } from '../workspace/workspace.js';
import { withJournal } from '../workspace/journal.js';
import { checkDatasetName, findDatasetRecord, listJoinRecords, type JoinRecord, type JoinSpec } from './datasetRegistry.js';
import { buildKeyTable, forgetSalt, rememberSalt } from './joinSalts.js';
import { joinViewName, rebuildPersonAttributes } from './personAttributes.js';
import { previewJoin, type JoinPreview } from './previewJoin.js';
import { groupableAttributes } from '../analyses/runAnalysis.js';

/** A join as shown to users: the salt never leaves the backend. */
export type JoinInfo = Omit<JoinRecord, 'hash'> & { hash?: { keepDomain: boolean; salted: boolean } };

export function publicJoin(j: JoinRecord): JoinInfo {
  const { hash, keysOf: _k, ...rest } = j;
  return hash ? { ...rest, hash: { keepDomain: hash.keepDomain, salted: hash.salted } } : rest;
}

/** Fill defaults (join name = dataset name) and check names; shared by preview and save. */
export function normaliseJoinSpec(spec: Omit<JoinSpec, 'name'> & { name?: string }): JoinSpec {
  const name = checkDatasetName(spec.name?.trim() || spec.dataset, 'join');
  const out: JoinSpec = { name, dataset: spec.dataset.trim(), datasetKey: spec.datasetKey.trim(), exportKey: spec.exportKey.trim() };
  if (spec.hash) out.hash = { salt: spec.hash.salt, keepDomain: !!spec.hash.keepDomain };
  if (spec.asOf) out.asOf = spec.asOf.end ? { start: spec.asOf.start.trim(), end: spec.asOf.end.trim() } : { start: spec.asOf.start.trim() };
  if (spec.columns?.length) out.columns = spec.columns.map((c) => c.trim()).filter(Boolean);
  return out;
}

export interface SaveJoinResult {
  join: JoinInfo;
  preview: JoinPreview;
  /** Columns PersonAttributes now adds to PersonHistorical (all joins). */
  personAttributesColumns: string[];
  /** Of this join's columns, those analyses can group by (no dates or near-unique values). */
  groupBy: string[];
}

export async function saveJoin(ws: Workspace, input: Omit<JoinSpec, 'name'> & { name?: string }): Promise<SaveJoinResult> {
  return withJournal(ws, 'join', input.name?.trim() || input.dataset, () => saveJoinNow(ws, input));
}

async function saveJoinNow(ws: Workspace, input: Omit<JoinSpec, 'name'> & { name?: string }): Promise<SaveJoinResult> {
  const spec = normaliseJoinSpec(input);
  const preview = await previewJoin(ws, spec);
  if (preview.matchedRows === 0) {
    throw new AppError({
      code: 'join/no-matches',
      message: `No row of "${spec.dataset}" matches ${preview.exportKey}: nothing to join (0 of ${preview.rows} rows).`,
      hint: preview.warnings[0] ?? `Check that ${preview.datasetKey} holds the same values as ${preview.exportKey} (e.g. ${preview.unmatched.datasetKeys.slice(0, 2).join(', ')} vs ${preview.unmatched.exportKeys.slice(0, 2).join(', ')}).`,
      where: { field: 'datasetKey' },
    });
  }
  if (!spec.asOf && preview.duplicateKeys.matched > 0) {
    throw new AppError({
      code: 'join/duplicate-keys',
      message: `${preview.duplicateKeys.matched} matched keys of "${spec.dataset}" appear on several rows (e.g. ${preview.duplicateKeys.samples.slice(0, 3).join(', ')}), so which row a person gets would be arbitrary.`,
      hint: 'Remove the duplicate rows, or if the file holds history give its effective-date columns (as-of START,END).',
      where: { column: preview.datasetKey, field: 'datasetKey' },
    });
  }
  const { hash, ...rest } = spec;
  const record: JoinRecord = { ...rest, datasetKey: preview.datasetKey, exportKey: preview.exportKey, view: joinViewName(spec.name), joinedColumns: preview.columns, savedAt: new Date().toISOString(), matchRate: preview.matchRate, measuredCovered: preview.measuredEmployees };
  if (hash) {
    // The salt goes to the secret store; the keys are hashed once into the join's key table.
    const dataset = findDatasetRecord(ws, spec.dataset)!;
    await rememberSalt(ws, spec.name, hash.salt);
    await buildKeyTable(await ws.engine(), spec.name, dataset.table, preview.datasetKey, hash);
    Object.assign(record, { hash: { keepDomain: hash.keepDomain, salted: hash.salt !== '' }, keysOf: dataset.importedAt });
  }
  const existing = listJoinRecords(ws);
  const at = existing.findIndex((j) => j.name.toLowerCase() === spec.name.toLowerCase());
  // Saving a join again keeps its place, so other joins' column names do not shift.
  const joins = at === -1 ? [...existing, record] : existing.map((j, i) => (i === at ? record : j));
  if (at !== -1 && existing[at].view.toLowerCase() !== record.view.toLowerCase()) {
    await (await ws.engine()).run(`DROP VIEW IF EXISTS ${ident(existing[at].view)}`);
  }
  const rebuilt = await rebuildPersonAttributes(ws, joins);
  const skipped = rebuilt.skipped.find((s) => s.join === spec.name);
  if (skipped) throw new AppError({ code: 'join/failed', message: `The join could not be built: ${skipped.reason}` });
  ws.saveManifest();
  const saved = rebuilt.joins.find((j) => j.name === spec.name)!;
  // Saying what can group is honest only by the analyses' own rule (a joined HireDate cannot).
  const groupable = new Set(await groupableAttributes(ws));
  const groupBy = saved.joinedColumns.map((c) => c.name).filter((c) => groupable.has(c));
  return { join: publicJoin(saved), preview: { ...preview, columns: saved.joinedColumns }, personAttributesColumns: rebuilt.joinedColumns, groupBy };
}

export function listJoins(ws: Workspace): JoinInfo[] {
  return listJoinRecords(ws).map(publicJoin);
}

export async function removeJoin(ws: Workspace, name: string): Promise<{ removed: string; personAttributesColumns: string[] }> {
  return withJournal(ws, 'join', name, () => removeJoinNow(ws, name));
}

async function removeJoinNow(ws: Workspace, name: string): Promise<{ removed: string; personAttributesColumns: string[] }> {
  const existing = listJoinRecords(ws);
  const target = existing.find((j) => j.name.toLowerCase() === name.trim().toLowerCase());
  if (!target) {
    throw new AppError({ code: 'join/not-found', message: `No join named "${name}".`, hint: existing.length ? `Joins: ${existing.map((j) => j.name).join(', ')}.` : 'This workspace has no joins.', where: { field: 'name' } });
  }
  const rebuilt = await rebuildPersonAttributes(ws, existing.filter((j) => j !== target));
  ws.saveManifest();
  await forgetSalt(ws, target.name);
  return { removed: target.name, personAttributesColumns: rebuilt.joinedColumns };
}
