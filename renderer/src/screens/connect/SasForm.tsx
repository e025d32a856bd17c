/**
 * Where the SAS URI is pasted. The text is read once when checking and the field is cleared at
 * once: this window never keeps or shows the signature (the backend stores the connection).
 */
import { useRef, useState } from 'react';
import { Icon } from '../../components/Icon.js';

export function SasForm({ busy, onSubmit }: { busy: boolean; onSubmit(sasUri: string): void }) {
  const field = useRef<HTMLTextAreaElement>(null);
  const [hasText, setHasText] = useState(false);
  const submit = () => {
    const value = field.current?.value.trim() ?? '';
    if (!value) return;
    if (field.current) field.current.value = '';
    setHasText(false);
    onSubmit(value);
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
          from this field.
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
