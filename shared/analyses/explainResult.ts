/**
 * The sentence a result needs when it would otherwise draw nothing: no rows (and why: nothing to
 * count, every group or row below the minimum), or every charted value empty or 0 (and by which
 * rules). One place, so the CLI, the API and the screen say the same thing.
 */
import { countOf } from '../format/plural.js';
import type { ChartSpec, ResultColumnSpec } from './types.js';

type Row = Record<string, unknown>;

export interface ResultShape {
  rows: Row[];
  chart: ChartSpec;
  columns: ResultColumnSpec[];
  minGroupSize: number;
  suppression: { groupsTotal: number; groupsBelow: number; groupsDifferencing: number; groupsComplementary: number; cellsSuppressed: number; cellsComplementary: number };
}

export interface Explanation {
  kind: 'no-rows' | 'all-suppressed' | 'no-values' | 'all-zero';
  title: string;
  text: string;
}

const isNumber = (v: unknown) => typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)));

/** The chart's value columns (a network's node size counts: edges are drawn from related rows). */
function plotted(chart: ChartSpec): string[] {
  if (chart.kind === 'network') return [];
  if (chart.kind === 'heatmap') return [chart.value ?? chart.y[1] ?? chart.y[0]];
  if (chart.kind === 'box' && chart.box) return [chart.box.median];
  return chart.y;
}

function labelled(columns: ResultColumnSpec[], name: string): { label: string; definition?: string } {
  const c = columns.find((x) => x.name === name);
  if (!c) return { label: name };
  // A share column often carries its rule on the count column of the same label.
  const definition = c.definition ?? columns.find((x) => x.label === c.label && x.definition)?.definition;
  return { label: c.unit ? `${c.label} (${c.unit})` : c.label, definition };
}

export function explainResult(r: ResultShape): Explanation | undefined {
  const k = r.minGroupSize;
  const s = r.suppression;
  if (r.rows.length === 0) {
    if (s.groupsTotal === 0) {
      return { kind: 'no-rows', title: 'Nothing to count', text: 'No one in the chosen period has what this analysis counts. Widen the period or choose other parameters.' };
    }
    const hiddenGroups = s.groupsBelow + s.groupsDifferencing + s.groupsComplementary;
    if (hiddenGroups >= s.groupsTotal) {
      return { kind: 'all-suppressed', title: 'Every group is hidden', text: `Every group has fewer than ${countOf(k, 'person', 'people')}, or is hidden with them so it cannot be told apart. Choose a broader attribute, a longer period or a smaller minimum (never below 5).` };
    }
    if (s.cellsSuppressed + s.cellsComplementary > 0) {
      return { kind: 'all-suppressed', title: 'Every row is hidden', text: `Every row of the result holds fewer than ${countOf(k, 'person', 'people')} (or is hidden with one that does). Choose a broader attribute or a longer period.` };
    }
    return { kind: 'no-rows', title: 'Nothing to show', text: 'These parameters select no rows.' };
  }
  const cols = plotted(r.chart);
  if (cols.length === 0) return undefined;
  const values = r.rows.flatMap((row) => cols.map((c) => row[c]));
  if (values.every((v) => v === null || v === undefined)) {
    return { kind: 'no-values', title: 'No values to draw', text: `${cols.map((c) => labelled(r.columns, c).label).join(', ')}: empty in every row (hidden because too few people are in the subset, or not in the export).` };
  }
  if (values.every((v) => v === null || v === undefined || !isNumber(v) || Number(v) === 0) && values.some((v) => isNumber(v))) {
    const named = cols.map((c) => labelled(r.columns, c));
    const rules = named.filter((n) => n.definition).map((n) => `${n.label}: ${n.definition}`);
    return {
      kind: 'all-zero',
      title: 'Nothing found',
      text: `Every value charted is 0: no group has any ${named.map((n) => n.label).join(' or ')} by these rules.${rules.length ? ` ${rules.join(' ')}` : ''}`,
    };
  }
  return undefined;
}
