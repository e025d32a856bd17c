/**
 * Per-file status during a sync: waiting, downloading, downloaded, loading, loaded. Derived from
 * the job's step messages, which name the files being downloaded ("Downloading Mails.csv, …")
 * and the table being loaded ("Loading Mails").
 */
import { useEffect, useRef, useState } from 'react';
import type { InventoryFile, JobInfo } from '../../../../shared/api/contract.js';
import { formatBytes } from '../../lib/format.js';
import { Icon } from '../../components/Icon.js';

type FileState = 'waiting' | 'downloading' | 'downloaded' | 'loading' | 'loaded';

function baseName(name: string): string {
  return name.replace(/^.*\//, '');
}

function mentions(message: string, file: InventoryFile): boolean {
  const base = baseName(file.name);
  return new RegExp(`(^|[\\s,])${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[\\s,])`).test(message.replace(/^Downloading /, ' '));
}

function loadingTable(message: string): string | undefined {
  return /^Loading (\w+)$/.exec(message)?.[1];
}

function addAll(set: ReadonlySet<string>, items: string[]): ReadonlySet<string> {
  return items.every((i) => set.has(i)) ? set : new Set([...set, ...items]);
}

const BADGE: Record<FileState, { cls: string; text: string }> = {
  waiting: { cls: '', text: 'waiting' },
  downloading: { cls: 'badge--accent', text: 'downloading' },
  downloaded: { cls: '', text: 'downloaded' },
  loading: { cls: 'badge--accent', text: 'loading' },
  loaded: { cls: 'badge--success', text: 'loaded' },
};

export function SyncFiles({ files, job }: { files: InventoryFile[]; job: JobInfo }) {
  const [downloaded, setDownloaded] = useState<ReadonlySet<string>>(new Set());
  const [loaded, setLoaded] = useState<ReadonlySet<string>>(new Set());
  const [current, setCurrent] = useState<{ files: string[]; table?: string }>({ files: [] });
  const message = job.message ?? '';

  const previous = useRef<{ files: string[]; table?: string }>({ files: [] });

  useEffect(() => {
    const named = files.filter((f) => mentions(message, f)).map((f) => f.name);
    const table = loadingTable(message);
    // What was in progress before this message is finished now.
    const before = previous.current;
    const finished = before.files.filter((n) => !named.includes(n));
    if (finished.length > 0) setDownloaded((s) => addAll(s, finished));
    const doneTable = before.table;
    if (doneTable && doneTable !== table) setLoaded((s) => addAll(s, [doneTable]));
    previous.current = { files: named, table };
    setCurrent(previous.current);
  }, [message, files]);

  const stateOf = (f: InventoryFile): FileState => {
    if (job.status === 'done') return 'loaded';
    if (current.files.includes(f.name) && job.status === 'running') return 'downloading';
    if (f.table && current.table === f.table && job.status === 'running') return 'loading';
    if (f.table && loaded.has(f.table)) return 'loaded';
    if (downloaded.has(f.name) || current.table) return 'downloaded';
    return 'waiting';
  };

  return (
    <div className="table-wrap" style={{ maxHeight: 280 }}>
      <table className="table" aria-label="Files in this sync">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Table</th>
            <th scope="col" className="num">
              Size
            </th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {files.map((f) => {
            const s = stateOf(f);
            return (
              <tr key={f.name} data-file-state={s}>
                <td className="mono" style={{ fontSize: 'var(--text-xs)' }}>
                  {baseName(f.name)}
                </td>
                <td>{f.table ?? <span className="faint">—</span>}</td>
                <td className="num">{formatBytes(f.bytes)}</td>
                <td>
                  <span className={`badge ${BADGE[s].cls}`}>
                    {(s === 'downloading' || s === 'loading') && <span className="spinner" style={{ width: 10, height: 10 }} aria-hidden="true" />}
                    {s === 'loaded' && <Icon name="check" size={11} />}
                    {BADGE[s].text}
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
