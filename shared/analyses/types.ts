/**
 * What an analysis is: the question, its parameters, its SQL and how to show the result.
 *
 * SQL is plain DuckDB SQL over the export's tables and the derived tables built from them (see
 * `derived/`), kept portable (no app functions) so it can move to a distributed SQL engine.
 * Grouped outputs are never run bare: the privacy guard wraps them (see `guardedQuerySql`).
 */
import type { GuardSpec } from '../privacy.js';
import type { DerivedName } from './derived/names.js';
import type { BuildContext, Inputs, Need } from './inputs.js';

/**
 * What a group with no value is called, everywhere an analysis shows it: the same "Unknown" that
 * blank-like HR values become (groupValue.ts), so a chart never shows two labels for one thing.
 */
export const EMPTY_GROUP_LABEL = 'Unknown';

export type ParamKind = 'attribute' | 'integer' | 'number' | 'enum' | 'boolean' | 'date' | 'text';

export interface AnalysisParam {
  name: string;
  label: string;
  kind: ParamKind;
  default: string | number | boolean | null;
  description: string;
  /** For `enum`. */
  options?: string[];
  /** For `enum`: what the user reads for an option (default: the option with dashes and underscores as spaces). */
  optionLabels?: Record<string, string>;
  /** For `integer` and `number`: the allowed range, inclusive. */
  min?: number;
  max?: number;
  /** For `attribute`: the parameter may be left empty (no grouping / no filter). */
  optional?: boolean;
  /**
   * For `attribute`: a numeric column a joined file adds to PersonAttributes (not an HR
   * attribute of the export). Without one the analysis does not run: the user is told to join
   * `file` (error `analysis/needs-joined-file`), never given a fallback column.
   */
  joined?: { file: string };
}

export type ParamValues = Record<string, string | number | boolean | null>;

export interface ResultColumnSpec {
  name: string;
  label: string;
  unit?: string;
  /**
   * `group` columns name the group (or a second key: a week, an hour, a bin); `people` columns
   * are distinct-people counts the guard adds or checks; `metric` columns are values.
   */
  role: 'group' | 'people' | 'metric';
  exactness?: 'exact' | 'approximate';
  definition?: string;
  /** The documented columns the value reads; without its needs it is NULL (and the run says why). */
  inputs?: Inputs;
  /**
   * A key the chart draws by or the rows sort by whose values other shown columns already hold
   * (a heatmap row "Sales · Mon" beside Group and Weekday): kept in the result, not in the table
   * or its CSV, where it read as a duplicate.
   */
  hidden?: boolean;
  /**
   * A value a table row of a slot the guard hid (a heatmap's hatched cell, shownRows.ts) still
   * shows, as it is public elsewhere: `sameAs`, the value every shown row with the same values of
   * these keys has (a group's size, on the group's shown rows); `rule: 'workingHours'`, whether
   * the slot's weekday (`dow`) and hour are in working hours (workingHours.ts).
   */
  knownInHiddenSlot?: { sameAs: string[] } | { rule: 'workingHours' };
}

/**
 * How to draw a result. The UI renders it next to the result table; every column named here is a
 * result column of the same view. Only aggregates ever reach a chart: box plots carry quantiles
 * (never points), networks carry groups (never people).
 */
export interface ChartSpec {
  kind: 'bar' | 'box' | 'line' | 'heatmap' | 'network' | 'scatter';
  /** Category or x-axis column. */
  x: string;
  /** Value columns (one series each); for a heatmap, the y-axis category column. */
  y: string[];
  title: string;
  /** A column whose values split the data into series (one line per group, grouped bars). */
  series?: string;
  /** heatmap: the cell value column. */
  value?: string;
  /** box: the columns holding the box statistics (whiskers are percentiles, not extremes). */
  box?: { low: string; q1: string; median: string; q3: string; high: string; mean?: string };
  /** network: rows are nodes; edges are the result's `edgesTable` related table. */
  network?: { node: string; size?: string; color?: string; edgesTable: string; source: string; target: string; weight: string };
  xLabel?: string;
  yLabel?: string;
  /** Fixed category order for x (weekdays, bins); otherwise the rows' order. */
  xOrder?: string[];
  horizontal?: boolean;
  stacked?: boolean;
}

/**
 * A grouped query: `unitsSql` returns one row per unit of analysis (a thread, a person-week…) with
 * a `grp` column (the group label), a `person` column (the person the unit belongs to) and metric
 * columns; `aggregates` turn units into group values. The guard options (`dimensions`,
 * `compositeKey`, `counterpart`, `populationSql`, `peopleChecks`, `finalSql`) are in `GuardSpec`.
 */
export type GroupedQuery = GuardSpec;

/** What `build` returns: the main grouped query and any related ones (network edges). */
export interface AnalysisPlan {
  main: GroupedQuery;
  /** Further guarded outputs shown with the main one, by name (e.g. `edges`). */
  related?: Record<string, GroupedQuery>;
  /** Derived tables the SQL reads; the backend builds them (once per ingest) before running. */
  requires: DerivedName[];
  /**
   * Relations several outputs read, by name; their SQL refers to one as `{{name}}`. The backend
   * computes each once (a temporary table); the SQL shown inlines it, so it stays one statement.
   */
  shared?: Record<string, string>;
  /**
   * The attribute (a PersonAttributes column) the outputs' `grp` holds, when it is one: the guard
   * then compares its groups with the groups of every other attribute (differencing).
   */
  groupedBy?: string;
  /**
   * Notes from whole-data facts that reveal nobody (such as a category with no rows at all): each
   * query runs on the run's connection and its rows become at most one note.
   */
  notes?: { sql: string; note(rows: Record<string, unknown>[]): string | undefined }[];
}

/** Replace `{{name}}` references by each shared relation's SQL (as a subquery), or by `as(name)`. */
export function inlineShared(sql: string, shared: Record<string, string> | undefined, as?: (name: string) => string): string {
  if (!shared) return sql;
  return sql.replace(/\{\{(\w+)\}\}/g, (m, name: string) => (shared[name] === undefined ? m : as ? as(name) : `(${shared[name]})`));
}

export interface AnalysisDef {
  id: string;
  title: string;
  question: string;
  definition: string;
  params: AnalysisParam[];
  /** Result columns of the default view; `columnsByView` overrides per value of the `view` param. */
  columns: ResultColumnSpec[];
  columnsByView?: Record<string, ResultColumnSpec[]>;
  chart: ChartSpec;
  chartsByView?: Record<string, ChartSpec>;
  /** Columns of related outputs, by name. */
  relatedColumns?: Record<string, ResultColumnSpec[]>;
  /** `network`: the backend adds graph measures (degree, betweenness, PageRank, community) to the nodes. */
  postProcess?: 'network';
  /**
   * The documented columns (`Table.Column`) read: without its `needs` the analysis does not run
   * (error `analysis/missing-columns`); `reads` lists every column it reads.
   */
  inputs: Inputs;
  /** Further needs that depend on the parameters (the activity chosen, say). */
  needsFor?(params: ParamValues): Need[];
  /** The SQL; `ctx` says what the export lacks, so values it cannot give are NULL (complete export by default). */
  build(params: ParamValues, ctx?: BuildContext): AnalysisPlan;
}

/**
 * The chart and columns for the view a run used (the `view` parameter, when the analysis has one).
 * A chart column written `$name` stands for the value of parameter `name` (e.g. the chosen metric).
 */
export function viewOf(def: AnalysisDef, params: ParamValues): { chart: ChartSpec; columns: ResultColumnSpec[] } {
  const view = typeof params.view === 'string' ? params.view : undefined;
  const chart = (view && def.chartsByView?.[view]) || def.chart;
  const fill = (c: string) => (c.startsWith('$') ? String(params[c.slice(1)] ?? c) : c);
  return {
    chart: { ...chart, x: fill(chart.x), y: chart.y.map(fill), ...(chart.value ? { value: fill(chart.value) } : {}) },
    columns: ((view && def.columnsByView?.[view]) || def.columns).map((c) => (c.label.includes('$') ? { ...c, label: fillLabel(def, params, c.label) } : c)),
  };
}

/** A column label naming a parameter (`$metric`) shows the chosen option's words ("Collaboration hours"). */
function fillLabel(def: AnalysisDef, params: ParamValues, label: string): string {
  return label.replace(/\$(\w+)/g, (token, name: string) => {
    const param = def.params.find((p) => p.name === name);
    const value = params[name] ?? param?.default;
    return param && value !== null && value !== undefined ? optionLabel(param, String(value)) : token;
  });
}

/** The words a user reads for an enum option: its declared label, else `by-function` → "By function". */
export function optionLabel(param: AnalysisParam, option: string): string {
  const label = param.optionLabels?.[option];
  if (label) return label;
  const words = option.replace(/[-_]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
