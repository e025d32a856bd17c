/**
 * Physical line numbers for byte offsets in a file. DuckDB's rejects table counts CSV records, which
 * differs from the line an editor shows once a quoted field holds a newline.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

/** For each byte offset, the 1-based line of the file that starts at or holds that offset. */
export async function lineNumbersAtOffsets(path: string, offsets: number[]): Promise<Map<number, number>> {
  const wanted = [...new Set(offsets)].sort((a, b) => a - b);
  const result = new Map<number, number>();
  if (wanted.length === 0) return result;
  let newlines = 0;
  let base = 0;
  let next = 0;
  const last = wanted[wanted.length - 1];
  const stream = createReadStream(path, { end: last, highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let from = 0;
    while (next < wanted.length && wanted[next] < base + chunk.length) {
      const upto = wanted[next] - base;
      for (let i = chunk.indexOf(10, from); i !== -1 && i <= upto; i = chunk.indexOf(10, i + 1)) {
        newlines++;
        from = i + 1;
      }
      if (from <= upto) from = upto + 1;
      result.set(wanted[next], newlines + 1);
      next++;
    }
    for (let i = chunk.indexOf(10, from); i !== -1; i = chunk.indexOf(10, i + 1)) newlines++;
    base += chunk.length;
  }
  return result;
}

/**
 * The line a CSV record starts on, for DuckDB's byte offset of a rejected record. DuckDB counts
 * blank lines before a record into it, and its offset can point at them (with CRLF line ends, at
 * the first blank line's CR): the record starts after that run of line ends.
 */
export async function recordLinesAtOffsets(path: string, offsets: number[]): Promise<Map<number, number>> {
  const lines = await lineNumbersAtOffsets(path, offsets);
  const file = await open(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    for (const [offset, line] of lines) {
      // Newlines after the offset within the run of line ends it points into; the one at the offset is counted already.
      let skipped = 0;
      let at = offset;
      for (let done = false; !done; ) {
        const { bytesRead } = await file.read(buf, 0, buf.length, at);
        if (bytesRead === 0) break;
        let i = 0;
        for (; i < bytesRead && (buf[i] === 10 || buf[i] === 13); i++) if (buf[i] === 10 && at + i > offset) skipped++;
        done = i < bytesRead;
        at += bytesRead;
      }
      lines.set(offset, line + skipped);
    }
  } finally {
    await file.close();
  }
  return lines;
}
