/**
 * The workspace switcher: New…, Open… (a folder), Recent (open one), Rename and Remove. Opening
 * another workspace closes this one in the backend; every screen then starts over on the new one.
 */
import { useState } from 'react';
import type { WorkspaceEntry } from '../../../shared/api/contract.js';
import type { AppErrorData } from '../../../shared/errors.js';
import { useApi, useApiQuery } from '../api/useApi.js';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { Dialog } from '../components/Dialog.js';
import { Loading } from '../components/EmptyState.js';
import { Icon } from '../components/Icon.js';
import { ErrorNotice } from '../components/Notice.js';
import { formatRelative } from '../lib/format.js';
import { dataDates, rowsLine, syncedLine } from './workspaceSummary.js';

type Mode = { kind: 'list' } | { kind: 'new' } | { kind: 'open-folder' } | { kind: 'rename'; entry: WorkspaceEntry };

/** One text field and a submit button; the error of the last submit stays under it. */
function TextForm({ label, initial = '', submitLabel, placeholder, onSubmit, onCancel }: { label: string; initial?: string; submitLabel: string; placeholder?: string; onSubmit(value: string): Promise<AppErrorData | undefined>; onCancel(): void }) {
  const [value, setValue] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | undefined>();
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        void onSubmit(value).then((err) => {
          setBusy(false);
          setError(err);
        });
      }}
    >
      <label className="field">
        <span className="field__label">{label}</span>
        <input className="input" value={value} placeholder={placeholder} autoFocus onChange={(e) => setValue(e.target.value)} aria-invalid={error ? 'true' : undefined} />
      </label>
      {error && <ErrorNotice error={error} />}
      <div className="row" style={{ justifyContent: 'flex-end' }}>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn btn--primary" disabled={busy || !value.trim()}>
          {busy && <span className="spinner" aria-hidden="true" />}
          {submitLabel}
        </button>
      </div>
    </form>
  );
}

function EntryRow({ entry, onOpen, onRename, onRemove }: { entry: WorkspaceEntry; onOpen(): void; onRename(): void; onRemove(): void }) {
  const when = [dataDates(entry.dateRange), syncedLine(entry.lastSync)].filter(Boolean).join(' · ');
  return (
    <li className="workspace-item" aria-current={entry.active ? 'true' : undefined} data-testid="workspace-item">
      <div className="workspace-item__text">
        <strong>
          {entry.name}
          {entry.isDemo && <span className="badge">Demo</span>}
          {entry.active && <span className="badge badge--accent">Open</span>}
        </strong>
        <span>{rowsLine(entry.rows, entry.tables)}</span>
        {when && <span>{when}</span>}
        <span title={entry.dir}>{entry.lastOpened ? `Opened ${formatRelative(entry.lastOpened)}` : 'Never opened'}</span>
      </div>
      <div className="row" style={{ gap: 4 }}>
        {!entry.active && (
          <button type="button" className="btn btn--sm btn--primary" onClick={onOpen} aria-label={`Open ${entry.name}`}>
            Open
          </button>
        )}
        <button type="button" className="btn btn--sm" onClick={onRename} aria-label={`Rename ${entry.name}`}>
          Rename
        </button>
        <button type="button" className="btn btn--sm" onClick={onRemove} disabled={entry.active} title={entry.active ? 'Open another workspace first' : undefined} aria-label={`Remove ${entry.name}`}>
          Remove
        </button>
      </div>
    </li>
  );
}

export function WorkspaceSwitcher({ onClose }: { onClose(): void }) {
  const api = useApi();
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const [error, setError] = useState<AppErrorData | undefined>();
  const [removing, setRemoving] = useState<{ entry: WorkspaceEntry; message: string } | undefined>();
  const list = useApiQuery('workspaces/list', {});

  const open = async (request: { id: string } | { path: string }): Promise<AppErrorData | undefined> => {
    setError(undefined);
    const r = await api.call('workspaces/open', request);
    if (!r.ok) return r.error;
    onClose();
    return undefined;
  };

  const askRemove = async (entry: WorkspaceEntry) => {
    setError(undefined);
    const r = await api.call('workspaces/remove', { id: entry.id });
    if (!r.ok) setError(r.error);
    else setRemoving({ entry, message: r.value.message });
  };

  if (removing) {
    return (
      <ConfirmDialog
        title={`Remove ${removing.entry.name}?`}
        confirmLabel="Remove"
        onClose={() => {
          setRemoving(undefined);
          list.reload();
        }}
        onConfirm={async () => {
          const r = await api.call('workspaces/remove', { id: removing.entry.id, confirm: true });
          return r.ok ? undefined : r.error;
        }}
      >
        <p style={{ margin: 0 }} data-testid="remove-message">
          {removing.message}
        </p>
      </ConfirmDialog>
    );
  }

  return (
    <Dialog title="Workspaces" onClose={onClose}>
      <div className="stack" data-testid="workspace-switcher">
        {mode.kind === 'list' && (
          <div className="row">
            <button type="button" className="btn btn--primary" onClick={() => setMode({ kind: 'new' })}>
              <Icon name="plus" size={14} /> New workspace…
            </button>
            <button type="button" className="btn" onClick={() => setMode({ kind: 'open-folder' })}>
              <Icon name="folder" size={14} /> Open folder…
            </button>
          </div>
        )}
        {mode.kind === 'new' && (
          <TextForm
            label="Name of the new workspace"
            placeholder="e.g. Contoso, March export"
            submitLabel="Create and open"
            onCancel={() => setMode({ kind: 'list' })}
            onSubmit={async (name) => {
              const r = await api.call('workspaces/create', { name, open: true });
              if (!r.ok) return r.error;
              onClose();
              return undefined;
            }}
          />
        )}
        {mode.kind === 'open-folder' && (
          <TextForm label="Folder of a workspace (the one holding workspace.json)" placeholder="/path/to/workspace" submitLabel="Open" onCancel={() => setMode({ kind: 'list' })} onSubmit={(path) => open({ path: path.trim() })} />
        )}
        {mode.kind === 'rename' && (
          <TextForm
            label={`New name for ${mode.entry.name}`}
            initial={mode.entry.name}
            submitLabel="Rename"
            onCancel={() => setMode({ kind: 'list' })}
            onSubmit={async (name) => {
              const r = await api.call('workspaces/rename', { id: mode.entry.id, name });
              if (!r.ok) return r.error;
              setMode({ kind: 'list' });
              list.reload();
              return undefined;
            }}
          />
        )}
        {error && <ErrorNotice error={error} />}
        <h3 className="workspace-list__title">Recent</h3>
        {list.status === 'error' ? (
          <ErrorNotice error={list.error} />
        ) : !list.value ? (
          <Loading />
        ) : (
          <ul className="workspace-list">
            {list.value.workspaces.map((w) => (
              <EntryRow
                key={w.id}
                entry={w}
                onOpen={() => void open({ id: w.id }).then((e) => e && setError(e))}
                onRename={() => setMode({ kind: 'rename', entry: w })}
                onRemove={() => void askRemove(w)}
              />
            ))}
          </ul>
        )}
      </div>
    </Dialog>
  );
}
