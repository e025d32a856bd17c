/** Browse: any table (or a query result sent here) in the grid, sorted and filtered by DuckDB. */
import { useEffect, useState } from 'react';
import type { RowSource } from '../../../../shared/api/contract.js';
import type { ScreenProps } from '../../app/App.js';
import { useIntent, useNavigation } from '../../app/navigation.js';
import { useWorkspace } from '../../app/workspace.js';
import { EmptyState } from '../../components/EmptyState.js';
import { DataGrid, type GridView } from '../../components/grid/DataGrid.js';
import { Icon } from '../../components/Icon.js';
import { Panel, ScreenHeader } from '../../components/Panel.js';
import { pluralRows } from '../../lib/format.js';

function sourceLabel(source: RowSource): string {
  return source.kind === 'table' ? source.name : 'Query result';
}

export function BrowseScreen(_props: ScreenProps) {
  const ws = useWorkspace();
  const { go, open } = useNavigation();
  const intent = useIntent('browse');
  const tables = ws.value?.tables ?? [];
  const [source, setSource] = useState<RowSource | undefined>();

  useEffect(() => {
    if (intent) setSource(intent.source);
  }, [intent]);
  useEffect(() => {
    if (!source && tables.length > 0) setSource({ kind: 'table', name: tables.find((t) => t.kind === 'export')?.name ?? tables[0].name });
  }, [source, tables]);

  const exportView = (view: GridView) => open({ screen: 'export', source: view.source, sort: view.sort, filters: view.filters, label: sourceLabel(view.source) });

  return (
    <div className="screen screen--fill">
      <ScreenHeader
        title="Browse"
        description="Click a header to sort, use its menu to filter. Sorting and filtering run in DuckDB, so they stay quick on millions of rows."
        actions={
          <>
            {source?.kind === 'sql' && (
              <button type="button" className="btn" onClick={() => open({ screen: 'sql', sql: source.sql })}>
                <Icon name="code" /> Edit query
              </button>
            )}
            <label className="row" style={{ flexWrap: 'nowrap' }}>
              <span className="field__label">Table</span>
              <select
                className="select"
                style={{ width: 320 }}
                aria-label="Table to browse"
                value={source?.kind === 'table' ? source.name : '__sql'}
                onChange={(e) => setSource({ kind: 'table', name: e.target.value })}
                disabled={tables.length === 0}
              >
                {source?.kind === 'sql' && <option value="__sql">Query result (from the SQL screen)</option>}
                {tables.map((t) => (
                  <option key={t.name} value={t.name}>
                    {t.name} — {pluralRows(t.rows)}
                  </option>
                ))}
              </select>
            </label>
          </>
        }
      />
      <Panel fill flush>
        {source ? (
          <DataGrid source={source} label={`Rows of ${sourceLabel(source)}`} onExport={exportView} />
        ) : (
          <EmptyState
            icon="table"
            title="Nothing to browse yet"
            actions={
              <button type="button" className="btn btn--primary" onClick={() => go('connect')}>
                <Icon name="plug" /> Connect to an export
              </button>
            }
          >
            Load an export first; its tables will be listed here.
          </EmptyState>
        )}
      </Panel>
    </div>
  );
}
