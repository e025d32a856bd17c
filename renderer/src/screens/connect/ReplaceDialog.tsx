/**
 * Asked before a download replaces the export a workspace holds: the backend refused the sync with
 * what it would replace; the user replaces, or loads it into a new workspace instead.
 */
import { useState } from 'react';
import type { AppErrorData } from '../../../../shared/errors.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorNotice } from '../../components/Notice.js';

export function ReplaceDialog({ what, newName, onReplace, onNewWorkspace, onClose }: { what: string; newName: string; onReplace(): Promise<AppErrorData | undefined>; onNewWorkspace(): Promise<AppErrorData | undefined>; onClose(): void }) {
  const [busy, setBusy] = useState<'replace' | 'new' | undefined>();
  const [error, setError] = useState<AppErrorData | undefined>();
  const act = async (kind: 'replace' | 'new', action: () => Promise<AppErrorData | undefined>) => {
    setBusy(kind);
    const e = await action();
    setBusy(undefined);
    if (e) setError(e);
    else onClose();
  };
  return (
    <Dialog title="Replace the loaded export?" onClose={onClose}>
      <div className="stack" data-testid="replace-dialog">
        <p style={{ margin: 0 }}>
          <strong data-testid="replace-what">{what}</strong>
        </p>
        <p style={{ margin: 0 }}>The export’s tables in this workspace are replaced by the downloaded ones. To keep both, load it into a new workspace “{newName}” instead and switch between the two from the sidebar.</p>
        {error && <ErrorNotice error={error} />}
        <div className="row" style={{ justifyContent: 'flex-end' }}>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn--primary" onClick={() => void act('new', onNewWorkspace)} disabled={busy !== undefined}>
            {busy === 'new' && <span className="spinner" aria-hidden="true" />}
            Create a new workspace for it instead
          </button>
          <button type="button" className="btn btn--danger" onClick={() => void act('replace', onReplace)} disabled={busy !== undefined}>
            {busy === 'replace' && <span className="spinner" aria-hidden="true" />}
            Replace
          </button>
        </div>
      </div>
    </Dialog>
  );
}
