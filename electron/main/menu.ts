/**
 * The application menu and its keyboard shortcuts: standard edit/view/window roles, the workspace
 * and exports folders, help links. Screen navigation shortcuts live in the page itself, so the same
 * keys work in browser mode.
 */
import { app, Menu, shell, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import { isAllowedExternalUrl } from './security.js';

export interface MenuContext {
  workspaceDir(): string | undefined;
  isDev: boolean;
}

function openExternal(url: string): void {
  if (isAllowedExternalUrl(url)) void shell.openExternal(url);
}

export function buildAppMenu(ctx: MenuContext): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        {
          label: 'Show Exports Folder',
          accelerator: 'CmdOrCtrl+Shift+E',
          click: () => {
            const ws = ctx.workspaceDir();
            if (ws) void shell.openPath(join(ws, 'exports'));
          },
        },
        {
          label: 'Show Workspace Folder',
          click: () => {
            const ws = ctx.workspaceDir();
            if (ws) void shell.openPath(ws);
          },
        },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { role: 'reload' },
        ...(ctx.isDev ? [{ role: 'toggleDevTools' as const }] : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'Workplace Analytics Data Export Documentation', click: () => openExternal('https://learn.microsoft.com/viva/insights/advanced/analyst/introduction') },
        { label: 'DuckDB SQL Reference', click: () => openExternal('https://duckdb.org/docs/stable/sql/introduction') },
        ...(isMac ? [] : [{ type: 'separator' as const }, { label: `About ${app.name}`, click: () => app.showAboutPanel() }]),
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
