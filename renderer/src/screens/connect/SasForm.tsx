/**
 * Where the SAS URI is pasted. The field is cleared once the backend accepted the SAS (it then
 * keeps the connection; this window never shows the signature again). A refused SAS stays in the
 * field beside the reason, so it can be corrected rather than pasted again.
 */
import { useRef, useState } from 'react';
import { Icon } from '../../components/Icon.js';

export function SasForm({ busy, onSubmit }: { busy: boolean; onSubmit(sasUri: string): Promise<boolean> }) {
  const field = useRef<HTMLTextAreaElement>(null);
  const [hasText, setHasText] = useState(false);
  const submit = () => {
    const value = field.current?.value.trim() ?? '';
    if (!value) return;
    void onSubmit(value).then((accepted) => {
      if (!accepted || !field.current) return;
      field.current.value = '';
      setHasText(false);
    });
  };
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label className="field">
        <span className="field__label">Container SAS URI</span>
        <textarea
          ref={field}
          className="textarea"
          rows={3}
          name="sas"
          placeholder="https://account.blob.core.windows.net/container?sv=…&sr=c&sp=rl&se=…&sig=…"
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setHasText(e.target.value.trim() !== '')}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey || !e.shiftKey)) {
              e.preventDefault();
              submit();
            }
          }}
        />
        <span className="field__help">
          Ask your Workplace Analytics admin for a SAS on the export container with <strong>read</strong> and <strong>list</strong> permissions (<code>sp=rl</code>). It is sent to the local backend only and cleared
          from this field once accepted.
        </span>
      </label>
      <div className="row">
        <button type="submit" className="btn btn--primary" disabled={busy || !hasText}>
          {busy ? <span className="spinner" aria-hidden="true" /> : <Icon name="search" />} Check and list files
        </button>
      </div>
    </form>
  );
}
