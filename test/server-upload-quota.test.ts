/**
 * Browser mode's upload quota: uploads together (arriving, or waiting in imports/.uploads to be
 * imported) stay under one limit, whether they come one after another, declared, or streamed in
 * parallel; a refusal is a 413 Result naming the file and the sizes, and keeps nothing.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../electron/backend/server/startServer.js';
import { Workspace } from '../electron/backend/workspace/workspace.js';
import type { Result, UploadedFile } from '../shared/api/contract.js';

const KB = 1024;
const MAX_UPLOAD = 64 * KB;
const QUOTA = 160 * KB;
let root: string;
let wsDir: string;
let server: RunningServer;

interface Reply {
  status: number;
  result: Result<UploadedFile>;
}

/** Start an upload; the caller writes the body (chunked unless a content-length header is given) and ends it. */
function startUpload(name: string, headers: Record<string, string> = {}): { req: ClientRequest; reply: Promise<Reply> } {
  let req!: ClientRequest;
  const reply = new Promise<Reply>((resolve, reject) => {
    req = httpRequest(
      {
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: `/api/upload?name=${encodeURIComponent(name)}`,
        headers: { Host: `127.0.0.1:${server.port}`, Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/octet-stream', ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, result: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Result<UploadedFile> }));
      },
    );
    req.on('error', reject);
  });
  return { req, reply };
}

async function uploadWhole(name: string, bytes: number): Promise<Reply> {
  const { req, reply } = startUpload(name, { 'Content-Length': String(bytes) });
  req.end(Buffer.alloc(bytes, 'a'));
  return reply;
}

const uploadsDir = () => join(wsDir, 'imports', '.uploads');
function uploaded(): { name: string; bytes: number }[] {
  if (!existsSync(uploadsDir())) return [];
  return readdirSync(uploadsDir(), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => ({ name: e.name, bytes: statSync(join(e.parentPath, e.name)).size }));
}

/** Wait until the server has written `bytes` of `name` to disk (its file's size is the event). */
async function written(name: string, bytes: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!uploaded().some((f) => f.name === name && f.bytes >= bytes)) {
    assert.ok(Date.now() < deadline, `${name} reached ${bytes} bytes on disk`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function assertQuotaRefusal(r: Reply, name: string): void {
  assert.equal(r.status, 413);
  assert.ok(!r.result.ok);
  if (r.result.ok) return;
  assert.equal(r.result.error.code, 'transport/upload-quota');
  assert.match(r.result.error.message, new RegExp(`^${name.replace('.', '\\.')} cannot be uploaded: uploads together may hold 164 KB, and \\d+ KB is already taken`));
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'wpa-quota-'));
  const staticDir = join(root, 'dist');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>WPA Explorer</title>');
  wsDir = join(root, 'ws');
  (await Workspace.open(wsDir, { create: true })).close();
  server = await startServer({ workspaceDir: wsDir, port: 0, staticDir, maxUploadBytes: MAX_UPLOAD, uploadQuotaBytes: QUOTA });
});

after(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

test('uploads one after another: the one that would pass the quota is refused by name, up front, and nothing of it is kept', async () => {
  for (const name of ['a.csv', 'b.csv']) assert.equal((await uploadWhole(name, 60 * KB)).status, 200);
  assertQuotaRefusal(await uploadWhole('c.csv', 60 * KB), 'c.csv');
  assert.deepEqual(uploaded().map((f) => f.name).sort(), ['a.csv', 'b.csv']);
  // Imported or discarded uploads no longer count.
  rmSync(uploadsDir(), { recursive: true, force: true });
  assert.equal((await uploadWhole('c.csv', 60 * KB)).status, 200);
  rmSync(uploadsDir(), { recursive: true, force: true });
});

test('parallel streamed uploads count together: a declared one that would not fit is refused at once, a streamed one as it crosses', async () => {
  const p = startUpload('p.csv');
  const q = startUpload('q.csv');
  p.req.write(Buffer.alloc(50 * KB, 'p'));
  q.req.write(Buffer.alloc(50 * KB, 'q'));
  await written('p.csv', 50 * KB);
  await written('q.csv', 50 * KB);
  // 100 KB arriving + 62 KB declared > 160 KB.
  assertQuotaRefusal(await uploadWhole('declared.csv', 62 * KB), 'declared.csv');
  p.req.end(Buffer.alloc(10 * KB, 'p'));
  q.req.end(Buffer.alloc(10 * KB, 'q'));
  assert.equal((await p.reply).status, 200);
  assert.equal((await q.reply).status, 200);
  // 120 KB waiting: a streamed 60 KB upload passes the quota part-way.
  const s = startUpload('streamed.csv');
  for (let i = 0; i < 6; i++) s.req.write(Buffer.alloc(10 * KB, 's'));
  s.req.end();
  assertQuotaRefusal(await s.reply, 'streamed.csv');
  assert.deepEqual(uploaded().map((f) => [f.name, f.bytes]).sort(), [['p.csv', 60 * KB], ['q.csv', 60 * KB]], 'the refused upload left nothing');
});
