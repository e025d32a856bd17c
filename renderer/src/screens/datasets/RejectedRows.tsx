/** Rows ingest could not load, with the file and line to look at and why; paged. */
import { useState } from 'react';
import type { Json, Row } from '../../../../shared/api/contract.js';
import { useWorkspaceVersion } from '../../api/jobs.js';
import { useApiQuery } from '../../api/useApi.js';
import { EmptyState, Loading } from '../../components/EmptyState.js';
import { ErrorNotice } from '../../components/Notice.js';
import { formatCount, plural } from '../../lib/format.js';

const PAGE = 50;
/** Friendly headers for the columns of the rejects table; other columns keep their names. */
const LABELS: Record<string, string> = {
  table_name: 'Table',
  file: 'File',
  file_path: 'File',
  line: 'Line',
  column_name: 'Column',
  error_type: 'Problem',
  reason: 'Why',
  error_message: 'Why',
  csv_line: 'Line as read',
};
const ORDER = ['file', 'file_path', 'line', 'column_name', 'error_type', 'reason', 'error_message', 'csv_line'];

function orderedKeys(rows: Row[], hideTable: boolean): string[] {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => !(hideTable && k === 'table_name'));
  return keys.sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99));
}

function cell(key: string, value: Json | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  // Show file names, not long absolute paths; the full path is in the tooltip.
  return key === 'file' || key === 'file_path' ? text.replace(/^.*[\\/]/, '') : text;
}

/** `expected`: the rejected count the table list shows; a change (or a new load) reads the rows again. */
export function RejectedRows({ table, expected }: { table: string; expected?: number }) {
  const [offset, setOffset] = useState(0);
  const workspaceVersion = useWorkspaceVersion();
  const q = useApiQuery('datasets/rejects', { table, offset, limit: PAGE }, `${workspaceVersion}:${expected ?? ''}`);
  if (q.status === 'error') return <ErrorNotice error={q.error} />;
  if (!q.value) return <Loading>Loading rejected rows…</Loading>;
  const { rows, total } = q.value;
  if (total === 0) return <EmptyState icon="check" title="No rejected rows">Every line of the files of {table} was loaded.</EmptyState>;
  const keys = orderedKeys(rows, true);
  return (
    <div className="stack">
      <div className="row row--between">
        <span className="muted" style={{ fontSize: 'var(--text-sm)' }}>
          {formatCount(offset + 1)}–{formatCount(Math.min(offset + PAGE, total))} of {plural(total, 'rejected row')}
        </span>
        <div className="row">
          <button type="button" className="btn btn--sm" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            Previous
          </button>
          <button type="button" className="btn btn--sm" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
            Next
          </button>
        </div>
      </div>
      <div className="table-wrap" style={{ maxHeight: 420 }}>
        <table className="table" aria-label={`Rejected rows of ${table}`}>
          <thead>
            <tr>
              {keys.map((k) => (
                <th key={k} scope="col" className={k === 'line' ? 'num' : undefined}>
                  {LABELS[k] ?? k}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                {keys.map((k) => (
                  <td key={k} className={k === 'line' ? 'num' : k === 'csv_line' ? 'mono' : undefined} title={typeof r[k] === 'string' ? (r[k] as string) : undefined} style={k === 'csv_line' ? { maxWidth: 280, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontSize: 'var(--text-xs)' } : undefined}>
                    {cell(k, r[k])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
