/**
 * The rows an analysis table (and its CSV) shows: the result's rows and, where the chart hatches
 * slots the privacy guard left out (a heatmap's missing group × hour cells), a row for each of
 * those too, its keys filled in and every value hidden, so the table says what the chart says —
 * but for the values public elsewhere that a column declares (`knownInHiddenSlot`: the group's
 * size, on its shown rows; whether the slot is in working hours, from weekday and hour).
 */
import type { Row } from '../../../../shared/api/contract.js';
import type { ParamValues } from '../../../../shared/analyses/types.js';
import { isWorkingHour } from '../../../../shared/analyses/workingHours.js';
import { heatmapHiddenSlots, toText, type ChartData, type HiddenCell } from '../../charts/chartOption.js';

export interface ShownRow {
  row: Row;
  /** A slot the guard left out (`cell`), or that may also be one nobody is in (`cell-or-empty`). */
  hidden?: Exclude<HiddenCell[3], 'value'>;
}

/** A hidden slot's value of a column that declares it public elsewhere (see the module's comment), or null. */
function knownValue(spec: ChartData['columns'][number], row: Row, rows: Row[], params: ParamValues): Row[string] {
  const known = spec.knownInHiddenSlot;
  if (!known) return null;
  if ('rule' in known) return typeof row.dow === 'number' && typeof row.hour === 'number' ? isWorkingHour(params, row.dow, row.hour) : null;
  if (known.sameAs.some((k) => row[k] === null || row[k] === undefined)) return null;
  const values = rows.filter((r) => known.sameAs.every((k) => r[k] === row[k])).map((r) => r[spec.name]);
  // Only a value every such shown row has: a hidden or differing one fills nothing.
  return values.length > 0 && values.every((v) => v !== null && v === values[0]) ? values[0] : null;
}

/** `params`: the run's, for a rule-given value (working hours). */
export function shownRows(data: ChartData, params: ParamValues = {}): ShownRow[] {
  const slots = heatmapHiddenSlots(data).filter((s): s is typeof s & { hidden: NonNullable<ShownRow['hidden']> } => s.hidden !== 'value');
  const real = data.rows.map((row): ShownRow => ({ row }));
  if (slots.length === 0) return real;
  const xCol = data.spec.x;
  const yCol = data.spec.y[0];
  const keys = data.columns.filter((c) => c.role === 'group' && c.name !== xCol).map((c) => c.name);
  // A left-out slot's keys are those its chart row shares on every row (group, weekday…); its x is the column's.
  const byY = new Map<string, Row[]>();
  for (const r of data.rows) byY.set(toText(r[yCol]), [...(byY.get(toText(r[yCol])) ?? []), r]);
  const numericX = data.rows.some((r) => typeof r[xCol] === 'number');
  const hidden = slots.map(({ x, y, hidden }): ShownRow => {
    const same = byY.get(y) ?? [];
    const row: Row = Object.fromEntries(data.rows.length ? Object.keys(data.rows[0]).map((k) => [k, null]) : []);
    for (const k of keys) if (same.length && same.every((r) => r[k] === same[0][k])) row[k] = same[0][k];
    if (same.length === 0) row[yCol] = y;
    row[xCol] = numericX && x !== '' && !Number.isNaN(Number(x)) ? Number(x) : x;
    for (const spec of data.columns) if (spec.knownInHiddenSlot) row[spec.name] = knownValue(spec, row, data.rows, params);
    return { row, hidden };
  });
  // In the chart's order: by row, then column (the result is ordered so already).
  const ys = [...byY.keys()];
  const xs = [...new Set([...data.rows.map((r) => toText(r[xCol])), ...slots.map((s) => s.x)])];
  const order = (s: ShownRow) => [ys.indexOf(toText(s.row[yCol])), numericX ? Number(s.row[xCol]) : xs.indexOf(toText(s.row[xCol]))];
  return [...real, ...hidden].map((s, i) => ({ s, i, o: order(s) })).sort((a, b) => a.o[0] - b.o[0] || a.o[1] - b.o[1] || a.i - b.i).map((e) => e.s);
}
