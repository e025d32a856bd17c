/**
 * The object the preload exposes as `window.wpa`: one function per contract call, generated from
 * API_NAMES, and an event subscription. Pure (no Electron import) so a test can pin its surface.
 */
import { API_NAMES, type ApiName, type ApiRequest, type ApiResponse, type BackendEvent, type Result } from '../../shared/api/contract.js';

/** The channel main uses to push BackendEvents to the window. */
export const EVENT_CHANNEL = 'wpa:event';

export type BridgeCalls = { [N in ApiName]: (request: ApiRequest<N>) => Promise<Result<ApiResponse<N>>> };

export interface WpaBridge {
  call: BridgeCalls;
  onEvent(listener: (e: BackendEvent) => void): () => void;
}

/** `ipcRenderer.invoke` in the preload; the channel is the call's name. */
export type Invoke = (channel: string, request: unknown) => Promise<unknown>;
/** Subscribe to the event channel; returns the unsubscribe function. */
export type SubscribeEvents = (listener: (e: BackendEvent) => void) => () => void;

export function buildBridge(invoke: Invoke, subscribe: SubscribeEvents): WpaBridge {
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
  };
}
