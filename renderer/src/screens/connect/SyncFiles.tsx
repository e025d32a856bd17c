/**
 * Per-file status during a sync: waiting, downloading, downloaded, loading, loaded — as the backend
 * keeps it (the job's `items`), so a reloaded window shows the same list as one that watched.
 */
import type { InventoryFile, JobInfo } from '../../../../shared/api/contract.js';
import { formatBytes } from '../../lib/format.js';
import { Icon } from '../../components/Icon.js';

type FileState = 'waiting' | 'downloading' | 'downloaded' | 'loading' | 'loaded';

function baseName(name: string): string {
  return name.replace(/^.*\//, '');
}

const BADGE: Record<FileState, { cls: string; text: string }> = {
  waiting: { cls: '', text: 'waiting' },
  downloading: { cls: 'badge--accent', text: 'downloading' },
  downloaded: { cls: '', text: 'downloaded' },
  loading: { cls: 'badge--accent', text: 'loading' },
  loaded: { cls: 'badge--success', text: 'loaded' },
};

function isFileState(s: string | undefined): s is FileState {
  return s !== undefined && s in BADGE;
}

/** `files` from the listing when the screen has it; else the names the job reports (after a reload). */
export function SyncFiles({ files, job }: { files?: InventoryFile[]; job: JobInfo }) {
  const rows: { name: string; table?: string; bytes?: number }[] = files ?? Object.keys(job.items ?? {}).map((name) => ({ name }));
  const stateOf = (name: string): FileState => {
    const s = job.items?.[name];
    if (isFileState(s)) return s;
    return job.status === 'done' ? 'loaded' : 'waiting';
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
          {rows.map((f) => {
            const s = stateOf(f.name);
            return (
              <tr key={f.name} data-file-state={s}>
                <td className="mono" style={{ fontSize: 'var(--text-xs)' }}>
                  {baseName(f.name)}
                </td>
                <td>{f.table ?? <span className="faint">—</span>}</td>
                <td className="num">{f.bytes !== undefined ? formatBytes(f.bytes) : <span className="faint">—</span>}</td>
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
