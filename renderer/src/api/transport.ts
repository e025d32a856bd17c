/**
 * What the renderer needs from a transport, beyond the contract's `ApiClient`.
 */
import type { ApiClient } from '../../../shared/api/contract.js';
import type { AppErrorData } from '../../../shared/errors.js';

export interface RendererApi extends ApiClient {
  /** 'electron' when the preload bridge is present, 'browser' when served over HTTP. */
  readonly transport: 'electron' | 'browser';
  /**
   * Where the user fetches a finished export: a URL in browser mode; undefined in Electron, where
   * the backend writes the file to disk and the job result names its path.
   */
  downloadUrl(jobId: string): string | undefined;
}

/** Errors the transports themselves raise, in words, for when the backend cannot be reached. */
export function transportError(code: string, message: string, hint: string): AppErrorData {
  return { code: `transport/${code}`, message, hint };
}
