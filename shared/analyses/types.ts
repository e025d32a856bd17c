/**
 * What an analysis is: the question, its parameters, its SQL and how to show the result.
 *
 * SQL is plain DuckDB SQL over the export's tables, kept portable (no app functions) so it can
 * move to a distributed SQL engine. Grouped outputs are never run bare: the privacy guard wraps
 * them (see `guardedGroupSql`).
 */

export type ParamKind = 'attribute' | 'integer' | 'number' | 'enum' | 'boolean' | 'date';

export interface AnalysisParam {
  name: string;
  label: string;
  kind: ParamKind;
  default: string | number | boolean | null;
  description: string;
  /** For `enum`. */
  options?: string[];
}

export type ParamValues = Record<string, string | number | boolean | null>;

export interface ResultColumnSpec {
  name: string;
  label: string;
  unit?: string;
  /** `group` columns name the group; `people` is the distinct-people count the guard adds. */
  role: 'group' | 'people' | 'metric';
  exactness?: 'exact' | 'approximate';
  definition?: string;
}

export interface ChartSpec {
  kind: 'bar' | 'box' | 'line' | 'heatmap' | 'network' | 'scatter';
  x: string;
  y: string[];
  title: string;
}

/**
 * A grouped query in two parts: `unitsSql` returns one row per unit of analysis (a thread, a
 * person-week…) with a `grp` column (the group label), a `person` column (the masked EmailAddress
 * of the person the unit belongs to) and metric columns; `aggregates` turn units into group values.
 */
export interface GroupedQuery {
  unitsSql: string;
  aggregates: { name: string; sql: string }[];
  orderBy?: string;
}

export interface AnalysisDef {
  id: string;
  title: string;
  question: string;
  definition: string;
  params: AnalysisParam[];
  columns: ResultColumnSpec[];
  chart: ChartSpec;
  build(params: ParamValues): GroupedQuery;
}
