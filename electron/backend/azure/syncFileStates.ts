/**
 * Where each file of a sync is: waiting, downloading, downloaded, loading, loaded. Kept by the
 * backend and sent with every progress event, so a window opened (or reloaded) mid-sync shows the
 * same list as one that watched from the start.
 */
import type { TableName } from '../../../shared/schema/exportSchema.js';

export type SyncFileState = 'waiting' | 'downloading' | 'downloaded' | 'loading' | 'loaded';

export class SyncFileStates {
  private readonly states = new Map<string, SyncFileState>();
  private readonly tableOf = new Map<string, TableName | undefined>();

  /** `toDownload` start waiting; the rest are on disk already (and loaded unless their table changed). */
  constructor(files: { name: string; table?: TableName }[], toDownload: ReadonlySet<string>) {
    for (const f of files) {
      this.tableOf.set(f.name, f.table);
      this.states.set(f.name, toDownload.has(f.name) ? 'waiting' : 'loaded');
    }
  }

  /** The files being downloaded right now (by blob name); others that were are done. */
  downloading(current: readonly string[]): void {
    const now = new Set(current);
    for (const [name, s] of this.states) {
      if (now.has(name) && s === 'waiting') this.states.set(name, 'downloading');
    }
  }

  downloaded(name: string): void {
    if (this.states.has(name)) this.states.set(name, 'downloaded');
  }

  /** Tables whose files will be loaded again: their files wait for that, even when unchanged. */
  willLoad(tables: readonly TableName[]): void {
    for (const [name, table] of this.tableOf) if (table && tables.includes(table) && this.states.get(name) === 'loaded') this.states.set(name, 'downloaded');
  }

  /** `table` is being loaded now; tables loaded before it are done. */
  loading(table: TableName | undefined, doneTables: ReadonlySet<TableName>): void {
    for (const [name, t] of this.tableOf) {
      if (!t) continue;
      if (doneTables.has(t)) this.states.set(name, 'loaded');
      else if (t === table) this.states.set(name, 'loading');
    }
  }

  allLoaded(): void {
    for (const name of this.states.keys()) this.states.set(name, 'loaded');
  }

  snapshot(): Record<string, SyncFileState> {
    return Object.fromEntries(this.states);
  }
}
