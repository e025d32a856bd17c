/**
 * A minimal HTTP/1.1 client for one job: `GET` a byte range of a blob with the SAS, over pooled
 * keep-alive sockets (TCP or TLS) that read into one reused buffer (`onread`). Bytes are copied
 * into a ~1 MiB batch and handed to the sink; the socket pauses while the sink writes.
 *
 * Speaks only what Azure Blob's Get Blob answers: a status line, headers, a Content-Length body.
 * Failures look like the SDK's: HTTP errors are RestErrors carrying x-ms-error-code, network
 * errors carry Node's code (ECONNRESET, …), a cancel is an AbortError.
 */
import { connect as netConnect, type OnReadOpts, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { RangeReader, RangeRequest, RangeSink } from './rangeReader.js';

const READ_BUFFER_BYTES = 256 * 1024;
const BATCH_BYTES = 1024 * 1024;
const MAX_HEAD_BYTES = 64 * 1024;
/** Error code for answers this client does not parse (chunked bodies): the caller falls back to the SDK. */
export const UNSUPPORTED_FRAMING = 'EWPA_FRAMING';
/** Close pooled sockets before the server does (Azurite: 5 s; Azure: longer). */
const IDLE_MS = 4000;
/** Any version that has ranged Get Blob with x-ms-blob-content-md5 will do. */
const API_VERSION = '2021-12-02';

function networkError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

function abortError(): Error {
  const e = new Error('The operation was aborted.');
  e.name = 'AbortError';
  return e;
}

interface Exchange {
  onBytes(data: Buffer): boolean;
  onEnd(err: Error): void;
}

/** One socket; the current exchange (request/response) receives its bytes. */
class Connection {
  readonly socket: Socket;
  exchange?: Exchange;
  served = 0;
  idleTimer?: NodeJS.Timeout;
  dead = false;

  constructor(url: URL, onDead: (c: Connection) => void) {
    const readBuffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
    const onread = {
      buffer: readBuffer,
      callback: (n: number, buf: Uint8Array) => {
        if (!this.exchange) {
          this.socket.destroy(); // bytes nobody asked for: the connection is unusable
          return false;
        }
        return this.exchange.onBytes(Buffer.from(buf.buffer, buf.byteOffset, n));
      },
    };
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    // Node's TLS sockets honour `onread` too; its type declarations just do not say so.
    const tlsOptions: ConnectionOptions & { onread: OnReadOpts } = { host, port, servername: /^[\d.:]+$/.test(host) ? undefined : host, onread, ALPNProtocols: ['http/1.1'] };
    this.socket = url.protocol === 'https:' ? tlsConnect(tlsOptions) : netConnect({ host, port, onread });
    this.socket.setNoDelay(true);
    const end = (err: Error) => {
      if (this.dead) return;
      this.dead = true;
      clearTimeout(this.idleTimer);
      onDead(this);
      this.exchange?.onEnd(err);
      this.socket.destroy();
    };
    this.socket.on('error', (e: Error & { code?: string }) => end(networkError(e.message, e.code ?? 'ECONNRESET')));
    this.socket.on('end', () => end(networkError('the server closed the connection', 'ECONNRESET')));
    this.socket.on('close', () => end(networkError('the connection closed', 'ECONNRESET')));
  }
}

export class FastRangeReader implements RangeReader {
  private readonly base: URL;
  private readonly idle: Connection[] = [];
  private closed = false;

  /** `containerUrl` is the container URL with its SAS query, as the SDK client holds it. */
  constructor(containerUrl: string) {
    this.base = new URL(containerUrl);
  }

  private blobPath(blobName: string): string {
    const path = `${this.base.pathname.replace(/\/$/, '')}/${blobName.split('/').map(encodeURIComponent).join('/')}`;
    return `${path}${this.base.search}`;
  }

  private acquire(): Connection {
    const c = this.idle.pop();
    if (c) {
      clearTimeout(c.idleTimer);
      return c;
    }
    return new Connection(this.base, (dead) => {
      const i = this.idle.indexOf(dead);
      if (i !== -1) this.idle.splice(i, 1);
    });
  }

  private release(c: Connection, keepAlive: boolean): void {
    c.exchange = undefined;
    if (!keepAlive || this.closed || c.dead) {
      c.dead = true;
      c.socket.destroy();
      return;
    }
    // Reading again (the last batch left it paused), so a close by the server is noticed while idle.
    c.socket.resume();
    c.idleTimer = setTimeout(() => c.socket.destroy(), IDLE_MS);
    c.idleTimer.unref();
    this.idle.push(c);
  }

  async read(req: RangeRequest, sink: RangeSink): Promise<void> {
    // A pooled socket the server already closed fails before any answer: try once more on a new one.
    for (let attempt = 0; ; attempt++) {
      const c = this.acquire();
      const reused = c.served > 0;
      try {
        await this.exchange(c, req, sink);
        return;
      } catch (e) {
        if (!(e as { beforeResponse?: boolean }).beforeResponse || !reused || attempt > 0 || req.signal.aborted) throw e;
      }
    }
  }

  private exchange(c: Connection, req: RangeRequest, sink: RangeSink): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (req.signal.aborted) return reject(abortError());
      let settled = false;
      let head: Buffer[] = [];
      let headBytes = 0;
      let status = 0;
      let headers: Record<string, string> = {};
      let remaining = -1;
      let sawBytes = false;
      const batch = Buffer.allocUnsafe(BATCH_BYTES + READ_BUFFER_BYTES);
      let fill = 0;

      const finish = (err?: Error) => {
        if (settled) return;
        settled = true;
        req.signal.removeEventListener('abort', onAbort);
        if (err) {
          c.exchange = undefined;
          c.dead = true;
          c.socket.destroy();
          if (!sawBytes) Object.assign(err, { beforeResponse: true });
          reject(err);
        } else {
          c.served++;
          this.release(c, headers.connection?.toLowerCase() !== 'close');
          resolve();
        }
      };
      const onAbort = () => finish(abortError());
      req.signal.addEventListener('abort', onAbort, { once: true });

      /** Hand the batch to the sink with the socket paused; resume when it is written. */
      const deliver = (last: boolean): boolean => {
        const bytes = fill;
        const done = () => {
          fill = 0;
          if (last) finish();
          else if (!settled) c.socket.resume();
        };
        if (bytes === 0) {
          done();
          return true;
        }
        sink([batch.subarray(0, bytes)], bytes).then(done, (e: unknown) => finish(e as Error));
        return false;
      };

      const body = (data: Buffer): boolean => {
        if (data.length > remaining) {
          finish(networkError(`the server sent ${data.length - remaining} bytes more than announced`, 'EPROTO'));
          return false;
        }
        remaining -= data.length;
        req.onActivity?.(data.length);
        data.copy(batch, fill);
        fill += data.length;
        if (remaining === 0) return deliver(true);
        if (fill >= BATCH_BYTES) return deliver(false);
        return true;
      };

      c.exchange = {
        onEnd: (err) => finish(err),
        onBytes: (data) => {
          if (settled) return false;
          sawBytes = true;
          if (remaining >= 0) return body(data);
          // Still reading the status line and headers.
          head.push(Buffer.from(data)); // the read buffer is reused: keep a copy
          headBytes += data.length;
          const all = head.length === 1 ? head[0] : Buffer.concat(head);
          const endOfHead = all.indexOf('\r\n\r\n');
          if (endOfHead === -1) {
            if (headBytes > MAX_HEAD_BYTES) finish(networkError('response headers too large', 'EPROTO'));
            head = [all];
            return true;
          }
          const lines = all.subarray(0, endOfHead).toString('latin1').split('\r\n');
          const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]);
          if (!m) {
            finish(networkError(`not an HTTP response: ${lines[0].slice(0, 40)}`, 'EPROTO'));
            return false;
          }
          status = Number(m[1]);
          headers = {};
          for (const line of lines.slice(1)) {
            const i = line.indexOf(':');
            if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
          }
          if (status >= 300) {
            // Azure names the error in a header; the body (XML, often chunked) adds nothing we show.
            finish(httpError(status, headers));
            return false;
          }
          if (headers['transfer-encoding'] || headers['content-length'] === undefined) {
            finish(networkError('response without Content-Length', UNSUPPORTED_FRAMING));
            return false;
          }
          remaining = Number(headers['content-length']);
          if (remaining !== req.end - req.start) {
            finish(networkError(`range answered with ${remaining} bytes, ${req.end - req.start} asked`, 'EPROTO'));
            return false;
          }
          req.onResponse?.({ blobContentMD5: headers['x-ms-blob-content-md5'] });
          head = [];
          const rest = all.subarray(endOfHead + 4);
          if (remaining === 0) {
            deliver(true);
            return true;
          }
          return rest.length ? body(rest) : true;
        },
      };

      const request =
        `GET ${this.blobPath(req.blobName)} HTTP/1.1\r\n` +
        `Host: ${this.base.host}\r\n` +
        `Range: bytes=${req.start}-${req.end - 1}\r\n` +
        `If-Match: "${req.etag}"\r\n` +
        `x-ms-version: ${API_VERSION}\r\n` +
        'User-Agent: wpa-explorer\r\n' +
        'Connection: keep-alive\r\n\r\n';
      c.socket.write(request);
    });
  }

  close(): void {
    this.closed = true;
    for (const c of this.idle.splice(0)) {
      clearTimeout(c.idleTimer);
      c.socket.destroy();
    }
  }
}

/** An HTTP error in the SDK's RestError shape (name, statusCode, code, details), so one mapping (errors.ts) serves both readers. */
class HttpRangeError extends Error {
  override readonly name = 'RestError';
  readonly details: { errorCode?: string };
  constructor(
    readonly statusCode: number,
    readonly code: string | undefined,
  ) {
    super(`HTTP ${statusCode}${code ? ` ${code}` : ''}`);
    this.details = { errorCode: code };
  }
}

function httpError(status: number, headers: Record<string, string>): HttpRangeError {
  return new HttpRangeError(status, headers['x-ms-error-code']);
}
