/**
 * Progress of a transfer for people: bytes and files done, a smoothed rate and an ETA,
 * emitted at most every `intervalMs` (a UI cannot use more than a few updates a second).
 */
export interface TransferProgress {
  bytesDone: number;
  bytesTotal: number;
  filesDone: number;
  filesTotal: number;
  /** Bytes per second over the last few seconds (new bytes only: resumed ones do not count). */
  rate: number;
  etaSeconds?: number;
  /** Files being transferred right now. */
  current: string[];
}

export class TransferMeter {
  private done = 0;
  private fresh = 0;
  private files = 0;
  private lastEmit = 0;
  private readonly samples: { t: number; fresh: number }[] = [];
  private readonly started = performance.now();
  readonly current = new Set<string>();

  constructor(
    private total: number,
    private readonly filesTotal: number,
    private readonly emit: ((p: TransferProgress) => void) | undefined,
    private readonly intervalMs = 250,
    private readonly windowMs = 5000,
  ) {}

  /** Bytes now on disk; `transferred` false for bytes found from an earlier run. */
  add(bytes: number, transferred = true): void {
    this.done += bytes;
    if (transferred) this.fresh += bytes;
    this.tick();
  }

  /** Bytes counted by `add` that will never reach the file after all (a dropped connection). */
  retract(bytes: number): void {
    this.done -= bytes;
    this.tick();
  }

  /** A file starts over: its bytes no longer count, and its size may have changed. */
  restart(bytesDropped: number, oldSize: number, newSize: number): void {
    this.done -= bytesDropped;
    this.total += newSize - oldSize;
    this.tick(true);
  }

  fileDone(name: string): void {
    this.files++;
    this.current.delete(name);
    this.tick(true);
  }

  get bytesTransferred(): number {
    return this.fresh;
  }

  get seconds(): number {
    return (performance.now() - this.started) / 1000;
  }

  snapshot(): TransferProgress {
    const now = performance.now();
    this.samples.push({ t: now, fresh: this.fresh });
    while (this.samples.length > 2 && now - this.samples[0].t > this.windowMs) this.samples.shift();
    const first = this.samples[0];
    const dt = (now - first.t) / 1000;
    const rate = dt >= 0.5 ? (this.fresh - first.fresh) / dt : this.fresh / Math.max(1e-3, (now - this.started) / 1000);
    const left = this.total - this.done;
    return {
      bytesDone: this.done,
      bytesTotal: this.total,
      filesDone: this.files,
      filesTotal: this.filesTotal,
      rate,
      etaSeconds: rate > 0 ? left / rate : left === 0 ? 0 : undefined,
      current: [...this.current],
    };
  }

  tick(force = false): void {
    if (!this.emit) return;
    const now = performance.now();
    if (!force && now - this.lastEmit < this.intervalMs) return;
    this.lastEmit = now;
    this.emit(this.snapshot());
  }
}
