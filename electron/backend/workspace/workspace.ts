/**
 * A workspace: one folder holding the DuckDB database, the raw files per refresh and a manifest.
 *
 *   WS/workspace.json   what is loaded, from which files, with the last validation report
 *   WS/wpa.duckdb       the database (tables named as in the export)
 *   WS/raw/<refresh>/   downloaded export files, one folder per refresh
 */
import { mkdirSync, existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { AppError } from '../../../shared/errors.js';
import { Database } from '../engine/database.js';
import { engineConfig } from '../engine/settings.js';
import { MANIFEST_FILE, newManifest, readManifestSync, writeManifestSync, type WorkspaceManifest } from './manifest.js';

export const DATABASE_FILE = 'wpa.duckdb';

export interface OpenWorkspaceOptions {
  /** Create the folder and an empty workspace when none exists (ingest, sync, demo do). */
  create?: boolean;
  readOnly?: boolean;
}

export class Workspace {
  private database?: Database;

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
    return new Workspace(abs, manifest, options.readOnly ?? false);
  }

  get databasePath(): string {
    return join(this.dir, DATABASE_FILE);
  }

  rawDir(refresh: string): string {
    return join(this.dir, 'raw', refresh);
  }

  /** The database, opened on first use and kept open until `close`. */
  async db(): Promise<Database> {
    this.database ??= await Database.open(this.databasePath, { readOnly: this.readOnly && existsSync(this.databasePath), config: engineConfig() });
    return this.database;
  }

  saveManifest(): void {
    writeManifestSync(join(this.dir, MANIFEST_FILE), this.manifest);
  }

  /** Re-read the manifest from disk (another process, such as sync, may have written it). */
  reloadManifest(): void {
    this.manifest = readManifestSync(join(this.dir, MANIFEST_FILE)) ?? this.manifest;
  }

  close(): void {
    this.database?.close();
    this.database = undefined;
  }
}

/** Open a workspace for the length of `fn`, closing the database however `fn` ends. */
export async function withWorkspace<T>(dir: string, options: OpenWorkspaceOptions, fn: (ws: Workspace) => Promise<T>): Promise<T> {
  const ws = await Workspace.open(dir, options);
  try {
    return await fn(ws);
  } finally {
    ws.close();
  }
}
