/**
 * Operations a kill cut short (an ingest, sync, import…): said above every screen, with when and
 * what the workspace holds now, until the next run of the same kind succeeds (the backend then
 * stops reporting it).
 */
import type { InterruptedOperation, WorkspaceOperation } from '../../../shared/api/contract.js';
import { Notice } from '../components/Notice.js';
import { formatDateTimeLocal } from '../lib/format.js';
import { useWorkspace } from './workspace.js';

const RUN: Record<WorkspaceOperation, string> = {
  ingest: 'ingest',
  sync: 'download (sync)',
  import: 'import',
  join: 'join',
  'remove-dataset': 'dataset removal',
  derived: 'build of the analysis tables',
};

function title(i: InterruptedOperation): string {
  const quoted = ['import', 'join', 'remove-dataset'].includes(i.operation);
  return `The ${RUN[i.operation]}${i.subject ? ` of ${quoted ? `"${i.subject}"` : i.subject}` : ''} started ${formatDateTimeLocal(i.startedAt)} was interrupted`;
}

export function InterruptedBanner() {
  const ws = useWorkspace();
  const interrupted = ws.value?.interrupted ?? [];
  if (interrupted.length === 0) return null;
  return (
    <div className="stack" style={{ padding: 'var(--space-4) var(--space-5) 0' }} data-testid="interrupted-banner">
      {interrupted.map((i) => (
        <Notice key={`${i.operation}-${i.startedAt}`} tone="warning" title={title(i)}>
          <div>{i.message}</div>
          <div className="notice__hint">
            This notice goes away when the next {RUN[i.operation]} succeeds.
          </div>
        </Notice>
      ))}
    </div>
  );
}
