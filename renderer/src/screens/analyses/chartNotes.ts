/**
 * What an exported chart says about itself, from what the run and the workspace already report:
 * a subtitle (the analysis and its settings) and notes (the minimum group size and what it merged
 * or hid, the run's own caveats, and the dates the export's activity covers).
 */
import type { TableSummary } from '../../../../shared/api/contract.js';
import { optionLabel } from '../../../../shared/analyses/types.js';
import { EXPORT_SCHEMA, type TableName } from '../../../../shared/schema/exportSchema.js';
import type { CatalogueEntry, RunResult } from './catalogue.js';

/** "Person-week collaboration metrics · Group by: FunctionType · View: Trend". */
export function chartSubtitle(entry: CatalogueEntry, result: RunResult): string {
  const settings = entry.params.flatMap((p) => {
    const v = result.params[p.name];
    if (v === null || v === undefined || v === '' || v === false) return [];
    if (p.kind === 'enum') return [`${p.label}: ${optionLabel(p, String(v))}`];
    if (p.kind === 'attribute' || p.kind === 'date' || p.kind === 'boolean') return [p.kind === 'boolean' ? p.label : `${p.label}: ${String(v)}`];
    return [];
  });
  return [entry.title, ...settings].join(' · ');
}

/** First and last day of activity over the export's event tables (HR validity dates are not activity). */
export function activityDates(tables: TableSummary[]): { first: string; last: string } | undefined {
  const ranges = tables.filter((t) => t.kind === 'export' && !EXPORT_SCHEMA[t.name as TableName]?.extraColumnsAreHrAttributes && t.dateRange?.min && t.dateRange.max);
  if (ranges.length === 0) return undefined;
  const days = (pick: (t: TableSummary) => string) => ranges.map((t) => pick(t).slice(0, 10)).sort();
  return { first: days((t) => t.dateRange?.min ?? '')[0], last: days((t) => t.dateRange?.max ?? '').at(-1) ?? '' };
}

export function chartNotes(result: RunResult, tables: TableSummary[]): string[] {
  const dates = activityDates(tables);
  const from = typeof result.params.from === 'string' && result.params.from ? result.params.from : undefined;
  const to = typeof result.params.to === 'string' && result.params.to ? result.params.to : undefined;
  const period = from || to ? `Weeks ${from ? `from the week of ${from}` : 'from the start'} ${to ? `to the week of ${to}` : 'to the end'}` : undefined;
  const data = dates ? `activity from ${dates.first} to ${dates.last}` : undefined;
  const when = period && data ? `${period} (data: ${data}).` : period ? `${period}.` : data ? `Data: ${data}.` : undefined;
  return [`Minimum group size ${result.minGroupSize}. ${result.suppression.note}`, ...(result.notes ?? []), ...(when ? [when] : [])];
}
