/**
 * Import a file as a dataset: choose it, check how it reads (read options, detected types and
 * overrides, sample rows), name it, then import it as a job. Naming an existing dataset says that
 * it will be replaced and which joins read it.
 */
import { useEffect, useState } from 'react';
import { datasetNameProblem } from '../../../../shared/api/datasetNames.js';
import type { DatasetInfo, ImportFileOptions, ImportPreviewInfo, ImportResultInfo, JobInfo } from '../../../../shared/api/contract.js';
import type { AppErrorData } from '../../../../shared/errors.js';
import { useAttachedJobId, useJob } from '../../api/jobs.js';
import { useApi, useApiQuery } from '../../api/useApi.js';
import { useNavigation } from '../../app/navigation.js';
import { Loading } from '../../components/EmptyState.js';
import { Icon } from '../../components/Icon.js';
import { JobProgress } from '../../components/JobProgress.js';
import { ErrorNotice, Notice } from '../../components/Notice.js';
import { Panel } from '../../components/Panel.js';
import { formatBytes, formatDateTimeLocal, plural } from '../../lib/format.js';
import { ColumnTypes } from './ColumnTypes.js';
import { FilePicker, type PickedFile } from './FilePicker.js';
import { suggestDatasetName } from './importChoices.js';
import { ReadOptions } from './ReadOptions.js';
import { SampleRows } from './SampleRows.js';

const PREVIEW_ROWS = 20;

function PickedSummary({ file, preview, onChange }: { file: PickedFile; preview?: ImportPreviewInfo; onChange(): void }) {
  const bytes = preview?.bytes ?? file.bytes;
  return (
    <div className="row row--between" data-testid="picked-file">
      <div className="row" style={{ minWidth: 0 }}>
        <Icon name="file" />
        <strong>{file.name}</strong>
        {bytes !== undefined && <span className="muted">{formatBytes(bytes)}</span>}
        {file.uploaded ? <span className="badge badge--accent">uploaded into this workspace</span> : <span className="muted mono" style={{ fontSize: 'var(--text-xs)', overflowWrap: 'anywhere' }}>{file.path}</span>}
      </div>
      <button type="button" className="btn btn--sm" onClick={onChange}>
        Choose another file
      </button>
    </div>
  );
}

function ReplaceWarning({ existing }: { existing: DatasetInfo }) {
  return (
    <Notice tone="warning" title={`This replaces the dataset ${existing.name}`}>
      It holds {plural(existing.rows, 'row')} from {existing.file.replace(/^.*[\\/]/, '')}, imported {formatDateTimeLocal(existing.importedAt)}.
      {existing.joins.length > 0 && (
        <div data-testid="replace-joins">
          {existing.joins.length === 1 ? 'The join ' : 'The joins '}
          {existing.joins.map((j, i) => (
            <span key={j}>
              {i > 0 && ', '}
              <strong>{j}</strong>
            </span>
          ))}{' '}
          {existing.joins.length === 1 ? 'reads' : 'read'} it and will be rebuilt from the new file; the import is refused if the new file lacks the columns they use.
        </div>
      )}
    </Notice>
  );
}

function ImportDone({ job, onJoin }: { job: JobInfo; onJoin(dataset: string): void }) {
  const { open } = useNavigation();
  const result = job.result as unknown as ImportResultInfo | undefined;
  if (!result) return null;
  return (
    <Notice
      tone="success"
      title={`Imported ${plural(result.rows, 'row')} as ${result.dataset.name}`}
      actions={
        <>
          <button type="button" className="btn btn--sm" onClick={() => open({ screen: 'browse', source: { kind: 'table', name: result.dataset.table } })}>
            <Icon name="table" size={13} /> Browse
          </button>
          <button type="button" className="btn btn--primary btn--sm" onClick={() => onJoin(result.dataset.name)}>
            <Icon name="link" size={13} /> Join it to the export
          </button>
        </>
      }
    >
      {plural(result.columns.length, 'column')}, read in {result.seconds.toFixed(1)} s.
    </Notice>
  );
}

export function ImportTab({ datasets, onJoin }: { datasets: DatasetInfo[]; onJoin(dataset: string): void }) {
  const api = useApi();
  const [picked, setPicked] = useState<PickedFile | undefined>();
  const [options, setOptions] = useState<ImportFileOptions>({});
  const [name, setName] = useState('');
  const [jobId, setJobId] = useState<string | undefined>();
  /** The file the job imports: finishing clears the picker only if it still shows that file. */
  const [importedPath, setImportedPath] = useState<string | undefined>();
  const [startError, setStartError] = useState<AppErrorData | undefined>();
  const [starting, setStarting] = useState(false);
  // The import this tab shows: the one started here, else one still running on the backend (after a reload).
  const shownJobId = useAttachedJobId('import', jobId, { runningOnly: true });
  const job = useJob(shownJobId);
  const preview = useApiQuery('datasets/preview', picked ? { path: picked.path, options: { ...options, previewRows: PREVIEW_ROWS } } : null);
  // Running from the moment the job is started: its first event may arrive after the reply.
  const running = shownJobId !== undefined && (!job || job.status === 'running');

  // An imported upload has moved into the workspace: the next import starts from a new file.
  useEffect(() => {
    if (job?.status === 'done') setPicked((current) => (current?.path === importedPath ? undefined : current));
  }, [job?.status, importedPath]);

  const choose = (file: PickedFile | undefined) => {
    setPicked(file);
    setOptions({});
    setStartError(undefined);
    if (file) setName(suggestDatasetName(file.name));
    if (!running) setJobId(undefined);
  };

  const startImport = async () => {
    if (!picked) return;
    setStartError(undefined);
    setStarting(true);
    const r = await api.call('datasets/import', { path: picked.path, name: name.trim(), options });
    setStarting(false);
    if (r.ok) {
      setImportedPath(picked.path);
      setJobId(r.value.jobId);
    } else setStartError(r.error);
  };

  const p = preview.value;
  const existing = datasets.find((d) => d.name.toLowerCase() === name.trim().toLowerCase());
  const nameProblem = name.trim() === '' ? undefined : datasetNameProblem(name);
  const canImport = !!picked && preview.status === 'ok' && name.trim() !== '' && !nameProblem && !running && !starting;

  return (
    <div className="stack stack--lg">
      <Panel title="1 · Choose a file">{picked ? <PickedSummary file={picked} preview={p} onChange={() => choose(undefined)} /> : <FilePicker onPicked={choose} />}</Panel>
      {picked && (
        <Panel title="2 · Check how it reads" actions={preview.status === 'loading' && <span className="spinner" aria-label="Reading the file" />}>
          <div className="stack">
            <ReadOptions preview={p} options={options} onChange={setOptions} />
            {preview.status === 'error' && <ErrorNotice error={preview.error} title="The file cannot be read this way" />}
            {!p && preview.status === 'loading' && <Loading>Reading {picked.name}…</Loading>}
            {p && (
              <div className="stack" data-testid="import-preview" style={preview.status === 'loading' ? { opacity: 0.6 } : undefined}>
                <p className="muted" data-testid="import-preview-summary">
                  {plural(p.rows, 'row')} · {plural(p.columns.length, 'column')} · {p.format.toUpperCase()}
                  {p.sheet ? ` · sheet ${p.sheet}` : ''} · types checked over every row
                </p>
                {p.notes.length > 0 && (
                  <Notice tone="info" title="What the reader noticed">
                    <ul style={{ margin: '2px 0 0', paddingLeft: 18 }}>
                      {p.notes.map((n, i) => (
                        <li key={i}>{n}</li>
                      ))}
                    </ul>
                  </Notice>
                )}
                <ColumnTypes columns={p.columns} types={options.types} onTypes={(types) => setOptions({ ...options, types })} />
                <h3>First {plural(p.sample.length, 'row')}</h3>
                <SampleRows columns={p.columns} rows={p.sample} />
              </div>
            )}
          </div>
        </Panel>
      )}
      {(picked || shownJobId) && (
        <Panel title="3 · Import">
          <div className="stack">
            {picked && (
              <form
                className="stack"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (canImport) void startImport();
                }}
              >
                <div className="row" style={{ alignItems: 'flex-end' }}>
                  <label className="field" style={{ width: 280 }}>
                    <span className="field__label">Dataset name</span>
                    <input className="input mono" value={name} onChange={(e) => setName(e.target.value)} spellCheck={false} autoComplete="off" aria-invalid={nameProblem ? true : undefined} aria-describedby="dataset-name-help" />
                  </label>
                  <button type="submit" className="btn btn--primary" disabled={!canImport}>
                    {starting ? <span className="spinner" aria-hidden="true" /> : <Icon name="download" />} Import
                  </button>
                </div>
                <span id="dataset-name-help" className={nameProblem ? 'field__error' : 'field__help'}>
                  {nameProblem ? `${nameProblem.message} ${nameProblem.hint ?? ''}` : 'Letters, digits and underscores, starting with a letter. The dataset becomes a table of that name.'}
                </span>
                {existing && <ReplaceWarning existing={existing} />}
              </form>
            )}
            {startError && <ErrorNotice error={startError} title="The import did not start" />}
            {job && <JobProgress job={job} done={<ImportDone job={job} onJoin={onJoin} />} />}
          </div>
        </Panel>
      )}
    </div>
  );
}
