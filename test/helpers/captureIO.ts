/** A CLI's stdout and stderr captured in memory (not terminals: plain progress lines). */
import { Writable } from 'node:stream';
import type { CliIO } from '../../electron/cli/command.js';

export interface CapturedIO {
  io: CliIO;
  /** The chunks written, in order. */
  out: string[];
  err: string[];
  stdout(): string;
  stderr(): string;
}

export function captureIO(): CapturedIO {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) =>
    new Writable({
      write(chunk: Buffer | string, _enc, done) {
        into.push(String(chunk));
        done();
      },
    });
  return { io: { stdout: sink(out), stderr: sink(err) }, out, err, stdout: () => out.join(''), stderr: () => err.join('') };
}
