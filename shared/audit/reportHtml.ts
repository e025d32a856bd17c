/**
 * The audit report as one self-contained HTML page (inline styles, no scripts, no external
 * resources) that an admin can open anywhere, attach to a ticket or print.
 */
import { COLUMN_CLASS_LABELS, populationNote, SEVERITY_MEANINGS, SEVERITY_ORDER, type AuditReport, type Severity } from './types.js';
import { countOf } from '../format/plural.js';
import { groupNoun, groupsHeading } from './setWording.js';

export function escapeHtml(s: string | number | undefined | null): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;margin:2rem auto;max-width:1100px;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
.meta{color:#57606a}.method{background:#f6f8fa;border-left:4px solid #8c959f;padding:.6rem .9rem;margin:1rem 0}
.legend{color:#57606a;font-size:.9rem;line-height:1.9}
.cards{display:flex;gap:.8rem;flex-wrap:wrap;margin:1rem 0}.card{border:1px solid #d0d7de;border-radius:8px;padding:.6rem 1rem;min-width:8rem}
.card b{display:block;font-size:1.5rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #eaeef2;vertical-align:top}
th{background:#f6f8fa;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
.sev{display:inline-block;border-radius:10px;padding:0 .5rem;font-size:.8rem;font-weight:600;color:#fff}
.alert{background:#cf222e}.warning{background:#bf8700}.risk{background:#8250df}.info{background:#0969da}.ok{background:#1a7f37}.skipped{background:#8c959f}
code{font-family:ui-monospace,Consolas,monospace;font-size:.85em}
@media print{body{margin:0}.card{break-inside:avoid}}
`;

function badge(s: Severity | 'ok' | 'skipped'): string {
  return `<span class="sev ${s}">${escapeHtml(s)}</span>`;
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

export function renderAuditHtml(report: AuditReport): string {
  const s = report.summary;
  const parts: string[] = [];
  parts.push(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`);
  parts.push(`<title>Privacy audit — ${escapeHtml(report.workspace)}</title><style>${STYLE}</style></head><body>`);
  parts.push(`<h1>Privacy audit — ${escapeHtml(report.workspace)}</h1>`);
  parts.push(`<p class="meta">${escapeHtml(report.createdAt)} · ${countOf(s.tables, 'table')} · ${countOf(s.columns, 'column')} · large tables sampled to ${countOf(report.sampleRows, 'row')} · ${report.seconds.toFixed(1)} s</p>`);
  parts.push(`<div class="cards">${(
    [
      ['alert', s.alerts, 'alerts'],
      ['warning', s.warnings, 'warnings'],
      ['risk', s.risks, 'k-anonymity risks'],
      ['info', s.infos, 'notes'],
    ] as const
  )
    .map(([sev, n, label]) => `<div class="card">${badge(sev)}<b>${n}</b>${label}</div>`)
    .join('')}</div>`);
  parts.push(`<p class="method">${escapeHtml(report.method)}</p>`);

  parts.push('<h2>Findings</h2>');
  if (report.findings.length === 0) parts.push('<p>Nothing to report: every column looks as the export should, and pseudonyms are consistent.</p>');
  else {
    parts.push(`<p class="legend">${(Object.keys(SEVERITY_ORDER) as Severity[]).map((sev) => `${badge(sev)} ${escapeHtml(SEVERITY_MEANINGS[sev])}`).join('<br>')}</p>`);
    parts.push('<table><thead><tr><th>Severity</th><th>Where</th><th>Finding</th></tr></thead><tbody>');
    for (const f of report.findings) {
      parts.push(`<tr><td>${badge(f.severity)}</td><td><code>${escapeHtml([f.table, f.column].filter(Boolean).join('.'))}</code></td><td><b>${escapeHtml(f.title)}</b><br>${escapeHtml(f.detail)}</td></tr>`);
    }
    parts.push('</tbody></table>');
  }

  parts.push('<h2>Pseudonym consistency</h2>');
  if (report.consistency.length === 0) parts.push('<p>No PersonHistorical table in this workspace.</p>');
  else {
    parts.push('<table><thead><tr><th>Check</th><th>Result</th><th>Detail</th></tr></thead><tbody>');
    for (const c of report.consistency) parts.push(`<tr><td>${escapeHtml(c.title)}</td><td>${badge(c.status)}</td><td>${escapeHtml(c.detail)}</td></tr>`);
    parts.push('</tbody></table>');
  }

  const k = report.kAnonymity;
  parts.push(`<h2>k-anonymity (minimum group size ${k.minGroupSize})</h2>`);
  if (k.note) parts.push(`<p>${escapeHtml(k.note)}</p>`);
  if (k.population && k.sets.length) parts.push(`<p>${escapeHtml(populationNote(k.population))}</p>`);
  const counted = k.population?.basis === 'measured employees' ? 'Measured employees' : 'People';
  if (k.sets.length) {
    parts.push(`<table><thead><tr><th>Attributes</th><th class="num">${counted}</th><th class="num">${groupsHeading(k.sets)}</th><th class="num">Below minimum</th><th class="num">${counted} in them</th></tr></thead><tbody>`);
    for (const set of k.sets) {
      parts.push(
        `<tr><td>${escapeHtml(set.attributes.join(' × '))}</td><td class="num">${set.people}</td><td class="num">${set.groups}</td><td class="num">${set.groupsBelow}</td><td class="num">${set.peopleBelow}${set.people ? ` (${pct(set.peopleBelow / set.people)} of ${set.people})` : ''}</td></tr>`,
      );
    }
    parts.push('</tbody></table>');
    for (const set of k.sets.filter((x) => x.smallest.length > 0)) {
      parts.push(`<h3>Smallest ${groupNoun(set.attributes)} of ${escapeHtml(set.attributes.join(' × '))}</h3><table><thead><tr>${set.attributes.map((a) => `<th>${escapeHtml(a)}</th>`).join('')}<th class="num">${counted}</th></tr></thead><tbody>`);
      for (const g of set.smallest) parts.push(`<tr>${set.attributes.map((a) => `<td>${escapeHtml(g.values[a] ?? '(empty)')}</td>`).join('')}<td class="num">${g.people}</td></tr>`);
      parts.push('</tbody></table>');
    }
  }

  parts.push('<h2>Columns</h2><table><thead><tr><th>Table</th><th>Column</th><th>Type</th><th>Holds</th><th>Token formats</th><th class="num">Non-empty</th><th class="num">Distinct</th><th>Verdict</th></tr></thead><tbody>');
  for (const c of report.columns) {
    const formats = c.formats.map((f) => `${f.label} ${pct(f.share)}`).join(', ');
    const examples = c.examples?.length ? `<br><small>e.g. ${escapeHtml(c.examples.join(' · '))}</small>` : '';
    parts.push(
      `<tr><td>${escapeHtml(c.table)}${c.source === 'dataset' ? ' <small>(imported)</small>' : ''}</td><td><code>${escapeHtml(c.column)}</code>${c.pseudonymExpected ? ' <small>(masked)</small>' : ''}</td><td>${escapeHtml(c.type)}</td><td>${escapeHtml(COLUMN_CLASS_LABELS[c.class])}${examples}</td><td>${escapeHtml(formats)}</td><td class="num">${c.rows ? pct(c.nonEmpty / c.rows) : '–'}</td><td class="num">${c.distinct}</td><td>${badge(c.verdict)}</td></tr>`,
    );
  }
  parts.push('</tbody></table>');
  parts.push(`<h2>Tables</h2><table><thead><tr><th>Table</th><th>Source</th><th class="num">Rows</th><th class="num">Profiled</th></tr></thead><tbody>`);
  for (const t of report.tables) parts.push(`<tr><td>${escapeHtml(t.table)}</td><td>${t.source === 'export' ? 'export' : 'imported file'}</td><td class="num">${t.rows.toLocaleString('en-US')}</td><td class="num">${t.profiledRows.toLocaleString('en-US')}</td></tr>`);
  parts.push('</tbody></table></body></html>\n');
  return parts.join('\n');
}
