/**
 * Browser mode's server: token, Host and Origin checks, calls, server-sent events, downloads,
 * static files with the SPA fallback and security headers.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../electron/backend/server/startServer.js';
import { copyOfDemoWorkspace } from '../electron/backend/demoWorkspace.js';
import type { BackendEvent, Result, WorkspaceInfo } from '../shared/api/contract.js';

let root: string;
let server: RunningServer;

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A raw HTTP request (fetch cannot set Host). */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, method, path, headers: { Host: `127.0.0.1:${server.port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

function callApi(name: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return raw('POST', `/api/call/${name}`, { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}`, ...headers }, JSON.stringify(body));
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'wpa-server-'));
  const staticDir = join(root, 'dist');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>WPA Explorer</title><script type="module" src="./assets/app.js"></script>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log("app");');
  writeFileSync(join(root, 'secret.txt'), 'outside the static folder');
  const dir = await copyOfDemoWorkspace(join(root, 'ws'), { people: 40, weeks: 2 });
  server = await startServer({ workspaceDir: dir, port: 0, staticDir });
});

after(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('browser-mode server', () => {
  test('listens on 127.0.0.1 only and prints the URL with the token in the fragment', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/);
    assert.equal(server.url, `http://127.0.0.1:${server.port}/#token=${server.token}`);
  });

  test('a call with the token answers the JSON Result', async () => {
    const r = await callApi('workspace/info', {});
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /application\/json/);
    const result = JSON.parse(r.body) as Result<WorkspaceInfo>;
    assert.equal(result.ok, true);
    if (result.ok) assert.ok(result.value.tables.length >= 9);
    const failing = JSON.parse((await callApi('grid/rows', { source: { kind: 'table', name: 'Nope' }, offset: 0, limit: 1 })).body) as Result<unknown>;
    assert.equal(failing.ok ? 'ok' : failing.error.code, 'grid/unknown-table');
    const unknown = await callApi('nope/nothing', {});
    assert.equal(unknown.status, 404);
    assert.equal((JSON.parse(unknown.body) as Result<unknown>).ok, false);
  });

  test('no token, a wrong token or a token in the query of a call: 401', async () => {
    for (const headers of [{ Authorization: '' }, { Authorization: 'Bearer wrong' }, { Authorization: `Bearer ${server.token}x` }]) {
      const r = await callApi('workspace/info', {}, headers);
      assert.equal(r.status, 401, JSON.stringify(headers));
      const body = JSON.parse(r.body) as Result<unknown>;
      assert.equal(body.ok ? 'ok' : body.error.code, 'transport/unauthorized');
    }
    const r = await raw('POST', `/api/call/workspace/info?token=${server.token}`, { 'Content-Type': 'application/json' }, '{}');
    assert.equal(r.status, 401);
  });

  test('a foreign Host (DNS rebinding) or Origin is refused, even with the token', async () => {
    assert.equal((await callApi('workspace/info', {}, { Host: `evil.example:${server.port}` })).status, 403);
    assert.equal((await callApi('workspace/info', {}, { Host: '127.0.0.1:1' })).status, 403);
    assert.equal((await raw('GET', '/', { Host: 'evil.example' })).status, 403);
    assert.equal((await callApi('workspace/info', {}, { Origin: 'http://evil.example' })).status, 403);
    assert.equal((await callApi('workspace/info', {}, { Origin: 'null' })).status, 403);
    assert.equal((await callApi('workspace/info', {}, { Origin: `http://127.0.0.1:${server.port}` })).status, 200);
    assert.equal((await callApi('workspace/info', {}, { Host: `localhost:${server.port}` })).status, 200);
  });

  test('calls must be JSON POSTs', async () => {
    assert.equal((await raw('POST', '/api/call/workspace/info', { Authorization: `Bearer ${server.token}`, 'Content-Type': 'text/plain' }, '{}')).status, 415);
    assert.equal((await raw('GET', '/api/call/workspace/info', { Authorization: `Bearer ${server.token}` })).status, 405);
    assert.equal((await raw('POST', '/api/call/workspace/info', { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' }, '{not json')).status, 400);
  });

  test('serves the app with the CSP, falls back to index.html for routes, never leaves the folder', async () => {
    const index = await raw('GET', '/');
    assert.equal(index.status, 200);
    assert.match(index.body, /WPA Explorer/);
    const csp = String(index.headers['content-security-policy']);
    for (const part of ["default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:", "connect-src 'self'"]) assert.ok(csp.includes(part), part);
    assert.equal(index.headers['x-content-type-options'], 'nosniff');
    assert.equal(index.headers['x-frame-options'], 'DENY');
    const js = await raw('GET', '/assets/app.js');
    assert.match(String(js.headers['content-type']), /javascript/);
    assert.ok(String(js.headers['content-security-policy']).includes("script-src 'self'"));
    assert.match((await raw('GET', '/browse/Mails')).body, /WPA Explorer/);
    assert.equal((await raw('GET', '/assets/missing.js')).status, 404);
    for (const path of ['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const r = await raw('GET', path);
      assert.ok(!r.body.includes('outside the static folder'), path);
    }
    assert.equal((await raw('GET', '/api/nothing')).status, 404);
  });

  test('server-sent events deliver job progress; the export downloads with the token', async () => {
    assert.equal((await raw('GET', '/api/events?token=wrong')).status, 401);
    const controller = new AbortController();
    const res = await fetch(`${server.origin}/api/events?token=${encodeURIComponent(server.token)}`, { signal: controller.signal });
    assert.equal(res.status, 200);
    assert.match(String(res.headers.get('content-type')), /text\/event-stream/);
    const reader = res.body!.getReader();
    const started = JSON.parse((await callApi('export/start', { source: { kind: 'table', name: 'Calls' }, format: 'csv' })).body) as Result<{ jobId: string }>;
    assert.ok(started.ok);
    const jobId = started.ok ? started.value.jobId : '';
    const seen: BackendEvent[] = [];
    let buffer = '';
    const deadline = Date.now() + 20_000;
    while (!seen.some((e) => e.type === 'job' && e.job.id === jobId && e.job.status === 'done')) {
      assert.ok(Date.now() < deadline, 'job events arrive');
      const { value, done } = await reader.read();
      if (done) break;
      buffer += new TextDecoder().decode(value);
      let at;
      while ((at = buffer.indexOf('\n\n')) !== -1) {
        const frame = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        const data = frame.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
        if (data) seen.push(JSON.parse(data) as BackendEvent);
      }
    }
    controller.abort();
    assert.ok(seen.some((e) => e.type === 'job' && e.job.id === jobId && e.job.status === 'running'));
    assert.equal((await raw('GET', `/api/download/${jobId}`)).status, 401);
    const file = await raw('GET', `/api/download/${jobId}?token=${encodeURIComponent(server.token)}`);
    assert.equal(file.status, 200);
    assert.match(String(file.headers['content-disposition']), /attachment; filename="Calls-\d{8}-\d{6}\.csv"/);
    assert.ok(file.body.startsWith('CallRecordId,'));
    assert.equal((await raw('GET', `/api/download/not-a-job?token=${encodeURIComponent(server.token)}`)).status, 404);
  });
});
