/**
 * A file written as a stream whose failure is never lost: the first write error (a full disk) is
 * recorded the moment it happens — a stream's 'error' with no listener would crash the process —
 * and comes back as `import/write-failed` from the next write or from `end()`. A converted copy cut
 * short must never be read as a smaller file.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { AppError } from '../../../shared/errors.js';

export class CheckedWriter {
  private readonly out: WriteStream;
  private error: unknown;

  constructor(readonly path: string) {
    this.out = createWriteStream(path);
    this.out.on('error', (e) => {
      this.error ??= e;
    });
  }

  /** Write text, waiting for the stream to drain when its buffer is full. */
  async write(text: string): Promise<void> {
    if (this.error !== undefined) throw this.failure();
    if (this.out.write(text)) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.out.off('drain', done);
        this.out.off('close', done);
        resolve();
      };
      this.out.on('drain', done);
      this.out.on('close', done);
    });
    if (this.error !== undefined) throw this.failure();
  }

  /** Flush and close; the write error if one happened, else undefined. */
  async end(): Promise<AppError | undefined> {
    if (!this.out.closed) {
      this.out.end();
      await once(this.out, 'close').catch(() => undefined);
    }
    return this.error === undefined ? undefined : this.failure();
  }

  private failure(): AppError {
    const e = this.error;
    return new AppError({
      code: 'import/write-failed',
      message: `Could not write ${this.path}: ${e instanceof Error ? e.message : String(e)}`,
      hint: 'Check the disk has room and the workspace folder is writable.',
      where: { file: this.path },
    });
  }
}
