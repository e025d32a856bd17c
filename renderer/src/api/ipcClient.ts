/**
 * Electron transport: the preload exposes one function per call (`window.wpa.call[name]`) and an
 * event subscription. Nothing else of Electron or Node is visible to the renderer.
 */
import type { ApiName, ApiRequest, ApiResponse, BackendEvent, Result } from '../../../shared/api/contract.js';
import { transportError, type RendererApi } from './transport.js';

export type PreloadCalls = { [N in ApiName]: (request: ApiRequest<N>) => Promise<Result<ApiResponse<N>>> };

/** The surface the preload script exposes as `window.wpa` (electron/preload/bridge.ts). */
export interface WpaBridge {
  call: PreloadCalls;
  onEvent(listener: (e: BackendEvent) => void): () => void;
  /** The picked file's path on disk; '' when it has none. */
  pathForFile(file: File): string;
}

declare global {
  interface Window {
    wpa?: WpaBridge;
  }
}

export function createIpcClient(bridge: WpaBridge): RendererApi {
  return {
    transport: 'electron',
    async call<N extends ApiName>(name: N, request: ApiRequest<N>): Promise<Result<ApiResponse<N>>> {
      const fn = bridge.call[name] as ((req: ApiRequest<N>) => Promise<Result<ApiResponse<N>>>) | undefined;
      if (!fn) {
        return { ok: false, error: transportError('unknown-call', `The desktop app does not offer "${name}".`, 'The app and its window are from different versions; restart WPA Explorer.') };
      }
      try {
        return await fn(request);
      } catch {
        return { ok: false, error: transportError('unreachable', 'The WPA Explorer backend stopped answering.', 'Restart the app; if it happens again, report it with the steps that led here.') };
      }
    },
    onEvent: (listener) => bridge.onEvent(listener),
    downloadUrl: () => undefined,
    async pathForFile(file) {
      const path = bridge.pathForFile(file);
      if (path) return { ok: true, value: { path, uploaded: false } };
      return { ok: false, error: transportError('no-path', `${file.name} has no path on this computer.`, 'Save the file to a folder first, then pick it there, or type its path.') };
    },
  };
}
