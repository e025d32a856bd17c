/**
 * A workspace: one folder holding the DuckDB database, the raw files per refresh and a manifest.
 *
 *   WS/workspace.json   what is loaded, from which files, with the last validation report
 *   WS/wpa.duckdb       the database (tables named as in the export)
 *   WS/raw/<refresh>/   downloaded export files, one folder per refresh
 *   WS/.journal/        operations under way; one left by a killed process says what was interrupted
 */
import { mkdirSync, existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { InterruptedOperation } from '../../../shared/api/contract.js';
import { AppError } from '../../../shared/errors.js';
import { Engine, type ConnectionLease, type FlowOptions } from '../engine/engine.js';
import { reconcileManifest } from './committedState.js';
import { describeInterrupted, staleEntries } from './journal.js';
import { recoverInterrupted } from './recovery.js';
import { engineConfig } from '../engine/settings.js';
import { MANIFEST_FILE, newManifest, readManifestSync, writeManifestSync, type WorkspaceManifest } from './manifest.js';

export const DATABASE_FILE = 'wpa.duckdb';

export interface OpenWorkspaceOptions {
  /** Create the folder and an empty workspace when none exists (ingest, sync, demo do). */
  create?: boolean;
  readOnly?: boolean;
}

/** Told when a workspace opens with interrupted operations (the CLI prints them on stderr). */
const interruptionListeners = new Set<(ws: Workspace) => void>();

export function onInterruptedWorkspace(listener: (ws: Workspace) => void): () => void {
  interruptionListeners.add(listener);
  return () => interruptionListeners.delete(listener);
}

export class Workspace {
  private opened?: Engine;
  private opening?: Promise<Engine>;
  /** Operations killed before they finished, until the next run of their kind succeeds. */
  interrupted: InterruptedOperation[] = [];
  /** Set by `close` until the engine is opened again: background work then stops rather than reopen it. */
  closed = false;
  /** Work that goes on after its operation returned (the validation report after an ingest). */
  private readonly background = new Set<Promise<unknown>>();

  private constructor(
    readonly dir: string,
    public manifest: WorkspaceManifest,
    private readonly readOnly: boolean,
  ) {}

  static async open(dir: string, options: OpenWorkspaceOptions = {}): Promise<Workspace> {
    const abs = resolve(dir);
    const manifestPath = join(abs, MANIFEST_FILE);
    let manifest = readManifestSync(manifestPath);
    if (!manifest) {
      if (!options.create) {
        throw new AppError({
          code: 'workspace/not-found',
          message: `No workspace at ${abs}`,
          hint: existsSync(abs) ? 'Load an export into it first with "ingest DIR --workspace WS" or "sync".' : 'Check the path, or create one with "ingest DIR --workspace WS".',
          where: { file: abs },
        });
      }
      if (existsSync(abs) && !statSync(abs).isDirectory()) {
        throw new AppError({ code: 'workspace/not-a-folder', message: `${abs} is a file, not a workspace folder`, hint: 'Pick a folder path for the workspace.', where: { file: abs } });
      }
      mkdirSync(abs, { recursive: true });
      manifest = newManifest(basename(abs));
      writeManifestSync(manifestPath, manifest);
    }
    const ws = new Workspace(abs, manifest, options.readOnly ?? false);
    await recoverInterrupted(ws);
    ws.refreshInterrupted();
    if (ws.interrupted.length) for (const l of interruptionListeners) l(ws);
    return ws;
  }

  /** Re-read which operations were interrupted (after an operation ends). */
  refreshInterrupted(): void {
    this.interrupted = staleEntries(this.dir).map(describeInterrupted);
  }

  get databasePath(): string {
    return join(this.dir, DATABASE_FILE);
  }

  rawDir(refresh: string): string {
    return join(this.dir, 'raw', refresh);
  }

  /** The engine over the workspace database, opened on first use and kept open until `close`. */
  async engine(): Promise<Engine> {
    if (this.opened) return this.opened;
    this.opening ??= this.openEngine().finally(() => (this.opening = undefined));
    return this.opening;
  }

  private async openEngine(): Promise<Engine> {
    const engine = await Engine.open(this.databasePath, { readOnly: this.readOnly && existsSync(this.databasePath), config: engineConfig() });
    try {
      // Killed between a commit and the manifest write: the database's committed sections win.
      if (await reconcileManifest(this, engine)) this.saveManifest();
    } catch (e) {
      engine.closeSync();
      throw e;
    }
    this.opened = engine;
    this.closed = false;
    return engine;
  }

  /** A connection of the flow's own for its length: `await using db = await ws.connect()`. */
  async connect(options: FlowOptions = {}): Promise<ConnectionLease> {
    return (await this.engine()).connect(options);
  }

  saveManifest(): void {
    writeManifestSync(join(this.dir, MANIFEST_FILE), this.manifest);
  }

  /** Re-read the manifest from disk (another process, such as sync, may have written it). */
  reloadManifest(): void {
    this.manifest = readManifestSync(join(this.dir, MANIFEST_FILE)) ?? this.manifest;
  }

  /** Keep `work` until it ends, so `settled` can wait for it. */
  track(work: Promise<unknown>): void {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.background.add(settled);
    void settled.then(() => this.background.delete(settled));
  }

  /** Wait for the background work (its failures are its owners' to report). */
  async settled(): Promise<void> {
    while (this.background.size) await Promise.all([...this.background]);
  }

  /** Close at once: background work still running is interrupted (what it owed stays owed). */
  close(): void {
    this.closed = true;
    this.opened?.closeSync();
    this.opened = undefined;
  }
}

/** Open a workspace for the length of `fn`, closing the database however `fn` ends. */
export async function withWorkspace<T>(dir: string, options: OpenWorkspaceOptions, fn: (ws: Workspace) => Promise<T>): Promise<T> {
  const ws = await Workspace.open(dir, options);
  try {
    return await fn(ws);
  } finally {
    // A report still being computed after an ingest is finished, not left owed.
    await ws.settled();
    ws.close();
  }
}
