/**
 * The workspace library: the workspaces the app knows, so a consultant keeps the demo and each
 * client's export side by side and switches between them.
 *
 *   <home>/workspaces/<id>/   workspaces the app created (it may delete these)
 *   <home>/workspaces.json    the registry: id, display name, folder, last opened; written atomically
 *
 * A workspace opened from elsewhere (--workspace DIR, Open… with a path) is listed too, but removing
 * it only forgets it: its folder is not the app's to delete.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, relative, resolve, isAbsolute } from 'node:path';
import { AppError } from '../../../shared/errors.js';
import { formatBytes } from '../../../shared/format/bytes.js';
import { folderBytes } from '../files/folderBytes.js';
import { writeFileAtomicSync } from './atomicFile.js';
import { MANIFEST_FILE, readManifestSync } from './manifest.js';
import { Workspace } from './workspace.js';

export interface LibraryEntry {
  id: string;
  name: string;
  dir: string;
  /** Created by the app inside the library folder: removing it deletes its files. */
  owned: boolean;
  isDemo?: boolean;
  createdAt: string;
  lastOpened?: string;
}

interface Registry {
  version: 1;
  entries: LibraryEntry[];
}

export const REGISTRY_FILE = 'workspaces.json';
export const DEMO_ID = 'demo';
export const DEMO_NAME = 'Demo workspace';
const MAX_NAME = 80;

function checkName(name: string): string {
  const n = name.trim().replace(/\s+/g, ' ');
  if (!n) throw new AppError({ code: 'workspaces/bad-name', message: 'A workspace needs a name.', hint: 'Type a name, such as the client or the export it holds.', where: { field: 'name' } });
  if (n.length > MAX_NAME) throw new AppError({ code: 'workspaces/bad-name', message: `A workspace name has at most ${MAX_NAME} characters.`, hint: 'Shorten the name.', where: { field: 'name' } });
  return n;
}

export class WorkspaceLibrary {
  constructor(readonly home: string) {}

  get root(): string {
    return join(this.home, 'workspaces');
  }

  private get registryPath(): string {
    return join(this.home, REGISTRY_FILE);
  }

  private read(): Registry {
    if (!existsSync(this.registryPath)) return { version: 1, entries: [] };
    try {
      const r = JSON.parse(readFileSync(this.registryPath, 'utf8')) as Registry;
      if (r.version === 1 && Array.isArray(r.entries)) return r;
    } catch {
      // Fall through: a registry nobody can read is reported, not replaced by an empty one.
    }
    throw new AppError({ code: 'workspaces/registry-unreadable', message: `The list of workspaces (${this.registryPath}) cannot be read.`, hint: 'Move the file aside; the workspaces themselves are untouched and can be opened again by path.', where: { file: this.registryPath } });
  }

  private write(r: Registry): void {
    mkdirSync(this.home, { recursive: true });
    writeFileAtomicSync(this.registryPath, JSON.stringify(r, null, 2) + '\n');
  }

  /** Every workspace, most recently opened first; folders gone from disk are dropped. */
  list(): LibraryEntry[] {
    const r = this.read();
    const present = r.entries.filter((e) => existsSync(join(e.dir, MANIFEST_FILE)));
    if (present.length !== r.entries.length) this.write({ ...r, entries: present });
    return [...present].sort((a, b) => (b.lastOpened ?? '').localeCompare(a.lastOpened ?? '') || a.name.localeCompare(b.name));
  }

  get(id: string): LibraryEntry {
    const e = this.read().entries.find((x) => x.id === id);
    if (!e) throw new AppError({ code: 'workspaces/not-found', message: `There is no workspace with id "${id}".`, hint: 'Pick one from the list of workspaces.', where: { field: 'id' } });
    return e;
  }

  /** The entry for a folder, added when new (a workspace opened by path, or the demo). */
  register(dir: string, options: { name?: string; isDemo?: boolean } = {}): LibraryEntry {
    const abs = resolve(dir);
    const r = this.read();
    const known = r.entries.find((e) => e.dir === abs);
    if (known) return known;
    const rel = relative(this.root, abs);
    const entry: LibraryEntry = {
      id: options.isDemo && !r.entries.some((e) => e.id === DEMO_ID) ? DEMO_ID : newId(),
      name: checkName(options.name ?? (options.isDemo ? DEMO_NAME : (readManifestSync(join(abs, MANIFEST_FILE))?.name ?? abs))),
      dir: abs,
      owned: !!rel && !rel.startsWith('..') && !isAbsolute(rel),
      ...(options.isDemo ? { isDemo: true } : {}),
      createdAt: new Date().toISOString(),
    };
    this.write({ ...r, entries: [...r.entries, entry] });
    return entry;
  }

  /** A new, empty workspace in the library folder. */
  async create(name: string): Promise<LibraryEntry> {
    const display = checkName(name);
    const id = newId();
    const dir = join(this.root, id);
    const ws = await Workspace.open(dir, { create: true });
    ws.manifest.name = display;
    ws.saveManifest();
    ws.close();
    return this.register(dir, { name: display });
  }

  touch(id: string): LibraryEntry {
    const r = this.read();
    const e = r.entries.find((x) => x.id === id);
    if (!e) return this.get(id);
    e.lastOpened = new Date().toISOString();
    this.write(r);
    return e;
  }

  rename(id: string, name: string): LibraryEntry {
    const display = checkName(name);
    const r = this.read();
    const e = r.entries.find((x) => x.id === id) ?? this.get(id);
    e.name = display;
    this.write(r);
    return e;
  }

  /**
   * Remove a workspace that is not open. Without `confirm` nothing changes: the answer says what
   * would be deleted and how much disk that frees. One opened from elsewhere is only forgotten.
   */
  remove(id: string, options: { confirm?: boolean; activeId?: string }): { removed: boolean; bytes: number; filesDeleted: boolean; message: string } {
    const e = this.get(id);
    if (id === options.activeId) {
      throw new AppError({ code: 'workspaces/remove-active', message: `"${e.name}" is the open workspace and cannot be removed.`, hint: 'Open another workspace first, then remove this one.' });
    }
    const bytes = e.owned && existsSync(e.dir) ? folderBytes(e.dir) : 0;
    const message = e.owned
      ? `Removing "${e.name}" deletes its folder ${e.dir} and frees ${formatBytes(bytes)}.`
      : `Removing "${e.name}" takes it off this list; its folder ${e.dir} is kept.`;
    if (!options.confirm) return { removed: false, bytes, filesDeleted: false, message };
    // Off the list first: a delete cut short leaves a folder nobody lists, never an entry with half a workspace.
    const r = this.read();
    this.write({ ...r, entries: r.entries.filter((x) => x.id !== id) });
    if (e.owned) rmSync(e.dir, { recursive: true, force: true });
    return { removed: true, bytes, filesDeleted: e.owned, message: e.owned ? `Removed "${e.name}"; ${formatBytes(bytes)} freed.` : `"${e.name}" is off the list; its folder ${e.dir} is kept.` };
  }
}

function newId(): string {
  return `ws-${randomBytes(5).toString('hex')}`;
}
