/**
 * Download blobs into a folder: parallel ranged reads, resumable, verified, atomic.
 *
 * - Ranges (default 8 MiB, 4 at a time across all files, largest file first) stream straight to
 *   `<file>.partial` in ~1 MiB positional writes, so memory stays flat whatever the file size.
 *   How a range is fetched is `rangeReader.ts`'s business (a lean HTTP client, or the SDK).
 * - Every range is pinned to the blob's ETag (If-Match). A changed blob answers 412: that file
 *   starts over once, on its new version.
 * - A dropped or stalled connection retries the range from the last byte written, with backoff.
 *   A body cut mid-stream surfaces as AbortError, the same as a cancel: our own signals say which
 *   it was (the user's, this file's restart, or this attempt's stall timer).
 * - Completed ranges are recorded in `<file>.partial.json` every couple of seconds, so a crash,
 *   a cancel or a restart resumes where it stopped. (No fsync per record: a killed process keeps
 *   its page cache; after a power cut, a range recorded but never written fails the MD5 check.)
 * - Content-MD5 is checked when the blob has one (hashed on a worker thread while later ranges
 *   still download), otherwise the size; then the file is fsynced and renamed into place.
 */
import type { ContainerClient } from '@azure/storage-blob';
import { mkdir, open, rename, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppError } from '../../../shared/errors.js';
import { formatBytes } from '../../../shared/format/bytes.js';
import { freeBytes } from '../workspace/freeSpace.js';
import { cancelledError } from './client.js';
import { azureError, httpStatus, isTransient } from './errors.js';
import { normaliseEtag } from './inventory.js';
import { safeLocalPath } from './localPaths.js';
import { partialPath, readPartialState, removePartial, removePartialState, writePartialState } from './partialState.js';
import { HashPool, type PrefixHasher } from './prefixHasher.js';
import { RangeSet, type Interval } from './rangeSet.js';
import { createRangeReader, type TransportChoice } from './rangeReader.js';
import { TransferMeter, type TransferProgress } from './transferMeter.js';

export interface DownloadItem {
  blobName: string;
  /** Where it goes, relative to `rootDir`, '/'-separated. Refused if it resolves outside. */
  relativePath: string;
  bytes: number;
  /** Unquoted ETag from the listing. */
  etag: string;
  /** Base64 Content-MD5 from the listing, when the blob has one. */
  contentMD5?: string;
}

export interface DownloadOptions {
  rootDir: string;
  /** Ranges in flight at once, across all files (default 4). */
  concurrency?: number;
  /** Bytes per ranged read (default 8 MiB). */
  rangeBytes?: number;
  signal?: AbortSignal;
  onProgress?: (p: TransferProgress) => void;
  /** Each file as soon as it is verified and in place (so a later cancel does not lose it). */
  onFileDone?: (f: DownloadedFile) => void;
  /** Minimum time between progress events (default 250 ms). */
  progressIntervalMs?: number;
  /** A range that receives nothing for this long is retried (default 30 s). */
  stallTimeoutMs?: number;
  /** Consecutive failed attempts of one range, without a byte of progress, before giving up (default 8). */
  maxAttempts?: number;
  /** First retry delay; doubles up to 5 s (default 250 ms). */
  retryBaseMs?: number;
  /** How ranges are fetched (see rangeReader.ts); default: the fast client unless a proxy is set. */
  transport?: TransportChoice;
}

export interface DownloadedFile {
  blobName: string;
  path: string;
  bytes: number;
  /** The ETag of the version on disk (differs from the listing's when the blob changed mid-way). */
  etag: string;
  contentMD5?: string;
  verifiedBy: 'md5' | 'size';
  /** Bytes found from an earlier, interrupted run. */
  resumedBytes: number;
  /** The blob changed on the server (412) or failed its checksum, and the file started over. */
  restarted: boolean;
  retries: number;
}

export const DEFAULT_RANGE_BYTES = 8 * 1024 * 1024;
export const DEFAULT_CONCURRENCY = 4;
const STATE_SAVE_INTERVAL_MS = 2000;

class FileJob {
  target: string;
  fh?: FileHandle;
  done = new RangeSet();
  pending: Interval[] = [];
  inFlight = 0;
  /** Bumped when the file starts over: ranges of an older generation are dropped. */
  gen = 0;
  abort = new AbortController();
  etag: string;
  bytes: number;
  contentMD5?: string;
  hasher?: PrefixHasher;
  prepared?: Promise<void>;
  restarting?: Promise<void>;
  changedRestarts = 0;
  checksumRestarts = 0;
  finished = false;
  finalizing = false;
  resumedBytes = 0;
  retries = 0;
  lastSave = 0;
  saving: Promise<void> = Promise.resolve();

  constructor(
    readonly item: DownloadItem,
    rootDir: string,
  ) {
    this.target = safeLocalPath(rootDir, item.relativePath);
    this.etag = normaliseEtag(item.etag);
    this.bytes = item.bytes;
    this.contentMD5 = item.contentMD5;
  }
}

/** Bytes still to write: each file's size, less what a resumable `.partial` already holds. */
async function bytesStillNeeded(jobs: FileJob[]): Promise<number> {
  let needed = 0;
  for (const job of jobs) {
    const state = await readPartialState(job.target);
    const resumable = state && state.blob === job.item.blobName && state.etag === job.etag && state.bytes === job.bytes;
    needed += job.bytes - (resumable ? RangeSet.from(state.done).size() : 0);
  }
  return needed;
}

async function checkFreeSpace(rootDir: string, jobs: FileJob[]): Promise<void> {
  const needed = await bytesStillNeeded(jobs);
  const free = await freeBytes(rootDir);
  if (needed <= free) return;
  throw new AppError({
    code: 'sync/no-space',
    message: `Not enough free space to download: ${jobs.length} file${jobs.length === 1 ? '' : 's'} need ${formatBytes(needed)}, and ${rootDir} has ${formatBytes(free)} free.`,
    hint: 'Free some space on that disk or open a workspace on a larger one, then sync again. Nothing was downloaded.',
    where: { file: rootDir },
  });
}

/** A write to the local disk failed: never retried as a network problem. */
class DiskError extends Error {}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

export async function downloadBlobs(client: ContainerClient, items: DownloadItem[], options: DownloadOptions): Promise<DownloadedFile[]> {
  // Refuse unsafe names, and downloads the disk cannot hold, before a single byte is written.
  const inOrder = items.map((item) => new FileJob(item, options.rootDir));
  await checkFreeSpace(options.rootDir, inOrder);
  // Largest first: the MD5 of a big file then finishes while the small ones still transfer.
  const jobs = [...inOrder].sort((a, b) => b.bytes - a.bytes);
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  const rangeBytes = Math.max(64 * 1024, options.rangeBytes ?? DEFAULT_RANGE_BYTES);
  const stallMs = options.stallTimeoutMs ?? 30_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const retryBase = options.retryBaseMs ?? 250;
  const host = new URL(client.url).host;
  const reader = createRangeReader(client, options.transport);
  const hashes = new HashPool();
  const meter = new TransferMeter(
    jobs.reduce((n, j) => n + j.bytes, 0),
    jobs.length,
    options.onProgress,
    options.progressIntervalMs,
  );
  const results: DownloadedFile[] = [];
  // Stops every worker: the user's cancel, or the first fatal error of any worker.
  const stop = new AbortController();
  const onUserAbort = () => stop.abort();
  options.signal?.addEventListener('abort', onUserAbort);
  let failure: unknown;

  const ctx = (job: FileJob) => ({ host, container: client.containerName, blob: job.item.blobName });

  async function saveState(job: FileJob, force = false): Promise<void> {
    if (!job.fh || job.finished) return;
    if (!force && performance.now() - job.lastSave < STATE_SAVE_INTERVAL_MS) return;
    job.lastSave = performance.now();
    const snapshot = { version: 1 as const, blob: job.item.blobName, etag: job.etag, bytes: job.bytes, contentMD5: job.contentMD5, done: job.done.intervals };
    // Saves of one file run one after the other; a failed one surfaces here, not in the next.
    const save = job.saving.then(() => writePartialState(job.target, snapshot));
    job.saving = save.catch(() => undefined);
    await save;
  }

  async function prepare(job: FileJob): Promise<void> {
    await mkdir(dirname(job.target), { recursive: true });
    const partial = partialPath(job.target);
    const state = await readPartialState(job.target);
    // No readable partial file means not resumable: the blob is downloaded again, and opening it reports any real fault.
    const onDisk = await stat(partial).catch(() => undefined);
    const resumable = state && state.blob === job.item.blobName && state.etag === job.etag && state.bytes === job.bytes && onDisk?.size === job.bytes;
    if (resumable) {
      job.fh = await open(partial, 'r+');
      job.done = RangeSet.from(state.done);
      job.contentMD5 ??= state.contentMD5;
      job.resumedBytes = job.done.size();
      meter.add(job.resumedBytes, false);
    } else {
      job.fh = await open(partial, 'w+');
      await job.fh.truncate(job.bytes);
      await saveState(job, true);
    }
    job.pending = job.done.missing(job.bytes, rangeBytes);
    if (job.contentMD5) startHasher(job);
  }

  function startHasher(job: FileJob): void {
    job.hasher = hashes.open(partialPath(job.target), job.bytes);
    job.hasher.advanceTo(job.done.prefixEnd());
  }

  /** The blob changed (or failed its checksum): start the file over on its current version. */
  async function restart(job: FileJob, reason: 'changed' | 'checksum'): Promise<void> {
    const budgetLeft = reason === 'changed' ? job.changedRestarts++ === 0 : job.checksumRestarts++ === 0;
    if (!budgetLeft) {
      throw reason === 'changed'
        ? new AppError({ code: 'sync/blob-keeps-changing', message: `${job.item.blobName} changed on the server twice during the download`, hint: 'The export is being rewritten right now. Run sync again once the refresh has finished.', where: { file: job.item.blobName } })
        : new AppError({ code: 'sync/checksum-mismatch', message: `${job.item.blobName} failed its MD5 check twice`, hint: 'The data arrived damaged, or the stored checksum is wrong. Run sync again; if it persists, tell the storage owner.', where: { file: job.item.blobName } });
    }
    job.gen++;
    job.abort.abort();
    job.abort = new AbortController();
    job.pending = [];
    // Wait until this file's other ranges have stopped writing before the file is reset.
    while (job.inFlight > 1) await new Promise((r) => setTimeout(r, 10));
    let props;
    try {
      props = await client.getBlobClient(job.item.blobName).getProperties({ abortSignal: stop.signal });
    } catch (e) {
      if (stop.signal.aborted) throw e;
      throw azureError(e, ctx(job));
    }
    const oldSize = job.bytes;
    meter.restart(job.done.size(), oldSize, props.contentLength ?? 0);
    job.etag = normaliseEtag(props.etag);
    job.bytes = props.contentLength ?? 0;
    job.contentMD5 = props.contentMD5 ? Buffer.from(props.contentMD5).toString('base64') : undefined;
    job.done = new RangeSet();
    await job.hasher?.close();
    job.hasher = undefined;
    await job.fh!.truncate(0);
    await job.fh!.truncate(job.bytes);
    job.pending = job.done.missing(job.bytes, rangeBytes);
    if (job.contentMD5) startHasher(job);
    await saveState(job, true);
  }

  async function finalize(job: FileJob): Promise<void> {
    if (job.finished || job.finalizing) return;
    job.finalizing = true;
    try {
      const size = (await job.fh!.stat()).size;
      if (size !== job.bytes || job.done.size() !== job.bytes) {
        throw new AppError({ code: 'sync/size-mismatch', message: `${job.item.blobName}: ${size} bytes on disk, ${job.bytes} expected`, hint: 'Run sync again.' });
      }
      const verifiedBy = job.hasher ? 'md5' : 'size';
      if (job.hasher) {
        const got = await job.hasher.digest(job.bytes);
        await job.hasher.close();
        job.hasher = undefined;
        if (got !== job.contentMD5) {
          await restart(job, 'checksum');
          return;
        }
      }
      await job.saving;
      // Durable before it gets its final name: a later run trusts a file that is in place.
      await job.fh!.datasync();
      await job.fh!.close();
      job.fh = undefined;
      await rename(partialPath(job.target), job.target);
      await removePartialState(job.target);
      job.finished = true;
      meter.fileDone(job.item.blobName);
      const result: DownloadedFile = {
        blobName: job.item.blobName,
        path: job.target,
        bytes: job.bytes,
        etag: job.etag,
        contentMD5: job.contentMD5,
        verifiedBy,
        resumedBytes: job.resumedBytes,
        restarted: job.changedRestarts + job.checksumRestarts > 0,
        retries: job.retries,
      };
      results.push(result);
      options.onFileDone?.(result);
    } finally {
      job.finalizing = false;
    }
  }

  /** Fetch one range into the file, retrying drops from the last byte written. */
  async function fetchRange(job: FileJob, range: Interval, gen: number): Promise<'done' | 'dropped'> {
    let pos = range[0];
    const end = range[1];
    let failures = 0;
    // Bytes this range added to the progress meter: taken back if they never reach the file.
    let counted = 0;
    const dropped = (): 'dropped' => {
      meter.retract(counted);
      return 'dropped';
    };
    while (pos < end) {
      if (job.gen !== gen) return dropped();
      const attempt = new AbortController();
      const signal = AbortSignal.any([stop.signal, job.abort.signal, attempt.signal]);
      let stalled = false;
      const timer = setTimeout(() => {
        stalled = true;
        attempt.abort();
      }, stallMs);
      const startPos = pos;
      let received = 0;
      try {
        await reader.read(
          {
            blobName: job.item.blobName,
            start: pos,
            end,
            etag: job.etag,
            signal,
            onActivity: (n) => {
              timer.refresh();
              received += n;
              counted += n;
              meter.add(n);
            },
            onResponse: ({ blobContentMD5 }) => {
              // The listing had no MD5 but the blob has one: verify it too.
              if (!job.contentMD5 && blobContentMD5 && !job.hasher && job.fh) {
                job.contentMD5 = blobContentMD5;
                startHasher(job);
              }
            },
          },
          async (buffers, bytes) => {
            if (job.gen !== gen) throw Object.assign(new Error('file restarted'), { name: 'AbortError' });
            try {
              await job.fh!.writev(buffers, pos);
            } catch (e) {
              throw new DiskError((e as Error).message, { cause: e });
            }
            pos += bytes;
          },
        );
        if (pos !== end) throw Object.assign(new Error(`range ended at ${pos}, expected ${end}`), { code: 'ECONNRESET' });
      } catch (e) {
        // Received but never written: not progress.
        const unwritten = received - (pos - startPos);
        meter.retract(unwritten);
        counted -= unwritten;
        if (stop.signal.aborted) throw failure ?? cancelledError();
        if (job.gen !== gen) return dropped();
        if (e instanceof DiskError) {
          const code = (e.cause as { code?: string } | undefined)?.code;
          throw new AppError({
            code: code === 'ENOSPC' ? 'sync/disk-full' : 'sync/write-failed',
            message: code === 'ENOSPC' ? `The disk is full while writing ${job.target}` : `Cannot write ${job.target}: ${e.message}`,
            hint: code === 'ENOSPC' ? 'Free some space and run sync again: completed ranges are kept.' : 'Check the workspace folder is writable, then run sync again.',
            where: { file: job.target },
          });
        }
        if (httpStatus(e) === 412) {
          job.restarting = restart(job, 'changed').finally(() => (job.restarting = undefined));
          await job.restarting;
          return dropped();
        }
        if (!stalled && !isTransient(e)) throw azureError(e, ctx(job));
        failures = pos > startPos ? 1 : failures + 1;
        job.retries++;
        if (failures >= maxAttempts) throw azureError(e, stalled ? { ...ctx(job), timedOutAfterMs: stallMs } : ctx(job));
        const backoff = Math.min(5000, retryBase * 2 ** (failures - 1));
        await sleep(backoff * (0.8 + Math.random() * 0.4), AbortSignal.any([stop.signal, job.abort.signal]));
      } finally {
        clearTimeout(timer);
      }
    }
    return 'done';
  }

  /** Next range to fetch, preparing files in order as earlier ones run out of ranges. */
  async function takeTask(): Promise<{ job: FileJob; range: Interval; gen: number } | undefined> {
    for (const job of jobs) {
      if (stop.signal.aborted) return undefined;
      if (job.finished) continue;
      job.prepared ??= prepare(job);
      await job.prepared;
      if (job.restarting) await job.restarting;
      const range = job.pending.shift();
      if (range) {
        job.inFlight++;
        meter.current.add(job.item.blobName);
        return { job, range, gen: job.gen };
      }
      // Nothing left to fetch (resumed complete, or empty): finish it here.
      if (job.inFlight === 0 && !job.finalizing && job.done.size() === job.bytes) {
        await finalize(job);
        if (job.pending.length) return takeTask(); // failed its checksum and starts over
      }
    }
    return undefined;
  }

  async function worker(): Promise<void> {
    for (;;) {
      const task = await takeTask();
      if (!task) return;
      const { job, range, gen } = task;
      let outcome: 'done' | 'dropped';
      try {
        const run = fetchRange(job, range, gen);
        outcome = await run;
      } finally {
        job.inFlight--;
      }
      if (outcome === 'dropped' || job.gen !== gen) continue;
      job.done.add(range[0], range[1]);
      job.hasher?.advanceTo(job.done.prefixEnd());
      if (job.pending.length === 0 && job.inFlight === 0 && job.done.size() === job.bytes) await finalize(job);
      else await saveState(job);
    }
  }

  const workers = Array.from({ length: concurrency }, async () => {
    try {
      await worker();
    } catch (e) {
      failure ??= e;
      stop.abort();
    }
  });
  await Promise.all(workers);
  options.signal?.removeEventListener('abort', onUserAbort);
  reader.close();

  // Stopped early: keep what is on disk resumable, close every file and the hashing thread.
  for (const job of jobs) {
    job.hasher = undefined;
    if (job.finished || !job.fh) continue;
    // Stopping already: the failure that stopped the sync is what is reported; a lost state save only means a re-download.
    await job.saving.catch(() => undefined);
    if (job.fh) {
      await saveState(job, true).catch(() => undefined);
      await job.fh.close().catch(() => undefined);
      job.fh = undefined;
    }
  }
  await hashes.close();
  meter.tick(true);
  if (failure) throw failure;
  if (options.signal?.aborted) throw cancelledError();
  const unfinished = jobs.filter((j) => !j.finished);
  if (unfinished.length) throw new AppError({ code: 'internal', message: `download ended with ${unfinished.length} unfinished files` });
  // Results in the order asked for.
  return inOrder.map((j) => results.find((r) => r.blobName === j.item.blobName)!);
}

/** Forget a partial download of `relativePath` under `rootDir` (the blob is no longer wanted). */
export async function discardPartial(rootDir: string, relativePath: string): Promise<void> {
  await removePartial(safeLocalPath(rootDir, relativePath));
}
