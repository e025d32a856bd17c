/**
 * Server-sent events: each BackendEvent as `data: <json>\n\n` to every open stream, with a comment
 * line now and then so proxies and the browser keep the connection open.
 */
import type { ServerResponse } from 'node:http';
import type { BackendEvent, JobInfo } from '../../../shared/api/contract.js';

const HEARTBEAT_MS = 15_000;

export class EventStreams {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor() {
    this.heartbeat = setInterval(() => {
      for (const res of this.clients) res.write(': keep-alive\n\n');
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Open a stream on `res`; `current` jobs are replayed so a reconnecting page catches up. */
  open(res: ServerResponse, headers: Record<string, string>, current: JobInfo[]): void {
    res.writeHead(200, {
      ...headers,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    for (const job of current) res.write(format({ type: 'job', job }));
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  send(event: BackendEvent): void {
    const text = format(event);
    for (const res of this.clients) res.write(text);
  }

  get size(): number {
    return this.clients.size;
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }
}

function format(event: BackendEvent): string {
  return `data: ${JSON.stringify(event)}\n\n`;
}
