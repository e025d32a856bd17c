/**
 * Browser mode's server: token, Host and Origin checks, calls, server-sent events, downloads,
 * uploads for import (inside imports/.uploads, size-capped), static files with the SPA fallback and
 * security headers.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { startServer, type RunningServer } from '../electron/backend/server/startServer.js';
import { copyOfDemoWorkspace } from '../electron/backend/demoWorkspace.js';
import type { BackendEvent, ImportPreviewInfo, ImportResultInfo, JobInfo, Result, UploadedFile, WorkspaceInfo } from '../shared/api/contract.js';

let root: string;
let wsDir: string;
let server: RunningServer;
/** Small, so the cap is cheap to cross. */
const MAX_UPLOAD = 64 * 1024;

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A raw HTTP request (fetch cannot set Host); a body given as several chunks is sent chunked. */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string | string[]): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, method, path, headers: { Host: `127.0.0.1:${server.port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    for (const chunk of typeof body === 'string' ? [body] : (body ?? [])) req.write(chunk);
    req.end();
  });
}

function upload(name: string | undefined, body: string | string[], headers: Record<string, string> = {}): Promise<Reply> {
  const query = name === undefined ? '' : `?name=${encodeURIComponent(name)}`;
  return raw('POST', `/api/upload${query}`, { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/octet-stream', ...headers }, body);
}

const uploadsDir = () => join(wsDir, 'imports', '.uploads');
/** Every file under imports/.uploads, relative to it. */
function uploadedFiles(): string[] {
  if (!existsSync(uploadsDir())) return [];
  return readdirSync(uploadsDir(), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(uploadsDir(), join(e.parentPath, e.name)));
}

async function jobEnd(jobId: string): Promise<JobInfo> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const listed = await server.api.call('jobs/list', {});
    const job = listed.ok ? listed.value.jobs.find((j) => j.id === jobId) : undefined;
    if (job && job.status !== 'running') return job;
    assert.ok(Date.now() < deadline, `job ${jobId} ends`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const HR_CSV = ['Key_ID,Region,Headcount', ...Array.from({ length: 30 }, (_, i) => `K${i},${['EMEA', 'APAC', 'Americas'][i % 3]},${i * 2}`)].join('\n') + '\n';

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
  wsDir = await copyOfDemoWorkspace(join(root, 'ws'), { people: 40, weeks: 2 });
  server = await startServer({ workspaceDir: wsDir, port: 0, staticDir, maxUploadBytes: MAX_UPLOAD });
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

  test('an upload needs the token and the server’s own Host, and answers a Result with a path inside imports/.uploads', async () => {
    for (const headers of [{ Authorization: '' }, { Authorization: 'Bearer wrong' }]) {
      const r = await upload('hr.csv', HR_CSV, headers);
      assert.equal(r.status, 401);
      const body = JSON.parse(r.body) as Result<unknown>;
      assert.equal(body.ok ? 'ok' : body.error.code, 'transport/unauthorized');
    }
    assert.equal((await upload('hr.csv', HR_CSV, { Host: `evil.example:${server.port}` })).status, 403);
    assert.equal((await upload('hr.csv', HR_CSV, { Origin: 'http://evil.example' })).status, 403);
    assert.equal((await raw('GET', '/api/upload?name=hr.csv', { Authorization: `Bearer ${server.token}` })).status, 405);
    assert.deepEqual(uploadedFiles(), [], 'nothing refused was written');

    const r = await upload('hr.csv', HR_CSV);
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /application\/json/);
    const result = JSON.parse(r.body) as Result<UploadedFile>;
    assert.ok(result.ok, r.body);
    const { path, bytes } = result.value;
    assert.equal(bytes, Buffer.byteLength(HR_CSV));
    assert.equal(readFileSync(path, 'utf8'), HR_CSV);
    assert.equal(dirname(dirname(path)), uploadsDir());
    assert.equal(basename(path), 'hr.csv');

    // The path is one the import calls accept: the sandboxed database reads it in place.
    const preview = JSON.parse((await callApi('datasets/preview', { path })).body) as Result<ImportPreviewInfo>;
    assert.ok(preview.ok, JSON.stringify(preview));
    assert.equal(preview.value.rows, 30);
    assert.deepEqual(preview.value.columns.map((c) => c.name), ['Key_ID', 'Region', 'Headcount']);

    const missing = JSON.parse((await upload(undefined, HR_CSV)).body) as Result<unknown>;
    assert.equal(missing.ok ? 'ok' : missing.error.code, 'transport/bad-request');
  });

  test('an upload’s name is reduced to a safe base name that stays inside its own .uploads folder', async () => {
    const names: Record<string, string> = {
      '../../x.csv': 'x.csv',
      '..\\..\\..\\evil.csv': 'evil.csv',
      '/etc/passwd': 'passwd',
      '.bashrc': 'bashrc',
      '..': 'upload',
      'Sales 2024 (Q1).xlsx': 'Sales 2024 _Q1_.xlsx',
      'a\u0000b.csv': 'a_b.csv',
    };
    const folders = new Set<string>();
    for (const [name, expected] of Object.entries(names)) {
      const r = JSON.parse((await upload(name, 'a,b\n1,2\n')).body) as Result<UploadedFile>;
      assert.ok(r.ok, `${name}: ${JSON.stringify(r)}`);
      const rel = relative(uploadsDir(), r.value.path).split(/[\\/]/);
      assert.equal(rel.length, 2, `${name} → ${r.value.path} is one folder down in .uploads`);
      assert.equal(rel[1], expected, name);
      folders.add(rel[0]);
    }
    assert.equal(folders.size, Object.keys(names).length, 'every upload gets its own folder');
    assert.ok(!existsSync(join(wsDir, 'x.csv')) && !existsSync(join(wsDir, 'imports', 'x.csv')) && !existsSync(join(root, 'x.csv')));
  });

  test('an upload over the size cap is refused with a Result, declared or streamed, and nothing is kept', async () => {
    const before = uploadedFiles();
    const big = 'x'.repeat(MAX_UPLOAD + 1);
    const declared = await upload('big.csv', big);
    assert.equal(declared.status, 413);
    const refused = JSON.parse(declared.body) as Result<unknown>;
    assert.ok(!refused.ok);
    assert.equal(refused.error.code, 'transport/too-large');
    assert.match(refused.error.message, /big\.csv is larger than the 65\.5 KB/);
    assert.match(refused.error.hint ?? '', /path/);

    // No Content-Length: counted while streaming, refused once past the cap.
    const chunk = 'y'.repeat(16 * 1024);
    const streamed = await upload('streamed.csv', Array.from({ length: 6 }, () => chunk), { 'Transfer-Encoding': 'chunked' });
    assert.equal(streamed.status, 413);
    assert.equal((JSON.parse(streamed.body) as Result<unknown> & { ok: false }).error.code, 'transport/too-large');
    assert.deepEqual(uploadedFiles(), before, 'the partial file and its folder are gone');

    const justFits = await upload('fits.csv', 'z'.repeat(MAX_UPLOAD));
    assert.equal(justFits.status, 200);
  });

  test('importing an upload moves it into imports/; a failed import puts it back; leftovers go when a server starts', async () => {
    const up = JSON.parse((await upload('people.csv', HR_CSV)).body) as Result<UploadedFile>;
    assert.ok(up.ok);
    const failed = JSON.parse((await callApi('datasets/import', { path: up.value.path, name: 'people', options: { types: { Region: 'integer' } } })).body) as Result<{ jobId: string }>;
    assert.ok(failed.ok);
    const failedJob = await jobEnd(failed.value.jobId);
    assert.equal(failedJob.status, 'failed');
    assert.equal(failedJob.error?.where?.column, 'Region', JSON.stringify(failedJob.error));
    assert.equal(readFileSync(up.value.path, 'utf8'), HR_CSV, 'the upload is back for another try');

    const started = JSON.parse((await callApi('datasets/import', { path: up.value.path, name: 'people' })).body) as Result<{ jobId: string }>;
    assert.ok(started.ok);
    const job = await jobEnd(started.value.jobId);
    assert.equal(job.status, 'done', JSON.stringify(job.error));
    const dataset = (job.result as unknown as ImportResultInfo).dataset;
    assert.equal(dirname(dataset.file), join(wsDir, 'imports'));
    assert.equal(readFileSync(dataset.file, 'utf8'), HR_CSV);
    assert.ok(!existsSync(dirname(up.value.path)), 'the upload’s folder is gone');

    // Uploads a page left behind (previewed, never imported) are cleared by the next server.
    assert.ok(uploadedFiles().length > 0);
    const next = await startServer({ workspaceDir: wsDir, api: server.api, port: 0, staticDir: join(root, 'dist') });
    await next.close();
    assert.deepEqual(uploadedFiles(), []);
    assert.ok(existsSync(dataset.file), 'the imported dataset’s own copy stays');
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
    assert.match(String(file.headers['content-disposition']), /attachment; filename="Calls-\d{8}-\d{6}-row-level\.csv"/);
    assert.ok(file.body.startsWith('CallRecordId,'));
    assert.equal((await raw('GET', `/api/download/not-a-job?token=${encodeURIComponent(server.token)}`)).status, 404);
  });
});
