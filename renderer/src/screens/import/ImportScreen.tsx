/**
 * Import & join: bring the analyst's own files (HR extracts, sales outcomes) into the workspace as
 * datasets, then join them to the export's people so their columns can group every analysis.
 * Two tabs share the lists of imported datasets and saved joins on the side.
 */
import { useEffect, useMemo, useState } from 'react';
import { useWorkspaceVersion } from '../../api/jobs.js';
import { useApiQuery } from '../../api/useApi.js';
import type { ScreenProps } from '../../app/App.js';
import { useIntent } from '../../app/navigation.js';
import { useWorkspace } from '../../app/workspace.js';
import { ScreenHeader } from '../../components/Panel.js';
import { DatasetList } from './DatasetList.js';
import { ImportTab } from './ImportTab.js';
import { JoinList } from './JoinList.js';
import { JoinTab } from './JoinTab.js';

type Tab = 'import' | 'join';

export function ImportScreen(_props: ScreenProps) {
  const ws = useWorkspace();
  const intent = useIntent('import');
  const version = useWorkspaceVersion();
  const datasets = useApiQuery('datasets/list', {}, version);
  const joins = useApiQuery('joins/list', {}, version);
  const [tab, setTab] = useState<Tab>('import');
  const [joinRequest, setJoinRequest] = useState<{ dataset: string; nonce: number } | undefined>();
  const exportColumns = useMemo(() => ws.value?.tables.find((t) => t.name === 'PersonHistorical')?.columns.map((c) => c.name) ?? [], [ws.value]);
  const datasetList = useMemo(() => datasets.value?.datasets ?? [], [datasets.value]);

  const joinDataset = (dataset: string) => {
    setJoinRequest({ dataset, nonce: Date.now() });
    setTab('join');
  };
  const reloadLists = () => {
    datasets.reload();
    joins.reload();
  };

  useEffect(() => {
    if (!intent) return;
    if (intent.dataset) joinDataset(intent.dataset);
    else setTab(intent.tab);
  }, [intent]);

  return (
    <div className="screen">
      <ScreenHeader title="Import & join" description="Bring in your own CSV, Excel or Parquet files — an HR extract, sales outcomes — and join them to the export’s people. Joined columns that can form groups (a region, a cost centre — not dates or one value per person) become group-by attributes in every analysis, behind the same minimum group size." />
      <div className="tabs tabs--screen" role="tablist" aria-label="Import or join">
        <button type="button" role="tab" className="tab" aria-selected={tab === 'import'} aria-controls="import-tab-import" onClick={() => setTab('import')}>
          1 · Import a file
        </button>
        <button type="button" role="tab" className="tab" aria-selected={tab === 'join'} aria-controls="import-tab-join" onClick={() => setTab('join')}>
          2 · Join to the export
        </button>
      </div>
      <div className="side-layout">
        <div>
          {/* Both stay mounted, so a half-filled form survives a look at the other tab. */}
          <div id="import-tab-import" role="tabpanel" hidden={tab !== 'import'}>
            <ImportTab datasets={datasetList} onJoin={joinDataset} />
          </div>
          <div id="import-tab-join" role="tabpanel" hidden={tab !== 'join'}>
            <JoinTab datasets={datasetList} joins={joins.value?.joins ?? []} exportColumns={exportColumns} request={joinRequest} onImport={() => setTab('import')} />
          </div>
        </div>
        <div className="stack stack--lg">
          <DatasetList datasets={datasets} onJoin={joinDataset} onChanged={reloadLists} />
          <JoinList joins={joins} onChanged={reloadLists} />
        </div>
      </div>
    </div>
  );
}
