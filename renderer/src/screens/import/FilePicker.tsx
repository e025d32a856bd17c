/**
 * Where the file to import comes from: chosen or dropped (its path in the desktop app; uploaded into
 * the workspace in browser mode, with progress and Cancel), or its path typed or pasted — the
 * backend runs on this computer in both modes and reads the file where it is.
 */
import { useEffect, useRef, useState, type DragEvent, type FormEvent } from 'react';
import type { AppErrorData } from '../../../../shared/errors.js';
import { useApi } from '../../api/useApi.js';
import { Icon } from '../../components/Icon.js';
import { ErrorNotice } from '../../components/Notice.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { formatBytes } from '../../lib/format.js';
import { fileNameOf } from './importChoices.js';

/** A file the backend can read: its path, and what to call it on screen. */
export interface PickedFile {
  path: string;
  name: string;
  bytes?: number;
  /** Sent into the workspace by browser mode (the original stays where it was). */
  uploaded: boolean;
}

const ACCEPT = '.csv,.tsv,.txt,.xlsx,.parquet';

interface Upload {
  name: string;
  sent: number;
  total: number;
  controller: AbortController;
}

export function FilePicker({ onPicked }: { onPicked(file: PickedFile): void }) {
  const api = useApi();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [upload, setUpload] = useState<Upload | undefined>();
  const [error, setError] = useState<AppErrorData | undefined>();
  const [typed, setTyped] = useState('');

  const take = async (file: File) => {
    setError(undefined);
    const controller = new AbortController();
    setUpload({ name: file.name, sent: 0, total: file.size, controller });
    const r = await api.pathForFile(file, { signal: controller.signal, onProgress: (sent, total) => setUpload((u) => u && { ...u, sent, total }) });
    setUpload(undefined);
    if (!r.ok) {
      if (r.error.code !== 'transport/cancelled') setError(r.error);
      return;
    }
    onPicked({ path: r.value.path, name: file.name, bytes: file.size, uploaded: r.value.uploaded });
  };

  // A file dropped beside the zone would open in place of the app (browser) or be refused
  // (desktop); while the picker shows, such drops do nothing.
  useEffect(() => {
    const ignoreFiles = (e: globalThis.DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    window.addEventListener('dragover', ignoreFiles);
    window.addEventListener('drop', ignoreFiles);
    return () => {
      window.removeEventListener('dragover', ignoreFiles);
      window.removeEventListener('drop', ignoreFiles);
    };
  }, []);

  const onDrop = (e: DragEvent) => {
    // Unhandled, a drop would navigate the window to the file.
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file && !upload) void take(file);
  };

  const usePath = (e: FormEvent) => {
    e.preventDefault();
    const path = typed.trim().replace(/^"(.*)"$/, '$1');
    if (path) onPicked({ path, name: fileNameOf(path), uploaded: false });
  };

  return (
    <div className="stack">
      <div
        className={`drop-zone${dragging ? ' drop-zone--active' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="drop-zone"
      >
        <Icon name="file" size={22} />
        <div>
          <strong>Drop a CSV, Excel or Parquet file here</strong>
          <div className="muted">{api.transport === 'browser' ? 'It is uploaded into this workspace, then read by the backend.' : 'It is read where it is, then copied into this workspace.'}</div>
        </div>
        <button type="button" className="btn btn--primary" onClick={() => input.current?.click()} disabled={!!upload}>
          <Icon name="file" /> Choose file…
        </button>
        <input
          ref={input}
          type="file"
          accept={ACCEPT}
          hidden
          aria-label="File to import"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void take(file);
          }}
        />
      </div>
      {upload && (
        <div className="stack" style={{ gap: 6 }} data-testid="upload-progress">
          <div className="row row--between">
            <span className="muted">
              Uploading <strong>{upload.name}</strong> · {formatBytes(upload.sent)} of {formatBytes(upload.total)}
            </span>
            <button type="button" className="btn btn--sm btn--danger" onClick={() => upload.controller.abort()}>
              <Icon name="stop" size={12} /> Cancel
            </button>
          </div>
          <ProgressBar percent={upload.total > 0 ? (upload.sent / upload.total) * 100 : undefined} label={`Uploading ${upload.name}`} />
        </div>
      )}
      {error && <ErrorNotice error={error} title="The file could not be read" />}
      <form className="row" onSubmit={usePath} style={{ alignItems: 'flex-end' }}>
        <label className="field grow">
          <span className="field__label">Or type the file’s path</span>
          <input className="input mono" value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="/path/to/hr.csv or C:\Data\hr.xlsx" spellCheck={false} autoComplete="off" />
        </label>
        <button type="submit" className="btn" disabled={!typed.trim() || !!upload}>
          Use this path
        </button>
      </form>
    </div>
  );
}
