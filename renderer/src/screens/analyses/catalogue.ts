/**
 * The analysis catalogue as the UI reads it from 'analyses/list', with the optional per-view
 * columns and charts and related outputs some analyses declare, and results with related tables.
 */
import type { AnalysisRunResult, AnalysisSummary, Column, Row } from '../../../../shared/api/contract.js';
import type { ChartSpec, ParamValues, ResultColumnSpec } from '../../../../shared/analyses/types.js';

export type CatalogueEntry = AnalysisSummary & {
  columnsByView?: Record<string, ResultColumnSpec[]>;
  chartsByView?: Record<string, ChartSpec>;
  relatedColumns?: Record<string, ResultColumnSpec[]>;
};

export type RunResult = AnalysisRunResult & {
  /** Further guarded outputs by name, e.g. a network's `edges`. */
  related?: Record<string, { columns: Column[]; rows: Row[] }>;
  /** The chart and column definitions of the view this run used, when the backend sends them. */
  chart?: ChartSpec;
  columnSpecs?: ResultColumnSpec[];
  /** Things the reader should know (hidden edges, tables read as empty, …). */
  notes?: string[];
};

/**
 * The chart and columns for a run: what the backend says it used, else the catalogue's entry for
 * the `view` parameter, with `$name` columns standing for the value of parameter `name`.
 */
export function viewOfRun(entry: CatalogueEntry, result: RunResult): { chart: ChartSpec; columns: ResultColumnSpec[] } {
  const params = result.params;
  const view = typeof params.view === 'string' ? params.view : undefined;
  const chart = result.chart ?? ((view && entry.chartsByView?.[view]) || entry.chart);
  const fill = (c: string) => (c.startsWith('$') ? String(params[c.slice(1)] ?? c) : c);
  return {
    chart: { ...chart, x: fill(chart.x), y: chart.y.map(fill), ...(chart.value ? { value: fill(chart.value) } : {}) },
    columns: result.columnSpecs ?? ((view && entry.columnsByView?.[view]) || entry.columns),
  };
}

/** Defaults; an outcome column not among the joined ones starts at the first joined one. */
export function defaultParams(entry: CatalogueEntry, joinedColumns: string[] = []): ParamValues {
  return Object.fromEntries(entry.params.map((p) => [p.name, p.joined && !joinedColumns.includes(String(p.default)) && joinedColumns.length ? joinedColumns[0] : p.default]));
}

/** The joined file an analysis needs and the workspace lacks (no numeric column of a joined file yet). */
export function missingJoin(entry: CatalogueEntry, joinedColumns: string[]): string | undefined {
  const p = entry.params.find((x) => x.joined);
  return p?.joined && joinedColumns.length === 0 ? p.joined.file : undefined;
}
