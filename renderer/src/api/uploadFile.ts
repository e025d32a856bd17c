/**
 * Browser mode's way to give the backend a file: send it to POST /api/upload, which saves it in the
 * workspace and answers the path. XMLHttpRequest rather than fetch, for upload progress.
 */
import type { Result, UploadedFile } from '../../../shared/api/contract.js';
import { transportError, type FileOnBackend, type PathForFileOptions } from './transport.js';

function isResult(value: unknown): value is Result<UploadedFile> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

export function uploadFile(baseUrl: string, token: string, file: File, options: PathForFileOptions = {}): Promise<Result<FileOnBackend>> {
  return new Promise((resolve) => {
    const fail = (code: string, message: string, hint: string) => resolve({ ok: false, error: transportError(code, message, hint) });
    if (options.signal?.aborted) {
      fail('cancelled', `The upload of ${file.name} was cancelled.`, 'Pick the file again to upload it.');
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${baseUrl}api/upload?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => options.onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size);
    const onAbort = () => xhr.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    xhr.onloadend = () => options.signal?.removeEventListener('abort', onAbort);
    xhr.onabort = () => fail('cancelled', `The upload of ${file.name} was cancelled.`, 'Pick the file again to upload it.');
    xhr.onerror = () => fail('unreachable', `The upload of ${file.name} did not reach the backend.`, 'Check that "npm run serve" (or the desktop app) is still running, then try again.');
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (isResult(body)) resolve(body.ok ? { ok: true, value: { path: body.value.path, uploaded: true } } : body);
      else if (xhr.status === 401 || xhr.status === 403) fail('unauthorized', 'The backend refused this page’s access token.', 'The server was probably restarted: open the new link it printed.');
      else fail('bad-response', `The backend answered the upload with HTTP ${xhr.status} and no result.`, 'This is a bug in WPA Explorer; please report it with the steps that led here.');
    };
    xhr.send(file);
  });
}
