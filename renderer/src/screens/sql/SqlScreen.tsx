/**
 * SQL: write a query against the workspace, run it (Ctrl/Cmd+Enter), cancel it, see the rows in the
 * grid or the error at its spot in the editor; earlier queries are one click away.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SqlRunResult } from '../../../../shared/api/contract.js';
import type { AppErrorData } from '../../../../shared/errors.js';
import { useWorkspaceVersion } from '../../api/jobs.js';
import { useApi, useApiQuery } from '../../api/useApi.js';
import type { ScreenProps } from '../../app/App.js';
import { useIntent, useNavigation } from '../../app/navigation.js';
import { EmptyState } from '../../components/EmptyState.js';
import { BLOCK_SIZE, DataGrid } from '../../components/grid/DataGrid.js';
import { Icon } from '../../components/Icon.js';
import { Notice } from '../../components/Notice.js';
import { Panel, ScreenHeader } from '../../components/Panel.js';
import { formatDuration, formatRelative, plural } from '../../lib/format.js';
import { SqlEditor, type SqlEditorHandle, type SqlSchema } from './SqlEditor.js';
import { errorSummary, locateSqlError, type SqlErrorSpot } from './sqlErrorPosition.js';
import { useSqlHistory, type HistoryEntry } from './sqlHistory.js';

const EXAMPLE = `-- Ctrl+Enter (⌘+Enter) runs the query, or just the selected part.
SELECT FunctionType, count(DISTINCT EmailAddress) AS people
FROM PersonHistorical
WHERE PopulationType = 'MeasuredEmployee'
GROUP BY FunctionType
ORDER BY people DESC;`;

type RunState =
  | { kind: 'idle' }
  | { kind: 'running'; runId: string; sql: string; started: number }
  | { kind: 'done'; runId: string; sql: string; result: SqlRunResult }
  | { kind: 'failed'; sql: string; error: AppErrorData; spot?: SqlErrorSpot }
  | { kind: 'cancelled'; sql: string };

function newRunId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `run-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

function isCancelError(error: AppErrorData): boolean {
  return /cancel|interrupt/i.test(error.code) || /interrupted/i.test(error.message);
}

function useTicker(running: boolean): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!running) return;
    const t = window.setInterval(() => setNow(Date.now()), 100);
    return () => window.clearInterval(t);
  }, [running]);
  return now;
}

function History({ entries, onPick, onClear }: { entries: HistoryEntry[]; onPick(sql: string): void; onClear(): void }) {
  return (
    <Panel
      fill
      flush
      title="History"
      actions={
        entries.length > 0 && (
          <button type="button" className="btn btn--ghost btn--sm" onClick={onClear}>
            Clear
          </button>
        )
      }
    >
      {entries.length === 0 ? (
        <EmptyState icon="history" title="No queries yet">
          Queries you run are listed here, on this computer only.
        </EmptyState>
      ) : (
        <ul className="history-list" aria-label="Query history">
          {entries.map((e) => (
            <li key={`${e.at}${e.sql}`}>
              <button type="button" className="history-item" onClick={() => onPick(e.sql)} title={e.sql}>
                <code>{e.sql}</code>
                <span className="meta">
                  <span>{formatRelative(e.at)}</span>
                  {e.ok ? <span>{plural(e.rows ?? 0, 'row')}</span> : <span className="err">failed</span>}
                  {e.seconds !== undefined && <span>{formatDuration(e.seconds)}</span>}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

/** The error in words: DuckDB's first line (without its position, which the editor marks), the rest, the hint. */
function SqlErrorNotice({ error, spot }: { error: AppErrorData; spot?: SqlErrorSpot }) {
  const [head, ...rest] = errorSummary(error.message).split('\n');
  const detail = rest.join(' ').trim();
  return (
    <Notice tone="error" title={head.replace(/ \(line \d+, column \d+\)$/, '')}>
      {detail && <div>{detail}</div>}
      {spot && (
        <div className="notice__where" data-testid="sql-error-position">
          Line {spot.line}, column {spot.column} — marked in the editor
        </div>
      )}
      {error.hint && <div className="notice__hint">{error.hint}</div>}
    </Notice>
  );
}

export function SqlScreen({ active }: ScreenProps) {
  const api = useApi();
  const { open } = useNavigation();
  const intent = useIntent('sql');
  const editor = useRef<SqlEditorHandle>(null);
  const history = useSqlHistory();
  const [run, setRun] = useState<RunState>({ kind: 'idle' });
  const runRef = useRef(run);
  runRef.current = run;
  const now = useTicker(run.kind === 'running');

  const workspaceVersion = useWorkspaceVersion();
  const completions = useApiQuery('sql/completions', {}, workspaceVersion);
  const schema = useMemo<SqlSchema | undefined>(() => completions.value, [completions.value]);

  const initialText = useMemo(() => history.entries[0]?.sql ?? EXAMPLE, []);

  const runQuery = useCallback(async () => {
    if (runRef.current.kind === 'running' || !editor.current) return;
    const { text, offset } = editor.current.getQuery();
    const sql = text.trim();
    if (!sql) {
      // Nothing to run: the last run's outcome ("Query cancelled.") no longer describes the editor.
      editor.current.showError(undefined, '', 0);
      setRun({ kind: 'idle' });
      return;
    }
    const runId = newRunId();
    editor.current.showError(undefined, '', 0);
    setRun({ kind: 'running', runId, sql, started: Date.now() });
    const r = await api.call('sql/run', { sql, runId, limit: BLOCK_SIZE });
    const at = new Date().toISOString();
    if (r.ok) {
      setRun({ kind: 'done', runId, sql, result: r.value });
      history.add({ sql, at, ok: true, rows: r.value.total, seconds: r.value.seconds });
      return;
    }
    if (isCancelError(r.error)) {
      setRun({ kind: 'cancelled', sql });
      return;
    }
    // The editor text may start with whitespace that we trimmed: map the spot back.
    const lead = text.length - text.trimStart().length;
    const spot = locateSqlError(sql, r.error);
    editor.current?.showError(spot, errorSummary(r.error.message), offset + lead);
    setRun({ kind: 'failed', sql, error: r.error, spot });
    history.add({ sql, at, ok: false, error: r.error.message });
  }, [api, history]);

  const cancelQuery = useCallback(() => {
    const current = runRef.current;
    if (current.kind === 'running') void api.call('sql/cancel', { runId: current.runId });
  }, [api]);

  useEffect(() => {
    if (!intent || !editor.current) return;
    editor.current.setText(intent.sql);
    editor.current.focus();
    if (intent.run) void runQuery();
  }, [intent]);

  useEffect(() => {
    if (active) editor.current?.focus();
  }, [active]);

  const result = run.kind === 'done' ? run.result : undefined;

  return (
    <div className="screen screen--fill">
      <ScreenHeader title="SQL" description="Query the workspace with DuckDB SQL. Table and column names complete as you type (Ctrl+Space lists them)." />
      <div className="sql-layout">
        <div className="sql-main">
          <SqlEditor ref={editor} initialText={initialText} schema={schema} onRun={() => void runQuery()} onCancel={cancelQuery} />
          <div className="row row--between">
            <div className="row">
              <button type="button" className="btn btn--primary" onClick={() => void runQuery()} disabled={run.kind === 'running'}>
                <Icon name="play" size={13} /> Run <kbd>Ctrl+Enter</kbd>
              </button>
              {run.kind === 'running' && (
                <button type="button" className="btn btn--danger" onClick={cancelQuery}>
                  <Icon name="stop" size={13} /> Cancel <kbd>Esc</kbd>
                </button>
              )}
              <span className="muted num" role="status" data-testid="sql-status" style={{ fontSize: 'var(--text-sm)' }}>
                {run.kind === 'running' && (
                  <span className="row">
                    <span className="spinner" aria-hidden="true" /> Running… {formatDuration((now - run.started) / 1000)}
                  </span>
                )}
                {run.kind === 'done' && `${plural(run.result.total, 'row')} in ${formatDuration(run.result.seconds)}`}
                {run.kind === 'cancelled' && 'Query cancelled.'}
              </span>
            </div>
            {run.kind === 'done' && run.result.columns.length > 0 && (
              <div className="row">
                <button type="button" className="btn btn--sm" onClick={() => open({ screen: 'browse', source: { kind: 'sql', sql: run.sql } })}>
                  <Icon name="table" size={13} /> Open in Browse
                </button>
                <button type="button" className="btn btn--sm" onClick={() => open({ screen: 'export', source: { kind: 'sql', sql: run.sql }, label: 'Query result' })}>
                  <Icon name="download" size={13} /> Export result…
                </button>
              </div>
            )}
          </div>
          {run.kind === 'failed' && <SqlErrorNotice error={run.error} spot={run.spot} />}
          <Panel fill flush>
            {result && result.columns.length > 0 ? (
              <DataGrid key={run.kind === 'done' ? run.runId : 'none'} source={{ kind: 'sql', sql: run.kind === 'done' ? run.sql : '' }} firstPage={result} label="Query result" />
            ) : result ? (
              <EmptyState icon="check" title="Statement ran">
                It returned no rows{result.seconds ? ` (${formatDuration(result.seconds)})` : ''}.
              </EmptyState>
            ) : (
              <EmptyState icon="code" title={run.kind === 'running' ? 'Running your query…' : 'Results appear here'}>
                Write a query above and press Ctrl+Enter. Large results page in as you scroll.
              </EmptyState>
            )}
          </Panel>
        </div>
        <History entries={history.entries} onPick={(sql) => editor.current?.setText(sql)} onClear={history.clear} />
      </div>
    </div>
  );
}
