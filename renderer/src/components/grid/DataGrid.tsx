/**
 * The data grid for any table or query result: ag-grid's infinite row model fetching blocks of
 * rows through 'grid/rows', with sorting and filtering done by DuckDB. Typed, formatted columns;
 * Ctrl/Cmd+C (or the Copy button) copies the selected rows with their headers.
 */
import { AgGridReact } from 'ag-grid-react';
import type { CellKeyDownEvent, ColDef, GridApi, GridReadyEvent, IDatasource, IGetRowsParams, RowSelectionOptions } from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Column, ColumnFilter, Row, RowSource, SortSpec } from '../../../../shared/api/contract.js';
import type { AppErrorData } from '../../../../shared/errors.js';
import { useApi } from '../../api/useApi.js';
import type { RendererApi } from '../../api/transport.js';
import { copyText } from '../../lib/download.js';
import { formatCount, plural } from '../../lib/format.js';
import { toTsv } from '../../lib/csv.js';
import { EmptyState, Loading } from '../EmptyState.js';
import { Icon } from '../Icon.js';
import { ErrorNotice } from '../Notice.js';
import { useToast } from '../Toasts.js';
import { columnDefsFor, kindsOf } from './columnDefs.js';
import { describeFilter, toColumnFilters, toSortSpecs, UnsupportedFilterError, type GridSortItem } from './gridQuery.js';
import { gridTheme } from './gridSetup.js';

/** Rows per fetched block: small enough to answer fast, large enough for a screenful and more. */
export const BLOCK_SIZE = 200;
const BLOCKS_IN_CACHE = 60;
const SELECTION_COLUMN = 'ag-Grid-SelectionColumn';

export interface Page {
  columns: Column[];
  rows: Row[];
  total: number;
}

/** What the grid shows right now: the source as sorted and filtered, for exports and copies. */
export interface GridView {
  source: RowSource;
  sort: SortSpec[];
  filters: ColumnFilter[];
  total: number;
  columns: Column[];
}

interface DataGridProps {
  source: RowSource;
  /** The first rows, already fetched (by 'sql/run'), shown without another round trip. */
  firstPage?: Page;
  /** Accessible name of the grid, e.g. "Rows of MailParticipants". */
  label: string;
  onExport?(view: GridView): void;
}

interface DatasourceHooks {
  onPage(info: { total: number; ms: number; sort: SortSpec[]; filters: ColumnFilter[] }): void;
  onError(error: AppErrorData): void;
}

/** A datasource that can be retired: once another source is shown, its late answers are dropped. */
interface SourceRows extends IDatasource {
  retire(): void;
}

function createDatasource(api: RendererApi, source: RowSource, columns: Column[], first: Page | undefined, hooks: DatasourceHooks): SourceRows {
  const kinds = kindsOf(columns);
  let unused: Page | undefined = first;
  let retired = false;
  return {
    retire: () => {
      retired = true;
    },
    getRows(params: IGetRowsParams) {
      if (retired) return;
      let sort: SortSpec[];
      let filters: ColumnFilter[];
      try {
        sort = toSortSpecs(params.sortModel as GridSortItem[]);
        filters = toColumnFilters(params.filterModel as Record<string, unknown>, kinds);
      } catch (e) {
        params.failCallback();
        hooks.onError({ code: 'grid/filter-unsupported', message: e instanceof UnsupportedFilterError ? e.message : String(e), hint: 'Change or clear the filter.' });
        return;
      }
      const limit = params.endRow - params.startRow;
      const prefetched = unused;
      unused = undefined;
      if (prefetched && params.startRow === 0 && sort.length === 0 && filters.length === 0 && (prefetched.rows.length >= limit || prefetched.rows.length === prefetched.total)) {
        params.successCallback(prefetched.rows.slice(0, limit), prefetched.total);
        hooks.onPage({ total: prefetched.total, ms: 0, sort, filters });
        return;
      }
      const started = performance.now();
      void api.call('grid/rows', { source, offset: params.startRow, limit, sort, filters }).then((r) => {
        if (retired) return;
        if (!r.ok) {
          params.failCallback();
          hooks.onError(r.error);
          return;
        }
        params.successCallback(r.value.rows, r.value.total);
        hooks.onPage({ total: r.value.total, ms: performance.now() - started, sort, filters });
      });
    },
  };
}

interface FirstPageState {
  /** The source the page belongs to: while another loads, the previous one stays on screen. */
  source?: RowSource;
  page?: Page;
  error?: AppErrorData;
  loading: boolean;
}

/** The first block of a source: it names the columns, so the grid can be built. */
function useFirstPage(source: RowSource, given: Page | undefined): FirstPageState & { reload(): void } {
  const api = useApi();
  const [state, setState] = useState<FirstPageState>(given ? { source, page: given, loading: false } : { loading: true });
  const [nonce, setNonce] = useState(0);
  const key = JSON.stringify(source);
  useEffect(() => {
    const wanted = JSON.parse(key) as RowSource;
    if (given) {
      setState({ source: wanted, page: given, loading: false });
      return;
    }
    let live = true;
    setState((s) => ({ ...s, error: undefined, loading: true }));
    void api.call('grid/rows', { source: wanted, offset: 0, limit: BLOCK_SIZE }).then((r) => {
      if (!live) return;
      setState(r.ok ? { source: wanted, page: r.value, loading: false } : { error: r.error, loading: false });
    });
    return () => {
      live = false;
    };
  }, [api, key, given, nonce]);
  return { ...state, reload: () => setNonce((n) => n + 1) };
}

export function DataGrid({ source, firstPage, label, onExport }: DataGridProps) {
  const first = useFirstPage(source, firstPage);
  if (first.error) {
    return (
      <div className="panel__body">
        <ErrorNotice
          error={first.error}
          actions={
            <button type="button" className="btn btn--sm" onClick={first.reload}>
              <Icon name="refresh" size={12} /> Retry
            </button>
          }
        />
      </div>
    );
  }
  if (!first.page || !first.source) return <Loading>Loading rows…</Loading>;
  if (first.page.columns.length === 0) return <EmptyState icon="table" title="No columns">This result has no columns to show.</EmptyState>;
  return <LoadedGrid source={first.source} first={first.page} loading={first.loading} label={label} onExport={onExport} />;
}

/**
 * One ag-grid for the life of the panel: a new source swaps its columns and datasource in place
 * (creating a grid costs more than fetching a page), clearing sorts, filters and selection.
 */
function LoadedGrid({ source, first, loading, label, onExport }: { source: RowSource; first: Page; loading: boolean; label: string; onExport?(view: GridView): void }) {
  const api = useApi();
  const toast = useToast();
  const gridApi = useRef<GridApi<Row> | null>(null);
  const [view, setView] = useState<{ total: number; sort: SortSpec[]; filters: ColumnFilter[]; ms?: number }>({ total: first.total, sort: [], filters: [] });
  const [error, setError] = useState<AppErrorData | undefined>();
  const [selected, setSelected] = useState(0);

  const hooks = useMemo<DatasourceHooks>(
    () => ({
      onPage: (info) => {
        setError(undefined);
        setView((v) => ({ total: info.total, sort: info.sort, filters: info.filters, ms: info.ms > 0 ? info.ms : v.ms }));
        if (info.total === 0) gridApi.current?.showNoRowsOverlay();
        else gridApi.current?.hideOverlay();
      },
      onError: setError,
    }),
    [],
  );
  const [initial] = useState(() => ({ columnDefs: columnDefsFor(first.columns) as ColDef<Row>[], datasource: createDatasource(api, source, first.columns, first, hooks) }));
  const datasource = useRef(initial.datasource);
  const shown = useRef(first);

  useEffect(() => {
    if (shown.current === first) return;
    shown.current = first;
    datasource.current.retire();
    datasource.current = createDatasource(api, source, first.columns, first, hooks);
    setView({ total: first.total, sort: [], filters: [] });
    setSelected(0);
    setError(undefined);
    const grid = gridApi.current;
    if (!grid) return;
    grid.deselectAll();
    grid.setGridOption('columnDefs', columnDefsFor(first.columns));
    grid.setFilterModel(null);
    grid.applyColumnState({ defaultState: { sort: null } });
    grid.ensureIndexVisible(0, 'top');
    grid.setGridOption('datasource', datasource.current);
  }, [api, source, first, hooks]);

  const rowSelection = useMemo<RowSelectionOptions>(() => ({ mode: 'multiRow', checkboxes: true, headerCheckbox: false, enableClickSelection: true }), []);

  const copyRows = useCallback(async () => {
    const grid = gridApi.current;
    if (!grid) return;
    let nodes = grid.getSelectedNodes().filter((n) => n.data);
    if (nodes.length === 0) {
      const focused = grid.getFocusedCell();
      const node = focused ? grid.getDisplayedRowAtIndex(focused.rowIndex) : undefined;
      nodes = node?.data ? [node] : [];
    }
    if (nodes.length === 0) {
      toast('Select rows first (click, Shift+click, Ctrl+click), then copy.');
      return;
    }
    nodes.sort((a, b) => (a.rowIndex ?? 0) - (b.rowIndex ?? 0));
    const colIds = grid
      .getAllDisplayedColumns()
      .map((c) => c.getColId())
      .filter((id) => id !== SELECTION_COLUMN);
    const text = toTsv(
      colIds,
      nodes.map((n) => colIds.map((id) => n.data?.[id])),
    );
    const ok = await copyText(text);
    toast(ok ? `Copied ${plural(nodes.length, 'row')} with headers` : 'Copying was blocked by the browser');
  }, [toast]);

  const onCellKeyDown = useCallback(
    (e: CellKeyDownEvent<Row>) => {
      const ke = e.event as KeyboardEvent | null | undefined;
      if (ke && (ke.ctrlKey || ke.metaKey) && ke.key.toLowerCase() === 'c') {
        ke.preventDefault();
        void copyRows();
      }
    },
    [copyRows],
  );

  const onGridReady = useCallback((e: GridReadyEvent<Row>) => {
    gridApi.current = e.api;
  }, []);

  const clearSelection = useCallback(() => gridApi.current?.deselectAll(), []);
  const filtered = view.filters.length > 0;

  return (
    <div className="data-grid">
      {error && (
        <div style={{ padding: 'var(--space-3)' }}>
          <ErrorNotice error={error} />
        </div>
      )}
      <div className="data-grid__grid" role="region" aria-label={label} data-testid="data-grid">
        <AgGridReact<Row>
          theme={gridTheme}
          columnDefs={initial.columnDefs}
          rowModelType="infinite"
          datasource={initial.datasource}
          cacheBlockSize={BLOCK_SIZE}
          maxBlocksInCache={BLOCKS_IN_CACHE}
          maxConcurrentDatasourceRequests={2}
          infiniteInitialRowCount={Math.min(first.total, BLOCK_SIZE)}
          rowBuffer={20}
          rowSelection={rowSelection}
          suppressFieldDotNotation
          tooltipShowDelay={400}
          onGridReady={onGridReady}
          onSortChanged={clearSelection}
          onFilterChanged={clearSelection}
          onSelectionChanged={(e) => setSelected(e.api.getSelectedNodes().length)}
          onCellKeyDown={onCellKeyDown}
          overlayNoRowsTemplate='<span class="muted">No rows match these filters.</span>'
        />
      </div>
      <div className="data-grid__status" aria-live="polite">
        <span data-testid="grid-total" className="nowrap">
          <strong>{formatCount(view.total)}</strong>
          {filtered && first.total !== view.total && source.kind === 'table' ? ` of ${formatCount(first.total)}` : ''} {view.total === 1 && !filtered ? 'row' : 'rows'}
        </span>
        {view.sort.length > 0 && (
          <>
            <span className="sep">|</span>
            <span data-testid="grid-sort">Sorted by {view.sort.map((s) => `${s.column} ${s.direction === 'asc' ? '↑' : '↓'}`).join(', ')}</span>
          </>
        )}
        {filtered && (
          <>
            <span className="sep">|</span>
            <span title={view.filters.map(describeFilter).join('\n')}>
              <Icon name="filter" size={12} /> {view.filters.map(describeFilter).join(' · ')}
            </span>
            <button type="button" className="btn btn--ghost btn--sm" onClick={() => gridApi.current?.setFilterModel(null)}>
              Clear filters
            </button>
          </>
        )}
        {selected > 0 && (
          <>
            <span className="sep">|</span>
            <span>{plural(selected, 'row')} selected</span>
          </>
        )}
        {loading ? (
          <span className="row faint nowrap">
            <span className="spinner" style={{ width: 12, height: 12 }} aria-hidden="true" /> Opening…
          </span>
        ) : (
          view.ms !== undefined && <span className="faint num nowrap">last page {Math.round(view.ms)} ms</span>
        )}
        <div className="data-grid__actions">
          <button type="button" className="btn btn--sm" onClick={() => void copyRows()} title="Copy the selected rows with headers (Ctrl+C)">
            <Icon name="copy" size={13} /> Copy
          </button>
          {onExport && (
            <button type="button" className="btn btn--sm" onClick={() => onExport({ source, sort: view.sort, filters: view.filters, total: view.total, columns: first.columns })}>
              <Icon name="download" size={13} /> Export view…
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
