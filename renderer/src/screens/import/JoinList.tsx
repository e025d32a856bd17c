/** The saved joins: dataset, keys, match rate and the view holding the joined rows; remove one. */
import { useState } from 'react';
import type { JoinInfo } from '../../../../shared/api/contract.js';
import { useApi, type CallState } from '../../api/useApi.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { EmptyState, Loading } from '../../components/EmptyState.js';
import { Icon } from '../../components/Icon.js';
import { ErrorNotice } from '../../components/Notice.js';
import { Panel } from '../../components/Panel.js';
import { useToast } from '../../components/Toasts.js';
import { joinCoverage as coverage } from './joinCoverage.js';

function RemoveJoin({ join, onClose, onRemoved }: { join: JoinInfo; onClose(): void; onRemoved(): void }) {
  const api = useApi();
  const toast = useToast();
  const remove = async () => {
    const r = await api.call('joins/remove', { name: join.name });
    if (!r.ok) return r.error;
    toast(`Removed the join ${join.name}`);
    onRemoved();
    return undefined;
  };
  return (
    <ConfirmDialog title={`Remove the join ${join.name}?`} confirmLabel="Remove" onConfirm={remove} onClose={onClose}>
      Its columns ({join.joinedColumns.map((c) => c.name).join(', ')}) leave PersonAttributes and the analyses, and the view <code>{join.view}</code> goes. The dataset {join.dataset} stays.
    </ConfirmDialog>
  );
}

export function JoinList({ joins, onChanged }: { joins: CallState<{ joins: JoinInfo[] }>; onChanged(): void }) {
  const [removing, setRemoving] = useState<JoinInfo | undefined>();
  const list = joins.value?.joins;
  return (
    <Panel title="Saved joins" flush>
      {joins.status === 'error' ? (
        <div className="panel__body">
          <ErrorNotice error={joins.error} />
        </div>
      ) : !list ? (
        <Loading />
      ) : list.length === 0 ? (
        <EmptyState icon="link" title="None yet">
          A saved join adds a dataset’s columns to every person; those that can form groups become group-by attributes for the analyses.
        </EmptyState>
      ) : (
        <ul className="item-list" aria-label="Saved joins">
          {list.map((j) => {
            const { rows, people } = coverage(j);
            return (
              <li key={j.name} className="item-list__item" data-join={j.name}>
                <div className="grow">
                  <strong className="mono">{j.name}</strong>
                  <span>
                    {j.dataset}.{j.datasetKey} → {j.exportKey}
                    {j.hash ? ' · hashed' : ''}
                    {j.asOf ? ' · as of dates' : ''}
                  </span>
                  <span>
                    <span className="badge badge--accent" data-testid="join-list-rate" title={rows.title}>
                      {rows.text}
                    </span>{' '}
                    {people && (
                      <>
                        <span className={`badge ${people.partial ? 'badge--warning' : 'badge--accent'}`} data-testid="join-list-people" title={people.title}>
                          {people.text}
                        </span>{' '}
                      </>
                    )}
                    view <code>{j.view}</code>
                  </span>
                </div>
                <button type="button" className="btn btn--sm btn--ghost btn--danger" onClick={() => setRemoving(j)} aria-label={`Remove the join ${j.name}`}>
                  <Icon name="x" size={12} />
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {removing && <RemoveJoin join={removing} onClose={() => setRemoving(undefined)} onRemoved={onChanged} />}
    </Panel>
  );
}
