/**
 * A chart as a picture to put on a slide: a separate, off-screen ECharts instance (never a copy of
 * the one on screen) at a slide size or the on-screen size, on a light background unless asked
 * otherwise, with the title, subtitle and notes drawn inside the image and a static legend that
 * shows every series over as many rows as it needs (the screen's paged legend would bake its
 * "1/3" arrows into the picture).
 *
 * Titles, notes and the legend are measured and wrapped here, so the plot starts below them and
 * ends above the notes whatever their length.
 */
import type { ChartLook } from './chartOption.js';
import { init, type ChartOption } from './echarts.js';
import { PALETTES, type Palette } from '../theme/palette.js';
import type { ThemeName } from '../theme/ThemeProvider.js';

export type ImageSize = 'slide-16x9' | 'slide-4x3' | 'screen';
export type ImageBackground = 'light' | 'theme';

/** Slide presets are laid out at 1/1.6 of their pixels and drawn at 1.6×: text reads at slide size. */
const SLIDE_SCALE = 1.6;

export const IMAGE_SIZES: { id: ImageSize; label: string; pixels?: { width: number; height: number } }[] = [
  { id: 'slide-16x9', label: '1920 × 1080 (16:9 slide)', pixels: { width: 1920, height: 1080 } },
  { id: 'slide-4x3', label: '1600 × 1200 (4:3 slide)', pixels: { width: 1600, height: 1200 } },
  { id: 'screen', label: 'As on screen' },
];

export const IMAGE_BACKGROUNDS: { id: ImageBackground; label: string }[] = [
  { id: 'light', label: 'Light' },
  { id: 'theme', label: 'Match theme' },
];

export interface ImageRequest {
  format: 'png' | 'svg';
  size: ImageSize;
  background: ImageBackground;
  theme: ThemeName;
  /** The chart's size on screen (for 'screen'). */
  screen: { width: number; height: number };
  /** The chart's option in a palette. */
  option(look: ChartLook): ChartOption;
  title: string;
  subtitle?: string;
  /** Sentences under the plot: minimum group size, what was merged or hidden, the data's dates. */
  notes: string[];
}

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
const PAD = 24;
const TITLE = { size: 20, line: 26, weight: 600 };
const SUBTITLE = { size: 13, line: 18, weight: 400 };
const NOTES = { size: 11, line: 15, weight: 400 };
const LEGEND = { size: 12, icon: 18, iconHeight: 10, textGap: 5, itemGap: 16, rowGap: 10 };

let measurer: CanvasRenderingContext2D | null = null;
function textWidth(text: string, size: number, weight: number): number {
  measurer ??= document.createElement('canvas').getContext('2d');
  if (!measurer) return text.length * size * 0.6;
  measurer.font = `${weight} ${size}px ${FONT}`;
  return measurer.measureText(text).width;
}

/** Words into lines no wider than `width` (a word longer than a line gets a line of its own). */
export function wrapText(text: string, width: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && measure(candidate) > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

/** Rows a horizontal legend of these names takes in `width`, as ECharts lays it out. */
export function legendRows(names: string[], width: number, measure: (s: string) => number): number {
  let rows = 0;
  let x = 0;
  for (const name of names) {
    const w = LEGEND.icon + LEGEND.textGap + measure(name);
    if (rows === 0 || (x > 0 && x + w > width)) {
      rows += 1;
      x = 0;
    }
    x += w + LEGEND.itemGap;
  }
  return rows;
}

interface SeriesLike {
  type?: string;
  name?: string;
  categories?: { name?: string }[];
  top?: number;
  bottom?: number;
}

/** The names a legend shows: its own list, else every series (a graph's categories). */
function legendNames(o: ChartOption): string[] {
  const legend = o.legend as { show?: boolean; data?: (string | { name?: string })[] } | undefined;
  if (!legend || legend.show === false) return [];
  if (legend.data) return legend.data.map((d) => (typeof d === 'string' ? d : (d.name ?? '')));
  const series = (Array.isArray(o.series) ? o.series : o.series ? [o.series] : []) as SeriesLike[];
  return series.flatMap((s) => (s.type === 'graph' ? (s.categories ?? []).map((c) => c.name ?? '') : [s.name ?? '']));
}

function canvasSize(req: ImageRequest, extraHeight: number): { width: number; height: number; pixelRatio: number } {
  const preset = IMAGE_SIZES.find((s) => s.id === req.size)?.pixels;
  if (preset) return { width: preset.width / SLIDE_SCALE, height: preset.height / SLIDE_SCALE, pixelRatio: SLIDE_SCALE };
  return { width: req.screen.width, height: req.screen.height + extraHeight, pixelRatio: 2 };
}

/** Below a heatmap's rows: its hour labels and axis title. */
const HOUR_AXIS_PX = 36;

/**
 * A picture cannot grow as the screen's chart does: a heatmap's row labels shrink until each fits
 * its row (not below 6 px, about 10 px on a slide), so every row stays named.
 */
function fitHeatmapRowLabels(o: ChartOption, plotHeight: number): void {
  const series = (Array.isArray(o.series) ? o.series : [o.series]) as SeriesLike[];
  const axis = o.yAxis as { data?: unknown[]; axisLabel?: { fontSize?: number } } | undefined;
  if (!series.some((s) => s?.type === 'heatmap') || !axis?.data?.length || !axis.axisLabel) return;
  const pitch = (plotHeight - HOUR_AXIS_PX) / axis.data.length;
  const fontSize = Math.max(6, Math.min(axis.axisLabel.fontSize ?? 11, Math.floor(pitch - 1)));
  o.yAxis = { ...axis, axisLabel: { ...axis.axisLabel, fontSize } };
}

/** The export option: the chart's own, framed by the title block, a static legend and the notes. */
function framedOption(req: ImageRequest, palette: Palette, background: string): { option: ChartOption; width: number; height: number; pixelRatio: number } {
  const chart = req.option({ palette });
  const measureAt = (f: { size: number; weight: number }) => (s: string) => textWidth(s, f.size, f.weight);
  // The width is known before the height: slides fix both, 'screen' grows to fit the frame.
  const width = canvasSize(req, 0).width;
  const inner = width - 2 * PAD;
  const title = wrapText(req.title, inner, measureAt(TITLE));
  const subtitle = req.subtitle ? wrapText(req.subtitle, inner, measureAt(SUBTITLE)) : [];
  const notes = req.notes.flatMap((n) => wrapText(n, inner, measureAt(NOTES)));
  const names = legendNames(chart);
  const rows = names.length ? legendRows(names, inner, (s) => textWidth(s, LEGEND.size, 400)) : 0;

  const titleHeight = title.length * TITLE.line + (subtitle.length ? 6 + subtitle.length * SUBTITLE.line : 0);
  const legendTop = PAD + titleHeight + 14;
  const legendHeight = rows ? rows * LEGEND.size * 1.3 + (rows - 1) * LEGEND.rowGap : 0;
  const plotTop = legendTop + legendHeight + (rows ? 18 : 4);
  const notesHeight = notes.length * NOTES.line;
  const bottomBlock = notesHeight + PAD + 10;
  const size = canvasSize(req, plotTop + bottomBlock);

  const o: ChartOption = { ...chart, backgroundColor: background, animation: false };
  o.title = [
    {
      text: title.join('\n'),
      subtext: subtitle.join('\n'),
      left: PAD,
      top: PAD,
      padding: 0,
      itemGap: 6,
      textStyle: { color: palette.text, fontFamily: FONT, fontSize: TITLE.size, fontWeight: TITLE.weight, lineHeight: TITLE.line },
      subtextStyle: { color: palette.muted, fontFamily: FONT, fontSize: SUBTITLE.size, lineHeight: SUBTITLE.line },
    },
    {
      text: notes.join('\n'),
      left: PAD,
      bottom: PAD,
      padding: 0,
      textStyle: { color: palette.muted, fontFamily: FONT, fontSize: NOTES.size, fontWeight: 'normal', lineHeight: NOTES.line },
    },
  ];
  if (rows) {
    o.legend = {
      ...(o.legend as object),
      type: 'plain',
      show: true,
      top: legendTop,
      left: PAD,
      right: PAD,
      padding: 0,
      itemGap: LEGEND.itemGap,
      itemWidth: LEGEND.icon,
      itemHeight: LEGEND.iconHeight,
      textStyle: { color: palette.text, fontSize: LEGEND.size, fontFamily: FONT },
    };
  }
  // The plot keeps the chart's own bottom margin (a heatmap's colour scale) above the notes.
  const grid = o.grid as { bottom?: number } | undefined;
  if (grid) o.grid = { ...grid, top: plotTop, left: PAD, right: PAD, bottom: bottomBlock + (grid.bottom ?? 0) };
  // One colour scale, or several (a heatmap's hidden cells have their own, not shown).
  const lift = (v: { bottom?: number }) => ({ ...v, bottom: bottomBlock + (v.bottom ?? 0) });
  const visualMap = o.visualMap as { bottom?: number } | { bottom?: number }[] | undefined;
  if (visualMap) o.visualMap = (Array.isArray(visualMap) ? visualMap.map(lift) : lift(visualMap)) as ChartOption['visualMap'];
  if (Array.isArray(o.series)) o.series = (o.series as SeriesLike[]).map((s) => (s.type === 'graph' ? { ...s, top: plotTop + 10, bottom: bottomBlock + 20 } : s)) as ChartOption['series'];
  fitHeatmapRowLabels(o, size.height - plotTop - bottomBlock - (grid?.bottom ?? 0));
  return { option: o, ...size };
}

/** The picture: a PNG data URL, or an SVG document as text, at the requested size in pixels. */
export function renderChartImage(req: ImageRequest): string {
  const palette = req.background === 'light' ? PALETTES.light : PALETTES[req.theme];
  const background = palette.surface;
  const { option, width, height, pixelRatio } = framedOption(req, palette, background);
  const renderer = req.format === 'svg' ? 'svg' : 'canvas';
  const chart = init(document.createElement('div'), undefined, { renderer, width, height, devicePixelRatio: pixelRatio });
  try {
    chart.setOption(option, true);
    if (req.format === 'png') return chart.getDataURL({ type: 'png', pixelRatio, backgroundColor: background });
    // The SVG keeps its layout in a view box and says its size in the preset's pixels.
    const px = (n: number) => String(Math.round(n * pixelRatio));
    return chart.renderToSVGString().replace(/^<svg([^>]*?) width="[^"]*" height="[^"]*"/, (_m: string, attrs: string) => `<svg${attrs} width="${px(width)}" height="${px(height)}"`);
  } finally {
    chart.dispose();
  }
}
