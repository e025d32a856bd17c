/**
 * The audit report as one CSV table (for spreadsheets and tickets): one row per finding, check,
 * k-anonymity set, small combination and column, tagged by section.
 */
import { countedLabel, populationNote, type AuditReport } from './types.js';
import { neutraliseFormula } from '../format/spreadsheetSafe.js';
import { countOf } from '../format/plural.js';
import { groupNoun } from './setWording.js';
import { csvField } from '../format/csvField.js';

export const AUDIT_CSV_HEADER = ['section', 'severity', 'table', 'column', 'item', 'value', 'detail'] as const;

function field(v: string | number | undefined | null): string {
  const s = v === undefined || v === null ? '' : String(v);
  const safe = neutraliseFormula(s);
  return csvField(safe);
}

const rate = (x: number) => x.toFixed(4);

export function renderAuditCsv(report: AuditReport): string {
  const rows: (string | number | undefined | null)[][] = [];
  rows.push(['summary', '', '', '', 'workspace', report.workspace, `audited ${report.createdAt}; ${countOf(report.summary.tables, 'table')}, ${countOf(report.summary.columns, 'column')}`]);
  rows.push(['summary', '', '', '', 'counts', '', `${countOf(report.summary.alerts, 'alert')}, ${countOf(report.summary.warnings, 'warning')}, ${countOf(report.summary.risks, 'risk')}, ${countOf(report.summary.infos, 'note')}`]);
  rows.push(['summary', '', '', '', 'method', '', report.method]);
  for (const f of report.findings) rows.push(['finding', f.severity, f.table, f.column, f.code, f.share !== undefined ? rate(f.share) : f.count, `${f.title}. ${f.detail}`]);
  for (const c of report.consistency) rows.push(['consistency', c.status, 'PersonHistorical', '', c.id, c.value, `${c.title}: ${c.detail}`]);
  const population = report.kAnonymity.population ?? { basis: 'people' as const };
  if (report.kAnonymity.population && report.kAnonymity.sets.length) rows.push(['k-anonymity', '', '', '', 'population', report.kAnonymity.population.counted, populationNote(report.kAnonymity.population)]);
  for (const s of report.kAnonymity.sets) {
    rows.push(['k-anonymity', s.peopleBelow > 0 ? 'risk' : 'ok', '', s.attributes.join(' × '), `${population.basis} below minimum`, s.peopleBelow, `${s.groupsBelow} of ${countOf(s.groups, groupNoun(s.attributes, false))} ${s.groupsBelow === 1 ? 'has' : 'have'} fewer than ${countOf(report.kAnonymity.minGroupSize, 'person', 'people')} (of ${countedLabel(population, s.people)})`]);
    for (const g of s.smallest) {
      rows.push(['small-combination', '', '', s.attributes.join(' × '), Object.values(g.values).map((v) => v ?? '(empty)').join(' | '), g.people, '']);
    }
  }
  for (const c of report.columns) {
    rows.push([
      'column',
      c.verdict,
      c.table,
      c.column,
      c.label,
      c.distinct,
      [`type ${c.type}`, `${c.nonEmpty} of ${c.rows} profiled rows non-empty`, c.formats.length ? `formats: ${c.formats.map((f) => `${f.label} ${(100 * f.share).toFixed(1)} %`).join(', ')}` : '', c.examples?.length ? `examples (redacted): ${c.examples.join('; ')}` : '']
        .filter(Boolean)
        .join('; '),
    ]);
  }
  return [AUDIT_CSV_HEADER.join(','), ...rows.map((r) => r.map(field).join(','))].join('\r\n') + '\r\n';
}
