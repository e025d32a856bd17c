/**
 * Reading one byte range of a blob: the interface the downloader uses, and the choice between
 * the two implementations.
 *
 * - `fast` (default): a minimal HTTP/1.1 client over pooled keep-alive sockets that read into one
 *   reused buffer. The SDK's path allocates a fresh buffer for every socket read, which costs about
 *   three times the CPU per MB and, on a small machine, most of the throughput.
 * - `sdk`: the Azure SDK's ranged download. Used when a proxy is configured (the SDK honours
 *   HTTPS_PROXY and friends; the fast client does not speak CONNECT), or on request.
 */
import type { ContainerClient } from '@azure/storage-blob';
import { FastRangeReader, UNSUPPORTED_FRAMING } from './fastRangeReader.js';
import { SdkRangeReader } from './sdkRangeReader.js';

export interface RangeRequest {
  blobName: string;
  /** First byte. */
  start: number;
  /** One past the last byte. */
  end: number;
  /** Unquoted ETag the range must come from (If-Match): a changed blob answers 412. */
  etag: string;
  signal: AbortSignal;
  /** Bytes arrived from the network (before they are written): for stall timers and progress. */
  onActivity?: (bytes: number) => void;
  /** The response started; `blobContentMD5` is the whole blob's MD5 when the blob has one. */
  onResponse?: (info: { blobContentMD5?: string }) => void;
}

/**
 * Receives the range in order, in batches of about 1 MiB (several buffers to write back to back).
 * The buffers may be reused once the returned promise settles.
 */
export type RangeSink = (buffers: Buffer[], bytes: number) => Promise<void>;

export interface RangeReader {
  /** Resolves once every byte of the range went through `sink`; rejects like the SDK would (RestError, AbortError, network errors). */
  read(req: RangeRequest, sink: RangeSink): Promise<void>;
  close(): void;
}

export type TransportChoice = 'auto' | 'fast' | 'sdk';

/** A proxy is configured for this URL: only the SDK knows how to go through it. */
export function proxyConfigured(url: URL, env: NodeJS.ProcessEnv = process.env): boolean {
  const proxy = url.protocol === 'https:' ? (env.HTTPS_PROXY ?? env.https_proxy ?? env.ALL_PROXY ?? env.all_proxy) : (env.HTTP_PROXY ?? env.http_proxy ?? env.ALL_PROXY ?? env.all_proxy);
  if (!proxy) return false;
  const noProxy = (env.NO_PROXY ?? env.no_proxy ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const host = url.hostname.toLowerCase();
  return !noProxy.some((n) => n === '*' || host === n.replace(/^\./, '') || host.endsWith(n.startsWith('.') ? n : `.${n}`));
}

export function createRangeReader(client: ContainerClient, choice: TransportChoice = 'auto'): RangeReader {
  if (choice === 'sdk' || (choice === 'auto' && proxyConfigured(new URL(client.url)))) return new SdkRangeReader(client);
  const fast = new FastRangeReader(client.url);
  if (choice === 'fast') return fast;
  return new FallbackRangeReader(fast, () => new SdkRangeReader(client));
}

/** The fast client until the server answers in a way it does not parse; the SDK from then on. */
class FallbackRangeReader implements RangeReader {
  private fallback?: RangeReader;

  constructor(
    private readonly fast: RangeReader,
    private readonly makeFallback: () => RangeReader,
  ) {}

  async read(req: RangeRequest, sink: RangeSink): Promise<void> {
    if (this.fallback) return this.fallback.read(req, sink);
    try {
      await this.fast.read(req, sink);
    } catch (e) {
      if ((e as { code?: string }).code !== UNSUPPORTED_FRAMING) throw e;
      this.fallback ??= this.makeFallback();
      this.fast.close();
      await this.fallback.read(req, sink);
    }
  }

  close(): void {
    this.fast.close();
    this.fallback?.close();
  }
}
