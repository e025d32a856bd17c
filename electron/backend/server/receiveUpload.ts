/**
 * Browser mode's file upload (POST /api/upload?name=<file name>): the page cannot hand the backend
 * a path, so it sends the file, which is streamed to disk under the workspace's imports/.uploads/
 * — never buffered — and refused beyond a size cap. The answer is the path to import from.
 */
import { createWriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { Transform } from 'node:stream';
import type { UploadedFile } from '../../../shared/api/contract.js';
import { formatBytes } from '../../../shared/format/bytes.js';
import { newUploadPath, removeUpload } from '../api/datasets/uploads.js';
import { HttpError } from './httpError.js';
import type { UploadQuota } from './uploadQuota.js';

/** Large HR extracts run to hundreds of MB; beyond this, reading the file in place is the better way. */
export const DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024 ** 3;
/** All uploads together, those arriving and those waiting to be imported: parallel uploads cannot fill the disk. */
export const DEFAULT_UPLOAD_QUOTA_BYTES = 4 * 1024 ** 3;

export interface UploadLimits {
  /** One file at most. */
  maxBytes: number;
  /** Every upload of the workspace together (see uploadQuota.ts). */
  quota: UploadQuota;
}

function tooLarge(name: string, maxBytes: number): HttpError {
  return new HttpError(
    413,
    'too-large',
    `${name} is larger than the ${formatBytes(maxBytes)} a file may be to upload.`,
    'Type or paste the file’s path instead: the backend runs on this computer and reads the file where it is.',
  );
}

/**
 * Write the request body to a new upload folder; on any failure the partial file and its folder go.
 * A body over the cap is refused without closing the connection (the rest is read and dropped),
 * so the page receives the refusal rather than a reset.
 */
export async function receiveUpload(req: IncomingMessage, workspaceDir: string, name: string | null, limits: UploadLimits): Promise<UploadedFile> {
  const { maxBytes, quota } = limits;
  if (!name || !name.trim()) throw new HttpError(400, 'bad-request', 'The upload does not say which file it is.', 'Send the file name as ?name=<file name>.');
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(name, maxBytes);
  const ticket = await quota.begin(name, Number.isFinite(declared) ? declared : undefined);

  let path: string;
  try {
    path = await newUploadPath(workspaceDir, name);
  } catch (e) {
    ticket.end();
    throw e;
  }
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(bytes > maxBytes ? tooLarge(name, maxBytes) : ticket.add(chunk.length), chunk);
    },
  });
  const file = createWriteStream(path, { flags: 'wx' });
  try {
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (e: unknown) => {
        if (settled) return;
        settled = true;
        req.unpipe(counter);
        req.resume();
        counter.destroy();
        file.destroy();
        reject(e);
      };
      counter.on('error', fail);
      file.on('error', (e) => fail(new HttpError(500, 'upload-failed', `Could not save ${name} in the workspace: ${e.message}`, 'Check that the disk has room.')));
      req.on('close', () => {
        if (!req.complete) fail(new HttpError(400, 'upload-aborted', `The upload of ${name} stopped before the end.`));
      });
      file.on('close', () => {
        if (settled) return;
        settled = true;
        resolve();
      });
      req.pipe(counter).pipe(file);
    });
  } catch (e) {
    if (!file.closed) await new Promise<void>((r) => file.once('close', () => r()));
    await removeUpload(workspaceDir, path);
    ticket.end();
    throw e;
  }
  ticket.end();
  return { path, bytes };
}
