/** A small generated export, made once per test file and copied for each test that edits it. */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { generateDemoExport, type DemoSummary } from '../../electron/backend/demo/generateDemoExport.js';
import { tempDir } from './tempDirs.js';

const cache = new Map<string, Promise<DemoSummary>>();

export function demoExport(options: { people?: number; weeks?: number; seed?: number; timestampFormat?: 'iso' | 'us' } = {}): Promise<DemoSummary> {
  const key = JSON.stringify(options);
  let p = cache.get(key);
  if (!p) {
    p = generateDemoExport({ outDir: join(tempDir('wpa-demo-'), 'export'), people: options.people ?? 40, weeks: options.weeks ?? 1, seed: options.seed ?? 7, timestampFormat: options.timestampFormat });
    cache.set(key, p);
  }
  return p;
}

/** A fresh copy of the export's nine tables (no HR/sales files) that a test may edit. */
export async function exportCopy(options: Parameters<typeof demoExport>[0] = {}): Promise<string> {
  const demo = await demoExport(options);
  const dir = join(tempDir('wpa-copy-'), 'export');
  cpSync(demo.outDir, dir, { recursive: true, filter: (src) => !/(hr|sales)\.csv$|demo-summary\.json$/.test(src) });
  return dir;
}
