/**
 * Ranged reads through the Azure SDK (the path that works behind a proxy).
 * The SDK's own mid-stream retry is off (`maxRetryRequests: 0`): the downloader retries from the
 * last byte it wrote, and tells a drop from a cancel by its own signal.
 */
import type { ContainerClient } from '@azure/storage-blob';
import type { RangeReader, RangeRequest, RangeSink } from './rangeReader.js';

const BATCH_BYTES = 1024 * 1024;

export class SdkRangeReader implements RangeReader {
  constructor(private readonly client: ContainerClient) {}

  async read(req: RangeRequest, sink: RangeSink): Promise<void> {
    const res = await this.client.getBlobClient(req.blobName).download(req.start, req.end - req.start, {
      abortSignal: req.signal,
      conditions: { ifMatch: `"${req.etag}"` },
      maxRetryRequests: 0,
    });
    req.onResponse?.({ blobContentMD5: res.blobContentMD5 ? Buffer.from(res.blobContentMD5).toString('base64') : undefined });
    let batch: Buffer[] = [];
    let batched = 0;
    let total = 0;
    for await (const chunk of res.readableStreamBody as AsyncIterable<Buffer>) {
      const n = Math.min(chunk.length, req.end - req.start - total);
      req.onActivity?.(n);
      batch.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      batched += n;
      total += n;
      if (batched >= BATCH_BYTES) {
        await sink(batch, batched);
        batch = [];
        batched = 0;
      }
    }
    if (batched) await sink(batch, batched);
    if (total !== req.end - req.start) throw Object.assign(new Error(`connection closed after ${total} of ${req.end - req.start} bytes`), { code: 'ECONNRESET' });
  }

  close(): void {
    // The SDK owns its sockets.
  }
}
