/**
 * One limit for all of browser mode's uploads together: the files being received (at least their
 * declared size, else what arrived so far) plus those waiting in imports/.uploads to be imported.
 * Without it, parallel uploads under the per-file cap could still fill the disk (6 GB in parallel).
 * Each upload is also refused up front when its declared size is more than the disk has free.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { formatBytes } from '../../../shared/format/bytes.js';
import { uploadsDir } from '../api/datasets/uploads.js';
import { freeBytes } from '../workspace/freeSpace.js';
import { HttpError } from './httpError.js';

export interface UploadTicket {
  /** Count `n` more bytes received; an error when that takes the uploads past the quota. */
  add(n: number): HttpError | null;
  /** The upload finished (its file now waits on disk) or was dropped. */
  end(): void;
}

interface Active {
  reserved: number;
  written: number;
}

export class UploadQuota {
  private readonly active = new Set<Active>();

  constructor(
    private readonly workspaceDir: string,
    readonly quotaBytes: number,
  ) {}

  /** Bytes the active uploads hold: each at least its declared size. */
  private activeBytes(): number {
    let n = 0;
    for (const a of this.active) n += Math.max(a.reserved, a.written);
    return n;
  }

  /** Bytes under imports/.uploads that no active upload is writing: files waiting to be imported. */
  private async waitingBytes(): Promise<number> {
    const root = uploadsDir(this.workspaceDir);
    let total = 0;
    for (const folder of await readdir(root).catch(() => [])) {
      for (const f of await readdir(join(root, folder)).catch(() => [])) total += (await stat(join(root, folder, f)).catch(() => undefined))?.size ?? 0;
    }
    let writing = 0;
    for (const a of this.active) writing += a.written;
    return Math.max(0, total - writing);
  }

  private overQuota(name: string, used: number): HttpError {
    return new HttpError(
      413,
      'upload-quota',
      `${name} cannot be uploaded: uploads together may hold ${formatBytes(this.quotaBytes)}, and ${formatBytes(used)} is already taken by uploads in progress or waiting to be imported.`,
      'Import or discard the files uploaded so far, or let other uploads finish; or type the file’s path instead: the backend reads it where it is.',
    );
  }

  /** Admit an upload of `declared` bytes (if the request says), or refuse it by name with the sizes. */
  async begin(name: string, declared?: number): Promise<UploadTicket> {
    const waiting = await this.waitingBytes();
    const used = waiting + this.activeBytes();
    if (used + (declared ?? 0) > this.quotaBytes) throw this.overQuota(name, used);
    if (declared !== undefined) {
      const free = await freeBytes(this.workspaceDir);
      if (declared > free) {
        throw new HttpError(
          507,
          'no-space',
          `${name} (${formatBytes(declared)}) does not fit: the workspace's disk has ${formatBytes(free)} free.`,
          'Free some space on that disk, or type the file’s path instead: the backend reads it where it is.',
        );
      }
    }
    const me: Active = { reserved: declared ?? 0, written: 0 };
    this.active.add(me);
    return {
      add: (n) => {
        me.written += n;
        const total = waiting + this.activeBytes();
        return total > this.quotaBytes ? this.overQuota(name, total - Math.max(me.reserved, me.written)) : null;
      },
      end: () => {
        this.active.delete(me);
      },
    };
  }
}
