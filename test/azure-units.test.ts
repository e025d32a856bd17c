/**
 * The pieces of sync that need no server: safe local paths, byte-range bookkeeping, the prefix
 * MD5, progress throttling, the partial-state file, and the mapping of Azure/network failures.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RestError } from '@azure/storage-blob';
import { localRefreshFolder, printableName, safeLocalPath, unsafeNameReason } from '../electron/backend/azure/localPaths.js';
import { RangeSet } from '../electron/backend/azure/rangeSet.js';
import { HashPool } from '../electron/backend/azure/prefixHasher.js';
import { TransferMeter, type TransferProgress } from '../electron/backend/azure/transferMeter.js';
import { readPartialState, statePath, writePartialState } from '../electron/backend/azure/partialState.js';
import { azureError, isTransient } from '../electron/backend/azure/errors.js';
import { normaliseEtag } from '../electron/backend/azure/inventory.js';
import { proxyConfigured } from '../electron/backend/azure/rangeReader.js';
import { isAppError } from '../shared/errors.js';

test('blob names that leave the folder or cannot be files are refused', () => {
  const long = `${'x'.repeat(300)}.csv`;
  const rtl = 'Mails\u202Evsc.exe';
  for (const bad of ['a/../../x.csv', '../x.csv', '..', '/etc/passwd', 'a\\..\\x.csv', 'a//b.csv', './x.csv', 'a/./b.csv', 'bad\u0000.csv', long, rtl, 'a\u2066b.csv']) {
    assert.ok(unsafeNameReason(bad), bad);
    assert.throws(() => safeLocalPath('/ws/raw/r1', bad), (e: unknown) => isAppError(e) && e.code === 'sync/unsafe-blob-name' && e.message.includes(printableName(bad)), bad);
  }
  // A name is shown with its control and direction characters spelled out, never acting on the screen.
  assert.equal(printableName(rtl), 'Mails\\u{202e}vsc.exe');
  assert.match(unsafeNameReason(long) ?? '', /longer than 255 bytes/);
  assert.equal(unsafeNameReason(`${'é'.repeat(125)}.csv`), undefined, '254 bytes is fine');
  assert.equal(unsafeNameReason('CON.csv', 'win32'), 'not a valid file name on Windows');
  assert.equal(unsafeNameReason('a:b.csv', 'win32'), 'not a valid file name on Windows');
  assert.equal(unsafeNameReason('a:b.csv', 'linux'), undefined);
  assert.equal(safeLocalPath('/ws/raw/r1', 'Mails.csv'), join('/ws/raw/r1', 'Mails.csv'));
  assert.equal(safeLocalPath('/ws/raw', 'x/..data/Mails.csv'), join('/ws/raw', 'x', '..data', 'Mails.csv'));
  assert.equal(localRefreshFolder(''), '_top-level');
  assert.equal(localRefreshFolder('exports/2024-01-15'), 'exports__2024-01-15');
});

test('RangeSet merges ranges and lists the gaps in pieces', () => {
  const s = new RangeSet();
  s.add(100, 200);
  s.add(0, 50);
  s.add(50, 100);
  s.add(300, 350);
  assert.deepEqual(s.intervals, [
    [0, 200],
    [300, 350],
  ]);
  assert.equal(s.size(), 250);
  assert.equal(s.prefixEnd(), 200);
  assert.deepEqual(s.missing(500, 64), [
    [200, 264],
    [264, 300],
    [350, 414],
    [414, 478],
    [478, 500],
  ]);
  assert.equal(RangeSet.from([[10, 20]]).prefixEnd(), 0);
  assert.deepEqual(new RangeSet().missing(0, 64), []);
});

test('PrefixHasher hashes files written out of order on one thread, and starts over on reset', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wpa-hash-'));
  try {
    const data = randomBytes(3 * 1024 * 1024 + 17);
    const fh = await open(join(dir, 'f.partial'), 'w+');
    await fh.truncate(data.length);
    const pool = new HashPool(1);
    const h = pool.open(join(dir, 'f.partial'), data.length);
    const pieces = [2, 0, 3, 1].map((i) => [i * 1024 * 1024, Math.min(data.length, (i + 1) * 1024 * 1024 + (i === 3 ? 17 : 0))]);
    const done = new RangeSet();
    for (const [a, b] of pieces) {
      await fh.write(data, a, b - a, a);
      done.add(a, b);
      h.advanceTo(done.prefixEnd());
    }
    assert.equal(await h.digest(data.length), createHash('md5').update(data).digest('base64'));
    h.reset();
    await fh.write(Buffer.alloc(data.length), 0, data.length, 0);
    assert.equal(await h.digest(data.length), createHash('md5').update(Buffer.alloc(data.length)).digest('base64'));
    // Asked for more than the file holds, it reports the short read instead of a wrong digest.
    await assert.rejects(h.digest(data.length + 10), /short read/);
    await h.close();
    // Two files hash on the one thread without mixing.
    const a = pool.open(join(dir, 'f.partial'));
    await writeFile(join(dir, 'g'), 'hello');
    const b = pool.open(join(dir, 'g'));
    a.advanceTo(1000);
    b.advanceTo(5);
    assert.equal(await b.digest(5), createHash('md5').update('hello').digest('base64'));
    assert.equal(await a.digest(1000), createHash('md5').update(Buffer.alloc(1000)).digest('base64'));
    await pool.close();
    await fh.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('HashPool spreads files over its threads by bytes, each digest its own', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wpa-hash-'));
  try {
    const sizes = [5_000_000, 3_000_000, 2_500_000, 10];
    const files = sizes.map((n, i) => ({ path: join(dir, `f${i}`), data: randomBytes(n) }));
    for (const f of files) await writeFile(f.path, f.data);
    const pool = new HashPool(2);
    const hashers = files.map((f) => pool.open(f.path, f.data.length));
    // Largest on thread 0, the next two on thread 1 (3 + 2.5 MB < 5 MB), the last back on 1 … or 0.
    const threads = (pool as unknown as { fileThread: Map<number, { thread: number }> }).fileThread;
    assert.deepEqual([...threads.values()].slice(0, 3).map((t) => t.thread), [0, 1, 1]);
    hashers.forEach((h, i) => h.advanceTo(files[i].data.length));
    const digests = await Promise.all(hashers.map((h, i) => h.digest(files[i].data.length)));
    assert.deepEqual(digests, files.map((f) => createHash('md5').update(f.data).digest('base64')));
    await Promise.all(hashers.map((h) => h.close()));
    await pool.close();
    // A closed pool refuses politely instead of hanging.
    await assert.rejects(pool.open(files[0].path, 1).digest(1), /hashing stopped/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a hashing thread that dies fails its files at once; the pool opens the next file on a new thread and closes', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wpa-hash-'));
  try {
    await writeFile(join(dir, 'a'), 'hello');
    const pool = new HashPool(1);
    const a = pool.open(join(dir, 'a'), 5);
    a.advanceTo(5);
    const pending = a.digest(5);
    const closing = a.close();
    // Kill the thread under it, as a crash would.
    const worker = (pool as unknown as { workers: (import('node:worker_threads').Worker | undefined)[] }).workers[0]!;
    await worker.terminate();
    await Promise.race([pending.then(() => 'digest', (e: Error) => e.message), new Promise((r) => setTimeout(() => r('hung'), 2000))]).then((outcome) => {
      assert.notEqual(outcome, 'hung');
    });
    assert.equal(await Promise.race([closing.then(() => 'closed'), new Promise((r) => setTimeout(() => r('hung'), 2000))]), 'closed');
    const b = pool.open(join(dir, 'a'), 5);
    b.advanceTo(5);
    assert.equal(await b.digest(5), createHash('md5').update('hello').digest('base64'));
    await b.close();
    assert.equal(await Promise.race([pool.close().then(() => 'closed'), new Promise((r) => setTimeout(() => r('hung'), 6000))]), 'closed');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('TransferMeter throttles events, counts resumed bytes apart, and estimates the time left', async () => {
  const events: TransferProgress[] = [];
  const m = new TransferMeter(1000, 2, (p) => events.push(p), 50);
  m.add(400, false); // found on disk from an earlier run
  for (let i = 0; i < 100; i++) m.add(1);
  const burst = events.length;
  assert.ok(burst <= 2, `100 updates in a burst gave ${burst} events`);
  await new Promise((r) => setTimeout(r, 60));
  m.add(100);
  m.fileDone('a');
  const last = events.at(-1)!;
  assert.equal(last.bytesDone, 600);
  assert.equal(last.filesDone, 1);
  assert.equal(m.bytesTransferred, 200);
  assert.ok(last.rate > 0 && last.etaSeconds !== undefined && last.etaSeconds > 0);
  m.restart(100, 500, 700); // a file started over at a new size
  assert.equal(events.at(-1)!.bytesTotal, 1200);
  assert.equal(events.at(-1)!.bytesDone, 500);
});

test('the partial-state file round-trips and a torn or foreign one is ignored', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wpa-state-'));
  try {
    const target = join(dir, 'Mails.csv');
    const state = { version: 1 as const, blob: 'r/Mails.csv', etag: '0x1', bytes: 100, done: [[0, 50]] as [number, number][] };
    await writePartialState(target, state);
    assert.deepEqual(await readPartialState(target), state);
    await writeFile(statePath(target), '{"version":1,"etag":"0x1","bytes":100,"done":[[0,');
    assert.equal(await readPartialState(target), undefined);
    await writeFile(statePath(target), JSON.stringify({ ...state, done: [[0, 500]] }));
    assert.equal(await readPartialState(target), undefined, 'a range beyond the blob is not trusted');
    assert.ok(!(await readFile(statePath(target), 'utf8')).includes('sig'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('ETags are compared unquoted', () => {
  assert.equal(normaliseEtag('"0x8DC0A"'), '0x8DC0A');
  assert.equal(normaliseEtag('0x8DC0A'), '0x8DC0A');
  assert.equal(normaliseEtag('W/"0x8DC0A"'), '0x8DC0A');
});

test('Azure and network failures map to codes, short messages and hints, without the signature', () => {
  const ctx = { host: 'acct.blob.core.windows.net', container: 'wpa', blob: 'r/Mails.csv' };
  const rest = (status: number | undefined, code: string, message = 'x') => new RestError(message, { statusCode: status, code });
  const cases: [unknown, string][] = [
    [rest(403, 'AuthenticationFailed'), 'azure/auth-failed'],
    [rest(403, 'AuthorizationFailure'), 'azure/auth-failed'],
    [rest(403, 'AuthorizationPermissionMismatch'), 'azure/permission'],
    [rest(403, 'AuthorizationSourceIPMismatch'), 'azure/ip-not-allowed'],
    [rest(403, 'AuthorizationProtocolMismatch'), 'azure/https-required'],
    [rest(404, 'ContainerNotFound'), 'azure/container-not-found'],
    [rest(404, 'BlobNotFound'), 'azure/blob-not-found'],
    [rest(503, 'ServerBusy'), 'azure/busy'],
    [rest(undefined, 'ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'), 'network/connection-refused'],
    [rest(undefined, 'ENOTFOUND', 'getaddrinfo ENOTFOUND acct.blob.core.windows.net'), 'network/host-not-found'],
    [rest(undefined, 'ETIMEDOUT'), 'network/unreachable'],
    [rest(undefined, 'ECONNRESET'), 'network/connection-lost'],
    [rest(undefined, 'SELF_SIGNED_CERT_IN_CHAIN'), 'network/tls'],
    [rest(418, 'Teapot', 'GET https://acct.blob.core.windows.net/wpa?sp=rl&sig=SECRETSIG%3D failed'), 'azure/request-failed'],
  ];
  for (const [e, code] of cases) {
    const mapped = azureError(e, ctx);
    assert.equal(mapped.code, code, String((e as Error).message));
    assert.ok(mapped.hint && mapped.message.length < 160, code);
    assert.ok(!mapped.message.includes('SECRETSIG'), mapped.message);
  }
  assert.equal(azureError(new Error('anything'), { ...ctx, timedOutAfterMs: 8000 }).message, 'acct.blob.core.windows.net did not answer within 8 s');
  // What retries and what does not.
  assert.ok(isTransient(rest(undefined, 'ECONNRESET')));
  assert.ok(isTransient(Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' })));
  assert.ok(isTransient(rest(503, 'ServerBusy')));
  assert.ok(!isTransient(rest(403, 'AuthorizationFailure')));
  assert.ok(!isTransient(rest(412, 'ConditionNotMet')));
});

test('a configured proxy (and NO_PROXY) decides whether the SDK must carry the download', () => {
  const azure = new URL('https://acct.blob.core.windows.net/c');
  assert.equal(proxyConfigured(azure, {}), false);
  assert.equal(proxyConfigured(azure, { HTTPS_PROXY: 'http://proxy:3128' }), true);
  assert.equal(proxyConfigured(azure, { https_proxy: 'http://proxy:3128', NO_PROXY: '.core.windows.net' }), false);
  assert.equal(proxyConfigured(azure, { HTTPS_PROXY: 'http://proxy:3128', no_proxy: 'acct.blob.core.windows.net' }), false);
  assert.equal(proxyConfigured(azure, { HTTP_PROXY: 'http://proxy:3128' }), false, 'an http proxy does not carry https');
  assert.equal(proxyConfigured(new URL('http://127.0.0.1:10000/a/c'), { HTTP_PROXY: 'http://proxy:3128', NO_PROXY: '127.0.0.1' }), false);
  assert.equal(proxyConfigured(azure, { ALL_PROXY: 'http://proxy:3128', NO_PROXY: '*' }), false);
});
