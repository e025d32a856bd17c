/** Every table in the workspace: kind, rows, columns, the dates it covers and rejected rows. */
import type { TableSummary } from '../../../../shared/api/contract.js';
import { formatCount, formatSpan } from '../../lib/format.js';

const KIND_LABEL: Record<TableSummary['kind'], string> = { export: 'Export', dataset: 'Your file', view: 'View', system: 'System' };


function DateRange({ range }: { range: TableSummary['dateRange'] }) {
  if (!range || !range.min || !range.max) return <span className="faint">—</span>;
  return (
    <span className="nowrap" title={`${range.column}: ${range.min} – ${range.max}`}>
      {formatSpan(range.min, range.max)}
    </span>
  );
}

export function TableList({ tables, selected, onSelect }: { tables: TableSummary[]; selected?: string; onSelect(name: string): void }) {
  return (
    <div className="table-wrap">
      <table className="table table--clickable table--compact" aria-label="Tables in this workspace">
        <thead>
          <tr>
            <th scope="col">Table</th>
            <th scope="col" className="num">
              Rows
            </th>
            <th scope="col">Dates</th>
            <th scope="col" className="num">
              Rejects
            </th>
          </tr>
        </thead>
        <tbody>
          {tables.map((t) => (
            <tr
              key={t.name}
              aria-selected={selected === t.name}
              tabIndex={0}
              onClick={() => onSelect(t.name)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  onSelect(t.name);
                }
              }}
            >
              <td>
                <strong>{t.name}</strong> {t.kind !== 'export' && <span className="badge">{KIND_LABEL[t.kind]}</span>}
              </td>
              <td className="num" title={t.rowsUnknown}>
                {t.rows === null ? 'unknown' : formatCount(t.rows)}
              </td>
              <td>
                <DateRange range={t.dateRange} />
              </td>
              <td className="num">{t.rejected ? <span className="badge badge--warning">{formatCount(t.rejected)}</span> : <span className="faint">0</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
