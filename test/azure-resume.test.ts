/**
 * Downloads that get interrupted: Azurite killed and restarted mid-download, connections cut,
 * a blob replaced mid-download (412), a cancel, and a crashed process. Azurite keeps its blobs
 * on disk here (--location) so they survive the restart; a throttling proxy in front of it makes
 * the download slow enough to interrupt at a chosen point.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Azurite, filesContaining, signatureForms, ThrottleProxy, uploadBytes, uploadFolder } from './helpers/azurite.js';
import { generateDemoExport } from '../electron/backend/demo/generateDemoExport.js';
import { syncExport, type SyncProgress, type SyncSummary } from '../electron/backend/azure/syncExport.js';
import { readPartialState } from '../electron/backend/azure/partialState.js';
import { downloadBlobs } from '../electron/backend/azure/download.js';
import { containerClientFor } from '../electron/backend/azure/client.js';
import { checkSasUri } from '../electron/backend/azure/sas.js';
import { withWorkspace } from '../electron/backend/workspace/workspace.js';
import { isAppError } from '../shared/errors.js';

const REFRESH = 'r1';
const RATE = 1_500_000; // bytes per second through the proxy
let azurite: Azurite;
let proxy: ThrottleProxy;
let tmp: string;
let src: string;
let exportBytes = 0;
const issued: string[] = [];

function sas(): string {
  const uri = azurite.sasUri('wpa', { port: proxy.port });
  issued.push(uri);
  return uri;
}

const CSVS = (f: string) => f.endsWith('.csv') && f !== 'hr.csv' && f !== 'sales.csv';

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'wpa-azure-resume-'));
  src = join(tmp, 'src');
  const summary = await generateDemoExport({ outDir: src, people: 40, weeks: 2, seed: 5 });
  exportBytes = summary.files.reduce((n, f) => n + f.bytes, 0);
  azurite = await Azurite.start({ location: join(tmp, 'azurite') });
  proxy = await ThrottleProxy.start(() => azurite.port, RATE);
  const c = azurite.container('wpa');
  await c.create();
  const names = await uploadFolder(c, src, REFRESH, { only: CSVS });
  // So that killing Azurite later loses no blob.
  await azurite.waitUntilPersisted('wpa', names.at(-1)!);
});

after(async () => {
  await proxy?.close();
  await azurite?.kill();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Every table file of the refresh is on disk, equal to its source, and nothing partial is left. */
function assertIdentical(s: SyncSummary): void {
  assert.equal(s.downloaded.length + s.unchanged.length, 9);
  const local = readdirSync(s.localDir).sort();
  assert.deepEqual(local, readdirSync(src).filter(CSVS).sort(), 'no .partial or state files left');
  for (const name of local) assert.ok(readFileSync(join(s.localDir, name)).equals(readFileSync(join(src, name))), `${name} differs from the source`);
}

/** Run `action` once, when the download has passed `fraction` of its bytes. */
function at(fraction: number, action: () => unknown): (p: SyncProgress) => void {
  let fired = false;
  return (p) => {
    if (!fired && p.phase === 'download' && p.bytesTotal && (p.bytesDone ?? 0) >= fraction * p.bytesTotal) {
      fired = true;
      void action();
    }
  };
}

const fast = { rangeBytes: 64 * 1024, concurrency: 4, progressIntervalMs: 20, retryBaseMs: 100, skipIngest: true } as const;

test('Azurite killed and restarted mid-download: ranges retry until it is back, files finish byte-identical', async () => {
  let restarted = false;
  const s = await withWorkspace(join(tmp, 'ws-kill'), { create: true }, (ws) =>
    syncExport(ws, sas(), {
      ...fast,
      onProgress: at(0.3, async () => {
        await azurite.kill();
        await new Promise((r) => setTimeout(r, 700));
        await azurite.restart();
        restarted = true;
      }),
    }),
  );
  assert.ok(restarted, 'Azurite was restarted during the download');
  assertIdentical(s);
  assert.ok(
    s.downloaded.some((d) => d.retries > 0),
    'some range had to retry',
  );
  assert.ok(s.downloaded.every((d) => d.verifiedBy === 'md5'));
});

test('connections cut mid-download are retried from the last byte written', async () => {
  let cuts = 0;
  const s = await withWorkspace(join(tmp, 'ws-drop'), { create: true }, (ws) =>
    syncExport(ws, sas(), {
      ...fast,
      onProgress: (p) => {
        const frac = (p.bytesDone ?? 0) / (p.bytesTotal || 1);
        if (p.phase === 'download' && cuts < 3 && frac > 0.2 * (cuts + 1)) {
          cuts++;
          proxy.dropAll();
        }
      },
    }),
  );
  assert.equal(cuts, 3);
  assertIdentical(s);
  assert.ok(s.downloaded.reduce((n, d) => n + d.retries, 0) >= 1);
});

test('a blob replaced mid-download restarts that file once, on the new version (412)', async () => {
  const c = azurite.container('wpa');
  const name = `${REFRESH}/MailParticipants.csv`;
  const lines = readFileSync(join(src, 'MailParticipants.csv'), 'utf8').split('\n').filter(Boolean);
  const replacement = Buffer.from(lines.slice(0, -100).join('\n') + '\n');
  let replaced = false;
  try {
    await withWorkspace(join(tmp, 'ws-412'), { create: true }, async (ws) => {
      const s = await syncExport(ws, sas(), {
        ...fast,
        skipIngest: false,
        onProgress: (p) => {
          if (!replaced && p.phase === 'download' && p.message.includes('MailParticipants.csv') && (p.bytesDone ?? 0) > 0.3 * (p.bytesTotal ?? 0)) {
            replaced = true;
            void uploadBytes(c, name, replacement);
          }
        },
      });
      assert.ok(replaced);
      const mp = s.downloaded.find((d) => d.blobName === name)!;
      assert.equal(mp.restarted, true);
      assert.ok(readFileSync(mp.path).equals(replacement), 'the file on disk is the new version');
      const etag = (await c.getBlobClient(name).getProperties()).etag!.replace(/"/g, '');
      assert.equal(mp.etag, etag);
      assert.equal(ws.manifest.tables.MailParticipants!.files[0].etag, etag);
      assert.equal(s.ingest?.tables.find((t) => t.table === 'MailParticipants')?.rows, lines.length - 101);
      assert.ok(s.downloaded.filter((d) => d.blobName !== name).every((d) => !d.restarted));
    });
  } finally {
    await uploadBytes(c, name, readFileSync(join(src, 'MailParticipants.csv')));
  }
});

test('cancel keeps a resumable state without secrets; the next run fetches only the rest', async () => {
  const wsDir = join(tmp, 'ws-cancel');
  const controller = new AbortController();
  await withWorkspace(wsDir, { create: true }, async (ws) => {
    await assert.rejects(
      syncExport(ws, sas(), { ...fast, signal: controller.signal, onProgress: at(0.5, () => controller.abort()) }),
      (e: unknown) => isAppError(e) && e.code === 'cancelled' && !!e.hint?.includes('again'),
    );
  });
  const rawDir = join(wsDir, 'raw', REFRESH);
  const partials = readdirSync(rawDir).filter((f) => f.endsWith('.partial'));
  assert.ok(partials.length >= 1, `partial files left: ${readdirSync(rawDir).join(', ')}`);
  let recorded = 0;
  for (const p of partials) {
    const state = await readPartialState(join(rawDir, p.replace(/\.partial$/, '')));
    assert.ok(state, `${p} has its state file`);
    recorded += state.done.reduce((n, [a, b]) => n + b - a, 0);
  }
  const complete = readdirSync(rawDir).filter((f) => f.endsWith('.csv'));
  const s = await withWorkspace(wsDir, {}, (ws) => syncExport(ws, sas(), fast));
  assertIdentical(s);
  const resumed = s.downloaded.reduce((n, d) => n + d.resumedBytes, 0);
  assert.equal(resumed, recorded, 'every recorded range is reused');
  assert.deepEqual(
    s.unchanged.map((u) => u.blobName.slice(REFRESH.length + 1)).sort(),
    complete.sort(),
    'files finished before the cancel are not fetched again',
  );
  assert.ok(s.bytesDownloaded < exportBytes / 2 + 64 * 1024 * 4, `fetched ${s.bytesDownloaded} of ${exportBytes} bytes`);
  assert.deepEqual(filesContaining(wsDir, issued.flatMap(signatureForms)), []);
});

test('a process killed mid-download resumes from the ranges it recorded', async () => {
  const wsDir = join(tmp, 'ws-crash');
  // Slow enough that a file is still in progress a second after its first range (state is saved ~1/s).
  proxy.bytesPerSecond = 400_000;
  const module = (rel: string) => JSON.stringify(fileURLToPath(new URL(rel, import.meta.url)));
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `import { syncExport } from ${module('../electron/backend/azure/syncExport.ts')};
       import { withWorkspace } from ${module('../electron/backend/workspace/workspace.ts')};
       await withWorkspace(process.argv[1], { create: true }, (ws) => syncExport(ws, process.env.SAS, {
         rangeBytes: 64 * 1024, skipIngest: true, progressIntervalMs: 20,
       }));`,
      wsDir,
    ],
    { env: { ...process.env, SAS: sas() }, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  // Kill it (no cleanup, no last state write) as soon as a file in progress has recorded ranges.
  const rawDir = join(wsDir, 'raw', REFRESH);
  const recordedRanges = async () => {
    if (!existsSync(rawDir)) return 0;
    let n = 0;
    for (const f of readdirSync(rawDir).filter((x) => x.endsWith('.partial'))) n += (await readPartialState(join(rawDir, f.replace(/\.partial$/, ''))))?.done.length ?? 0;
    return n;
  };
  await new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => {
      void recordedRanges().then((n) => n > 0 && child.kill('SIGKILL'));
    }, 30);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`child ended by itself (${code}) before it could be killed`));
    });
  });
  proxy.bytesPerSecond = RATE;
  const s = await withWorkspace(wsDir, {}, (ws) => syncExport(ws, sas(), fast));
  assertIdentical(s);
  assert.ok(
    s.downloaded.some((d) => d.resumedBytes > 0),
    'some file resumed from the ranges recorded before the crash',
  );
  assert.ok(!existsSync(join(wsDir, 'raw', REFRESH, 'Mails.csv.partial')));
});

test('the SDK transport (used behind a proxy) fetches the same bytes and retries cut connections', async () => {
  let cut = false;
  const s = await withWorkspace(join(tmp, 'ws-sdk'), { create: true }, (ws) =>
    syncExport(ws, sas(), {
      ...fast,
      transport: 'sdk',
      onProgress: at(0.4, () => {
        cut = true;
        proxy.dropAll();
      }),
    }),
  );
  assert.ok(cut);
  assertIdentical(s);
  assert.ok(s.downloaded.reduce((n, d) => n + d.retries, 0) >= 1);
});

test('a stalled connection is abandoned after the stall timeout and retried; one that never recovers fails as a timeout', async () => {
  let paused = false;
  const s = await withWorkspace(join(tmp, 'ws-stall'), { create: true }, (ws) =>
    syncExport(ws, sas(), {
      ...fast,
      stallTimeoutMs: 400,
      onProgress: at(0.3, async () => {
        paused = true;
        proxy.pause();
        await new Promise((r) => setTimeout(r, 1000));
        proxy.resume();
      }),
    }),
  );
  assert.ok(paused);
  assertIdentical(s);
  assert.ok(s.downloaded.reduce((n, d) => n + d.retries, 0) >= 1, 'a stalled range was retried');

  const info = checkSasUri(sas());
  const props = await azurite.container('wpa').getBlobClient(`${REFRESH}/Mails.csv`).getProperties();
  proxy.pause();
  try {
    const t0 = performance.now();
    await assert.rejects(
      downloadBlobs(await containerClientFor(info), [{ blobName: `${REFRESH}/Mails.csv`, relativePath: 'Mails.csv', bytes: props.contentLength!, etag: props.etag!.replace(/"/g, '') }], {
        rootDir: join(tmp, 'ws-stall-forever'),
        stallTimeoutMs: 300,
        maxAttempts: 2,
        retryBaseMs: 50,
      }),
      (e: unknown) => isAppError(e) && e.code === 'network/timeout',
    );
    assert.ok(performance.now() - t0 < 5000);
  } finally {
    proxy.resume();
  }
});
