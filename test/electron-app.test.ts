/**
 * The Electron side: the backend's utility-process entry spoken to over a MessagePort exactly as
 * main does, the window's security rules, window state, the safeStorage secret store, and an
 * `_electron` end-to-end run wherever the Electron binary exists (a skip with the reason elsewhere).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { copyOfDemoWorkspace } from '../electron/backend/demoWorkspace.js';
import type { BackendToMain, InitMessage, MainToBackend } from '../electron/backend/utilityEntry.js';
import { NO_ENCRYPTION_WARNING, SafeStorageSecretStore, type SafeStorageLike } from '../electron/main/secretStore.js';
import { isAllowedExternalUrl, isAppUrl } from '../electron/main/security.js';
import { readWindowStateSync, visibleBounds, writeWindowStateSync } from '../electron/main/windowState.js';
import { findElectronBinary } from '../build/scripts/electronBinary.mjs';
import type { Result, WorkspaceInfo } from '../shared/api/contract.js';

let root: string;
let wsDir: string;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'wpa-electron-'));
  wsDir = await copyOfDemoWorkspace(join(root, 'ws'), { people: 40, weeks: 2 });
});

after(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('backend utility process entry', () => {
  let mainPort: MessagePort;
  const received: BackendToMain[] = [];
  const waitFor = async <T extends BackendToMain>(pred: (m: BackendToMain) => m is T, ms = 20_000): Promise<T> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = received.find(pred);
      if (hit) return hit;
      assert.ok(Date.now() < deadline, 'backend answered in time');
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  before(async () => {
    // Electron gives the utility process `process.parentPort` and MessagePortMain ({ data } events).
    const { port1, port2 } = new MessageChannel();
    mainPort = port1;
    mainPort.on('message', (m: BackendToMain) => received.push(m));
    const backendPort = {
      on: (_ev: 'message', l: (e: { data: unknown }) => void) => port2.on('message', (data: unknown) => l({ data })),
      postMessage: (m: unknown) => port2.postMessage(m),
      start: () => port2.start(),
      close: () => port2.close(),
    };
    let deliverInit: ((e: { data: unknown; ports: unknown[] }) => void) | undefined;
    (process as unknown as { parentPort: unknown }).parentPort = { once: (_ev: string, l: typeof deliverInit) => (deliverInit = l) };
    await import('../electron/backend/utilityEntry.js');
    assert.ok(deliverInit, 'the entry listens on the parent port');
    const init: InitMessage = { type: 'init', workspaceDir: wsDir, secretsPersistent: false, secretsWarning: 'kept in memory only' };
    deliverInit({ data: init, ports: [backendPort] });
  });

  after(() => {
    mainPort?.close();
  });

  test('answers ready, then calls with Results, and forwards job events', async () => {
    const ready = await waitFor((m): m is Extract<BackendToMain, { type: 'ready' }> => m.type === 'ready');
    assert.equal(ready.workspaceDir, wsDir);
    assert.equal(ready.isDemo, false);
    const call: MainToBackend = { type: 'call', id: 7, name: 'workspace/info', request: {} };
    mainPort.postMessage(call);
    const answer = await waitFor((m): m is Extract<BackendToMain, { type: 'result' }> => m.type === 'result' && m.id === 7);
    const result = answer.result as Result<WorkspaceInfo>;
    assert.ok(result.ok);
    if (result.ok) assert.ok(result.value.tables.some((t) => t.name === 'Mails'));

    mainPort.postMessage({ type: 'call', id: 8, name: 'export/start', request: { source: { kind: 'table', name: 'Calls' }, format: 'csv' } } satisfies MainToBackend);
    const started = await waitFor((m): m is Extract<BackendToMain, { type: 'result' }> => m.type === 'result' && m.id === 8);
    assert.ok(started.result.ok);
    await waitFor((m): m is Extract<BackendToMain, { type: 'event' }> => m.type === 'event' && m.event.type === 'job' && m.event.job.status === 'done');

    mainPort.postMessage({ type: 'call', id: 9, name: 'connect/check', request: { sasUri: 'https://acct.blob.core.windows.net/export?sv=2024-11-04&sr=c&sp=rl&se=2099-01-01T00:00:00Z&sig=c2VjcmV0' } } satisfies MainToBackend);
    const check = await waitFor((m): m is Extract<BackendToMain, { type: 'result' }> => m.type === 'result' && m.id === 9);
    assert.ok(check.result.ok);
    const text = JSON.stringify(check.result);
    assert.ok(!text.includes('c2VjcmV0'));
    assert.ok(text.includes('kept in memory only'), 'the secret store warning is shown with the SAS');
  });
});

describe('window security rules', () => {
  test('only app:// pages are the app; only allow-listed https links open outside', () => {
    assert.ok(isAppUrl('app://wpa/index.html'));
    assert.ok(!isAppUrl('app://other/index.html'));
    assert.ok(!isAppUrl('file:///etc/passwd'));
    assert.ok(!isAppUrl('https://wpa/'));
    assert.ok(isAllowedExternalUrl('https://learn.microsoft.com/viva/insights/'));
    assert.ok(isAllowedExternalUrl('https://duckdb.org/docs/'));
    for (const url of ['http://learn.microsoft.com/', 'https://learn.microsoft.com.evil.example/', 'https://user:pw@github.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'https://evil.example/']) {
      assert.ok(!isAllowedExternalUrl(url), url);
    }
  });

  test('window state is remembered and restored only where it is visible', () => {
    const path = join(root, 'window-state.json');
    assert.deepEqual(readWindowStateSync(path), { maximized: false });
    writeWindowStateSync(path, { bounds: { x: 100, y: 80, width: 1300, height: 820 }, maximized: true });
    const state = readWindowStateSync(path);
    assert.deepEqual(state, { bounds: { x: 100, y: 80, width: 1300, height: 820 }, maximized: true });
    const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
    assert.deepEqual(visibleBounds(state.bounds, screen), state.bounds);
    assert.equal(visibleBounds({ x: 3000, y: 80, width: 1300, height: 820 }, screen), undefined, 'on an unplugged monitor');
    assert.equal(visibleBounds({ x: 100, y: 80, width: 400, height: 300 }, screen)?.width, 960, 'never below the minimum size');
  });
});

describe('safeStorage secret store', () => {
  const fakeSafeStorage = (available: boolean, backend = 'gnome_libsecret'): SafeStorageLike => ({
    isEncryptionAvailable: () => available,
    encryptString: (s) => Buffer.from(`enc:${Buffer.from(s).toString('hex')}`),
    decryptString: (b) => Buffer.from(b.toString().slice(4), 'hex').toString(),
    getSelectedStorageBackend: () => backend,
  });

  test('persists only encrypted values, readable by a new store', async () => {
    const path = join(root, 'secrets.json');
    const store = new SafeStorageSecretStore(fakeSafeStorage(true), path, 'linux');
    assert.equal(store.persistent, true);
    assert.equal(store.warning, undefined);
    await store.set('sas:1', 'https://a/c?sig=TOPSECRET');
    assert.ok(!readFileSync(path, 'utf8').includes('TOPSECRET'));
    assert.equal(await new SafeStorageSecretStore(fakeSafeStorage(true), path, 'linux').get('sas:1'), 'https://a/c?sig=TOPSECRET');
    await store.delete('sas:1');
    assert.equal(await new SafeStorageSecretStore(fakeSafeStorage(true), path, 'linux').get('sas:1'), undefined);
  });

  test('without real encryption nothing is written and the user is warned', async () => {
    for (const ss of [fakeSafeStorage(false), fakeSafeStorage(true, 'basic_text')]) {
      const path = join(root, `plain-${Math.random()}.json`);
      const store = new SafeStorageSecretStore(ss, path, 'linux');
      assert.equal(store.persistent, false);
      assert.equal(store.warning, NO_ENCRYPTION_WARNING);
      await store.set('sas:1', 'https://a/c?sig=TOPSECRET');
      assert.equal(await store.get('sas:1'), 'https://a/c?sig=TOPSECRET', 'kept in memory for this run');
      assert.equal(existsSync(path), false);
    }
  });
});

describe('Electron end to end', () => {
  test('the desktop app opens the workspace and the window reaches the backend through window.wpa', async (t) => {
    const electron = findElectronBinary();
    if (!('path' in electron)) {
      t.skip(`Electron binary not available: ${electron.reason}`);
      return;
    }
    const { buildElectron } = await import('../build/scripts/build-electron.mjs');
    await buildElectron({ quiet: true });
    const { ensureRendererBuilt } = await import('../build/scripts/rendererBuild.mjs');
    ensureRendererBuilt();
    const { _electron } = await import('playwright-core');
    const app = await _electron.launch({
      executablePath: electron.path,
      // Chromium refuses to start as root (containers, CI) without --no-sandbox.
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), join(import.meta.dirname, '..'), '--workspace', wsDir],
      env: { ...process.env, WPA_HOME: join(root, 'home'), ELECTRON_DISABLE_SECURITY_WARNINGS: '1' },
      timeout: 60_000,
    });
    try {
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      assert.match(page.url(), /^app:\/\/wpa\//);
      const info = await page.evaluate(async () => {
        const w = window as unknown as { wpa: { call: Record<string, (r: unknown) => Promise<unknown>> }; require?: unknown; process?: unknown };
        return { keys: Object.keys(w.wpa.call).length, node: typeof w.require !== 'undefined' || typeof w.process !== 'undefined', result: await w.wpa.call['workspace/info']({}) };
      });
      assert.equal(info.node, false, 'no Node in the page');
      assert.ok(info.keys >= 16);
      assert.equal((info.result as Result<WorkspaceInfo>).ok, true);
      // Hardening seen from the page: no window.open, no navigation away from app://.
      const opened = await page.evaluate(() => window.open('https://example.com/') === null);
      assert.equal(opened, true);
      await page.evaluate(() => {
        window.location.href = 'https://example.com/';
      });
      await new Promise((r) => setTimeout(r, 500));
      assert.match(page.url(), /^app:\/\/wpa\//);
      await page.screenshot({ path: join(root, 'electron-window.png') });
    } finally {
      await app.close();
    }
  });
});
