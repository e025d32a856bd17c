/**
 * The columns the import will create: the type detection found (over the whole file), a type the
 * user may choose instead, and what detection noticed. Overrides go to the backend as
 * ImportFileOptions.types, e.g. `integer` or `date:%d/%m/%Y`.
 */
import { useEffect, useState } from 'react';
import type { PreviewColumnInfo } from '../../../../shared/api/contract.js';
import { TYPE_CHOICES, typeChoiceKind } from './importChoices.js';

function TypeChoiceField({ column, choice, onChoice }: { column: string; choice: string | undefined; onChoice(choice: string | undefined): void }) {
  const [kind, setKind] = useState(typeChoiceKind(choice));
  const [format, setFormat] = useState(choice?.startsWith('date:') ? choice.slice(5) : '');
  useEffect(() => {
    setKind(typeChoiceKind(choice));
    if (choice?.startsWith('date:')) setFormat(choice.slice(5));
  }, [choice]);
  const commitFormat = () => {
    if (format.trim() && `date:${format.trim()}` !== choice) onChoice(`date:${format.trim()}`);
  };
  return (
    <div className="row" style={{ flexWrap: 'nowrap' }}>
      <select
        className="select"
        style={{ width: 170 }}
        aria-label={`Type of ${column}`}
        value={kind}
        onChange={(e) => {
          const next = e.target.value;
          setKind(next);
          // A date format has to be typed before the choice means anything.
          if (next !== 'date:') onChoice(next || undefined);
        }}
      >
        <option value="">As detected</option>
        {TYPE_CHOICES.map((t) => (
          <option key={t.value} value={t.value}>
            {t.label}
          </option>
        ))}
      </select>
      {kind === 'date:' && (
        <input
          className="input mono"
          style={{ width: 120 }}
          aria-label={`Date format of ${column}`}
          placeholder="%d/%m/%Y"
          value={format}
          onChange={(e) => setFormat(e.target.value)}
          onBlur={commitFormat}
          onKeyDown={(e) => e.key === 'Enter' && commitFormat()}
        />
      )}
    </div>
  );
}

export function ColumnTypes({ columns, types, onTypes }: { columns: PreviewColumnInfo[]; types: Record<string, string> | undefined; onTypes(next: Record<string, string>): void }) {
  const choose = (column: string, choice: string | undefined) => {
    const next = { ...types };
    if (choice) next[column] = choice;
    else delete next[column];
    onTypes(next);
  };
  return (
    <div className="table-wrap" style={{ maxHeight: 320 }}>
      <table className="table table--compact" aria-label="Columns of the file">
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Detected</th>
            <th scope="col">Read as</th>
            <th scope="col">Notes</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((c) => (
            <tr key={c.name} data-column={c.name}>
              <td className="mono nowrap">{c.name}</td>
              <td>
                <span className="col-type">{c.detected}</span>
                {c.overridden && c.type !== c.detected && (
                  <>
                    {' → '}
                    <span className="col-type">{c.type}</span>
                  </>
                )}
              </td>
              <td>
                <TypeChoiceField column={c.name} choice={types?.[c.name]} onChoice={(choice) => choose(c.name, choice)} />
              </td>
              <td className="muted">{[c.format && !c.detected.includes(c.format) && `format ${c.format}`, c.note].filter(Boolean).join(' · ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
