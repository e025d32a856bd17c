/**
 * An ECharts chart that fills its box and follows resizes. Exported images are drawn by their own
 * off-screen instance (exportImage.ts); this one only tells them its size on screen.
 */
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import { init, type ChartOption, type ECharts } from './echarts.js';

export interface EChartHandle {
  /** The chart's size on screen in CSS pixels. */
  size(): { width: number; height: number } | undefined;
}

interface EChartProps {
  option: ChartOption;
  label: string;
  active?: boolean;
}

export const EChart = forwardRef<EChartHandle, EChartProps>(function EChart({ option, label, active = true }, ref) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const optionRef = useRef(option);
  optionRef.current = option;

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

  useImperativeHandle(ref, () => ({
    size: () => (chart.current ? { width: chart.current.getWidth(), height: chart.current.getHeight() } : undefined),
  }), []);

  return <div className="chart" ref={host} role="img" aria-label={label} data-testid="analysis-chart" />;
});
