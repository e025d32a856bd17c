/**
 * One Chromium per e2e test file, over a temporary folder with its own WPA_HOME and an up-to-date
 * renderer build; closed and removed after the file. The set-up every browser test file repeated.
 */
import { after, before } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { chromiumMissingReason, ensureRendererBuilt, launchChromium } from './harness.js';
import { generateDemoExport } from '../../electron/backend/demo/generateDemoExport.js';
import { Workspace } from '../../electron/backend/workspace/workspace.js';
import { ingestExport } from '../../electron/backend/ingest/ingestExport.js';
import { importDataset } from '../../electron/backend/datasets/importDataset.js';
import { saveJoin } from '../../electron/backend/datasets/saveJoin.js';

export interface ChromiumSuite {
  /** Why the file is skipped (no Chromium), else undefined. */
  readonly skip: string | undefined;
  readonly root: string;
  readonly browser: Browser;
}

/** Register the file's before/after hooks; the file's own `before` hooks run after this one. */
export function chromiumSuite(prefix: string): ChromiumSuite {
  const skip = chromiumMissingReason();
  let root = '';
  let browser: Browser | undefined;
  before(
    async () => {
      if (skip) return;
      root = mkdtempSync(join(tmpdir(), prefix));
      process.env.WPA_HOME = join(root, 'home');
      const build = ensureRendererBuilt();
      if (build.built) console.log(`# built renderer/dist in ${build.seconds.toFixed(1)} s`);
      browser = await launchChromium();
    },
    { timeout: 600_000 },
  );
  after(async () => {
    if (skip) return;
    await browser?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });
  return {
    skip,
    get root() {
      return root;
    },
    get browser() {
      if (!browser) throw new Error('chromiumSuite: the browser is open only inside the tests');
      return browser;
    },
  };
}

/**
 * A workspace in `dir` holding a small demo export (120 people × 2 weeks) and the demo's HR file
 * imported as `hr`, joined on Key_ID when `joined`.
 */
export async function demoWithHrFile(root: string, dir: string, { joined }: { joined: boolean }): Promise<string> {
  const demo = await generateDemoExport({ outDir: join(root, 'export'), people: 120, weeks: 2, seed: 3 });
  const ws = await Workspace.open(dir, { create: true });
  try {
    await ingestExport(ws, { sourceDir: demo.outDir });
    await importDataset(ws, demo.hrFile, { name: 'hr' });
    if (joined) await saveJoin(ws, { name: 'hr', dataset: 'hr', datasetKey: 'Key_ID', exportKey: 'Key_ID' });
  } finally {
    await ws.settled();
    ws.close();
  }
  return dir;
}
