/**
 * An ECharts chart that fills its box and follows resizes, and hands out PNG and SVG copies of
 * itself. Copies are rendered offscreen at the same size from `exportOption` (which adds the
 * title the panel shows on screen); SVG uses the SVG renderer, so it stays vector.
 */
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import { init, type ChartOption, type ECharts } from './echarts.js';

export interface EChartHandle {
  /** A PNG data URL at twice the screen resolution, on the given background. */
  toPng(background: string): string | undefined;
  /** The chart as a standalone SVG document. */
  toSvg(background: string): string | undefined;
}

interface EChartProps {
  option: ChartOption;
  /** The option for exported copies, given their width. */
  exportOption(width: number): ChartOption;
  label: string;
  active?: boolean;
}

export const EChart = forwardRef<EChartHandle, EChartProps>(function EChart({ option, exportOption, label, active = true }, ref) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const optionRef = useRef(option);
  optionRef.current = option;
  const exportRef = useRef(exportOption);
  exportRef.current = exportOption;

  useEffect(() => {
    if (!host.current) return;
    const c = init(host.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.setOption(optionRef.current, true);
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(host.current);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  useEffect(() => {
    if (active) chart.current?.resize();
  }, [active]);

  useImperativeHandle(ref, () => {
    /** Render the export option offscreen with a renderer, hand the chart to `read`, dispose. */
    const offscreen = <T,>(renderer: 'canvas' | 'svg', background: string, read: (c: ECharts) => T): T | undefined => {
      const c = chart.current;
      if (!c) return undefined;
      const width = c.getWidth();
      const copy = init(document.createElement('div'), undefined, { renderer, width, height: c.getHeight() + 34 });
      try {
        copy.setOption({ ...exportRef.current(width), backgroundColor: background, animation: false }, true);
        return read(copy);
      } finally {
        copy.dispose();
      }
    };
    return {
      toPng: (background) => offscreen('canvas', background, (c) => c.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: background })),
      toSvg: (background) => offscreen('svg', background, (c) => c.renderToSVGString()),
    };
  }, []);

  return <div className="chart" ref={host} role="img" aria-label={label} data-testid="analysis-chart" />;
});
