/**
 * Find the physical lines of a CSV file longer than a row may be, in one streaming pass.
 *
 * DuckDB rejects a line over `max_line_size` only while it fits its read buffer (16 × that size,
 * 32 MB by default); a longer unquoted line is dropped with no reject at all, and a longer quoted
 * one is reported against the wrong line. So the readers find such lines themselves and say so by
 * line and column. Memory stays bounded (a chunk plus at most `maxBytes` of one line's start) and
 * the time linear: an ordinary chunk costs two `indexOf`s, only an over-long line is walked byte by byte.
 */
import { createReadStream } from 'node:fs';
import { lineNumbersAtOffsets } from './lineNumbers.js';

/** The longest line a row may be: passed to DuckDB as `max_line_size` so both agree. */
export const MAX_LINE_BYTES = 2_000_000;

export interface OverlongLine {
  /** 1-based physical line. */
  line: number;
  /** Byte offsets of the line in the file: [start, end) without the newline. */
  start: number;
  end: number;
  /** 0-based position of the line's longest field (quotes honoured within the line). */
  field: number;
  /** The line's first bytes, for showing. */
  head: string;
}

/** Tracks fields through an over-long line's bytes to name the longest one. */
class FieldWalker {
  private inQuote = false;
  private field = 0;
  private length = 0;
  longest = 0;
  private longestLength = -1;
  constructor(private readonly delimiter: number) {}

  feed(bytes: Buffer): void {
    const d = this.delimiter;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (b === 34) this.inQuote = !this.inQuote;
      else if (b === d && !this.inQuote) {
        this.close();
        this.field++;
        this.length = 0;
        continue;
      }
      this.length++;
    }
  }

  close(): void {
    if (this.length > this.longestLength) {
      this.longestLength = this.length;
      this.longest = this.field;
    }
  }
}

const HEAD_CHARS = 200;

/** Lines of `path` longer than `maxBytes` (a CR before the newline counts), at most `limit` of them. */
export async function findOverlongLines(path: string, delimiter: string, options: { maxBytes?: number; limit?: number } = {}): Promise<OverlongLine[]> {
  const maxBytes = options.maxBytes ?? MAX_LINE_BYTES;
  const limit = options.limit ?? 100;
  const delim = Buffer.from(delimiter)[0];
  const found: Omit<OverlongLine, 'line'>[] = [];
  let lineStart = 0;
  let base = 0;
  // The current line's bytes while it is still short enough to be ordinary.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let walker: FieldWalker | undefined;
  let head = '';

  const endLine = (endOffset: number) => {
    if (walker) {
      walker.close();
      found.push({ start: lineStart, end: endOffset, field: walker.longest, head });
    }
    walker = undefined;
    pending = [];
    pendingBytes = 0;
    lineStart = endOffset + 1;
  };
  const addToLine = (part: Buffer) => {
    if (part.length === 0) return;
    if (walker) {
      walker.feed(part);
      return;
    }
    pending.push(part);
    pendingBytes += part.length;
    if (pendingBytes > maxBytes) {
      const all = Buffer.concat(pending);
      head = all.subarray(0, HEAD_CHARS * 4).toString('utf8').slice(0, HEAD_CHARS).replace(/\r$/, '');
      walker = new FieldWalker(delim);
      walker.feed(all);
      pending = [];
    }
  };

  // Chunks no longer than `maxBytes`: a line between a chunk's first and last newline is short,
  // so only those two ends are looked at (no per-line work on ordinary files).
  const stream = createReadStream(path, { highWaterMark: Math.min(1 << 20, maxBytes) });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const first = chunk.indexOf(10);
      if (first === -1) addToLine(chunk);
      else {
        addToLine(chunk.subarray(0, first));
        endLine(base + first);
        const last = chunk.lastIndexOf(10);
        if (last !== first) endLine(base + last);
        addToLine(chunk.subarray(last + 1));
      }
      base += chunk.length;
      if (found.length >= limit) break;
    }
    if (base > lineStart && found.length < limit) endLine(base);
  } finally {
    stream.destroy();
  }
  if (found.length === 0) return [];
  const lines = await lineNumbersAtOffsets(path, found.map((f) => f.start));
  return found.map((f) => ({ ...f, line: lines.get(f.start) ?? 0 }));
}
