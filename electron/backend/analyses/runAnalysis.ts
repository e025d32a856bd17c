/**
 * Run a catalogue analysis on a workspace, always through the privacy guard.
 *
 * Steps: check the parameters, resolve HR attributes against the PersonAttributes view, build the
 * derived tables the analysis reads (once per ingest), run each guarded output, and for the network
 * add the graph measures over the guarded group-level rows.
 */
import { AppError } from '../../../shared/errors.js';
import { attributeColumns } from '../audit/groupableColumns.js';
import { findAnalysis, ANALYSES } from '../../../shared/analyses/catalogue.js';
import { inlineShared, viewOf, type AnalysisDef, type AnalysisParam, type AnalysisPlan, type ChartSpec, type GroupedQuery, type ParamValues, type ResultColumnSpec } from '../../../shared/analyses/types.js';
import { checkMinGroupSize, OTHER_GROUP_LABEL, type SmallGroupMode } from '../../../shared/privacy.js';
import { derived } from '../../../shared/analyses/derived/names.js';
import { ATTRIBUTES } from '../../../shared/analyses/sqlParams.js';
import { isBlankSql, UNKNOWN_GROUP_LABEL } from '../../../shared/analyses/groupValue.js';
import { ident, literal } from '../../../shared/sql/quote.js';
import type { ResultColumn, JsonValue } from '../engine/database.js';
import type { Workspace } from '../workspace/workspace.js';
import { tableExists } from '../ingest/validationReport.js';
import { ensureDerived } from './derivedTables.js';
import { exportAvailability } from '../workspace/exportTables.js';
import { inputStatus, missingNeeds, type BuildContext, type Inputs } from '../../../shared/analyses/inputs.js';
import { findMetric } from '../../../shared/analyses/personWeekMetrics.js';
import { describeUnavailable, type ExportAvailability } from '../../../shared/schema/availability.js';
import { TABLE_NAMES } from '../../../shared/schema/exportSchema.js';
import { PERSON_ATTRIBUTES_VIEW } from '../../../shared/schema/views.js';
import { demoAnalystFiles, joinedNumericColumns, needsJoinedFile } from './joinedColumns.js';
import { explainResult, type Explanation } from '../../../shared/analyses/explainResult.js';
import { networkMeasures, type EdgeRule, type NetworkOutput } from './networkMeasures.js';
import { runGuarded, type Suppression } from './runGuarded.js';
import { resolveParams } from './resolveParams.js';

export interface RelatedTable {
  columns: ResultColumn[];
  rows: Record<string, JsonValue>[];
  suppression: Suppression;
  sql: string;
}

export interface AnalysisResult {
  id: string;
  title: string;
  params: ParamValues;
  minGroupSize: number;
  columns: ResultColumn[];
  rows: Record<string, JsonValue>[];
  suppression: Suppression;
  /** Further guarded outputs (the network's `edges`). */
  related: Record<string, RelatedTable>;
  /** The chart and column definitions for the view this run used. */
  chart: ChartSpec;
  columnSpecs: ResultColumnSpec[];
  /** Things the reader should know: missing tables read as empty, hidden edges, … */
  notes: string[];
  /** Why nothing is drawn (no rows, all hidden, every charted value empty or 0), when so. */
  explanation?: Explanation;
  /** Columns the guard empties in a row when they would count a handful of people (shown as hidden, not as no value). */
  maskedColumns: string[];
  /** The exact SQL that produced the rows, guard included. */
  sql: string;
  /** Seconds running the analysis, and (separately) building derived tables first, if any were stale. */
  seconds: number;
  preparedSeconds: number;
}

export interface RunAnalysisOptions {
  params?: Record<string, string | number | boolean | null | undefined>;
  minGroupSize?: number | string;
  smallGroups?: SmallGroupMode;
  /** Called with each derived table name as it is built (they are built once per ingest). */
  onPrepare?: (table: string) => void;
  /** Cancels the run: interrupts its statements (a job's run is also cancelled by its job). */
  signal?: AbortSignal;
}

/**
 * The view analyses read HR attributes from: PersonHistorical plus the columns of joined user files
 * (the join feature replaces it). Created here as plain PersonHistorical when no join exists yet.
 */
export async function ensurePersonAttributesView(ws: Workspace): Promise<boolean> {
  const db = await ws.engine();
  if (!(await tableExists(db, 'PersonHistorical'))) return false;
  const views = await db.scalar<number>(`SELECT count(*) FROM duckdb_views() WHERE schema_name = 'main' AND view_name = $1`, [PERSON_ATTRIBUTES_VIEW]);
  if (views === 0) await db.run(`CREATE VIEW ${PERSON_ATTRIBUTES_VIEW} AS SELECT * FROM PersonHistorical`);
  return true;
}

/**
 * Profiling PersonAttributes to find identifying columns takes a second on a busy machine: kept per
 * workspace until a commit (ingest, import, join) or the view's columns change.
 */
const attributesCache = new WeakMap<Workspace, { key: string; groupable: string[]; all: string[] }>();

/** HR attributes a grouped analysis may group by: PersonAttributes' columns (HR file joins included). */
export async function groupableAttributes(ws: Workspace): Promise<string[]> {
  return (await personAttributes(ws)).groupable;
}

/**
 * PersonAttributes' columns that do not identify people (`all`, the person query's HR attributes)
 * and those of them that can group people (`groupable`: no dates or near-unique values).
 */
export async function personAttributes(ws: Workspace): Promise<{ groupable: string[]; all: string[] }> {
  if (!(await ensurePersonAttributesView(ws))) return { groupable: [], all: [] };
  const db = await ws.engine();
  const r = await db.query(`SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = $1 ORDER BY column_index`, [PERSON_ATTRIBUTES_VIEW]);
  const names = r.rows.map((x) => String(x.column_name));
  const key = `${ws.manifest.committedGeneration ?? 0}|${names.join('|')}`;
  const cached = attributesCache.get(ws);
  if (cached?.key === key) return cached;
  // Ids, dates and identifying columns (an imported EmployeeId) are no groups: one rule with the audit.
  await using conn = await ws.connect();
  const columns = await attributeColumns(conn, PERSON_ATTRIBUTES_VIEW);
  const pick = (keep: (c: (typeof columns)[number]) => boolean) => {
    const kept = new Set(columns.filter(keep).map((c) => c.name));
    return names.filter((c) => kept.has(c) || c.toLowerCase() === 'populationtype');
  };
  const entry = { key, groupable: pick((c) => c.groups), all: pick(() => true) };
  attributesCache.set(ws, entry);
  return entry;
}

const DOCUMENTED_FALLBACKS = ['Organization', 'LevelDesignation'];

async function resolveAttributes(ws: Workspace, def: AnalysisDef, params: ParamValues): Promise<void> {
  const attributes = def.params.filter((p) => p.kind === 'attribute');
  const available = await groupableAttributes(ws);
  if (available.length === 0) throw new AppError({ code: 'analysis/no-data', message: 'This workspace has no PersonHistorical table.', hint: 'Ingest or sync an export first.' });
  for (const p of attributes) {
    const v = params[p.name];
    if (v === null && p.optional) continue;
    if (p.joined) {
      params[p.name] = await resolveJoined(ws, def, { ...p, joined: p.joined }, v);
      continue;
    }
    let match = available.find((a) => a.toLowerCase() === String(v).toLowerCase());
    // The defaults name common tenant attributes (FunctionType, Location) the documents do not
    // promise: without them a default falls back to the documented Organization or LevelDesignation.
    if (!match && v === p.default) match = available.find((a) => DOCUMENTED_FALLBACKS.includes(a));
    if (!match) {
      throw new AppError({ code: 'analysis/unknown-attribute', message: `No attribute "${String(v)}" for "${p.label}".`, hint: `Available: ${available.join(', ')}.`, where: { field: p.name } });
    }
    params[p.name] = match;
  }
}

/** An outcome column of a joined file: the one named, else (the default) the first there is; none joined is its own typed refusal. */
async function resolveJoined(ws: Workspace, def: AnalysisDef, p: AnalysisParam & { joined: { file: string } }, v: ParamValues[string]): Promise<string> {
  const joined = await joinedNumericColumns(ws);
  if (joined.length === 0) throw needsJoinedFile(def, p, demoAnalystFiles(ws));
  const match = joined.find((a) => a.toLowerCase() === String(v).toLowerCase()) ?? (v === p.default || v === null ? joined[0] : undefined);
  if (!match) throw new AppError({ code: 'analysis/unknown-attribute', message: `No numeric column "${String(v)}" of a joined file for "${p.label}".`, hint: `Available: ${joined.join(', ')}.`, where: { field: p.name } });
  return match;
}

/** What the workspace's export provides (tables loaded, documented columns missing). */
export async function workspaceAvailability(ws: Workspace): Promise<ExportAvailability> {
  return exportAvailability(await ws.engine(), ws.manifest);
}

/** Refuse to run an analysis whose needed columns or tables the export does not have. */
function checkNeeds(def: AnalysisDef, params: ParamValues, availability: ExportAvailability): void {
  const missing = missingNeeds([...def.inputs.needs, ...(def.needsFor?.(params) ?? [])], availability);
  if (missing.length === 0) return;
  const names = describeUnavailable(missing, availability);
  throw new AppError({
    code: 'analysis/missing-columns',
    message: `"${def.title}" cannot run: it needs ${names.join(', ')}, which this workspace's export does not have.`,
    hint: 'The export lacked them. Ingest an export that includes them (the workspace validation report lists what is missing), or choose other parameters.',
  });
}

/**
 * Notes on values the export cannot give in full: NULL (what it needs is missing) or computed
 * from the rest (a source it sums is missing), each naming the missing columns or tables.
 */
function availabilityNotes(def: AnalysisDef, params: ParamValues, columnSpecs: ResultColumnSpec[], availability: ExportAvailability): string[] {
  const notes: string[] = [];
  const absent = TABLE_NAMES.filter((t) => !availability.tables.includes(t));
  if (absent.length) notes.push(`Not in this workspace: ${absent.join(', ')}.`);
  const items: { label: string; inputs: Inputs }[] = [
    ...columnSpecs.filter((c) => c.inputs).map((c) => ({ label: c.label, inputs: c.inputs! })),
    ...Object.values(def.relatedColumns ?? {}).flat().filter((c) => c.inputs && !columnSpecs.some((x) => x.name === c.name)).map((c) => ({ label: c.label, inputs: c.inputs! })),
  ];
  const chosen = def.params.find((p) => p.name === 'metric');
  if (chosen && typeof params.metric === 'string' && !columnSpecs.some((c) => c.name === params.metric)) {
    const m = findMetric(params.metric);
    items.push({ label: m.label, inputs: m.inputs });
  }
  const empty = new Map<string, string[]>();
  const partial = new Map<string, string[]>();
  for (const it of items) {
    const s = inputStatus(it.inputs, availability);
    if (s.missing.length) empty.set(s.missing.join(', '), [...(empty.get(s.missing.join(', ')) ?? []), it.label]);
    else if (s.partial.length) partial.set(s.partial.join(', '), [...(partial.get(s.partial.join(', ')) ?? []), it.label]);
  }
  for (const [what, labels] of empty) {
    const list = [...new Set(labels)];
    notes.push(`${list.join('; ')} ${list.length === 1 ? 'is' : 'are'} empty (no value, not 0): the export lacks ${what}.`);
  }
  for (const [what, labels] of partial) notes.push(`Computed without ${what} (not in the export; left out): ${[...new Set(labels)].join('; ')}.`);
  return notes;
}

function failure(id: string, e: unknown): AppError {
  if (e instanceof AppError) return e;
  const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
  const missing = /Table with name (\w+) does not exist/.exec(message);
  return new AppError({
    code: missing ? 'analysis/missing-table' : 'analysis/failed',
    message: missing ? `This analysis needs the ${missing[1]} table, which is not loaded.` : `Analysis "${id}" failed: ${message}`,
    hint: missing ? 'Ingest or sync an export that includes it.' : 'Check the workspace validation report for problems in the data.',
  });
}

export async function runAnalysis(ws: Workspace, id: string, options: RunAnalysisOptions = {}): Promise<AnalysisResult> {
  const def = findAnalysis(id);
  if (!def) throw new AppError({ code: 'analysis/unknown', message: `No analysis "${id}".`, hint: `Available: ${ANALYSES.map((a) => a.id).join(', ')}.` });
  const minGroupSize = checkMinGroupSize(options.minGroupSize ?? ws.manifest.settings.minGroupSize);
  const mode = options.smallGroups ?? 'merge';
  const params = resolveParams(def, options.params);
  await resolveAttributes(ws, def, params);
  const availability = await workspaceAvailability(ws);
  checkNeeds(def, params, availability);
  const ctx: BuildContext = { availability };
  const plan = withPeerGroups(def.build(params, ctx), await groupableAttributes(ws), params);
  const notes: string[] = availabilityNotes(def, params, viewOf(def, params).columns, availability);

  const preparing = performance.now();
  const status = await ensureDerived(ws, plan.requires, options.onPrepare);
  const preparedSeconds = status.built.length ? (performance.now() - preparing) / 1000 : 0;

  // The run's own connection: its temporary tables and its cancel (options.signal, or the job it
  // runs in) are its alone.
  await using db = await ws.connect({ signal: options.signal });
  const started = performance.now();
  // Shared relations are computed once into temp tables for the run; the SQL shown inlines them.
  const tables = new Map(Object.keys(plan.shared ?? {}).map((name) => [name, `__shared_${process.pid}_${++sharedCounter}_${name}`]));
  const forRun = (spec: GroupedQuery) => mapSql(spec, (sql) => inlineShared(sql, plan.shared, (name) => tables.get(name)!));
  const forShow = (spec: GroupedQuery) => mapSql(spec, (sql) => inlineShared(sql, plan.shared));
  try {
    for (const [name, table] of tables) await db.run(`CREATE OR REPLACE TEMP TABLE ${table} AS ${plan.shared![name]}`);
    const main = await runGuarded(db, forRun(plan.main), minGroupSize, mode, forShow(plan.main));
    const related: Record<string, RelatedTable> = {};
    for (const [name, spec] of Object.entries(plan.related ?? {})) {
      const r = await runGuarded(db, forRun(spec), minGroupSize, mode, forShow(spec));
      related[name] = { columns: r.columns, rows: r.rows, suppression: r.suppression, sql: r.sql };
    }
    for (const n of plan.notes ?? []) {
      const note = n.note((await db.query(inlineShared(n.sql, plan.shared, (name) => tables.get(name)!))).rows);
      if (note) notes.push(note);
    }
    let { columns, rows } = main;
    if (def.postProcess === 'network' && related.edges) {
      const rule = { threshold: Number(params.edgeThreshold ?? 0) / 100, maxEdges: Number(params.maxEdges ?? 0) };
      const net = networkMeasures(main.rows, main.columns, related.edges.rows, rule);
      ({ columns, rows } = net.nodes);
      related.edges = { ...related.edges, ...net.edges };
      notes.push(edgeNote(net, rule));
      if (net.otherLeftOut) notes.push(`"${OTHER_GROUP_LABEL}" merges the groups hidden for privacy: it is not one group, so it is left out of the edges and of degree, betweenness, PageRank and communities (its collaboration hours are still shown).`);
      if (params.view === 'edges') {
        const nodes = { columns, rows, suppression: main.suppression, sql: main.sql };
        ({ columns, rows } = net.edges);
        related.nodes = nodes;
        delete related.edges;
      }
    }
    const { chart, columns: columnSpecs } = viewOf(def, params);
    const explanation = explainResult({ rows, chart, columns: columnSpecs, minGroupSize, suppression: main.suppression });
    return {
      ...(explanation ? { explanation } : {}),
      maskedColumns: (plan.main.subsetCounts ?? []).flatMap((x) => x.columns),
      id: def.id,
      title: def.title,
      params,
      minGroupSize,
      columns,
      rows,
      suppression: main.suppression,
      related,
      chart,
      columnSpecs,
      notes,
      sql: main.sql,
      seconds: (performance.now() - started) / 1000,
      preparedSeconds,
    };
  } catch (e) {
    throw failure(id, e);
  } finally {
    // Best effort: these are TEMP tables, gone with the connection; the analysis's own outcome is already decided.
    for (const table of tables.values()) await db.run(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
  }
}

let sharedCounter = 0;

/** What the chart leaves out of the network, and by which rule; said whether or not edges are hidden. */
function edgeNote(net: NetworkOutput, rule: EdgeRule): string {
  const shown = net.totalEdges - net.hiddenEdges;
  if (net.totalEdges === 0) return 'No two shown groups collaborate with each other, so the network has no edges.';
  if (net.hiddenEdges === 0) return `All ${net.totalEdges} edges between the shown groups are drawn.`;
  const why = [
    ...(rule.threshold > 0 ? [`at least ${Math.round(rule.threshold * 1000) / 10}% of either group's collaboration`] : []),
    ...(rule.maxEdges > 0 ? [`the ${rule.maxEdges} strongest, plus each group's strongest`] : []),
  ].join('; of those, ');
  return `${shown} of ${net.totalEdges} edges drawn (${why}); ${net.hiddenEdges} weaker (${net.strongestHidden} hours per week or less) hidden. Degree counts drawn edges; "Groups collaborated with" counts them all.`;
}

/**
 * Differencing across group-bys: when the outputs group people by an attribute, the guard also
 * gets the groups of every other groupable attribute (HR columns and joined files' columns) over
 * the same people, each person with every value any of their HR versions has.
 */
function withPeerGroups(plan: AnalysisPlan, attributes: string[], params: ParamValues): AnalysisPlan {
  const others = attributes.filter((a) => plan.groupedBy !== undefined && a.toLowerCase() !== plan.groupedBy.toLowerCase());
  if (!plan.groupedBy || others.length === 0) return plan;
  // Each attribute's groups as raw values (another run may set other blank-like values) and as the
  // "Unknown" group this run's blank-like values make: comparing with more groups only hides more.
  const from = `FROM ${derived('person_version')} v JOIN ${ATTRIBUTES} a ON a.PersonHistoricalId = v.PersonHistoricalId WHERE v.is_person`;
  const peers = `SELECT DISTINCT attr, grp, person FROM (\n${others
    .map((a) => `SELECT ${literal(a)} AS attr, CAST(a.${ident(a)} AS VARCHAR) AS grp, v.pid AS person ${from}
UNION ALL SELECT ${literal(a)}, ${literal(UNKNOWN_GROUP_LABEL)}, v.pid ${from} AND ${isBlankSql(`a.${ident(a)}`, params)}`)
    .join('\nUNION ALL ')})`;
  const withPeers = (spec: GroupedQuery): GroupedQuery => (spec.compositeKey ? spec : { ...spec, peerGroupsSql: `SELECT attr, grp, person FROM {{${PEER_GROUPS}}}`, groupAttribute: plan.groupedBy });
  return {
    ...plan,
    requires: [...new Set([...plan.requires, 'person_version' as const])],
    shared: { ...plan.shared, [PEER_GROUPS]: peers },
    main: withPeers(plan.main),
    ...(plan.related ? { related: Object.fromEntries(Object.entries(plan.related).map(([n, s]) => [n, withPeers(s)])) } : {}),
  };
}

const PEER_GROUPS = 'peer_groups';

function mapSql(spec: GroupedQuery, map: (sql: string) => string): GroupedQuery {
  return { ...spec, unitsSql: map(spec.unitsSql), ...(spec.populationSql ? { populationSql: map(spec.populationSql) } : {}), ...(spec.peerGroupsSql ? { peerGroupsSql: map(spec.peerGroupsSql) } : {}) };
}
