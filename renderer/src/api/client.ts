/**
 * Pick the transport: the Electron preload bridge when present, HTTP to the local server otherwise.
 */
import { createHttpClient, takeAccessToken } from './httpClient.js';
import { createIpcClient } from './ipcClient.js';
import type { RendererApi } from './transport.js';

export type { RendererApi } from './transport.js';

export function createApiClient(): RendererApi {
  if (window.wpa) return createIpcClient(window.wpa);
  return createHttpClient(takeAccessToken());
}
