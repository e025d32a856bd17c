/**
 * Browser mode: the same backend as the desktop app, served over HTTP on 127.0.0.1 only.
 *
 *   POST /api/call/<domain>/<action>   Authorization: Bearer <token>, JSON body → JSON Result
 *   POST /api/upload?name=<file name>  Authorization: Bearer <token>, the file as the body → Result<UploadedFile>
 *   GET  /api/events?token=<token>     server-sent events, one BackendEvent per `data:` line
 *   GET  /api/download/<jobId>?token=  the file a finished export job wrote
 *   GET  /*                            renderer/dist, index.html for client-side routes
 *
 * The URL to open is `http://127.0.0.1:PORT/#token=<token>`: the token travels in the fragment, which
 * the browser never sends; the page reads it from location.hash.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, resolve } from 'node:path';
import type { Result, UploadedFile } from '../../../shared/api/contract.js';
import type { ApiService } from '../api/apiService.js';
import { createWorkspaceHost } from '../api/workspaceHost.js';
import { wpaHome } from '../appHome.js';
import { clearUploads } from '../api/datasets/uploads.js';
import type { SecretStore } from '../api/secrets.js';
import { EventStreams } from './eventStream.js';
import { HttpError } from './httpError.js';
import { bearerToken, hostAllowed, LOOPBACK_HOST, originAllowed, tokenMatches } from './httpGuards.js';
import { DEFAULT_MAX_UPLOAD_BYTES, DEFAULT_UPLOAD_QUOTA_BYTES, receiveUpload } from './receiveUpload.js';
import { UploadQuota } from './uploadQuota.js';
import { SECURITY_HEADERS, serveStatic } from './staticFiles.js';

export interface ServerOptions {
  workspaceDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** The built renderer (default renderer/dist). */
  staticDir?: string;
  isDemo?: boolean;
  /** The app's home, where the workspace library is kept (default `$WPA_HOME` or ~/.wpa-explorer). */
  home?: string;
  secrets?: SecretStore;
  /** Use this backend instead of creating one (tests); it is not closed with the server. */
  api?: ApiService;
  /** Fixed token (tests); default: 32 random bytes. */
  token?: string;
  /** Largest file /api/upload accepts (default 2 GiB). */
  maxUploadBytes?: number;
  /** All uploads together, arriving or waiting to be imported (default 4 GiB). */
  uploadQuotaBytes?: number;
}

export interface RunningServer {
  url: string;
  origin: string;
  port: number;
  token: string;
  api: ApiService;
  close(): Promise<void>;
}

/** Largest request body accepted (SQL text and filters are small). */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** Aborted when the client goes away before its answer is sent: the call's statements are interrupted. */
function clientGone(res: ServerResponse): AbortSignal {
  const gone = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) gone.abort();
  });
  return gone.signal;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

function sendError(res: ServerResponse, e: HttpError): void {
  const body: Result<never> = { ok: false, error: { code: `transport/${e.code}`, message: e.message, hint: e.hint } };
  sendJson(res, e.status, body);
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(415, 'bad-request', 'Calls must send JSON (Content-Type: application/json).');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'bad-request', 'The request is too large.');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'bad-request', 'The request body is not valid JSON.');
  }
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const staticDir = resolve(options.staticDir ?? 'renderer/dist');
  const token = options.token ?? randomBytes(32).toString('base64url');
  const api = options.api ?? (await createWorkspaceHost({ workspaceDir: options.workspaceDir, isDemo: options.isDemo, secrets: options.secrets, home: options.home ?? wpaHome() }));
  // Uploads go to the open workspace, which the user may switch: one quota per workspace folder.
  const quotas = new Map<string, UploadQuota>();
  const uploadLimitsFor = async (dir: string) => {
    let quota = quotas.get(dir);
    if (!quota) {
      // Uploads a previous run never imported; this run's page cannot refer to them.
      await clearUploads(dir);
      quota = new UploadQuota(dir, options.uploadQuotaBytes ?? DEFAULT_UPLOAD_QUOTA_BYTES);
      quotas.set(dir, quota);
    }
    return { maxBytes: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES, quota };
  };
  await uploadLimitsFor(api.workspaceDir);
  const events = new EventStreams();
  const unsubscribe = api.onEvent((e) => events.send(e));
  let port = 0;

  const requireToken = (given: string | undefined) => {
    if (!tokenMatches(given, token)) {
      throw new HttpError(401, 'unauthorized', 'This request does not carry the access token of this server.', 'Open the link the server printed; it ends with #token=….');
    }
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req, port)) throw new HttpError(403, 'bad-host', `This server answers only to ${LOOPBACK_HOST}:${port}.`);
    if (!originAllowed(req, port)) throw new HttpError(403, 'bad-origin', 'Requests from other sites are refused.');
    const url = new URL(req.url ?? '/', `http://${LOOPBACK_HOST}:${port}`);
    const path = url.pathname;

    if (path.startsWith('/api/call/')) {
      if (req.method !== 'POST') throw new HttpError(405, 'bad-request', 'Calls are POST requests.');
      requireToken(bearerToken(req));
      const name = decodeURIComponent(path.slice('/api/call/'.length));
      const body = await readJsonBody(req);
      const result = await api.callByName(name, body, clientGone(res));
      sendJson(res, result.ok || result.error.code !== 'api/unknown-call' ? 200 : 404, result);
      return;
    }
    if (path === '/api/upload') {
      if (req.method !== 'POST') throw new HttpError(405, 'bad-request', 'Uploads are POST requests.');
      requireToken(bearerToken(req));
      const dir = api.workspaceDir;
      const uploaded: Result<UploadedFile> = { ok: true, value: await receiveUpload(req, dir, url.searchParams.get('name'), await uploadLimitsFor(dir)) };
      sendJson(res, 200, uploaded);
      return;
    }
    if (path === '/api/events') {
      if (req.method !== 'GET') throw new HttpError(405, 'bad-request', 'The event stream is a GET request.');
      requireToken(url.searchParams.get('token') ?? bearerToken(req));
      const listed = await api.call('jobs/list', {});
      events.open(res, SECURITY_HEADERS, listed.ok ? listed.value.jobs.filter((j) => j.status === 'running') : []);
      return;
    }
    if (path.startsWith('/api/download/')) {
      if (req.method !== 'GET') throw new HttpError(405, 'bad-request', 'Downloads are GET requests.');
      requireToken(url.searchParams.get('token') ?? bearerToken(req));
      const jobId = decodeURIComponent(path.slice('/api/download/'.length));
      const file = api.exportFile(jobId);
      if (!file) throw new HttpError(404, 'not-found', 'There is no finished export with this id.', 'Exports can be downloaded once their job is done, while the server runs.');
      let size: number;
      try {
        size = statSync(file).size;
      } catch {
        throw new HttpError(404, 'not-found', 'The exported file is gone from the exports folder.');
      }
      const name = basename(file);
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': 'application/octet-stream',
        'Content-Length': size,
        'Content-Disposition': `attachment; filename="${name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
        'Cache-Control': 'no-store',
      });
      createReadStream(file).pipe(res);
      return;
    }
    if (path.startsWith('/api/')) throw new HttpError(404, 'not-found', `No such endpoint: ${path}`);
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'bad-request', 'Only GET is served here.');
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    serveStatic(staticDir, path, res, req.method === 'HEAD');
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendError(res, e instanceof HttpError ? e : new HttpError(500, 'server-error', e instanceof Error ? e.message : String(e)));
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK_HOST, () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${LOOPBACK_HOST}:${port}`;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    api,
    async close() {
      unsubscribe();
      events.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      if (!options.api) await api.close();
    },
  };
}
