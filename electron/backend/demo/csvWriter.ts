/**
 * Streaming CSV output: rows are encoded into 1 MB byte chunks and written with backpressure, so
 * memory stays bounded however many rows a table gets.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { csvField } from '../../../shared/format/csvField.js';

/** Rows are collected in chunks of this many bytes; a chunk is handed to the stream once it holds FLUSH_BYTES. */
const CHUNK_BYTES = 1 << 20;
const FLUSH_BYTES = CHUNK_BYTES - (64 << 10);

export type CsvValue = string | number | boolean | null | undefined;

/** A row from plain values: booleans as True/False, null/undefined as an empty field. */
export function csvRow(values: readonly CsvValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) line += ',';
    if (v === null || v === undefined) continue;
    if (typeof v === 'boolean') line += v ? 'True' : 'False';
    else if (typeof v === 'number') line += String(v);
    else line += csvField(v);
  }
  return line;
}

/**
 * Rows are encoded straight into a pre-allocated buffer: each row string dies young, instead of
 * megabyte-long string ropes surviving into the old generation (which made GC the main cost).
 */
export class CsvFileWriter {
  rows = 0;
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private readonly stream: WriteStream;
  private failure: Error | undefined;

  constructor(
    readonly path: string,
    header: readonly string[],
  ) {
    this.stream = createWriteStream(path, { highWaterMark: CHUNK_BYTES });
    this.stream.on('error', (e) => {
      this.failure = e;
    });
    this.append(csvRow(header) + '\n');
  }

  /** Append one already-encoded row (fields joined by commas, no line break). */
  line(encodedRow: string): void {
    this.append(encodedRow + '\n');
    this.rows++;
  }

  /** Append one row of plain values. */
  row(values: readonly CsvValue[]): void {
    this.line(csvRow(values));
  }

  private append(text: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 unit; a row longer than a chunk gets its own buffer.
    if (this.used + text.length * 3 > this.chunk.length) {
      this.handOver();
      if (text.length * 3 > this.chunk.length) this.chunk = Buffer.allocUnsafe(text.length * 3);
    }
    this.used += this.chunk.write(text, this.used, 'utf8');
  }

  /** Give the filled part of the chunk to the stream and start a new chunk. */
  private handOver(): boolean {
    if (this.used === 0) return true;
    const full = this.chunk.subarray(0, this.used);
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
    return this.stream.write(full);
  }

  /** Write the batch if it is large; waits for the disk when the stream is saturated. */
  async flushIfFull(): Promise<void> {
    if (this.used >= FLUSH_BYTES) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.handOver() || this.stream.writableNeedDrain) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    if (!this.stream.writableFinished) await once(this.stream, 'finish');
    if (this.failure) throw this.failure;
  }

  /**
   * Abandon the file (after a failure or cancel); the caller removes it. Resolves once the stream
   * is closed: the file is opened asynchronously, and removing it before the open completes would
   * let the open create it again afterwards.
   */
  async destroy(): Promise<void> {
    this.used = 0;
    if (this.stream.closed) return;
    // Destroying on purpose (the file is opened again afresh): an error of the abandoned stream does not matter.
    const closed = once(this.stream, 'close').catch(() => undefined);
    this.stream.destroy();
    await closed;
  }
}
