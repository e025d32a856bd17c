/**
 * IPC from the window to the backend: one `ipcMain.handle` per contract call, and only for frames
 * this app created and loaded from app:// (Electron Fiddle's rule). Anything else gets an error
 * result and is never forwarded.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { API_NAMES, type ApiName, type BackendEvent, type Result } from '../../shared/api/contract.js';
import { EVENT_CHANNEL } from '../preload/bridge.js';
import { isAppUrl } from './security.js';

/** The web contents of windows we created; IPC from any other sender is refused. */
const trusted = new Set<number>();

export function trustWebContents(wc: WebContents): void {
  trusted.add(wc.id);
  wc.once('destroyed', () => trusted.delete(wc.id));
}

export function isTrustedSender(e: IpcMainInvokeEvent): boolean {
  const frame = e.senderFrame;
  return !!frame && trusted.has(e.sender.id) && frame === e.sender.mainFrame && isAppUrl(frame.url);
}

export function registerApiHandlers(call: (name: ApiName, request: unknown) => Promise<Result<unknown>>): void {
  for (const name of API_NAMES) {
    ipcMain.handle(name, async (e, request: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(e)) {
        return { ok: false, error: { code: 'transport/forbidden', message: 'This window may not call the WPA Explorer backend.' } };
      }
      return call(name, request);
    });
  }
}

/** Push a backend event to every window we created. */
export function sendEvent(all: Iterable<WebContents>, event: BackendEvent): void {
  for (const wc of all) if (trusted.has(wc.id) && !wc.isDestroyed()) wc.send(EVENT_CHANNEL, event);
}
