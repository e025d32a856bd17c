/** Containers connected to before (kept by the backend, signature never shown), one click to reopen. */
import type { SasDescription } from '../../../../shared/api/contract.js';
import { EmptyState, Loading } from '../../components/EmptyState.js';
import { ErrorNotice } from '../../components/Notice.js';
import { Panel } from '../../components/Panel.js';
import type { CallState } from '../../api/useApi.js';
import { formatRelative } from '../../lib/format.js';

export interface RecentConnection {
  id: string;
  sas: SasDescription;
  lastSync?: string;
}

export function RecentConnections({ recent, onOpen, activeId }: { recent: CallState<{ connections: RecentConnection[] }>; onOpen(c: RecentConnection): void; activeId?: string }) {
  return (
    <Panel title="Recent connections" flush>
      {recent.status === 'error' ? (
        <div className="panel__body">
          <ErrorNotice error={recent.error} />
        </div>
      ) : !recent.value ? (
        <Loading />
      ) : recent.value.connections.length === 0 ? (
        <EmptyState icon="cloud" title="None yet">
          Containers you connect to are remembered here.
        </EmptyState>
      ) : (
        <div className="stack" style={{ padding: 'var(--space-2)', gap: 2 }}>
          {recent.value.connections.map((c) => (
            <button key={c.id} type="button" className="recent-item" onClick={() => onOpen(c)} aria-current={activeId === c.id ? 'true' : undefined}>
              <strong>
                {c.sas.account} / {c.sas.container}
              </strong>
              <span>{c.sas.summary}</span>
              <span>{c.lastSync ? `Last synced ${formatRelative(c.lastSync)}` : 'Never synced'}</span>
            </button>
          ))}
        </div>
      )}
    </Panel>
  );
}
