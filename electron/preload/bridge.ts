/**
 * The object the preload exposes as `window.wpa`: one function per contract call, generated from
 * API_NAMES, an event subscription, and the disk path of a file the user picked or dropped (the
 * import calls take a path). Pure (no Electron import) so a test can pin its surface.
 */
import { API_NAMES, type ApiName, type ApiRequest, type ApiResponse, type BackendEvent, type Result } from '../../shared/api/contract.js';

/** The channel main uses to push BackendEvents to the window. */
export const EVENT_CHANNEL = 'wpa:event';

export type BridgeCalls = { [N in ApiName]: (request: ApiRequest<N>) => Promise<Result<ApiResponse<N>>> };

export interface WpaBridge {
  call: BridgeCalls;
  onEvent(listener: (e: BackendEvent) => void): () => void;
  /** The path of a picked or dropped file on disk; '' when it has none (made in memory). */
  pathForFile(file: File): string;
}

/** `ipcRenderer.invoke` in the preload; the channel is the call's name. */
export type Invoke = (channel: string, request: unknown) => Promise<unknown>;
/** Subscribe to the event channel; returns the unsubscribe function. */
export type SubscribeEvents = (listener: (e: BackendEvent) => void) => () => void;
/** `webUtils.getPathForFile` in the preload (Electron ≥ 29; File.path is gone). */
export type PathForFile = (file: File) => string;

export function buildBridge(invoke: Invoke, subscribe: SubscribeEvents, pathForFile: PathForFile): WpaBridge {
  const call = {} as Record<ApiName, (request: unknown) => Promise<unknown>>;
  for (const name of API_NAMES) {
    // Only the request crosses: never the IPC event object or anything else of Electron.
    call[name] = (request: unknown) => invoke(name, request ?? {});
  }
  return {
    call: Object.freeze(call) as unknown as BridgeCalls,
    onEvent(listener) {
      if (typeof listener !== 'function') throw new TypeError('onEvent needs a function');
      return subscribe(listener);
    },
    pathForFile(file) {
      // Only a string crosses back; anything Electron refuses to resolve has no path.
      try {
        const path = pathForFile(file);
        return typeof path === 'string' ? path : '';
      } catch {
        return '';
      }
    },
  };
}
