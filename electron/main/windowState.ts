/**
 * The window's size, position and maximised state, remembered in userData/window-state.json and
 * restored only where it is still on a screen (a monitor may have been unplugged since).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds?: Rect;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 800 };
export const MIN_SIZE = { width: 960, height: 600 };

export function readWindowStateSync(path: string): WindowState {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as Partial<WindowState>;
    const b = v.bounds;
    const valid = b && [b.x, b.y, b.width, b.height].every((n) => typeof n === 'number' && Number.isFinite(n));
    return { bounds: valid ? b : undefined, maximized: v.maximized === true };
  } catch {
    return { maximized: false };
  }
}

export function writeWindowStateSync(path: string, state: WindowState): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2));
  renameSync(tmp, path);
}

/** The saved bounds if enough of the window (100×50 px of the title bar area) is on some display. */
export function visibleBounds(saved: Rect | undefined, workAreas: Rect[]): Rect | undefined {
  if (!saved) return undefined;
  const onScreen = workAreas.some((a) => {
    const w = Math.min(saved.x + saved.width, a.x + a.width) - Math.max(saved.x, a.x);
    const h = Math.min(saved.y + 50, a.y + a.height) - Math.max(saved.y, a.y);
    return w >= 100 && h >= 50;
  });
  if (!onScreen) return undefined;
  return { ...saved, width: Math.max(MIN_SIZE.width, saved.width), height: Math.max(MIN_SIZE.height, saved.height) };
}
