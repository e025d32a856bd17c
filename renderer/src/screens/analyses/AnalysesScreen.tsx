/**
 * Analyses: pick a question from the catalogue, set its parameters and the minimum group size,
 * and see the privacy-guarded result as a table and a chart side by side, each exportable
 * (CSV, PNG, SVG), with the exact SQL one click away.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import type { ParamValues } from '../../../../shared/analyses/types.js';
import { DEFAULT_MIN_GROUP_SIZE } from '../../../../shared/privacy.js';
import { useJob, useWorkspaceVersion } from '../../api/jobs.js';
import { useApi, useApiQuery } from '../../api/useApi.js';
import type { AppErrorData } from '../../../../shared/errors.js';
import type { ScreenProps } from '../../app/App.js';
import { useIntent, useNavigation } from '../../app/navigation.js';
import { useWorkspace } from '../../app/workspace.js';
import { buildChartOption, chartMinHeight, heatmapHiddenCells, HIDDEN_CELLS_LABEL, type ChartData } from '../../charts/chartOption.js';
import { EChart, type EChartHandle } from '../../charts/EChart.js';
import { IMAGE_BACKGROUNDS, IMAGE_SIZES, renderChartImage, type ImageBackground, type ImageSize } from '../../charts/exportImage.js';
import { EmptyState, Loading } from '../../components/EmptyState.js';
import { Icon } from '../../components/Icon.js';
import { JobProgress } from '../../components/JobProgress.js';
import { ErrorNotice, Notice } from '../../components/Notice.js';
import { Panel, ScreenHeader } from '../../components/Panel.js';
import { useToast } from '../../components/Toasts.js';
import { dataUrlToBlob, downloadBlob, downloadText, fileSlug } from '../../lib/download.js';
import { formatDuration, plural } from '../../lib/format.js';
import { useTheme } from '../../theme/ThemeProvider.js';
import { PALETTES } from '../../theme/palette.js';
import { chartNotes, chartSubtitle } from './chartNotes.js';
import { defaultParams, missingJoin, viewOfRun, type CatalogueEntry, type RunResult } from './catalogue.js';
import { MinGroupSizeField, minGroupSizeProblem } from './MinGroupSizeField.js';
import { ParamForm } from './ParamForm.js';
import { ResultTable, tableColumns } from './ResultTable.js';
import { csvButtonTitle, resultCsv } from './resultCsv.js';
import { shownRows } from './shownRows.js';
import { suppressionBanner } from './suppressionBanner.js';
import { cellHiddenWhy, MASK_MARK, maskedWhy } from '../../lib/maskedWords.js';

/** A run is a job: `jobId` once the backend has started it (progress and Cancel come from the job). */
type RunState =
  | { status: 'idle' }
  | { status: 'running'; started: number; jobId?: string; previous?: RunResult }
  | { status: 'done'; result: RunResult }
  | { status: 'failed'; error: AppErrorData; previous?: RunResult }
  | { status: 'cancelled'; previous?: RunResult };

function useElapsed(since: number | undefined): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (since === undefined) return;
    const t = window.setInterval(() => setNow(Date.now()), 100);
    return () => window.clearInterval(t);
  }, [since]);
  return since === undefined ? 0 : (now - since) / 1000;
}

/** The settings that name a chart file: group, view, metric… — not long free-text settings such as the blank-value tokens. */
const FILE_NAME_SKIPS = new Set(['blankValues', 'attended']);
function paramsSlug(params: ParamValues): string {
  return Object.entries(params)
    .filter(([k, v]) => !FILE_NAME_SKIPS.has(k) && typeof v === 'string' && v)
    .map(([, v]) => v)
    .join('-');
}

/** What a chart draws: the view's spec and the result, with the columns the privacy guard hid values of. */
function chartDataOf(view: ReturnType<typeof viewOfRun>, result: RunResult): ChartData {
  return { spec: view.chart, columns: view.columns, rows: result.rows, related: result.related, masked: { columns: result.maskedColumns ?? [], minGroupSize: result.minGroupSize, cellsHidden: result.suppression.cellsHidden } };
}

/** What a chart leaves blank and why: values hidden by the privacy guard, series that are 0 everywhere. */
function chartCaption(data: ChartData, plotted: string[], specs: { name: string; label: string }[], result: RunResult): string[] {
  const label = (c: string) => specs.find((x) => x.name === c)?.label ?? c;
  const out: string[] = [];
  if (data.spec.kind === 'heatmap') {
    // A heatmap draws what the guard hid as hatched cells (chartOption.ts), so they do not read as "no data".
    const hidden = heatmapHiddenCells(data);
    const why = [...new Set(hidden.map((c) => (c[3] === 'value' ? maskedWhy(result.minGroupSize) : cellHiddenWhy(result.minGroupSize))))];
    const maybeEmpty = hidden.some((c) => c[3] === 'cell-or-empty') ? ' Some of them may be slots nobody is in (fewer cells were hidden than are empty).' : '';
    if (hidden.length > 0) out.push(`${MASK_MARK}: ${plural(hidden.length, 'cell')} drawn as hatched grey "${HIDDEN_CELLS_LABEL}" cells. ${why.join(' ')}${maybeEmpty}`);
    // A row whose every cell the guard left out has no row to hatch: named, so it does not vanish unmarked.
    const gone = result.suppression.rowsAllHidden ?? [];
    if (gone.length > 0) out.push(`Not drawn, every cell hidden for privacy: ${gone.map((g) => `"${g}"`).join(', ')}.`);
  } else {
    const masked = plotted.filter((c) => result.maskedColumns?.includes(c));
    const hidden = result.rows.flatMap((r) => masked.filter((c) => r[c] === null).map(() => 1)).length;
    if (hidden > 0) out.push(`${MASK_MARK}: ${plural(hidden, 'value')} not drawn (${[...new Set(masked.filter((c) => result.rows.some((r) => r[c] === null)).map(label))].join(', ')}). ${maskedWhy(result.minGroupSize)}`);
  }
  const zero = plotted.filter((c) => result.rows.every((r) => r[c] === 0));
  if (zero.length > 0 && zero.length < plotted.length) out.push(`${zero.map(label).join(', ')}: 0 in every group.`);
  return out;
}

function ChartPanel({ entry, result, active }: { entry: CatalogueEntry; result: RunResult; active: boolean }) {
  const { theme } = useTheme();
  const palette = PALETTES[theme];
  const ws = useWorkspace();
  const chart = useRef<EChartHandle>(null);
  const [size, setSize] = useState<ImageSize>('slide-16x9');
  const [background, setBackground] = useState<ImageBackground>('light');
  const view = useMemo(() => viewOfRun(entry, result), [entry, result]);
  const data = useMemo(() => chartDataOf(view, result), [view, result]);
  const option = useMemo(() => buildChartOption(data, { palette }), [data, palette]);
  const base = `${fileSlug(view.chart.title)}${paramsSlug(result.params) ? `-${fileSlug(paramsSlug(result.params))}` : ''}`;
  // A metric whose documented input the export lacks is NULL in every group: say so, not a blank chart.
  const plotted = [...view.chart.y, ...(view.chart.value ? [view.chart.value] : [])];
  const noValues = plotted.length > 0 && result.rows.every((r) => plotted.every((c) => r[c] === null || r[c] === undefined));
  const caption = chartCaption(data, plotted, view.columns, result);
  const image = (format: 'png' | 'svg') => {
    const screen = chart.current?.size();
    if (!screen) return undefined;
    return renderChartImage({
      format,
      size,
      background,
      theme,
      screen,
      option: (look) => buildChartOption(data, look),
      title: view.chart.title,
      subtitle: chartSubtitle(entry, result),
      notes: chartNotes(result, ws.value?.tables ?? []),
    });
  };
  const savePng = () => {
    const url = image('png');
    if (url) downloadBlob(dataUrlToBlob(url), `${base}-${size}.png`);
  };
  const saveSvg = () => {
    const svg = image('svg');
    if (svg) downloadText(svg, `${base}-${size}.svg`, 'image/svg+xml');
  };
  const cannotExport = Boolean(result.explanation) || result.rows.length === 0 || noValues;
  return (
    <Panel
      fill
      className="chart-panel"
      title={
        <h2 className="panel__title panel__title--wrap" title={view.chart.title}>
          {view.chart.title}
        </h2>
      }
    >
      {result.explanation ? (
        <div data-testid="chart-explanation">
          <EmptyState icon="chart" title={result.explanation.title}>
            {result.explanation.text}
          </EmptyState>
        </div>
      ) : result.rows.length === 0 ? (
        <EmptyState icon="chart" title="Nothing to draw">
          The result has no rows.
        </EmptyState>
      ) : noValues ? (
        <EmptyState icon="chart" title="No values to draw">
          {(result.notes ?? []).filter((n) => n.includes('(no value, not 0)')).join(' ') || 'The charted values are empty in every group.'}
        </EmptyState>
      ) : (
        <>
          <EChart ref={chart} option={option} label={`${view.chart.title}: ${view.chart.kind} chart of ${plural(result.rows.length, 'group')}`} active={active} />
          {caption.length > 0 && (
            <p className="faint" data-testid="chart-caption" style={{ margin: '4px 12px 8px', fontSize: 12 }}>
              {caption.join(' ')}
            </p>
          )}
        </>
      )}
      <div className="image-export" role="group" aria-label="Save the chart as an image">
        <select className="select select--sm" aria-label="Image size" value={size} onChange={(e) => setSize(e.target.value as ImageSize)} disabled={cannotExport}>
          {IMAGE_SIZES.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
        <select className="select select--sm" aria-label="Image background" value={background} onChange={(e) => setBackground(e.target.value as ImageBackground)} disabled={cannotExport}>
          {IMAGE_BACKGROUNDS.map((b) => (
            <option key={b.id} value={b.id}>
              {b.id === 'theme' ? `${b.label} (${theme})` : b.label}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn--sm" onClick={savePng} disabled={cannotExport}>
          <Icon name="image" size={13} /> PNG
        </button>
        <button type="button" className="btn btn--sm" onClick={saveSvg} disabled={cannotExport}>
          <Icon name="image" size={13} /> SVG
        </button>
      </div>
    </Panel>
  );
}

/**
 * The table and chart side by side, dimmed while a new run goes; taller when the chart needs the
 * height to label every row (`--chart-min`, read by app.css).
 */
function resultSplitStyle(entry: CatalogueEntry, result: RunResult, running: boolean): CSSProperties {
  const view = viewOfRun(entry, result);
  const min = chartMinHeight(chartDataOf(view, result));
  return { ...(running ? { opacity: 0.55 } : {}), ...(min ? { '--chart-min': `${min}px` } : {}) } as CSSProperties;
}

/** The guard's note and the row count above the result, as the table shows them (suppressionBanner.ts). */
function ResultBanner({ entry, result }: { entry: CatalogueEntry; result: RunResult }) {
  const banner = useMemo(() => {
    const rows = shownRows(chartDataOf(viewOfRun(entry, result), result), result.params);
    return suppressionBanner(result, rows.length, rows.filter((r) => r.hidden).length);
  }, [entry, result]);
  return (
    <Notice tone={result.suppression.groupsBelow > 0 ? 'warning' : 'info'}>
      <strong>Minimum group size {result.minGroupSize}.</strong> <span data-testid="suppression-note">{banner.note}</span>
      {result.notes?.map((n) => ` ${n}`)}
      <span className="faint" data-testid="result-row-count"> · {banner.rows} · ran in {formatDuration(result.seconds)}</span>
      <div className="faint" data-testid="privacy-scope" style={{ marginTop: 4 }}>
        The minimum protects the outputs you share from here: no group or cell, and no difference of two of them (a total minus the rows shown, one grouping minus another), covers fewer people.
        It cannot protect against anyone with row-level access: the SQL screen, Browse, row-level exports and a crafted joined file show individuals.
      </div>
    </Notice>
  );
}

function TablePanel({ entry, result }: { entry: CatalogueEntry; result: RunResult }) {
  const view = useMemo(() => viewOfRun(entry, result), [entry, result]);
  const attribute = entry.params.find((p) => p.kind === 'attribute');
  const groupedBy = attribute ? result.params[attribute.name] : undefined;
  const cols = tableColumns(result.columns, view.columns, typeof groupedBy === 'string' ? groupedBy : undefined, result.rows);
  const rows = useMemo(() => shownRows(chartDataOf(view, result), result.params), [view, result]);
  const saveCsv = () => {
    const csv = resultCsv(cols, rows, result.maskedColumns ?? []);
    downloadText(csv, `${fileSlug(entry.id)}${paramsSlug(result.params) ? `-${fileSlug(paramsSlug(result.params))}` : ''}.csv`, 'text/csv');
  };
  return (
    <Panel
      fill
      flush
      title="Table"
      actions={
        <button type="button" className="btn btn--sm" onClick={saveCsv} title={csvButtonTitle(result.minGroupSize)}>
          <Icon name="download" size={13} /> CSV
        </button>
      }
    >
      {result.rows.length === 0 ? (
        <EmptyState icon={result.explanation?.kind === 'all-suppressed' ? 'shield' : 'chart'} title={result.explanation?.title ?? 'No rows'}>
          {result.explanation?.text ?? 'The result has no rows.'}
        </EmptyState>
      ) : (
        <ResultTable columns={cols} rows={rows} caption={`${result.title} result`} maskedColumns={result.maskedColumns} minGroupSize={result.minGroupSize} />
      )}
    </Panel>
  );
}

/** An analysis that compares collaboration with a joined file's outcome, before any such file is joined. */
function NeedsJoinPanel({ file, title, analystFiles }: { file: string; title: string; analystFiles: string[] }) {
  const nav = useNavigation();
  const sales = analystFiles.filter((f) => /sales\.csv$/.test(f));
  return (
    <Panel>
      <div data-testid="needs-join">
        <EmptyState
          icon="link"
          title={`Join ${file} to see this analysis`}
          actions={
            <button type="button" className="btn btn--primary" onClick={() => nav.open({ screen: 'import', tab: 'import' })}>
              <Icon name="link" size={13} /> Open Import &amp; join
            </button>
          }
        >
          {title} compares collaboration with an outcome (quota attainment, revenue, CSAT…) that the export does not hold: import your file and join it to the export by Key_ID.
          {sales.length > 0 && <> The demo ships one to try: <code>{sales.join(', ')}</code>.</>}
        </EmptyState>
      </div>
    </Panel>
  );
}

function SqlPanel({ sql }: { sql: string }) {
  const [open, setOpen] = useState(false);
  const nav = useNavigation();
  return (
    <div className="stack">
      <div className="row">
        <button type="button" className="btn btn--sm" aria-expanded={open} onClick={() => setOpen(!open)}>
          <Icon name="code" size={13} /> {open ? 'Hide SQL' : 'Show SQL'}
        </button>
        <button type="button" className="btn btn--sm" onClick={() => nav.open({ screen: 'sql', sql })}>
          <Icon name="external" size={13} /> Open in SQL screen
        </button>
      </div>
      {open && (
        <pre className="code-block" data-testid="analysis-sql">
          {sql}
        </pre>
      )}
    </div>
  );
}

export function AnalysesScreen({ active }: ScreenProps) {
  const api = useApi();
  const ws = useWorkspace();
  const toast = useToast();
  const intent = useIntent('analyses');
  const version = useWorkspaceVersion();
  const catalogue = useApiQuery('analyses/list', {}, version);
  const entries = useMemo(() => (catalogue.value?.analyses ?? []) as CatalogueEntry[], [catalogue.value]);
  const attributes = catalogue.value?.attributes ?? [];
  const [id, setId] = useState<string | undefined>();
  const entry = entries.find((a) => a.id === id);
  const [params, setParams] = useState<ParamValues>({});
  const workspaceMin = ws.value?.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  const [minText, setMinText] = useState<string>(String(workspaceMin));
  const [run, setRun] = useState<RunState>({ status: 'idle' });
  const latest = useRef(0);
  const elapsed = useElapsed(run.status === 'running' ? run.started : undefined);
  const job = useJob(run.status === 'running' ? run.jobId : undefined);
  const runningJob = useRef<string | undefined>(undefined);

  useEffect(() => {
    if (!job || job.status === 'running') return;
    setRun((r) => {
      if (r.status !== 'running' || r.jobId !== job.id) return r;
      if (job.status === 'done') return { status: 'done', result: job.result as unknown as RunResult };
      if (job.status === 'cancelled') return { status: 'cancelled', previous: r.previous };
      return { status: 'failed', error: job.error ?? { code: 'analysis/failed', message: job.message ?? 'The analysis failed.' }, previous: r.previous };
    });
  }, [job]);

  useEffect(() => setMinText(String(workspaceMin)), [workspaceMin]);
  useEffect(() => {
    if (intent) setId(intent.id);
  }, [intent]);
  useEffect(() => {
    if (!id && entries.length > 0) setId(entries[0].id);
  }, [id, entries]);

  const runAnalysis = useCallback(
    async (forId: string, values: ParamValues, minGroup: string) => {
      if (minGroupSizeProblem(minGroup)) return;
      const n = ++latest.current;
      // A run the user has moved on from stops instead of competing with the new one.
      if (runningJob.current) void api.call('jobs/cancel', { jobId: runningJob.current });
      runningJob.current = undefined;
      setRun((r) => ({ status: 'running', started: Date.now(), previous: r.status === 'done' ? r.result : r.status === 'idle' ? undefined : r.previous }));
      const r = await api.call('analyses/run', { id: forId, params: values, minGroupSize: Number(minGroup) });
      if (n !== latest.current) {
        if (r.ok) void api.call('jobs/cancel', { jobId: r.value.jobId });
        return;
      }
      if (r.ok) runningJob.current = r.value.jobId;
      setRun((s) => (!r.ok ? { status: 'failed', error: r.error } : s.status === 'running' ? { ...s, jobId: r.value.jobId } : s));
    },
    [api],
  );

  const joinedColumns = catalogue.value?.joinedColumns ?? [];
  const needsJoin = entry ? missingJoin(entry, joinedColumns) : undefined;
  // A new analysis starts from its defaults and runs at once (unless it needs a file not joined yet).
  useEffect(() => {
    if (!entry) return;
    const values = defaultParams(entry, joinedColumns);
    setParams(values);
    if (missingJoin(entry, joinedColumns)) {
      setRun({ status: 'idle' });
      return;
    }
    void runAnalysis(entry.id, values, minText);
    // Only when the analysis itself changes.
  }, [entry?.id, joinedColumns.length]);

  const changeParam = (name: string, v: ParamValues[string], immediate: boolean) => {
    const next = { ...params, [name]: v };
    setParams(next);
    // An analysis waiting for a joined file does not run on a changed parameter either.
    if (immediate && entry && !needsJoin) void runAnalysis(entry.id, next, minText);
  };

  const saveDefault = async () => {
    const r = await api.call('workspace/setMinGroupSize', { minGroupSize: Number(minText) });
    if (r.ok) {
      ws.reload();
      toast(`Minimum group size ${minText} is now this workspace’s default`);
    } else toast(r.error.message);
  };

  const result = run.status === 'done' ? run.result : run.status === 'running' || run.status === 'cancelled' ? run.previous : undefined;
  const problem = minGroupSizeProblem(minText);

  if (catalogue.status === 'error') {
    return (
      <div className="screen">
        <ScreenHeader title="Analyses" />
        <ErrorNotice error={catalogue.error} />
      </div>
    );
  }
  if (!catalogue.value) {
    return (
      <div className="screen">
        <ScreenHeader title="Analyses" />
        <Loading>Loading the analyses…</Loading>
      </div>
    );
  }
  const noData = (ws.value?.tables.length ?? 0) === 0;

  return (
    <div className="screen">
      <ScreenHeader title="Analyses" description="Ready-made answers to the questions the export exists for. Every number is computed per group of people and hidden when a group is smaller than the minimum group size." />
      {noData ? (
        <Panel>
          <EmptyState icon="chart" title="Load an export first">
            Analyses run on the workspace’s tables; connect to an export to fill them.
          </EmptyState>
        </Panel>
      ) : (
        <>
          {catalogue.value.attributesError && <ErrorNotice error={catalogue.value.attributesError} title="The HR attributes to group by could not be read" />}
          <Panel>
            <div className="stack">
              <div className="param-form">
                <div className="field" style={{ width: 300 }}>
                  <label className="field__label" htmlFor="analysis-id">
                    Analysis
                  </label>
                  <select id="analysis-id" className="select" value={id ?? ''} onChange={(e) => setId(e.target.value)}>
                    {entries.map((a) => (
                      <option key={a.id} value={a.id}>
                        {a.title}
                      </option>
                    ))}
                  </select>
                </div>
                {entry && <ParamForm params={entry.params} values={params} attributes={attributes} joinedColumns={joinedColumns} onChange={changeParam} />}
                <MinGroupSizeField text={minText} onText={setMinText} onCommit={() => undefined} />
                <div className="row param-actions">
                  <button type="button" className="btn btn--primary" disabled={!entry || !!problem || !!needsJoin || run.status === 'running'} onClick={() => entry && void runAnalysis(entry.id, params, minText)}>
                    {run.status === 'running' ? <span className="spinner" aria-hidden="true" /> : <Icon name="play" size={13} />} Run
                  </button>
                  {!problem && Number(minText) !== workspaceMin && (
                    <button type="button" className="btn btn--ghost btn--sm" onClick={() => void saveDefault()} title="Use this minimum for every analysis in this workspace">
                      Make default
                    </button>
                  )}
                </div>
              </div>
              {entry && (
                <details className="definition">
                  <summary>
                    <strong style={{ color: 'var(--text)' }}>{entry.question}</strong> <span className="faint">How it is computed</span>
                  </summary>
                  <p style={{ marginTop: 6 }}>{entry.definition}</p>
                </details>
              )}
            </div>
          </Panel>
          {entry && needsJoin && <NeedsJoinPanel file={needsJoin} title={entry.title} analystFiles={catalogue.value.analystFiles ?? []} />}
          {run.status === 'running' && !job && (
            <div className="loading" role="status">
              <span className="spinner" /> Running {entry?.title ?? 'the analysis'}… {elapsed >= 0.5 ? formatDuration(elapsed) : ''}
            </div>
          )}
          {run.status === 'running' && job?.status === 'running' && <JobProgress job={job} />}
          {run.status === 'cancelled' && (
            <Notice tone="warning" title="Cancelled">
              The analysis was stopped; {result ? 'the previous result is shown.' : 'run it again when you are ready.'}
            </Notice>
          )}
          {run.status === 'failed' && <ErrorNotice error={run.error} title="The analysis did not run" />}
          {result && entry && !needsJoin && result.id === entry.id && (
            <>
              <ResultBanner entry={entry} result={result} />
              <div className="result-split" style={resultSplitStyle(entry, result, run.status === 'running')}>
                <TablePanel entry={entry} result={result} />
                <ChartPanel entry={entry} result={result} active={active} />
              </div>
              <SqlPanel sql={result.sql} />
            </>
          )}
        </>
      )}
    </div>
  );
}
