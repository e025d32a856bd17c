/** Datasets: what is loaded, how much, which dates, what failed validation, and how the tables join. */
import { useEffect, useMemo, useState } from 'react';
import type { TableSummary } from '../../../../shared/api/contract.js';
import type { ScreenProps } from '../../app/App.js';
import { useIntent, useNavigation } from '../../app/navigation.js';
import { useWorkspace } from '../../app/workspace.js';
import { EmptyState, Loading } from '../../components/EmptyState.js';
import { Icon } from '../../components/Icon.js';
import { ErrorNotice, Notice } from '../../components/Notice.js';
import { Panel, ScreenHeader } from '../../components/Panel.js';
import { formatCount, plural, pluralRows } from '../../lib/format.js';
import { RejectedRows } from './RejectedRows.js';
import { SchemaDiagram } from './SchemaDiagram.js';
import { TableList } from './TableList.js';
import { TableSchema } from './TableSchema.js';

function TableDetail({ table }: { table: TableSummary }) {
  const [tab, setTab] = useState<'schema' | 'rejects'>('schema');
  const { open } = useNavigation();
  useEffect(() => setTab('schema'), [table.name]);
  return (
    <Panel
      flush
      title={
        <div className="row">
          <h2>{table.name}</h2>
          <span className="muted" style={{ fontSize: 'var(--text-sm)' }}>
            <span title={table.rowsUnknown}>{pluralRows(table.rows)}</span> · {plural(table.columns.length, 'column')}
          </span>
        </div>
      }
      actions={
        <>
          <button type="button" className="btn btn--sm" onClick={() => open({ screen: 'browse', source: { kind: 'table', name: table.name } })}>
            <Icon name="table" size={13} /> Browse
          </button>
          <button type="button" className="btn btn--sm" onClick={() => open({ screen: 'sql', sql: `SELECT *\nFROM "${table.name}"\nLIMIT 100;` })}>
            <Icon name="code" size={13} /> Query
          </button>
          <button type="button" className="btn btn--sm" onClick={() => open({ screen: 'export', source: { kind: 'table', name: table.name }, label: table.name })}>
            <Icon name="download" size={13} /> Export…
          </button>
        </>
      }
    >
      <div className="tabs" role="tablist" aria-label={`${table.name} details`}>
        <button type="button" role="tab" className="tab" aria-selected={tab === 'schema'} onClick={() => setTab('schema')}>
          Schema
        </button>
        <button type="button" role="tab" className="tab" aria-selected={tab === 'rejects'} onClick={() => setTab('rejects')}>
          Rejected rows {table.rejected ? <span className="badge badge--warning">{formatCount(table.rejected)}</span> : null}
        </button>
      </div>
      <div className="panel__body" role="tabpanel">
        {tab === 'schema' ? <TableSchema table={table} /> : <RejectedRows key={table.name} table={table.name} expected={table.rejected} />}
      </div>
    </Panel>
  );
}

export function DatasetsScreen(_props: ScreenProps) {
  const ws = useWorkspace();
  const { go, open } = useNavigation();
  const intent = useIntent('datasets');
  const [selected, setSelected] = useState<string | undefined>();
  const tables = useMemo(() => ws.value?.tables ?? [], [ws.value]);
  const rowCounts = useMemo(() => new Map(tables.map((t) => [t.name, t.rows])), [tables]);

  useEffect(() => {
    if (intent) setSelected(intent.table);
  }, [intent]);
  useEffect(() => {
    if (!selected && tables.length > 0) setSelected(tables.find((t) => t.kind === 'export')?.name ?? tables[0].name);
  }, [selected, tables]);

  const header = (
    <ScreenHeader
      title="Datasets"
      description="The tables loaded into this workspace: row counts, the dates they cover, rows that failed validation, and how the nine export tables join."
      actions={
        <>
          <button type="button" className="btn" onClick={() => open({ screen: 'import', tab: 'import' })}>
            <Icon name="file" /> Import a file…
          </button>
          <button type="button" className="btn" onClick={ws.reload} disabled={ws.status === 'loading'}>
            <Icon name="refresh" /> Refresh
          </button>
        </>
      }
    />
  );

  if (ws.status === 'error' && !ws.value) {
    return (
      <div className="screen">
        {header}
        <ErrorNotice error={ws.error} />
      </div>
    );
  }
  if (!ws.value) {
    return (
      <div className="screen">
        {header}
        <Loading>Reading the workspace…</Loading>
      </div>
    );
  }

  const info = ws.value;
  const current = tables.find((t) => t.name === selected);
  return (
    <div className="screen">
      {header}
      {tables.length === 0 ? (
        <Panel>
          <EmptyState
            icon="database"
            title="No data loaded yet"
            actions={
              <button type="button" className="btn btn--primary" onClick={() => go('connect')}>
                <Icon name="plug" /> Connect to an export
              </button>
            }
          >
            Connect to the Azure blob container your Workplace Analytics export is written to, and its tables appear here.
          </EmptyState>
        </Panel>
      ) : (
        <>
          {info.validation === 'computing' && (
            <Notice tone={info.validationFailed ? 'warning' : 'info'} title={info.validationFailed ? 'Validation report: failed' : 'Validation report: computing…'}>
              {info.validationFailed ?? 'The findings and date ranges of the export just loaded appear here when it is ready.'}
            </Notice>
          )}
          {info.issues.length > 0 && (
            <Notice tone="warning" title={`${plural(info.issues.length, 'validation finding')}`}>
              <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
                {info.issues.map((issue, i) => (
                  <li key={i}>{issue}</li>
                ))}
              </ul>
            </Notice>
          )}
          {/* Said out loud: without it a clean report looks the same as one not shown. */}
          {info.validation === 'ready' && info.issues.length === 0 && (
            <Notice tone="success" title="Validation report: no findings">
              The export's tables have no rejected rows, duplicate keys, unmatched references, or missing tables or columns.
            </Notice>
          )}
          {info.disabled.length > 0 && (
            <Notice tone="info" title={`Not available in this export: ${disabledSummary(info.disabled)}`}>
              <ul style={{ margin: '4px 0 0', paddingLeft: 18 }} aria-label="Disabled by missing tables or columns">
                {info.disabled.map((d, i) => (
                  <li key={i}>
                    {d.kind === 'analysis' ? 'Analysis' : 'Metric'} <strong>{d.label}</strong> needs {d.missing.join(', ')}
                  </li>
                ))}
              </ul>
            </Notice>
          )}
          <div className="datasets-layout">
            <Panel title="Tables" flush>
              <TableList tables={tables} selected={selected} onSelect={setSelected} />
            </Panel>
            <Panel title="How the export tables join">
              <SchemaDiagram rows={rowCounts} selected={selected} onSelect={setSelected} />
            </Panel>
          </div>
          {current && <TableDetail table={current} />}
        </>
      )}
    </div>
  );
}

/** "2 analyses and 3 metrics": what the export's missing tables or columns switch off. */
function disabledSummary(disabled: { kind: 'analysis' | 'metric' }[]): string {
  const analyses = disabled.filter((d) => d.kind === 'analysis').length;
  const metrics = disabled.length - analyses;
  return [analyses ? plural(analyses, 'analysis', 'analyses') : '', metrics ? plural(metrics, 'metric') : ''].filter(Boolean).join(' and ');
}
