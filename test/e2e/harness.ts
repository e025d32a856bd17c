/**
 * The browser-mode harness for the end-to-end tests and the UI benchmark: build the renderer when
 * its sources are newer than the build, start the real HTTP server on a workspace, and drive
 * Debian's Chromium through playwright-core.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rendererStale } from '../../build/scripts/rendererBuild.mjs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../electron/backend/server/startServer.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RENDERER_DIST = join(ROOT, 'renderer', 'dist');
export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'screenshots');
export const CHROMIUM = process.env.WPA_CHROMIUM ?? '/usr/bin/chromium';
export const VIEWPORT = { width: 1280, height: 800 } as const;

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** Build renderer/dist once when any renderer or shared source is newer than the last build (the rule `npm start` uses). */
export function ensureRendererBuilt(): { built: boolean; seconds: number } {
  if (!rendererStale()) return { built: false, seconds: 0 };
  const started = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(ROOT, 'renderer', 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status})`);
  return { built: true, seconds: (performance.now() - started) / 1000 };
}

export function chromiumMissingReason(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `Chromium not found at ${CHROMIUM} (apt-get install -y chromium, or set WPA_CHROMIUM)`;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface AppUnderTest {
  server: RunningServer;
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions seen in the page. */
  errors: string[];
  close(): Promise<void>;
}

export interface OpenPage {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions seen in the page. */
  errors: string[];
}

/** A fresh browser context at 1280×800 with one page opened at `url`, its errors collected. */
export async function openPage(browser: Browser, url: string, colorScheme: 'light' | 'dark' = 'light'): Promise<OpenPage> {
  const context = await browser.newContext({ viewport: VIEWPORT, colorScheme, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  await page.goto(url);
  return { context, page, errors };
}

/** The real server on a workspace, and one page opened at its tokenised URL. */
export async function openApp(browser: Browser, workspaceDir: string, options: { colorScheme?: 'light' | 'dark'; isDemo?: boolean } = {}): Promise<AppUnderTest> {
  const server = await startServer({ workspaceDir, port: 0, staticDir: RENDERER_DIST, isDemo: options.isDemo });
  const { context, page, errors } = await openPage(browser, server.url, options.colorScheme);
  return {
    server,
    context,
    page,
    errors,
    async close() {
      await context.close();
      await server.close();
    },
  };
}

/** Save a screenshot of the page as test-results/screenshots/<name>.png; returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
