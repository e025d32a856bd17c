/**
 * Connect: paste a container SAS, see what it allows, pick a refresh, then download and load it
 * with per-file progress, rate, time left and Cancel. Recent connections reopen without the SAS.
 */
import { useEffect, useRef, useState } from 'react';
import type { Inventory, JobInfo, SasDescription } from '../../../../shared/api/contract.js';
import type { AppErrorData } from '../../../../shared/errors.js';
import { useAttachedJobId, useJob, useWorkspaceVersion } from '../../api/jobs.js';
import { useApi, useApiQuery } from '../../api/useApi.js';
import type { ScreenProps } from '../../app/App.js';
import { useNavigation } from '../../app/navigation.js';
import { Icon } from '../../components/Icon.js';
import { JobProgress } from '../../components/JobProgress.js';
import { ErrorNotice, Notice } from '../../components/Notice.js';
import { Panel, ScreenHeader } from '../../components/Panel.js';
import { formatBytes, formatCount, plural } from '../../lib/format.js';
import { InventoryView } from './InventoryView.js';
import { ReplaceDialog } from './ReplaceDialog.js';
import { newWorkspaceName } from './newWorkspaceName.js';
import { RecentConnections, type RecentConnection } from './RecentConnections.js';
import { SasDetails } from './SasDetails.js';
import { SasForm } from './SasForm.js';
import { SyncFiles } from './SyncFiles.js';

type Listed = Inventory & { connectionId: string; sas: SasDescription };

/** The code the backend refuses a replacing sync with (workspace/replaceGuard.ts). */
const REPLACE_UNCONFIRMED = 'workspace/replace-unconfirmed';


function resultNumber(job: JobInfo, field: string): number | undefined {
  const r = job.result;
  const v = r && typeof r === 'object' && !Array.isArray(r) ? r[field] : undefined;
  return typeof v === 'number' ? v : undefined;
}

function SyncDone({ job, onOpenDatasets }: { job: JobInfo; onOpenDatasets(): void }) {
  const rows = resultNumber(job, 'rowsLoaded');
  const rejected = resultNumber(job, 'rowsRejected');
  return (
    <Notice
      tone="success"
      title="The export is loaded"
      actions={
        <button type="button" className="btn btn--primary btn--sm" onClick={onOpenDatasets}>
          <Icon name="database" size={13} /> Open Datasets
        </button>
      }
    >
      <span data-testid="sync-summary">
        {rows !== undefined ? `${plural(rows, 'row')} loaded` : 'Nothing needed loading'}
        {rejected ? `; ${formatCount(rejected)} ${rejected === 1 ? 'row was' : 'rows were'} rejected (see Datasets → Rejected rows)` : rows !== undefined ? ', none rejected' : ''}. Everything now works offline from this workspace.
      </span>
    </Notice>
  );
}

export function ConnectScreen(_props: ScreenProps) {
  const api = useApi();
  const { go } = useNavigation();
  const workspaceVersion = useWorkspaceVersion();
  const recent = useApiQuery('connect/recent', {}, workspaceVersion);
  const [busy, setBusy] = useState<'check' | 'list' | 'sync' | undefined>();
  const [error, setError] = useState<{ step: string; error: AppErrorData } | undefined>();
  const [sas, setSas] = useState<SasDescription | undefined>();
  const [listed, setListed] = useState<Listed | undefined>();
  const [refresh, setRefresh] = useState<string | undefined>();
  const [jobId, setJobId] = useState<string | undefined>();
  const [editing, setEditing] = useState(true);
  const [replacing, setReplacing] = useState<string | undefined>();
  // The sync this screen shows: the one started here, else one the backend runs (after a reload or from another window).
  const shownJobId = useAttachedJobId('sync', jobId, { runningOnly: true });
  const job = useJob(shownJobId);
  const progressPanel = useRef<HTMLDivElement>(null);

  // Bring the progress into view as soon as a sync starts.
  useEffect(() => {
    if (jobId) progressPanel.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [jobId]);

  // Re-attached to a sync started before this page loaded: list its container again to show the refresh.
  const attachedSubject = !jobId && job?.subject && typeof job.subject === 'object' && !Array.isArray(job.subject) ? job.subject : undefined;
  const attachedConnection = typeof attachedSubject?.connectionId === 'string' ? attachedSubject.connectionId : undefined;
  const attachedRefresh = typeof attachedSubject?.refresh === 'string' ? attachedSubject.refresh : undefined;
  useEffect(() => {
    if (!attachedConnection || listed) return;
    let stale = false;
    void api.call('connect/inventory', { connectionId: attachedConnection }).then((inv) => {
      if (stale || !inv.ok) return;
      setListed(inv.value);
      setSas(inv.value.sas);
      setEditing(false);
      setRefresh(attachedRefresh ?? inv.value.latest ?? inv.value.refreshes.at(-1)?.name);
    });
    return () => {
      stale = true;
    };
  }, [attachedConnection, attachedRefresh]);

  const showListing = (value: Listed) => {
    setListed(value);
    setEditing(false);
    setSas(value.sas);
    setRefresh(value.latest ?? value.refreshes.at(-1)?.name);
  };

  /** Check the pasted SAS, then list the container with it; true when it was accepted (the form then clears it). */
  const checkAndList = async (sasUri: string): Promise<boolean> => {
    setError(undefined);
    setListed(undefined);
    setSas(undefined);
    setJobId(undefined);
    setBusy('check');
    const checked = await api.call('connect/check', { sasUri });
    if (!checked.ok) {
      setBusy(undefined);
      setError({ step: 'This SAS URI cannot be used', error: checked.error });
      return false;
    }
    setSas(checked.value);
    setBusy('list');
    const inv = await api.call('connect/inventory', { sasUri });
    setBusy(undefined);
    if (!inv.ok) {
      setError({ step: 'Could not list the container', error: inv.error });
      return false;
    }
    showListing(inv.value);
    recent.reload();
    return true;
  };

  /** List the connected container again (new refreshes, changed files), keeping the chosen refresh when it is still there. */
  const relist = async () => {
    if (!listed) return;
    setError(undefined);
    setBusy('list');
    const inv = await api.call('connect/inventory', { connectionId: listed.connectionId });
    setBusy(undefined);
    if (!inv.ok) {
      setError({ step: 'Could not list the container', error: inv.error });
      return;
    }
    setListed(inv.value);
    setSas(inv.value.sas);
    if (!inv.value.refreshes.some((r) => r.name === refresh)) setRefresh(inv.value.latest ?? inv.value.refreshes.at(-1)?.name);
  };

  const openRecent = async (c: RecentConnection) => {
    setError(undefined);
    setJobId(undefined);
    setSas(c.sas);
    setListed(undefined);
    setBusy('list');
    const inv = await api.call('connect/inventory', { connectionId: c.id });
    setBusy(undefined);
    if (!inv.ok) {
      setError({ step: 'Could not list the container', error: inv.error });
      return;
    }
    showListing(inv.value);
  };

  const startSync = async (confirmReplace?: boolean) => {
    if (!listed) return;
    setError(undefined);
    setBusy('sync');
    const r = await api.call('connect/sync', { connectionId: listed.connectionId, refresh, ...(confirmReplace ? { confirmReplace } : {}) });
    setBusy(undefined);
    if (!r.ok) {
      // Loading would replace another export: ask first (the backend changed nothing).
      if (r.error.code === REPLACE_UNCONFIRMED) setReplacing(r.error.message);
      else setError({ step: 'The download did not start', error: r.error });
      return r.error;
    }
    setJobId(r.value.jobId);
    return undefined;
  };

  /** Load the export into a new workspace instead: create it, switch to it, sync there (the connection goes along). */
  const syncIntoNewWorkspace = async (): Promise<AppErrorData | undefined> => {
    if (!listed) return undefined;
    const created = await api.call('workspaces/create', { name: newWorkspaceName(listed.sas.container, refresh), open: true });
    if (!created.ok) return created.error;
    const r = await api.call('connect/sync', { connectionId: listed.connectionId, refresh });
    return r.ok ? undefined : r.error;
  };

  const chosen = listed?.refreshes.find((r) => r.name === refresh);
  const syncing = job?.status === 'running';

  return (
    <div className="screen">
      <ScreenHeader title="Connect" description="Download a Workplace Analytics export from its Azure blob container and load it into this workspace. After that, everything works offline." />
      <div className="side-layout">
        <div className="stack stack--lg">
          <Panel
            title={editing || !sas ? '1 · Paste the container’s SAS URI' : `1 · Connected to ${sas.account} / ${sas.container}`}
            actions={
              !editing &&
              sas && (
                <button type="button" className="btn btn--sm" onClick={() => setEditing(true)}>
                  Use another SAS URI
                </button>
              )
            }
          >
            <div className="stack">
              {(editing || !sas) && <SasForm busy={busy === 'check' || busy === 'list'} onSubmit={checkAndList} />}
              {busy === 'list' && (
                <div className="loading">
                  <span className="spinner" /> Listing the container…
                </div>
              )}
              {error && <ErrorNotice title={error.step} error={error.error} />}
              {sas && <SasDetails sas={sas} />}
            </div>
          </Panel>
          {listed && (
            <Panel
              title="2 · Choose a refresh"
              actions={
                <>
                <button type="button" className="btn" onClick={() => void relist()} disabled={busy !== undefined} data-testid="relist" title="List the container again">
                  <Icon name="refresh" /> Refresh
                </button>
                <button type="button" className="btn btn--primary" onClick={() => void startSync()} disabled={!chosen || syncing || busy === 'sync'} data-testid="start-sync">
                  <Icon name="download" /> Download and load{chosen ? ` ${formatBytes(chosen.bytes)}` : ''}
                </button>
                </>
              }
            >
              <InventoryView inventory={listed} chosen={refresh} onChoose={setRefresh} />
            </Panel>
          )}
          {replacing && listed && (
            <ReplaceDialog what={replacing} newName={newWorkspaceName(listed.sas.container, refresh)} onReplace={() => startSync(true)} onNewWorkspace={syncIntoNewWorkspace} onClose={() => setReplacing(undefined)} />
          )}
          {shownJobId && (
            <div ref={progressPanel} style={{ scrollMarginTop: 16 }}>
            <Panel title="3 · Download and load">
              {job ? (
                <div className="stack">
                  <JobProgress job={job} showLog done={<SyncDone job={job} onOpenDatasets={() => go('datasets')} />} />
                  <SyncFiles files={chosen?.files} job={job} />
                </div>
              ) : (
                <div className="loading">
                  <span className="spinner" /> Starting…
                </div>
              )}
            </Panel>
            </div>
          )}
        </div>
        <div className="stack stack--lg">
          <RecentConnections recent={recent} onOpen={(c) => void openRecent(c)} activeId={listed?.connectionId} />
          <Panel title="What happens">
            <ul className="definition" style={{ margin: 0, paddingLeft: 18 }}>
              <li>The files of the refresh you choose are downloaded into this workspace’s folder and loaded into its DuckDB database.</li>
              <li>Each table is checked against the export’s schema; rows that do not fit are set aside with their file and line (see Datasets).</li>
              <li>The SAS URI is kept by the backend for this connection; this window never shows its signature again.</li>
            </ul>
          </Panel>
        </div>
      </div>
    </div>
  );
}
