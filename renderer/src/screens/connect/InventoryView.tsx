/** The refreshes found in the container, the latest chosen, with the tables and files of each. */
import type { Inventory, InventoryRefresh } from '../../../../shared/api/contract.js';
import { Notice } from '../../components/Notice.js';
import { formatBytes, formatDateTimeLocal, plural } from '../../lib/format.js';

function latestModified(refresh: InventoryRefresh): string | undefined {
  return refresh.files.map((f) => f.lastModified).sort().at(-1);
}

export function InventoryView({ inventory, chosen, onChoose }: { inventory: Inventory; chosen?: string; onChoose(name: string): void }) {
  if (inventory.refreshes.length === 0) {
    return <p className="muted">No export files were found in this container. Check it is the container Workplace Analytics writes to.</p>;
  }
  return (
    <div className="stack">
      <fieldset className="refresh-list" style={{ border: 0, padding: 0, margin: 0 }} aria-label="Refreshes">
        {inventory.refreshes.map((r) => {
          const modified = latestModified(r);
          return (
            <label key={r.name} className="radio-card">
              <input type="radio" name="refresh" checked={chosen === r.name} onChange={() => onChoose(r.name)} />
              <div className="grow">
                <div className="row">
                  <strong>{r.name || 'Container root'}</strong>
                  {inventory.latest === r.name && <span className="badge badge--accent">latest</span>}
                  {inventory.loaded === r.name && (
                    <span className="badge badge--success" data-testid="loaded-refresh">
                      loaded in this workspace
                    </span>
                  )}
                </div>
                <div className="muted" style={{ fontSize: 'var(--text-sm)' }}>
                  {plural(r.files.length, 'file')} · {formatBytes(r.bytes)}
                  {modified && ` · written ${formatDateTimeLocal(modified)}`}
                </div>
                <div className="chip-list">
                  {r.tables.map((t) => (
                    <span key={t} className="badge">
                      {t}
                    </span>
                  ))}
                </div>
              </div>
            </label>
          );
        })}
      </fieldset>
      {inventory.otherFiles.length > 0 && (
        <p className="muted" style={{ fontSize: 'var(--text-sm)' }}>
          {plural(inventory.otherFiles.length, 'other file')} in the container {inventory.otherFiles.length === 1 ? 'is' : 'are'} not part of an export and will not be downloaded.
        </p>
      )}
      {inventory.refused.length > 0 && (
        <Notice tone="warning" title={`${plural(inventory.refused.length, 'file')} will not be downloaded because of ${inventory.refused.length === 1 ? 'its name' : 'their names'}`}>
          {/* Names arrive escaped: no direction-changing or control characters reach the page. */}
          <ul data-testid="refused-blobs">
            {inventory.refused.map((r) => (
              <li key={r.name} style={{ overflowWrap: 'anywhere' }}>
                <code>{r.name}</code>: {r.reason}
              </li>
            ))}
          </ul>
        </Notice>
      )}
    </div>
  );
}
