/** Ask before something that cannot be undone; the action's error, if any, stays in the dialog. */
import { useState, type ReactNode } from 'react';
import type { AppErrorData } from '../../../shared/errors.js';
import { Dialog } from './Dialog.js';
import { ErrorNotice } from './Notice.js';

export function ConfirmDialog({ title, confirmLabel, children, onConfirm, onClose }: { title: string; confirmLabel: string; children: ReactNode; onConfirm(): Promise<AppErrorData | undefined>; onClose(): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | undefined>();
  const confirm = async () => {
    setBusy(true);
    const e = await onConfirm();
    setBusy(false);
    if (e) setError(e);
    else onClose();
  };
  return (
    <Dialog title={title} onClose={onClose}>
      <div className="stack">
        <div>{children}</div>
        {error && <ErrorNotice error={error} />}
        <div className="row" style={{ justifyContent: 'flex-end' }}>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn--danger" onClick={() => void confirm()} disabled={busy}>
            {busy && <span className="spinner" aria-hidden="true" />}
            {confirmLabel}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
