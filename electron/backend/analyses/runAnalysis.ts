/**
 * Run a catalogue analysis on a workspace, always through the privacy guard.
 */
import { AppError } from '../../../shared/errors.js';
import { findAnalysis, ANALYSES } from '../../../shared/analyses/catalogue.js';
import type { AnalysisDef, ParamValues } from '../../../shared/analyses/types.js';
import { checkMinGroupSize, guardedGroupSql, OTHER_GROUP_LABEL, type SmallGroupMode } from '../../../shared/privacy.js';
import type { ResultColumn, JsonValue } from '../engine/database.js';
import type { Workspace } from '../workspace/workspace.js';
import { tableExists } from '../ingest/validationReport.js';

export interface AnalysisResult {
  id: string;
  title: string;
  params: ParamValues;
  minGroupSize: number;
  columns: ResultColumn[];
  rows: Record<string, JsonValue>[];
  suppression: {
    groupsBelow: number;
    peopleInGroupsBelow: number;
    /** People merged into the "Other" group; 0 when mode is drop. */
    peopleMerged: number;
    /** Whether the merged group itself reached the threshold and is shown. */
    otherShown: boolean;
    groupsTotal: number;
    note: string;
  };
  /** The exact SQL that produced the rows, guard included. */
  sql: string;
  seconds: number;
}

export interface RunAnalysisOptions {
  params?: Record<string, string | number | boolean | null | undefined>;
  minGroupSize?: number | string;
  smallGroups?: SmallGroupMode;
}

/**
 * The view analyses read HR attributes from: PersonHistorical plus the columns of joined user files
 * (the join feature replaces it). Created here as plain PersonHistorical when no join exists yet.
 */
export const PERSON_ATTRIBUTES_VIEW = 'PersonAttributes';

export async function ensurePersonAttributesView(ws: Workspace): Promise<boolean> {
  const db = await ws.db();
  if (!(await tableExists(db, 'PersonHistorical'))) return false;
  const views = await db.scalar<number>(`SELECT count(*) FROM duckdb_views() WHERE schema_name = 'main' AND view_name = $1`, [PERSON_ATTRIBUTES_VIEW]);
  if (views === 0) await db.run(`CREATE VIEW ${PERSON_ATTRIBUTES_VIEW} AS SELECT * FROM PersonHistorical`);
  return true;
}

/** HR attributes a grouped analysis may group by: PersonAttributes' columns (HR file joins included). */
export async function groupableAttributes(ws: Workspace): Promise<string[]> {
  const db = await ws.db();
  if (!(await ensurePersonAttributesView(ws))) return [];
  const r = await db.query(`SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = $1 ORDER BY column_index`, [PERSON_ATTRIBUTES_VIEW]);
  const skip = new Set(['PersonHistoricalId', 'EmailAddress', 'StartDate', 'EndDate', 'ManagerId']);
  return r.rows.map((x) => String(x.column_name)).filter((c) => !skip.has(c));
}

function resolveParams(def: AnalysisDef, given: RunAnalysisOptions['params'] = {}): ParamValues {
  const out: ParamValues = {};
  for (const key of Object.keys(given)) {
    if (!def.params.some((p) => p.name === key)) {
      throw new AppError({ code: 'analysis/unknown-param', message: `Analysis "${def.id}" has no parameter "${key}".`, hint: `Parameters: ${def.params.map((p) => p.name).join(', ') || 'none'}.` });
    }
  }
  for (const p of def.params) {
    const raw = given[p.name];
    if (raw === undefined || raw === null || raw === '') {
      out[p.name] = p.default;
      continue;
    }
    if (p.kind === 'integer' || p.kind === 'number') {
      const n = Number(raw);
      if (!Number.isFinite(n) || (p.kind === 'integer' && !Number.isInteger(n))) {
        throw new AppError({ code: 'analysis/bad-param', message: `Parameter "${p.name}" must be a ${p.kind === 'integer' ? 'whole number' : 'number'}, got "${raw}".` });
      }
      out[p.name] = n;
    } else if (p.kind === 'boolean') out[p.name] = raw === true || raw === 'true' || raw === '1';
    else if (p.kind === 'enum') {
      if (!p.options?.includes(String(raw))) throw new AppError({ code: 'analysis/bad-param', message: `Parameter "${p.name}" must be one of ${p.options?.join(', ')}, got "${raw}".` });
      out[p.name] = String(raw);
    } else out[p.name] = String(raw);
  }
  return out;
}

export async function runAnalysis(ws: Workspace, id: string, options: RunAnalysisOptions = {}): Promise<AnalysisResult> {
  const def = findAnalysis(id);
  if (!def) throw new AppError({ code: 'analysis/unknown', message: `No analysis "${id}".`, hint: `Available: ${ANALYSES.map((a) => a.id).join(', ')}.` });
  const minGroupSize = checkMinGroupSize(options.minGroupSize ?? ws.manifest.settings.minGroupSize);
  const params = resolveParams(def, options.params);
  const attributes = def.params.filter((p) => p.kind === 'attribute');
  if (attributes.length) {
    const available = await groupableAttributes(ws);
    if (available.length === 0) throw new AppError({ code: 'analysis/no-data', message: 'This workspace has no PersonHistorical table.', hint: 'Ingest or sync an export first.' });
    for (const p of attributes) {
      const v = String(params[p.name]);
      const match = available.find((a) => a.toLowerCase() === v.toLowerCase());
      if (!match) {
        throw new AppError({ code: 'analysis/unknown-attribute', message: `No HR attribute "${v}" to group by.`, hint: `Available: ${available.join(', ')}.`, where: { field: p.name } });
      }
      params[p.name] = match;
    }
  }
  const q = def.build(params);
  const guarded = guardedGroupSql(q.unitsSql, q.aggregates, minGroupSize, options.smallGroups ?? 'merge', q.orderBy);
  const db = await ws.db();
  const started = performance.now();
  let result;
  let supp;
  try {
    result = await db.query(guarded.resultSql);
    supp = (await db.query(guarded.suppressionSql)).rows[0];
  } catch (e) {
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    const missing = /Table with name (\w+) does not exist/.exec(message);
    throw new AppError({
      code: missing ? 'analysis/missing-table' : 'analysis/failed',
      message: missing ? `This analysis needs the ${missing[1]} table, which is not loaded.` : `Analysis "${id}" failed: ${message}`,
      hint: missing ? 'Ingest or sync an export that includes it.' : 'Check the workspace validation report for problems in the data.',
    });
  }
  const seconds = (performance.now() - started) / 1000;
  const groupsBelow = Number(supp.groups_below);
  const peopleMerged = Number(supp.people_merged);
  const otherShown = result.rows.some((r) => r.grp === OTHER_GROUP_LABEL);
  const note =
    groupsBelow === 0
      ? `All groups have at least ${minGroupSize} people.`
      : `${groupsBelow} group${groupsBelow > 1 ? 's' : ''} with fewer than ${minGroupSize} people ${
          otherShown ? `merged into "${OTHER_GROUP_LABEL}" (${peopleMerged} people)` : 'suppressed (too few people even when merged)'
        }.`;
  return {
    id: def.id,
    title: def.title,
    params,
    minGroupSize,
    columns: result.columns,
    rows: result.rows,
    suppression: { groupsBelow, peopleInGroupsBelow: Number(supp.people_in_groups_below), peopleMerged, otherShown, groupsTotal: Number(supp.groups_total), note },
    sql: guarded.resultSql,
    seconds,
  };
}
