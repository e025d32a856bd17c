/**
 * An analysis result as an ECharts option, driven only by the catalogue's chart spec and the
 * result's columns: bar, box, line, heatmap, network and scatter. Only aggregates reach a chart
 * (the privacy guard ran before); the merged "Other" group is drawn muted.
 */
import type { Json, Row } from '../../../shared/api/contract.js';
import { EMPTY_GROUP_LABEL, type ChartSpec, type ResultColumnSpec } from '../../../shared/analyses/types.js';
import { OTHER_GROUP_LABEL } from '../../../shared/privacy.js';
import type { Palette } from '../theme/palette.js';
import { cellHiddenWhy, maskedWhy } from '../lib/maskedWords.js';
import type { ChartOption, SeriesOption } from './echarts.js';

export interface ChartData {
  spec: ChartSpec;
  columns: ResultColumnSpec[];
  rows: Row[];
  /** Related outputs by name (a network's edges). */
  related?: Record<string, { rows: Row[] }>;
  /**
   * What the privacy guard hid: columns whose NULLs are hidden values (not "no data"), the size it
   * hid below, and how many output cells it left out (a heatmap's gaps).
   */
  masked?: { columns: string[]; minGroupSize: number; cellsHidden?: number };
}

/** A heatmap's legend entry for its cells hidden by the privacy guard. */
export const HIDDEN_CELLS_LABEL = 'Hidden for privacy';

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

export function toNumber(v: Json | undefined): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return null;
}

export function toText(v: Json | undefined): string {
  // An empty value is a group too, and every series and category needs a name to show.
  if (v === null || v === undefined || v === '') return EMPTY_GROUP_LABEL;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

class Columns {
  constructor(private readonly specs: ResultColumnSpec[]) {}
  spec(name: string): ResultColumnSpec | undefined {
    return this.specs.find((c) => c.name === name);
  }
  /** "Mean thread length (emails)". */
  label(name: string): string {
    const c = this.spec(name);
    if (!c) return name;
    return c.unit && c.unit !== '%' ? `${c.label} (${c.unit})` : c.unit === '%' ? `${c.label} (%)` : c.label;
  }
  value(name: string, v: Json | undefined): string {
    const n = toNumber(v);
    if (n === null) return toText(v);
    const unit = this.spec(name)?.unit;
    return `${numberFormat.format(n)}${unit === '%' ? '%' : unit ? ` ${unit}` : ''}`;
  }
  get people(): string | undefined {
    return this.specs.find((c) => c.role === 'people')?.name;
  }
  get firstGroup(): string | undefined {
    return this.specs.find((c) => c.role === 'group')?.name;
  }
}

/** Distinct values of a column: in the spec's order, else sorted when they are numbers or dates, else as they come. */
function categories(rows: Row[], column: string, order?: string[], sortable = false): string[] {
  const seen = [...new Set(rows.map((r) => toText(r[column])))];
  if (order && order.length > 0) return [...order.filter((o) => seen.includes(o)), ...seen.filter((s) => !order.includes(s))];
  if (sortable) {
    if (seen.every((s) => toNumber(s) !== null)) return seen.sort((a, b) => Number(a) - Number(b));
    if (seen.every((s) => /^\d{4}-\d{2}-\d{2}/.test(s))) return seen.sort();
  }
  return seen;
}

/** How a chart is drawn: on screen the panel shows its title; an exported image frames it (exportImage.ts). */
export interface ChartLook {
  palette: Palette;
}

/** Where the plot starts below the (on-screen, scrollable) legend. */
function gridTop(legend: boolean): number {
  return legend ? 44 : 16;
}

function base(look: ChartLook, legend: boolean): ChartOption {
  const p = look.palette;
  return {
    backgroundColor: 'transparent',
    color: p.series,
    textStyle: { fontFamily: FONT, color: p.text },
    title: { show: false },
    legend: legend ? { type: 'scroll', top: 4, left: 6, right: 6, textStyle: { color: p.muted, fontSize: 11 }, pageTextStyle: { color: p.muted } } : { show: false },
    // The plot shrinks until its axis labels and axis titles fit (containLabel left titles out: "ours per week").
    grid: { left: 12, right: 20, top: gridTop(legend), bottom: 12, outerBoundsMode: 'same', outerBoundsContain: 'all' },
    tooltip: { confine: true, backgroundColor: p.surface, borderColor: p.grid, textStyle: { color: p.text, fontSize: 12 }, extraCssText: 'box-shadow: 0 4px 14px rgba(0,0,0,.18); border-radius: 6px;' },
    aria: { enabled: true },
    animationDuration: 300,
  };
}

function categoryAxis(p: Palette, data: string[], name?: string, horizontal = false) {
  return {
    type: 'category' as const,
    data,
    name,
    nameLocation: 'middle' as const,
    // The name moves clear of the axis labels by itself; the gap is what is left between them.
    nameGap: 10,
    nameMoveOverlap: true,
    nameTextStyle: { color: p.muted, fontSize: 11 },
    inverse: horizontal,
    axisLine: { lineStyle: { color: p.grid } },
    axisTick: { show: false },
    axisLabel: { color: p.muted, fontSize: 11, width: horizontal ? 150 : 110, overflow: 'truncate' as const, interval: horizontal ? 0 : ('auto' as const), hideOverlap: true },
  };
}

function valueAxis(p: Palette, name?: string) {
  return {
    type: 'value' as const,
    name,
    nameLocation: 'middle' as const,
    nameGap: 10,
    nameMoveOverlap: true,
    nameTextStyle: { color: p.muted, fontSize: 11 },
    axisLine: { show: false },
    axisLabel: { color: p.muted, fontSize: 11 },
    splitLine: { lineStyle: { color: p.grid } },
    scale: false,
  };
}

/** Rows → one series per y column, or one per value of the spec's series column. */
function seriesValues(rows: Row[], spec: ChartSpec, cats: string[], cols: Columns): { name: string; key: string; data: (number | null)[] }[] {
  const at = (subset: Row[], col: string) => cats.map((c) => toNumber(subset.find((r) => toText(r[spec.x]) === c)?.[col]));
  if (spec.series) {
    const names = categories(rows, spec.series);
    return names.map((name) => ({ name, key: spec.y[0], data: at(rows.filter((r) => toText(r[spec.series as string]) === name), spec.y[0]) }));
  }
  return spec.y.map((col) => ({ name: cols.label(col), key: col, data: at(rows, col) }));
}

function axisTooltip(cols: Columns, spec: ChartSpec, rows: Row[]) {
  return (raw: unknown): string => {
    const items = (Array.isArray(raw) ? raw : [raw]) as { name?: string; axisValueLabel?: string; seriesName?: string; value?: unknown; marker?: string }[];
    const category = items[0]?.axisValueLabel ?? items[0]?.name ?? '';
    const row = rows.find((r) => toText(r[spec.x]) === category);
    const people = cols.people && row && !spec.series ? `<div style="opacity:.7">${escapeHtml(cols.label(cols.people))}: ${escapeHtml(cols.value(cols.people, row[cols.people]))}</div>` : '';
    const lines = items
      .filter((i) => i.value !== null && i.value !== undefined && i.value !== '-')
      .map((i) => `<div>${i.marker ?? ''}${escapeHtml(i.seriesName ?? '')}: <b>${escapeHtml(numberFormat.format(Number(i.value)))}</b></div>`)
      .join('');
    return `<div style="font-weight:600;margin-bottom:2px">${escapeHtml(category)}</div>${lines}${people}`;
  };
}

function barOption(d: ChartData, look: ChartLook): ChartOption {
  const p = look.palette;
  const { spec, rows } = d;
  const cols = new Columns(d.columns);
  const cats = categories(rows, spec.x, spec.xOrder);
  const series = seriesValues(rows, spec, cats, cols);
  const horizontal = spec.horizontal ?? (cats.length > 8 || Math.max(0, ...cats.map((c) => c.length)) > 12);
  const valueName = series.length === 1 && !spec.series ? cols.label(series[0].key) : spec.yLabel;
  const single = series.length === 1;
  const o = base(look, series.length > 1);
  const catAxis = categoryAxis(p, cats, spec.xLabel ?? (horizontal ? undefined : cols.label(spec.x)), horizontal);
  const valAxis = valueAxis(p, spec.yLabel ?? valueName);
  o.xAxis = horizontal ? valAxis : catAxis;
  o.yAxis = horizontal ? catAxis : valAxis;
  o.tooltip = { ...(o.tooltip as object), trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: axisTooltip(cols, spec, rows) };
  o.series = series.map(
    (s): SeriesOption => ({
      type: 'bar',
      name: s.name,
      stack: spec.stacked ? 'total' : undefined,
      barMaxWidth: 34,
      itemStyle: { borderRadius: horizontal ? [0, 3, 3, 0] : [3, 3, 0, 0] },
      data: s.data.map((v, i) => (single && cats[i] === OTHER_GROUP_LABEL ? { value: v ?? undefined, itemStyle: { color: p.muted, opacity: 0.55 } } : v)),
    }),
  );
  return o;
}

function lineOption(d: ChartData, look: ChartLook): ChartOption {
  const p = look.palette;
  const { spec, rows } = d;
  const cols = new Columns(d.columns);
  const cats = categories(rows, spec.x, spec.xOrder, true);
  const series = seriesValues(rows, spec, cats, cols);
  const o = base(look, series.length > 1);
  o.xAxis = { ...categoryAxis(p, cats, spec.xLabel ?? cols.label(spec.x)), boundaryGap: false };
  o.yAxis = valueAxis(p, spec.yLabel ?? (series.length === 1 || spec.series ? cols.label(spec.y[0]) : undefined));
  o.tooltip = { ...(o.tooltip as object), trigger: 'axis', formatter: axisTooltip(cols, spec, rows) };
  o.series = series.map((s): SeriesOption => ({ type: 'line', name: s.name, data: s.data, showSymbol: cats.length <= 30, symbolSize: 5, smooth: false, lineStyle: { width: 2 }, connectNulls: false }));
  return o;
}

function scatterOption(d: ChartData, look: ChartLook): ChartOption {
  const p = look.palette;
  const { spec, rows } = d;
  const cols = new Columns(d.columns);
  const labelCol = cols.firstGroup ?? spec.x;
  const groups = spec.series ? categories(rows, spec.series) : [undefined];
  const ys = spec.series ? [spec.y[0]] : spec.y;
  const o = base(look, groups.length > 1 || ys.length > 1);
  o.xAxis = { ...valueAxis(p, spec.xLabel ?? cols.label(spec.x)), scale: true };
  o.yAxis = { ...valueAxis(p, spec.yLabel ?? cols.label(ys[0])), scale: true };
  o.tooltip = {
    ...(o.tooltip as object),
    trigger: 'item',
    formatter: (raw: unknown) => {
      const item = raw as { data?: [number, number, string]; seriesName?: string; marker?: string };
      const [x, y, name] = item.data ?? [0, 0, ''];
      return `<div style="font-weight:600">${escapeHtml(name)}</div><div>${escapeHtml(cols.label(spec.x))}: <b>${numberFormat.format(x)}</b></div><div>${item.marker ?? ''}${escapeHtml(item.seriesName ?? '')}: <b>${numberFormat.format(y)}</b></div>`;
    },
  };
  const few = rows.length <= 24;
  o.series = groups.flatMap((g) =>
    ys.map(
      (yCol): SeriesOption => ({
        type: 'scatter',
        name: g ?? cols.label(yCol),
        symbolSize: 10,
        data: rows
          .filter((r) => g === undefined || toText(r[spec.series as string]) === g)
          .map((r) => [toNumber(r[spec.x]), toNumber(r[yCol]), toText(r[labelCol])])
          .filter((pt): pt is [number, number, string] => pt[0] !== null && pt[1] !== null),
        label: few ? { show: true, position: 'right', fontSize: 10, color: p.muted, formatter: (x: { data?: unknown }) => String((x.data as [number, number, string])[2]) } : undefined,
      }),
    ),
  );
  return o;
}

/**
 * A heatmap names every row (a reader cannot tell a row without its label from its neighbours):
 * on screen each row gets this many pixels, room for its 11 px label, and the chart grows past its
 * box when the rows need it (many groups × weekdays). A picture of fixed size shrinks the labels
 * to fit instead (exportImage.ts).
 */
export const HEATMAP_ROW_PX = 14;
/** Around a heatmap's rows: the top margin, the hour labels and axis title, the colour scale. */
const HEATMAP_FRAME_PX = 100;

/** The height a chart needs to label every row (a heatmap's), or undefined when any box will do. */
export function chartMinHeight(d: ChartData): number | undefined {
  if (d.spec.kind !== 'heatmap') return undefined;
  const legend = heatmapHiddenCells(d).length > 0 ? gridTop(true) - gridTop(false) : 0;
  return categories(d.rows, d.spec.y[0]).length * HEATMAP_ROW_PX + HEATMAP_FRAME_PX + legend;
}

/**
 * A heatmap's cells the privacy guard hid: values it emptied (`value`), and grid slots without a
 * row when the guard left cells out (`cell`: every gap can be one of them; `cell-or-empty`: fewer
 * cells were hidden than there are gaps, so a gap may also be a slot nobody is in).
 */
export type HiddenCell = [number, number, 0, 'value' | 'cell' | 'cell-or-empty'];
export function heatmapHiddenCells(d: ChartData): HiddenCell[] {
  if (d.spec.kind !== 'heatmap' || !d.masked) return [];
  const valueCol = d.spec.value ?? d.spec.y[1] ?? d.spec.y[0];
  const xs = categories(d.rows, d.spec.x, d.spec.xOrder, true);
  const ys = categories(d.rows, d.spec.y[0]);
  const at = new Set(d.rows.map((r) => `${xs.indexOf(toText(r[d.spec.x]))},${ys.indexOf(toText(r[d.spec.y[0]]))}`));
  const values: HiddenCell[] = d.masked.columns.includes(valueCol)
    ? d.rows.filter((r) => r[valueCol] === null).map((r) => [xs.indexOf(toText(r[d.spec.x])), ys.indexOf(toText(r[d.spec.y[0]])), 0, 'value'])
    : [];
  const hiddenCells = d.masked.cellsHidden ?? 0;
  const gaps = hiddenCells > 0 ? ys.flatMap((_, yi) => xs.map((_, xi) => [xi, yi] as const).filter(([xi]) => !at.has(`${xi},${yi}`))) : [];
  const kind = gaps.length <= hiddenCells ? 'cell' : 'cell-or-empty';
  return [...values.filter((c) => c[0] >= 0 && c[1] >= 0), ...gaps.map(([xi, yi]): HiddenCell => [xi, yi, 0, kind])];
}

/** The hidden cells by their names (x and y category), as the table lists the slots it leaves out. */
export function heatmapHiddenSlots(d: ChartData): { x: string; y: string; hidden: HiddenCell[3] }[] {
  if (d.spec.kind !== 'heatmap') return [];
  const xs = categories(d.rows, d.spec.x, d.spec.xOrder, true);
  const ys = categories(d.rows, d.spec.y[0]);
  return heatmapHiddenCells(d).map(([xi, yi, , hidden]) => ({ x: xs[xi], y: ys[yi], hidden }));
}

function heatmapOption(d: ChartData, look: ChartLook): ChartOption {
  const p = look.palette;
  const { spec, rows } = d;
  const cols = new Columns(d.columns);
  const yCol = spec.y[0];
  const valueCol = spec.value ?? spec.y[1] ?? spec.y[0];
  const xs = categories(rows, spec.x, spec.xOrder, true);
  const ys = categories(rows, yCol);
  const data = rows
    .map((r) => [xs.indexOf(toText(r[spec.x])), ys.indexOf(toText(r[yCol])), toNumber(r[valueCol])] as [number, number, number | null])
    .filter((c) => c[0] >= 0 && c[1] >= 0);
  const values = data.map((c) => c[2]).filter((v): v is number => v !== null);
  const o = base(look, false);
  o.grid = { ...(o.grid as object), bottom: 44 };
  o.xAxis = { ...categoryAxis(p, xs, spec.xLabel ?? cols.label(spec.x)), splitArea: { show: false } };
  // Every row label, none hidden as overlapping: the chart is given the height for them (chartMinHeight).
  const yAxis = categoryAxis(p, ys, undefined, true);
  o.yAxis = { ...yAxis, inverse: true, axisLabel: { ...yAxis.axisLabel, interval: 0, hideOverlap: false } };
  const min = values.length ? Math.min(...values) : 0;
  const max = values.length ? Math.max(...values) : 1;
  o.visualMap = {
    min,
    max,
    calculable: false,
    orient: 'horizontal',
    left: 'center',
    bottom: 2,
    itemHeight: 180,
    itemWidth: 10,
    text: [numberFormat.format(max), numberFormat.format(min)],
    textGap: 6,
    textStyle: { color: p.muted, fontSize: 11 },
    inRange: { color: p.ramp },
  };
  // What the guard hid is drawn as a hatched grey cell (its own series, legend entry and tooltip):
  // a blank gap reads as "no data". A NULL with nothing to compute it from stays a gap.
  const hiddenCells = heatmapHiddenCells(d);
  const k = d.masked?.minGroupSize ?? 0;
  const why: Record<HiddenCell[3], string> = {
    value: maskedWhy(k),
    cell: cellHiddenWhy(k),
    'cell-or-empty': `${cellHiddenWhy(k)} Or nobody is in this slot: ${d.masked?.cellsHidden ?? 0} of the chart's ${hiddenCells.filter((c) => c[3] !== 'value').length} empty slots are hidden.`,
  };
  o.tooltip = {
    ...(o.tooltip as object),
    trigger: 'item',
    formatter: (raw: unknown) => {
      const item = raw as { data?: [number, number, number | string | null] | { value: [number, number, number]; hidden: HiddenCell[3] } };
      const hidden = item.data && !Array.isArray(item.data) ? item.data.hidden : undefined;
      const [xi, yi, v] = (item.data && !Array.isArray(item.data) ? item.data.value : item.data) ?? [0, 0, null];
      const shown = hidden ? escapeHtml(why[hidden]) : `${escapeHtml(cols.label(valueCol))}: <b>${typeof v === 'number' ? numberFormat.format(v) : 'no value'}</b>`;
      return `<div style="font-weight:600">${escapeHtml(ys[yi] ?? '')} · ${escapeHtml(xs[xi] ?? '')}</div><div style="max-width:280px;white-space:normal">${shown}</div>`;
    },
  };
  o.series = [{ type: 'heatmap', name: cols.label(valueCol), data: data.map((c) => [c[0], c[1], c[2] ?? '-']), itemStyle: { borderColor: p.surface, borderWidth: 1 }, emphasis: { itemStyle: { borderColor: p.text } } }];
  if (hiddenCells.length > 0) {
    o.visualMap = [{ ...o.visualMap, seriesIndex: 0 }, { type: 'continuous', show: false, seriesIndex: 1, min: 0, max: 1, inRange: { color: [p.grid] } }];
    const hatch = { symbol: 'rect', color: p.muted, dashArrayX: [1, 0], dashArrayY: [2, 3], rotation: Math.PI / 4 };
    o.series.push({ type: 'heatmap', name: HIDDEN_CELLS_LABEL, data: hiddenCells.map(([xi, yi, v, hidden]) => ({ value: [xi, yi, v], hidden })), itemStyle: { color: p.grid, borderColor: p.surface, borderWidth: 1, decal: hatch }, emphasis: { itemStyle: { borderColor: p.text } } });
    // (Items as objects: a text fourth dimension made ECharts draw none of the cells.)
    // The legend names only the hidden cells (the colour scale names the values).
    o.legend = { show: true, top: 4, right: 6, data: [HIDDEN_CELLS_LABEL], selectedMode: false, textStyle: { color: p.muted, fontSize: 11 } };
    o.grid = { ...(o.grid as object), top: gridTop(true) };
  }
  return o;
}

function boxOption(d: ChartData, look: ChartLook): ChartOption {
  const p = look.palette;
  const { spec, rows } = d;
  const cols = new Columns(d.columns);
  const box = spec.box ?? (spec.y.length >= 5 ? { low: spec.y[0], q1: spec.y[1], median: spec.y[2], q3: spec.y[3], high: spec.y[4] } : undefined);
  if (!box) return barOption(d, look);
  const cats = categories(rows, spec.x, spec.xOrder);
  const groups = spec.series ? categories(rows, spec.series) : [undefined];
  const horizontal = spec.horizontal ?? (cats.length > 8 || Math.max(0, ...cats.map((c) => c.length)) > 12);
  const o = base(look, groups.length > 1);
  const catAxis = categoryAxis(p, cats, spec.xLabel ?? (horizontal ? undefined : cols.label(spec.x)), horizontal);
  const valAxis = valueAxis(p, spec.yLabel ?? cols.label(box.median));
  o.xAxis = horizontal ? valAxis : catAxis;
  o.yAxis = horizontal ? catAxis : valAxis;
  const rowFor = (c: string, g: string | undefined) => rows.find((r) => toText(r[spec.x]) === c && (g === undefined || toText(r[spec.series as string]) === g));
  const fields = [box.low, box.q1, box.median, box.q3, box.high];
  o.tooltip = {
    ...(o.tooltip as object),
    trigger: 'item',
    formatter: (raw: unknown) => {
      const item = raw as { name?: string; seriesName?: string };
      const r = rowFor(item.name ?? '', groups.length > 1 ? item.seriesName : undefined);
      if (!r) return escapeHtml(item.name ?? '');
      const line = (f: string) => `<div>${escapeHtml(cols.spec(f)?.label ?? f)}: <b>${escapeHtml(cols.value(f, r[f]))}</b></div>`;
      return `<div style="font-weight:600">${escapeHtml(item.name ?? '')}${groups.length > 1 ? ` · ${escapeHtml(item.seriesName ?? '')}` : ''}</div>${[...fields].reverse().map(line).join('')}${box.mean ? line(box.mean) : ''}${cols.people ? line(cols.people) : ''}`;
    },
  };
  const series: SeriesOption[] = groups.map((g, i) => ({
    type: 'boxplot',
    name: g ?? cols.label(box.median),
    boxWidth: [8, 34],
    itemStyle: { color: `${p.series[i % p.series.length]}33`, borderColor: p.series[i % p.series.length], borderWidth: 1.5 },
    data: cats.map((c) => {
      const r = rowFor(c, g);
      return r ? fields.map((f) => toNumber(r[f]) ?? 0) : [];
    }),
  }));
  if (box.mean) {
    const meanCol = box.mean;
    series.push({
      type: 'scatter',
      name: cols.label(meanCol),
      symbol: 'diamond',
      symbolSize: 8,
      itemStyle: { color: p.text },
      data: cats.map((c, i) => {
        const v = toNumber(rowFor(c, groups[0])?.[meanCol]);
        return horizontal ? [v, i] : [i, v];
      }),
      tooltip: { show: false },
    });
  }
  o.series = series;
  return o;
}

/** Node `i` of `n` on a unit circle from the top, clockwise, with its label on the outer side. */
export function circlePlace(i: number, n: number): { x: number; y: number; label: { position: 'left' | 'right' | 'top' | 'bottom' } } {
  const a = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(1, n);
  const x = Math.cos(a);
  const y = Math.sin(a);
  const position = Math.abs(x) < 0.2 ? (y < 0 ? 'top' : 'bottom') : x > 0 ? 'right' : 'left';
  return { x: Math.round(x * 1000) / 1000, y: Math.round(y * 1000) / 1000, label: { position } };
}

function networkOption(d: ChartData, look: ChartLook): ChartOption {
  const p = look.palette;
  const { spec, rows } = d;
  const cols = new Columns(d.columns);
  const net = spec.network;
  const nodeCol = net?.node ?? spec.x;
  const sizeCol = net?.size ?? cols.people;
  const colorCol = net?.color;
  const sizes = rows.map((r) => (sizeCol ? (toNumber(r[sizeCol]) ?? 0) : 1));
  const maxSize = Math.max(1, ...sizes);
  // A node without a community (the merged "Other" node, left out of the graph) gets no legend entry.
  const colored = colorCol ? rows.filter((r) => r[colorCol] !== null && r[colorCol] !== undefined) : [];
  const communities = colorCol ? categories(colored, colorCol) : [];
  const names = new Set(rows.map((r) => toText(r[nodeCol])));
  const edgeRows = net ? (d.related?.[net.edgesTable]?.rows ?? []) : [];
  const weights = edgeRows.map((e) => (net ? (toNumber(e[net.weight]) ?? 0) : 0));
  const maxWeight = Math.max(1e-9, ...weights);
  const o = base(look, communities.length > 1);
  o.tooltip = {
    ...(o.tooltip as object),
    trigger: 'item',
    formatter: (raw: unknown) => {
      const item = raw as { dataType?: string; name?: string; data?: { source?: string; target?: string; value?: number } };
      if (item.dataType === 'edge' && item.data) return `${escapeHtml(item.data.source ?? '')} → ${escapeHtml(item.data.target ?? '')}: <b>${numberFormat.format(item.data.value ?? 0)}</b>`;
      const r = rows.find((x) => toText(x[nodeCol]) === item.name);
      const metrics = d.columns.filter((c) => c.role !== 'group' && r && r[c.name] !== undefined).slice(0, 6);
      return `<div style="font-weight:600">${escapeHtml(item.name ?? '')}</div>${metrics.map((c) => `<div>${escapeHtml(c.label)}: <b>${escapeHtml(cols.value(c.name, r?.[c.name]))}</b></div>`).join('')}`;
    },
  };
  o.series = [
    {
      type: 'graph',
      name: cols.spec(nodeCol)?.label ?? spec.title,
      // Nodes on a circle placed here, so each label sits outside the circle on its own side
      // (ECharts' circular layout puts every label to the right, over its neighbours).
      layout: 'none',
      // Pan only: zooming on the wheel took the page's scroll away from a reader scrolling past the chart.
      roam: 'move',
      top: gridTop(communities.length > 1) + 44,
      bottom: 40,
      left: 150,
      right: 150,
      categories: communities.map((c) => ({ name: colorCol ? `${cols.spec(colorCol)?.label ?? colorCol} ${c}` : c })),
      label: { show: true, color: p.text, fontSize: 11, lineHeight: 14, width: 140, overflow: 'break' },
      emphasis: { focus: 'adjacency', lineStyle: { width: 4 } },
      lineStyle: { color: 'source', curveness: 0.22, opacity: 0.55 },
      // Collaboration between two groups has no direction (the hours are the pair's): no arrowheads.
      edgeSymbol: ['none', 'none'],
      data: rows.map((r, i) => ({
        name: toText(r[nodeCol]),
        ...circlePlace(i, rows.length),
        symbolSize: 12 + 36 * Math.sqrt(sizes[i] / maxSize),
        category: colorCol && colored.includes(r) ? communities.indexOf(toText(r[colorCol])) : undefined,
        itemStyle: toText(r[nodeCol]) === OTHER_GROUP_LABEL ? { color: p.muted } : undefined,
      })),
      links: net
        ? edgeRows
            .map((e, i) => ({ source: toText(e[net.source]), target: toText(e[net.target]), value: weights[i], lineStyle: { width: 0.6 + 5.4 * (weights[i] / maxWeight) } }))
            .filter((l) => names.has(l.source) && names.has(l.target) && l.source !== l.target)
        : [],
    },
  ];
  // The legend lists the communities, not the graph itself.
  const categoryNames = (o.series[0] as { categories: { name: string }[] }).categories.map((c) => c.name);
  if (categoryNames.length > 1) o.legend = { ...(o.legend as object), data: categoryNames };
  return o;
}

export function buildChartOption(d: ChartData, look: ChartLook): ChartOption {
  switch (d.spec.kind) {
    case 'line':
      return lineOption(d, look);
    case 'scatter':
      return scatterOption(d, look);
    case 'heatmap':
      return heatmapOption(d, look);
    case 'box':
      return boxOption(d, look);
    case 'network':
      return networkOption(d, look);
    case 'bar':
    default:
      return barOption(d, look);
  }
}
