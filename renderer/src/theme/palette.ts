/** Colours that code (charts, the schema diagram) needs as values rather than CSS variables. */
import type { ThemeName } from './ThemeProvider.js';

export interface Palette {
  text: string;
  muted: string;
  grid: string;
  surface: string;
  accent: string;
  series: string[];
  /** Low → high, for heatmaps. */
  ramp: string[];
}

const SERIES_LIGHT = ['#3461d1', '#e0792f', '#21967a', '#c4457a', '#7b5fd0', '#a88c16', '#3193c0', '#5f6e80'];
const SERIES_DARK = ['#6f95ff', '#f29a56', '#3fc29f', '#e27aa5', '#a48cf0', '#d6bb45', '#5ab8e0', '#93a3b8'];

export const PALETTES: Record<ThemeName, Palette> = {
  light: {
    text: '#1b2330',
    muted: '#5b6575',
    grid: '#e4e7ec',
    surface: '#ffffff',
    accent: '#3461d1',
    series: SERIES_LIGHT,
    ramp: ['#eef3fe', '#b9cbf6', '#7c9ce9', '#3d67d6', '#1c3f9c'],
  },
  dark: {
    text: '#e6e9ef',
    muted: '#9aa4b2',
    grid: '#2a3340',
    surface: '#161c25',
    accent: '#6f95ff',
    series: SERIES_DARK,
    ramp: ['#1b2333', '#24407a', '#3560c0', '#6f95ff', '#c4d4ff'],
  },
};
