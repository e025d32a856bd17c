/**
 * The preload script of the app window (sandboxed, context-isolated): exposes `window.wpa` and
 * nothing else of Electron or Node. See bridge.ts for the surface.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { BackendEvent } from '../../shared/api/contract.js';
import { buildBridge, EVENT_CHANNEL } from './bridge.js';

const bridge = buildBridge(
  (channel, request) => ipcRenderer.invoke(channel, request),
  (listener) => {
    const handler = (_event: IpcRendererEvent, e: BackendEvent) => listener(e);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
  (file) => webUtils.getPathForFile(file),
);

contextBridge.exposeInMainWorld('wpa', bridge);
