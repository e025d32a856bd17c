/**
 * Vite build of the renderer: one static bundle (renderer/dist) that both the Electron window and
 * the browser-mode server load, with relative asset paths so it works from file:// and from /.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const rendererDir = import.meta.dirname;

export default defineConfig({
  root: rendererDir,
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'chrome120',
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        manualChunks: {
          grid: ['ag-grid-community', 'ag-grid-react'],
          charts: ['echarts/core', 'echarts/charts', 'echarts/components', 'echarts/renderers'],
          editor: ['codemirror', '@codemirror/lang-sql', '@codemirror/state', '@codemirror/view', '@codemirror/lint', '@codemirror/autocomplete'],
        },
      },
    },
  },
  server: { fs: { allow: [`${rendererDir}/..`] } },
});
