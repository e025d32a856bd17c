/**
 * Physical line numbers for byte offsets in a file. DuckDB's rejects table counts CSV records, which
 * differs from the line an editor shows once a quoted field holds a newline.
 */
import { createReadStream } from 'node:fs';

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
