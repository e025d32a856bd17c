/** An analysis result as a table: labelled columns with units, exact/approximate marks and definitions. */
import type { Row } from '../../../../shared/api/contract.js';
import { useRef } from 'react';
import type { TableColumn } from './resultColumns.js';
import { pinnedCount, usePinnedLefts } from './pinnedColumns.js';

export { tableColumns, type TableColumn } from './resultColumns.js';
import { EMPTY_GROUP_LABEL } from '../../../../shared/analyses/types.js';
import { OTHER_GROUP_LABEL } from '../../../../shared/privacy.js';
import { formatCell } from '../../components/grid/columnDefs.js';
import { MASK_MARK, maskedLegend, maskedWhy, slotHiddenWhy } from '../../lib/maskedWords.js';
import type { ShownRow } from './shownRows.js';
import { yesNo } from '../../lib/yesNo.js';

/** One cell as the reader sees it: group keys without a value, privacy-hidden values and absent values each have their own words. */
function Cell({ value, column, masked, minGroupSize, other, slot }: { value: Row[string]; column: TableColumn; masked: boolean; minGroupSize: number; other: boolean; slot?: ShownRow['hidden'] }) {
  if (column.group && (value === null || value === '')) return <span title="No value for this attribute">{EMPTY_GROUP_LABEL}</span>;
  if (value === null || value === undefined) {
    if (slot) return <span className="masked-cell faint" title={slotHiddenWhy(slot, minGroupSize)} data-testid="masked-cell">{MASK_MARK}</span>;
    if (masked) return <span className="masked-cell faint" title={maskedWhy(minGroupSize)} data-testid="masked-cell">{MASK_MARK}</span>;
    // The merged group is several groups: measures of one group (a network's degree, community…) are left out on purpose.
    if (other) return <span className="faint" title={`Not computed for "${OTHER_GROUP_LABEL}": it merges several groups, so a measure of one group would mislead (see the note above the table).`}>—</span>;
    return <span className="faint" title="No value: nothing to compute it from (e.g. no hours, or a column the export lacks)">—</span>;
  }
  // A yes/no column (e.g. "In working hours") reads as words, not DuckDB's true/false.
  if (typeof value === 'boolean') return <>{yesNo(value)}</>;
  return <>{formatCell(value, column.kind)}</>;
}

/** The full text of a row key for its cell's tooltip (an empty key's own word has its own tooltip). */
function keyTitle(value: Row[string]): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `rows`: the result's rows and the slots the guard left out (shownRows.ts), each slot's values hidden. */
export function ResultTable({ columns, rows, caption, maskedColumns = [], minGroupSize = 5 }: { columns: TableColumn[]; rows: ShownRow[]; caption: string; maskedColumns?: string[]; minGroupSize?: number }) {
  const anyMasked = rows.some((s) => !s.hidden && maskedColumns.some((c) => s.row[c] === null));
  const slots = [...new Set(rows.flatMap((s) => (s.hidden ? [s.hidden] : [])))];
  const table = useRef<HTMLTableElement>(null);
  const pinned = pinnedCount(columns);
  const lefts = usePinnedLefts(table, pinned, [columns, rows]);
  // The row keys stay in view when the table scrolls sideways (app.css: .pinned, .pinned--last).
  const pin = (i: number) => (i < pinned ? { className: i === pinned - 1 ? 'pinned pinned--last' : 'pinned', style: { left: lefts[i] ?? 0 } } : undefined);
  const cls = (...names: (string | undefined)[]) => names.filter(Boolean).join(' ') || undefined;
  return (
    <div className="table-wrap" style={{ maxHeight: '100%' }}>
      <table ref={table} className="table result-table" aria-label={caption} data-testid="analysis-table">
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={c.name} scope="col" className={cls(c.numeric ? 'num' : undefined, pin(i)?.className)} title={[c.definition, c.exactness && `${c.exactness} value`].filter(Boolean).join(' · ') || undefined} style={pin(i)?.style}>
                {c.label}
                {c.exactness === 'approximate' && <span className="exact-tag exact-tag--approximate">approx.</span>}
                {c.unit && <span className="unit">{c.unit}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ row: r, hidden: slot }, i) => {
            const other = columns.some((c) => r[c.name] === OTHER_GROUP_LABEL);
            return (
              <tr key={i} className={other || slot ? 'suppressed-row' : undefined} data-hidden-slot={slot}>
                {columns.map((c, j) => (
                  <td key={c.name} className={cls(c.numeric ? 'num' : undefined, pin(j)?.className, j === 0 ? 'row-name' : undefined)} style={pin(j)?.style} title={j < pinned ? keyTitle(r[c.name]) : undefined}>
                    {j < pinned ? (
                      // A row key is cut to its column's cap (app.css: .pinned-text), its full text in the tooltip.
                      <span className="pinned-text">
                        <Cell value={r[c.name]} column={c} masked={maskedColumns.includes(c.name)} minGroupSize={minGroupSize} other={other} slot={slot} />
                      </span>
                    ) : (
                      <Cell value={r[c.name]} column={c} masked={maskedColumns.includes(c.name)} minGroupSize={minGroupSize} other={other} slot={slot} />
                    )}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      {(anyMasked || slots.length > 0) && (
        <p className="faint" data-testid="masked-legend" style={{ margin: '6px 10px' }}>
          {maskedLegend(anyMasked, slots, minGroupSize)}
        </p>
      )}
    </div>
  );
}
