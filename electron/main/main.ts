/**
 * The Electron main process: a hardened window, the backend in a utility process, IPC routing,
 * menu, window state. No business logic lives here (see electron/backend).
 *
 * Usage: electron . [--workspace DIR]   (no workspace: the demo, generated on first run)
 */
import { app, BrowserWindow, dialog, Menu, safeStorage, screen, session, shell, type WebContents } from 'electron';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BackendEvent } from '../../shared/api/contract.js';
import { registerAppScheme, serveAppProtocol } from './appProtocol.js';
import { BackendProcess } from './backendProcess.js';
import { registerApiHandlers, sendEvent, trustWebContents } from './ipc.js';
import { buildAppMenu } from './menu.js';
import { SafeStorageSecretStore } from './secretStore.js';
import { ALLOWED_PERMISSIONS, APP_START_URL, isAllowedExternalUrl, isAppUrl } from './security.js';
import { DEFAULT_SIZE, MIN_SIZE, readWindowStateSync, visibleBounds, writeWindowStateSync } from './windowState.js';

/** Project (or app.asar) root: this file is bundled to out/main/main.cjs. */
const ROOT = resolve(__dirname, '..', '..');
const RENDERER_DIR = join(ROOT, 'renderer', 'dist');
const PRELOAD = join(ROOT, 'out', 'preload', 'preload.cjs');
const BACKEND_ENTRY = join(ROOT, 'out', 'backend', 'utilityEntry.cjs');

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i !== -1) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

const workspaceArg = argValue('workspace') ?? process.env.WPA_WORKSPACE;
let workspaceDir: string | undefined = workspaceArg ? resolve(workspaceArg) : undefined;
const windows = new Set<WebContents>();

registerAppScheme();
if (!app.requestSingleInstanceLock()) {
  // A second instance would fight over the workspace database lock: focus the first one instead.
  app.quit();
}

/** Hardening for every web contents, including any a bug might create. */
app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (e, url) => {
    if (!isAppUrl(url)) e.preventDefault();
  });
  contents.on('will-redirect', (e, url) => {
    if (!isAppUrl(url)) e.preventDefault();
  });
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
});

function createWindow(): BrowserWindow {
  const statePath = join(app.getPath('userData'), 'window-state.json');
  const state = readWindowStateSync(statePath);
  const bounds = visibleBounds(state.bounds, screen.getAllDisplays().map((d) => d.workArea));
  const win = new BrowserWindow({
    ...(bounds ?? DEFAULT_SIZE),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'WPA Explorer',
    backgroundColor: '#1e1f22',
    icon: join(ROOT, 'resources', 'icon.png'),
    webPreferences: {
      preload: PRELOAD,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  if (state.maximized) win.maximize();
  trustWebContents(win.webContents);
  windows.add(win.webContents);
  const wcId = win.webContents;
  win.on('closed', () => windows.delete(wcId));
  win.once('ready-to-show', () => win.show());
  const save = () => {
    try {
      writeWindowStateSync(statePath, { bounds: win.isMaximized() || win.isFullScreen() ? state.bounds : win.getBounds(), maximized: win.isMaximized() });
    } catch {
      // Not remembering the window size is not worth an error.
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const saveSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  win.on('resize', saveSoon);
  win.on('move', saveSoon);
  win.on('close', save);
  void win.loadURL(APP_START_URL);
  return win;
}

app.whenReady().then(async () => {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback) => callback(ALLOWED_PERMISSIONS.has(permission)));
  ses.setPermissionCheckHandler((_wc, permission) => ALLOWED_PERMISSIONS.has(permission));
  serveAppProtocol(RENDERER_DIR);

  mkdirSync(app.getPath('userData'), { recursive: true });
  const secrets = new SafeStorageSecretStore(safeStorage, join(app.getPath('userData'), 'secrets.json'));
  if (secrets.warning) console.warn(`WPA Explorer: ${secrets.warning}`);

  const backend = new BackendProcess({
    entry: BACKEND_ENTRY,
    workspaceDir,
    secrets,
    onEvent: (e: BackendEvent) => {
      sendEvent(windows, e);
      // Another workspace opened in the switcher: the menu's "workspace folder" follows it.
      if (e.type === 'workspace-changed' && e.switched) {
        void backend.call('workspace/info', {}).then((r) => {
          if (r.ok) workspaceDir = (r.value as { dir: string }).dir;
        });
      }
    },
    onStarting: (message) => console.log(message),
    onFatal: (error) => {
      dialog.showErrorBox('WPA Explorer could not open the workspace', `${error.message}${error.hint ? `\n\n${error.hint}` : ''}`);
    },
  });
  void backend.ready.then((r) => {
    workspaceDir = r.workspaceDir;
  });
  registerApiHandlers((name, request) => backend.call(name, request));
  Menu.setApplicationMenu(buildAppMenu({ workspaceDir: () => workspaceDir, isDev: !app.isPackaged }));

  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  let quitting = false;
  app.on('before-quit', (e) => {
    if (quitting) return;
    // Let the backend close DuckDB cleanly (checkpoint, release the lock) before exiting.
    e.preventDefault();
    quitting = true;
    void backend.stop().finally(() => app.quit());
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
