/**
 * What the renderer needs from a transport, beyond the contract's `ApiClient`.
 */
import type { ApiClient, Result } from '../../../shared/api/contract.js';
import type { AppErrorData } from '../../../shared/errors.js';

/** Where a picked file can be read by the backend; `uploaded` when browser mode had to send it. */
export interface FileOnBackend {
  path: string;
  uploaded: boolean;
}

export interface PathForFileOptions {
  /** Upload progress in browser mode (bytes sent of total); never called in Electron. */
  onProgress?(sent: number, total: number): void;
  /** Stops an upload under way. */
  signal?: AbortSignal;
}

export interface RendererApi extends ApiClient {
  /** 'electron' when the preload bridge is present, 'browser' when served over HTTP. */
  readonly transport: 'electron' | 'browser';
  /**
   * Where the user fetches a finished export: a URL in browser mode; undefined in Electron, where
   * the backend writes the file to disk and the job result names its path.
   */
  downloadUrl(jobId: string): string | undefined;
  /**
   * A path the backend can read for a file the user picked or dropped (the import calls take a
   * path): the file's own path in Electron; in browser mode it is uploaded into the workspace.
   */
  pathForFile(file: File, options?: PathForFileOptions): Promise<Result<FileOnBackend>>;
}

/** Errors the transports themselves raise, in words, for when the backend cannot be reached. */
export function transportError(code: string, message: string, hint: string): AppErrorData {
  return { code: `transport/${code}`, message, hint };
}
