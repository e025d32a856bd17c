/**
 * Export: a table, a filtered and sorted view from Browse, or a query result, written by the
 * backend (DuckDB COPY) to CSV, Parquet or XLSX as a job with progress, then a download link
 * (browser) or the saved file's path (desktop).
 */
import { useEffect, useMemo, useState } from 'react';
import type { ColumnFilter, JobInfo, Json, RowSource, SortSpec } from '../../../../shared/api/contract.js';
import { useAttachedJobId, useJob, useJobs } from '../../api/jobs.js';
import { useApi, useApiAction } from '../../api/useApi.js';
import type { ScreenProps } from '../../app/App.js';
import { useIntent } from '../../app/navigation.js';
import { useWorkspace } from '../../app/workspace.js';
import { EmptyState } from '../../components/EmptyState.js';
import { describeFilter } from '../../components/grid/gridQuery.js';
import { Icon } from '../../components/Icon.js';
import { JobProgress } from '../../components/JobProgress.js';
import { ErrorNotice, Notice } from '../../components/Notice.js';
import { Panel, ScreenHeader } from '../../components/Panel.js';
import { fileSlug } from '../../lib/download.js';
import { formatBytes, formatCount, formatDateTimeLocal, plural, pluralRows } from '../../lib/format.js';

type Format = 'csv' | 'parquet' | 'xlsx';

const FORMATS: { id: Format; title: string; about: string }[] = [
  { id: 'csv', title: 'CSV', about: 'Plain text, opens anywhere. Largest file.' },
  { id: 'parquet', title: 'Parquet', about: 'Compressed and typed; for Python, R, Spark, Power BI.' },
  { id: 'xlsx', title: 'Excel', about: 'One sheet; up to 1,048,575 rows.' },
];
const XLSX_MAX_ROWS = 1_048_575;

interface View {
  source: RowSource;
  sort?: SortSpec[];
  filters?: ColumnFilter[];
  label: string;
}

/** Fields an export job's result may carry (the file written, its size, rows). */
function resultField(job: JobInfo, field: string): Json | undefined {
  const r = job.result;
  return r && typeof r === 'object' && !Array.isArray(r) ? r[field] : undefined;
}

function ExportDone({ job }: { job: JobInfo }) {
  const api = useApi();
  const url = api.downloadUrl(job.id);
  const path = resultField(job, 'path');
  const fileName = resultField(job, 'fileName') ?? (typeof path === 'string' ? path.replace(/^.*[\\/]/, '') : undefined);
  const bytes = resultField(job, 'bytes');
  const rows = resultField(job, 'rows');
  return (
    <Notice
      tone="success"
      title="Export ready"
      actions={
        url && (
          <a className="btn btn--primary btn--sm" href={url} download={typeof fileName === 'string' ? fileName : true} data-testid="export-download">
            <Icon name="download" size={13} /> Download
          </a>
        )
      }
    >
      <div className="num">
        {typeof fileName === 'string' && <span className="mono">{fileName}</span>}
        {typeof rows === 'number' && ` · ${plural(rows, 'row')}`}
        {typeof bytes === 'number' && ` · ${formatBytes(bytes)}`}
      </div>
      {!url && typeof path === 'string' && (
        <div className="notice__where" data-testid="export-path">
          Saved to {path}
        </div>
      )}
    </Notice>
  );
}

function ViewSummary({ view }: { view: View }) {
  return (
    <div className="stack" style={{ gap: 4, fontSize: 'var(--text-sm)' }}>
      <div>
        <strong>{view.label}</strong>
        {view.source.kind === 'sql' && <span className="badge" style={{ marginLeft: 6 }}>SQL result</span>}
      </div>
      {view.source.kind === 'sql' && (
        <pre className="code-block code-block--wrap" style={{ maxHeight: 96 }} data-testid="export-sql">
          {view.source.sql}
        </pre>
      )}
      {view.filters && view.filters.length > 0 && <div className="muted">Filtered: {view.filters.map(describeFilter).join(' · ')}</div>}
      {view.sort && view.sort.length > 0 && <div className="muted">Sorted by {view.sort.map((s) => `${s.column} ${s.direction === 'asc' ? '↑' : '↓'}`).join(', ')}</div>}
    </div>
  );
}

function EarlierExports({ currentJobId }: { currentJobId?: string }) {
  const api = useApi();
  const jobs = useJobs().filter((j) => j.kind === 'export' && j.id !== currentJobId && j.status === 'done');
  if (jobs.length === 0) return null;
  return (
    <Panel title="Earlier exports" flush>
      <ul className="history-list">
        {jobs
          .slice(-8)
          .reverse()
          .map((job) => {
            const url = api.downloadUrl(job.id);
            const path = resultField(job, 'path');
            const fileName = resultField(job, 'fileName');
            const bytes = resultField(job, 'bytes');
            const rows = resultField(job, 'rows');
            return (
              <li key={job.id} className="history-item row row--between" style={{ cursor: 'default', flexWrap: 'nowrap' }} data-testid="earlier-export">
                <div className="grow" style={{ minWidth: 0 }}>
                  <div className="mono" style={{ overflowWrap: 'anywhere' }}>{typeof fileName === 'string' ? fileName : job.title}</div>
                  <div className="meta">
                    {typeof rows === 'number' && <span>{plural(rows, 'row')}</span>}
                    {typeof bytes === 'number' && <span>{formatBytes(bytes)}</span>}
                    {job.endedAt !== undefined && <span>{formatDateTimeLocal(new Date(job.endedAt).toISOString())}</span>}
                  </div>
                </div>
                {url ? (
                  <a className="btn btn--sm" href={url} download>
                    <Icon name="download" size={12} /> Download
                  </a>
                ) : (
                  <span className="mono faint" style={{ overflowWrap: 'anywhere' }}>{typeof path === 'string' ? path : ''}</span>
                )}
              </li>
            );
          })}
      </ul>
    </Panel>
  );
}

export function ExportScreen(_props: ScreenProps) {
  const ws = useWorkspace();
  const intent = useIntent('export');
  const tables = useMemo(() => ws.value?.tables ?? [], [ws.value]);
  const [sentView, setSentView] = useState<View | undefined>();
  const [choice, setChoice] = useState<'table' | 'sent' | 'person-query'>('table');
  const [attended, setAttended] = useState<'accepted' | 'not_declined'>('accepted');
  const [table, setTable] = useState<string>('');
  const [format, setFormat] = useState<Format>('csv');
  const [fileName, setFileName] = useState('');
  const [keepFormulas, setKeepFormulas] = useState(false);
  const [jobId, setJobId] = useState<string | undefined>();
  const start = useApiAction('export/start');
  const startPersonQuery = useApiAction('export/personQuery');
  const personQuery = choice === 'person-query';
  // The export this screen shows: the one started here, else the newest the backend runs or ran (after a reload).
  const shownJobId = useAttachedJobId('export', jobId);
  const job = useJob(shownJobId);

  useEffect(() => {
    if (!intent) return;
    if (intent.source.kind === 'table' && !intent.filters?.length && !intent.sort?.length) {
      setTable(intent.source.name);
      setChoice('table');
    } else {
      setSentView({ source: intent.source, sort: intent.sort, filters: intent.filters, label: intent.label });
      setChoice('sent');
    }
    setFileName('');
  }, [intent]);
  useEffect(() => {
    if (!table && tables.length > 0) setTable(tables.find((t) => t.kind === 'export')?.name ?? tables[0].name);
  }, [table, tables]);

  const view: View | undefined = personQuery ? undefined : choice === 'sent' && sentView ? sentView : table ? { source: { kind: 'table', name: table }, label: table } : undefined;
  const tableRows = view?.source.kind === 'table' && !view.filters?.length ? (tables.find((t) => t.name === table)?.rows ?? undefined) : undefined;
  const defaultName = personQuery ? 'person-query' : view ? `${fileSlug(view.label)}${view.filters?.length ? '-filtered' : ''}` : 'export';
  const personQueryXlsx = personQuery && format === 'xlsx';
  const tooBigForExcel = format === 'xlsx' && tableRows !== undefined && tableRows > XLSX_MAX_ROWS;

  const startExport = async () => {
    if (personQuery) {
      if (format === 'xlsx') return;
      const r = await startPersonQuery.run({ format, fileName: `${fileName.trim() || defaultName}.${format}`, attended });
      if (r.ok) setJobId(r.value.jobId);
      return;
    }
    if (!view) return;
    const r = await start.run({ source: view.source, format, sort: view.sort, filters: view.filters, fileName: `${fileName.trim() || defaultName}.${format}`, ...(format === 'csv' && keepFormulas ? { keepFormulas: true } : {}) });
    if (r.ok) setJobId(r.value.jobId);
  };

  return (
    <div className="screen">
      <ScreenHeader title="Export" description="Write a table, a filtered view from Browse or a query result to a file. The work runs in the background; you can keep exploring." />
      {tables.length === 0 && !sentView ? (
        <Panel>
          <EmptyState icon="download" title="Nothing to export yet">
            Load an export first, or run a query in the SQL screen and choose “Export result…”.
          </EmptyState>
        </Panel>
      ) : (
        <div className="export-layout">
          <Panel title="What and how">
            <form
              className="stack stack--lg"
              onSubmit={(e) => {
                e.preventDefault();
                void startExport();
              }}
            >
              <fieldset className="stack" style={{ border: 0, padding: 0, margin: 0 }}>
                <legend className="field__label" style={{ marginBottom: 6 }}>
                  Data
                </legend>
                <label className="radio-card">
                  <input type="radio" name="export-source" checked={choice === 'table'} onChange={() => setChoice('table')} />
                  <div className="grow stack" style={{ gap: 6 }}>
                    <strong>A whole table</strong>
                    <select className="select" aria-label="Table to export" value={table} onChange={(e) => (setTable(e.target.value), setChoice('table'))}>
                      {tables.map((t) => (
                        <option key={t.name} value={t.name}>
                          {t.name} — {pluralRows(t.rows)}
                        </option>
                      ))}
                    </select>
                  </div>
                </label>
                <label className="radio-card">
                  <input type="radio" name="export-source" checked={personQuery} onChange={() => setChoice('person-query')} />
                  <div className="grow stack" style={{ gap: 6 }}>
                    <strong>Person query for the wpa / vivainsights packages</strong>
                    <span className="muted">One row per person and week: PersonId, MetricDate, the packages&apos; metric names (Collaboration_hours, Meeting_hours, Workweek_span, …) and the HR attributes, ready to load in Microsoft&apos;s wpa / vivainsights analysis packages (R and Python). Row-level: it pairs each person&apos;s weekly metrics with their HR attributes. The column mapping is in the README&apos;s docs/person-query.md.</span>
                    <select className="select" aria-label="Attended means" value={attended} onChange={(e) => (setAttended(e.target.value as 'accepted' | 'not_declined'), setChoice('person-query'))}>
                      <option value="accepted">Attended = accepted or organised (the packages&apos; rule)</option>
                      <option value="not_declined">Attended = not declined (tentative and no response too)</option>
                    </select>
                  </div>
                </label>
                {sentView && (
                  <label className="radio-card">
                    <input type="radio" name="export-source" checked={choice === 'sent'} onChange={() => setChoice('sent')} />
                    <div className="grow" style={{ minWidth: 0 }}>
                      <ViewSummary view={sentView} />
                    </div>
                  </label>
                )}
              </fieldset>
              <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
                <legend className="field__label" style={{ marginBottom: 6 }}>
                  Format
                </legend>
                <div className="format-options">
                  {FORMATS.map((f) => (
                    <label key={f.id} className="radio-card">
                      <strong>
                        <input type="radio" name="export-format" value={f.id} checked={format === f.id} onChange={() => setFormat(f.id)} />
                        {f.title}
                      </strong>
                      <span>{f.about}</span>
                    </label>
                  ))}
                </div>
              </fieldset>
              <label className="field">
                <span className="field__label">File name</span>
                <div className="row" style={{ flexWrap: 'nowrap' }}>
                  <input className="input" value={fileName} placeholder={defaultName} onChange={(e) => setFileName(e.target.value)} spellCheck={false} />
                  <span className="muted mono">.{format}</span>
                </div>
              </label>
              {format === 'csv' && (
                <label className="checkbox">
                  <input type="checkbox" checked={!keepFormulas} onChange={(e) => setKeepFormulas(!e.target.checked)} />
                  Safe to open in a spreadsheet: text starting with = + - @ gets a leading apostrophe, so it never runs as a formula (turn off for files read by programs)
                </label>
              )}
              {personQueryXlsx && (
                <Notice tone="warning" title="CSV or Parquet">
                  The person query is written as CSV or Parquet, the files the packages read.
                </Notice>
              )}
              {tooBigForExcel && (
                <Notice tone="warning" title="Too many rows for Excel">
                  {table} has {plural(tableRows ?? 0, 'row')}; an Excel sheet holds at most {formatCount(XLSX_MAX_ROWS)}. Filter it in Browse first, or choose CSV or Parquet.
                </Notice>
              )}
              <Notice tone="warning" title="Row-level export">
                This file holds row-level data, masked identifiers included, and its name says so (<code>-row-level</code>). The minimum group size does not apply to it: it protects analysis outputs only. Share it only where the export itself may go.
              </Notice>
              {start.state.status === 'error' && <ErrorNotice error={start.state.error} title="The export did not start" />}
              {startPersonQuery.state.status === 'error' && <ErrorNotice error={startPersonQuery.state.error} title="The export did not start" />}
              <div className="row">
                <button type="submit" className="btn btn--primary" disabled={(!view && !personQuery) || personQueryXlsx || start.state.status === 'loading' || startPersonQuery.state.status === 'loading' || tooBigForExcel || job?.status === 'running'}>
                  <Icon name="download" /> Export {FORMATS.find((f) => f.id === format)?.title}
                </button>
              </div>
            </form>
          </Panel>
          <div className="stack stack--lg">
            <Panel title="Progress">
              {job ? (
                <JobProgress job={job} done={<ExportDone job={job} />} />
              ) : shownJobId ? (
                <div className="loading">
                  <span className="spinner" /> Starting…
                </div>
              ) : (
                <EmptyState icon="file" title="No export running">
                  Choose the data and a format, then Export. Progress and the finished file show here.
                </EmptyState>
              )}
            </Panel>
            <EarlierExports currentJobId={shownJobId} />
          </div>
        </div>
      )}
    </div>
  );
}
