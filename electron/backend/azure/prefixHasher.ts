/**
 * MD5 of files being written out of order by parallel ranges. MD5 is sequential, so each file's
 * hash trails the contiguous prefix already on disk, reading it back (from the page cache) while
 * later ranges still download: verification costs no extra memory and overlaps the transfer.
 *
 * MD5 runs ~500 MB/s per core here (`openssl speed md5`), slower than a loopback download, so it
 * runs on worker threads: up to one per core (a thread per file would cost ~50 ms of start-up each),
 * each file on the thread with the fewest bytes still to hash, so large files hash side by side.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** The worker, as plain CommonJS (no loader, no file to find once the app is bundled). */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { openSync, readSync, closeSync } = require('node:fs');
const { createHash } = require('node:crypto');
const buffer = Buffer.allocUnsafe(1024 * 1024);
const files = new Map();
function fail(id, f, message) { f.failed = true; parentPort.postMessage({ id, type: 'error', message }); }
function advance(id, f, end) {
  while (!f.failed && f.hashedTo < end) {
    const n = readSync(f.fd, buffer, 0, Math.min(buffer.length, end - f.hashedTo), f.hashedTo);
    if (n <= 0) return fail(id, f, 'short read at ' + f.hashedTo);
    f.hash.update(buffer.subarray(0, n));
    f.hashedTo += n;
  }
}
parentPort.on('message', (m) => {
  if (m.type === 'shutdown') {
    for (const f of files.values()) closeSync(f.fd);
    files.clear();
    parentPort.close();
    return;
  }
  let f = files.get(m.id);
  try {
    if (m.type === 'open') { files.set(m.id, { fd: openSync(m.path, 'r'), hash: createHash('md5'), hashedTo: 0, failed: false }); return; }
    if (!f) return;
    if (m.type === 'advance') advance(m.id, f, m.end);
    else if (m.type === 'reset') { f.hash = createHash('md5'); f.hashedTo = 0; f.failed = false; }
    else if (m.type === 'digest') {
      advance(m.id, f, m.total);
      if (f.failed) return;
      if (f.hashedTo !== m.total) return fail(m.id, f, 'hashed ' + f.hashedTo + ' of ' + m.total + ' bytes');
      parentPort.postMessage({ id: m.id, type: 'digest', value: f.hash.digest('base64') });
      f.hash = createHash('md5'); f.hashedTo = 0;
    } else if (m.type === 'close') { closeSync(f.fd); files.delete(m.id); parentPort.postMessage({ id: m.id, type: 'closed' }); }
  } catch (e) {
    if (f) fail(m.id, f, String((e && e.message) || e));
    else parentPort.postMessage({ id: m.id, type: 'error', message: String((e && e.message) || e) });
  }
});
`;

type Reply = { id: number; type: 'digest'; value: string } | { id: number; type: 'error'; message: string } | { id: number; type: 'closed' };

interface Waiter {
  resolve: (v: string) => void;
  reject: (e: Error) => void;
}

/** Hashing threads of one download; files are opened on them as `PrefixHasher`s. */
export class HashPool {
  private readonly workers: (Worker | undefined)[];
  /** Bytes of the files each thread holds (open, not yet closed): the next file goes to the least. */
  private readonly load: number[];
  private readonly fileThread = new Map<number, { thread: number; bytes: number }>();
  private closed = false;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiter>();
  /** Files whose close was sent, by id: the thread holding them, and who waits for the reply. */
  private readonly closing = new Map<number, { thread: number; done: () => void }>();
  readonly failures = new Map<number, Error>();

  /** `threads` defaults to the machine's cores, at most 4 (a download rarely has more big files). */
  constructor(threads = Math.min(4, availableParallelism())) {
    this.workers = Array.from({ length: Math.max(1, threads) }, () => undefined);
    this.load = this.workers.map(() => 0);
  }

  private thread(index: number): Worker {
    const existing = this.workers[index];
    if (existing) return existing;
    // execArgv []: the thread needs no loader (tsx, …) the main process may run with.
    const w = new Worker(WORKER_SOURCE, { eval: true, execArgv: [] });
    w.unref();
    w.on('message', (m: Reply) => {
      if (m.type === 'error') this.fail(m.id, new Error(m.message));
      else if (m.type === 'closed') {
        this.closing.get(m.id)?.done();
        this.closing.delete(m.id);
      } else {
        this.waiting.get(m.id)?.resolve(m.value);
        this.waiting.delete(m.id);
      }
    });
    // A thread that dies takes its files with it: they fail (their download reports it) instead of
    // waiting forever, and the next file opened there gets a new thread.
    const lost = (e: Error) => {
      if (this.workers[index] !== w) return;
      this.workers[index] = undefined;
      for (const [id, f] of this.fileThread) {
        if (f.thread !== index) continue;
        this.fileThread.delete(id);
        this.load[index] -= f.bytes;
        this.fail(id, e);
      }
      // Files being closed there: their close is done, and a digest still awaited fails.
      for (const [id, c] of this.closing) if (c.thread === index) this.fail(id, e);
    };
    w.on('error', lost);
    w.on('exit', (code) => lost(new Error(`the hashing thread stopped (exit code ${code})`)));
    this.workers[index] = w;
    return w;
  }

  private fail(id: number, e: Error): void {
    this.failures.set(id, e);
    this.waiting.get(id)?.reject(e);
    this.waiting.delete(id);
    this.closing.get(id)?.done();
    this.closing.delete(id);
  }

  /** Start hashing the file at `path` of `bytes` bytes (read back as its prefix grows). */
  open(path: string, bytes = 0): PrefixHasher {
    const id = this.nextId++;
    const thread = this.load.indexOf(Math.min(...this.load));
    this.load[thread] += bytes;
    this.fileThread.set(id, { thread, bytes });
    if (!this.closed) this.thread(thread).postMessage({ id, type: 'open', path });
    return new PrefixHasher(this, id);
  }

  post(message: { id: number; type: string; end?: number; total?: number }): void {
    const f = this.fileThread.get(message.id);
    if (!this.closed && f) this.thread(f.thread).postMessage(message);
  }

  digest(id: number, total: number): Promise<string> {
    const failed = this.failures.get(id) ?? (this.closed ? new Error('hashing stopped') : undefined);
    if (failed) return Promise.reject(failed);
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.post({ id, type: 'digest', total });
    });
  }

  closeFile(id: number): Promise<void> {
    const f = this.fileThread.get(id);
    if (!f || this.closed) return Promise.resolve();
    this.fileThread.delete(id);
    this.load[f.thread] -= f.bytes;
    if (!this.workers[f.thread]) return Promise.resolve();
    return new Promise((resolve) => {
      this.closing.set(id, { thread: f.thread, done: resolve });
      this.workers[f.thread]!.postMessage({ id, type: 'close' });
    });
  }

  /** Stop the threads once they have closed every file they hold (a killed thread would leak them). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const id of [...this.waiting.keys()]) this.fail(id, new Error('hashing stopped'));
    const running = this.workers.filter((w): w is Worker => w !== undefined);
    this.workers.fill(undefined);
    await Promise.all(
      running.map(async (w) => {
        const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
        w.postMessage({ type: 'shutdown' });
        const timer = setTimeout(() => void w.terminate(), 5000);
        await exited;
        clearTimeout(timer);
      }),
    );
  }
}

/** One file's MD5, trailing the bytes on disk. */
export class PrefixHasher {
  private target = 0;

  constructor(
    private readonly pool: HashPool,
    private readonly id: number,
  ) {}

  /** Bytes [0, end) are on disk: hash them in the background. */
  advanceTo(end: number): void {
    if (end <= this.target) return;
    this.target = end;
    this.pool.post({ id: this.id, type: 'advance', end });
  }

  /** Base64 MD5 of [0, total) once every byte is on disk. */
  digest(total: number): Promise<string> {
    return this.pool.digest(this.id, total);
  }

  /** Forget everything (the file starts over). */
  reset(): void {
    this.target = 0;
    this.pool.failures.delete(this.id);
    this.pool.post({ id: this.id, type: 'reset' });
  }

  /** Close the file on the hashing thread. */
  close(): Promise<void> {
    return this.pool.closeFile(this.id);
  }
}
