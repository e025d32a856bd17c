/** The first rows of the file as they will be stored: each column with its final type. */
import type { PreviewColumnInfo, Row } from '../../../../shared/api/contract.js';
import { formatCell } from '../../components/grid/columnDefs.js';
import { columnKind, isNumericKind } from '../../lib/columnKinds.js';

export function SampleRows({ columns, rows }: { columns: PreviewColumnInfo[]; rows: Row[] }) {
  const kinds = columns.map((c) => columnKind(c.type));
  return (
    <div className="table-wrap" style={{ maxHeight: 340 }}>
      <table className="table table--compact result-table" aria-label="Sample rows">
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={c.name} scope="col" className={isNumericKind(kinds[i]) ? 'num' : undefined}>
                {c.name}
                <span className="unit">{c.type}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {columns.map((c, j) => (
                <td key={c.name} className={[isNumericKind(kinds[j]) ? 'num' : '', r[c.name] === null ? 'cell-null' : ''].filter(Boolean).join(' ') || undefined}>
                  {formatCell(r[c.name], kinds[j])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
