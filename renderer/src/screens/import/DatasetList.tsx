/** The imported datasets: rows, source file, the joins reading each; join one, or remove it (with its joins). */
import { useState } from 'react';
import type { DatasetInfo } from '../../../../shared/api/contract.js';
import { useApi, type CallState } from '../../api/useApi.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { EmptyState, Loading } from '../../components/EmptyState.js';
import { Icon } from '../../components/Icon.js';
import { ErrorNotice } from '../../components/Notice.js';
import { Panel } from '../../components/Panel.js';
import { useToast } from '../../components/Toasts.js';
import { formatRelative, plural } from '../../lib/format.js';

function RemoveDataset({ dataset, onClose, onRemoved }: { dataset: DatasetInfo; onClose(): void; onRemoved(): void }) {
  const api = useApi();
  const toast = useToast();
  const remove = async () => {
    const r = await api.call('datasets/remove', { name: dataset.name, withJoins: dataset.joins.length > 0 });
    if (!r.ok) return r.error;
    toast(r.value.joinsRemoved.length ? `Removed ${dataset.name} and ${plural(r.value.joinsRemoved.length, 'join')}` : `Removed ${dataset.name}`);
    onRemoved();
    return undefined;
  };
  return (
    <ConfirmDialog title={`Remove the dataset ${dataset.name}?`} confirmLabel="Remove" onConfirm={remove} onClose={onClose}>
      Its table and its copy in this workspace are deleted; the file you imported from stays where it is.
      {dataset.joins.length > 0 && (
        <p style={{ marginTop: 8 }}>
          <strong>{dataset.joins.length === 1 ? `The join ${dataset.joins[0]} reads it` : `The joins ${dataset.joins.join(', ')} read it`}</strong> and {dataset.joins.length === 1 ? 'is' : 'are'} removed too:
          {dataset.joins.length === 1 ? ' its' : ' their'} columns leave PersonAttributes and the analyses.
        </p>
      )}
    </ConfirmDialog>
  );
}

export function DatasetList({ datasets, onJoin, onChanged }: { datasets: CallState<{ datasets: DatasetInfo[] }>; onJoin(name: string): void; onChanged(): void }) {
  const [removing, setRemoving] = useState<DatasetInfo | undefined>();
  const list = datasets.value?.datasets;
  return (
    <Panel title="Imported datasets" flush>
      {datasets.status === 'error' ? (
        <div className="panel__body">
          <ErrorNotice error={datasets.error} />
        </div>
      ) : !list ? (
        <Loading />
      ) : list.length === 0 ? (
        <EmptyState icon="file" title="None yet">
          Files you import appear here as tables you can browse, query and join.
        </EmptyState>
      ) : (
        <ul className="item-list" aria-label="Imported datasets">
          {list.map((d) => (
            <li key={d.name} className="item-list__item" data-dataset={d.name}>
              <div className="grow">
                <strong className="mono">{d.name}</strong>
                <span>
                  {plural(d.rows, 'row')} · {plural(d.columns.length, 'column')} · {d.format.toUpperCase()} · {formatRelative(d.importedAt)}
                </span>
                {d.joins.length > 0 && <span>Joined as {d.joins.join(', ')}</span>}
              </div>
              <div className="row" style={{ flexWrap: 'nowrap' }}>
                <button type="button" className="btn btn--sm" onClick={() => onJoin(d.name)} title={`Join ${d.name} to the export`}>
                  <Icon name="link" size={12} /> Join
                </button>
                <button type="button" className="btn btn--sm btn--ghost btn--danger" onClick={() => setRemoving(d)} aria-label={`Remove ${d.name}`}>
                  <Icon name="x" size={12} />
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {removing && <RemoveDataset dataset={removing} onClose={() => setRemoving(undefined)} onRemoved={onChanged} />}
    </Panel>
  );
}
