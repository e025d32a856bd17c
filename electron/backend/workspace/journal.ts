/**
 * The interruption journal: every operation that writes the workspace (ingest, sync, import, join,
 * dataset removal, analysis tables) records that it starts, in `WS/.journal/<id>.json`, and deletes
 * that record when it ends — succeeded or failed with a handled error. A record whose process is gone
 * is an operation that was killed: the workspace reports it as interrupted until the next operation
 * of the same kind succeeds, and the first open after the kill clears what the killed run left behind
 * (recovery.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { InterruptedOperation, WorkspaceOperation } from '../../../shared/api/contract.js';
import { AppError } from '../../../shared/errors.js';
import { syncFolder, writeFileAtomicSync } from './atomicFile.js';
import { processAlive as alive } from '../files/processAlive.js';

export type { InterruptedOperation, WorkspaceOperation };

export const JOURNAL_FOLDER = '.journal';

export interface JournalEntry {
  id: string;
  operation: WorkspaceOperation;
  /** What it works on: the export folder, the refresh, the dataset or join name. */
  subject?: string;
  startedAt: string;
  pid: number;
  /** Set once the first open after the kill has cleaned up after it. */
  recoveredAt?: string;
  /** Set then too: whether the killed run had already committed its change to the database. */
  committed?: boolean;
}

/** Entries this process has open, by workspace folder (the PID alone cannot tell a reused PID). */
const active = new Map<string, Set<string>>();
let sequence = 0;

const folder = (wsDir: string) => join(wsDir, JOURNAL_FOLDER);

/** Whether the entry's operation may still be running (in this process, or in another one that lives). */
function running(wsDir: string, e: JournalEntry): boolean {
  if (e.pid === process.pid) return active.get(wsDir)?.has(e.id) ?? false;
  return alive(e.pid);
}

export function readJournal(wsDir: string): JournalEntry[] {
  const dir = folder(wsDir);
  if (!existsSync(dir)) return [];
  const entries: JournalEntry[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.json')) continue;
    const path = join(dir, name);
    try {
      entries.push(JSON.parse(readFileSync(path, 'utf8')) as JournalEntry);
    } catch (e) {
      throw new AppError({
        code: 'workspace/journal-unreadable',
        message: `The workspace's operation journal ${path} cannot be read: ${e instanceof Error ? e.message : String(e)}`,
        hint: 'Delete that file; the workspace then opens with its last committed state.',
        where: { file: path },
      });
    }
  }
  return entries;
}

/** Operations that were killed: their record is there and their process is gone. */
export function staleEntries(wsDir: string): JournalEntry[] {
  return readJournal(wsDir).filter((e) => !running(wsDir, e));
}

/** The journalled operations the current code runs inside (a sync's ingest: both). */
const context = new AsyncLocalStorage<string[]>();

/** Committed with each database change, so recovery can tell whether a killed run had committed. */
export function currentOperationIds(): string[] {
  return context.getStore() ?? [];
}

export function writeEntry(wsDir: string, entry: JournalEntry): void {
  mkdirSync(folder(wsDir), { recursive: true });
  writeFileAtomicSync(join(folder(wsDir), `${entry.id}.json`), JSON.stringify(entry) + '\n');
}

function removeEntry(wsDir: string, id: string): void {
  rmSync(join(folder(wsDir), `${id}.json`), { force: true });
}

export function beginOperation(wsDir: string, operation: WorkspaceOperation, subject?: string): JournalEntry {
  const entry: JournalEntry = { id: `${operation}-${process.pid}-${Date.now()}-${++sequence}`, operation, subject, startedAt: new Date().toISOString(), pid: process.pid };
  writeEntry(wsDir, entry);
  const ids = active.get(wsDir) ?? new Set<string>();
  active.set(wsDir, ids.add(entry.id));
  return entry;
}

/** The operation ended; when it succeeded, earlier interrupted runs of its kind stop being reported. */
export function endOperation(wsDir: string, entry: JournalEntry, succeeded: boolean): void {
  active.get(wsDir)?.delete(entry.id);
  removeEntry(wsDir, entry.id);
  if (succeeded) for (const e of staleEntries(wsDir)) if (e.operation === entry.operation) removeEntry(wsDir, e.id);
  if (existsSync(folder(wsDir))) syncFolder(folder(wsDir));
}

/** Run `fn` as a journalled operation of the workspace in `ws.dir`. */
export async function withJournal<T>(ws: { dir: string; refreshInterrupted(): void }, operation: WorkspaceOperation, subject: string | undefined, fn: () => Promise<T>): Promise<T> {
  const entry = beginOperation(ws.dir, operation, subject);
  let succeeded = false;
  try {
    const result = await context.run([...currentOperationIds(), entry.id], fn);
    succeeded = true;
    return result;
  } finally {
    endOperation(ws.dir, entry, succeeded);
    ws.refreshInterrupted();
  }
}

const WHAT: Record<WorkspaceOperation, (subject?: string) => string> = {
  ingest: (s) => `An ingest${s ? ` of ${s}` : ''}`,
  sync: (s) => `A sync${s !== undefined ? ` of refresh ${s || '(top level)'}` : ''}`,
  import: (s) => `An import${s ? ` of dataset "${s}"` : ''}`,
  join: (s) => `Saving join${s ? ` "${s}"` : ''}`,
  'remove-dataset': (s) => `Removing dataset${s ? ` "${s}"` : ''}`,
  derived: () => 'Building the analysis tables',
};

function consequence(e: JournalEntry): string {
  if (e.operation === 'derived') return 'The analysis tables it had not finished are built again by the next analysis.';
  const resume = e.operation === 'sync' ? ' Files it had downloaded are kept; run the sync again to resume.' : ' Run it again to finish.';
  if (e.committed) return `Its change had been committed and is loaded; only its last steps were cut short.${resume}`;
  return `The workspace holds what it held before it started.${resume}`;
}

/** What the user is told about a killed operation. */
export function describeInterrupted(e: JournalEntry): InterruptedOperation {
  return {
    operation: e.operation,
    subject: e.subject,
    startedAt: e.startedAt,
    committed: e.committed ?? false,
    message: `${WHAT[e.operation](e.subject)} started ${e.startedAt.replace('T', ' ').slice(0, 19)} UTC was interrupted (process ${e.pid} ended before it finished). ${consequence(e)}`,
  };
}
