/** The list of keyboard shortcuts ("?"). */
import { Dialog } from '../components/Dialog.js';
import { SHORTCUTS } from './shortcuts.js';

export function ShortcutsDialog({ onClose }: { onClose(): void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <dl className="shortcuts">
        {SHORTCUTS.map((s) => (
          <div key={s.what} style={{ display: 'contents' }}>
            <dt>{s.what}</dt>
            <dd>
              {s.keys.map((k, i) => (
                <span key={k}>
                  {i > 0 && <span className="faint"> or </span>}
                  {k.split(' ').map((part, j) => (
                    <kbd key={j} style={{ marginLeft: j > 0 ? 3 : 0 }}>
                      {part}
                    </kbd>
                  ))}
                </span>
              ))}
            </dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
