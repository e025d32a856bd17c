/**
 * The row-key columns a result table keeps in view when scrolled sideways: the leading group
 * columns (the group, then dimensions such as weekday and hour), each at the summed width of those
 * before it, so a number never loses the slot it belongs to.
 */
import { useLayoutEffect, useState, type RefObject } from 'react';
import type { TableColumn } from './resultColumns.js';

/** How many leading columns are row keys (at least the first: it names the row). */
export function pinnedCount(columns: readonly TableColumn[]): number {
  const n = columns.findIndex((c) => !c.group);
  return Math.max(1, n === -1 ? columns.length : n);
}

/** The left offset of each pinned column, measured from the header cells (their widths follow the content). */
export function usePinnedLefts(table: RefObject<HTMLTableElement | null>, count: number, deps: readonly unknown[]): number[] {
  const [lefts, setLefts] = useState<number[]>(() => Array.from({ length: count }, () => 0));
  useLayoutEffect(() => {
    const el = table.current;
    if (!el) return;
    const measure = () => {
      const ths = Array.from(el.querySelectorAll<HTMLTableCellElement>('thead th')).slice(0, count);
      const next = ths.map((_, i) => ths.slice(0, i).reduce((sum, th) => sum + th.getBoundingClientRect().width, 0));
      setLefts((prev) => (prev.length === next.length && prev.every((v, i) => v === next[i]) ? prev : next));
    };
    measure();
    // The table is as wide as its box: a resized box reflows the column widths.
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [table, count, ...deps]);
  return lefts;
}
