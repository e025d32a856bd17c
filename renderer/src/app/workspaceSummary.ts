/** What the sidebar says about the open workspace: its rows, the dates its data covers, its last sync. */
import type { WorkspaceInfo } from '../../../shared/api/contract.js';
import { formatRelative, formatSpan, plural } from '../lib/format.js';

export function exportRows(info: WorkspaceInfo): { rows: number; uncounted: boolean; tables: number } {
  const t = info.tables.filter((x) => x.kind === 'export');
  return { rows: t.reduce((n, x) => n + (x.rows ?? 0), 0), uncounted: t.some((x) => x.rows === null), tables: t.length };
}

/** "Data Dec 31, 2023 – Jan 15, 2024": the weeks the export's events cover. */
export function dataDates(range: { min: string; max: string } | undefined): string | undefined {
  return range ? `Data ${formatSpan(range.min, range.max)}` : undefined;
}

/** The span of the event tables (PersonHistorical's HR history reaches back years before them). */
export function infoDateRange(info: WorkspaceInfo): { min: string; max: string } | undefined {
  const ranges = info.tables.flatMap((t) => (t.kind === 'export' && t.name !== 'PersonHistorical' && t.dateRange?.min && t.dateRange.max ? [{ min: t.dateRange.min, max: t.dateRange.max }] : []));
  if (ranges.length === 0) return undefined;
  return { min: ranges.map((r) => r.min).sort()[0], max: ranges.map((r) => r.max).sort().at(-1)! };
}

export function syncedLine(lastSync: string | undefined): string | undefined {
  return lastSync ? `Synced ${formatRelative(lastSync)}` : undefined;
}

export function rowsLine(rows: number, tables: number): string {
  return tables === 0 ? 'No export loaded' : `${plural(rows, 'row')} in ${plural(tables, 'table')}`;
}
