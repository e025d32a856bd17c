/** A True / False / Empty filter for BOOLEAN columns (ag-grid community has none); applied by DuckDB. */
import { useGridFilter, type CustomFilterProps } from 'ag-grid-react';
import { useCallback } from 'react';

export interface BooleanFilterModel {
  filterType: 'boolean';
  value: 'true' | 'false' | 'blank';
}

const CHOICES = [
  { value: null, label: 'Any' },
  { value: 'true', label: 'True' },
  { value: 'false', label: 'False' },
  { value: 'blank', label: 'Empty' },
] as const;

export function BooleanFilter({ model, onModelChange, colDef }: CustomFilterProps<unknown, unknown, BooleanFilterModel>) {
  // Rows are filtered in the backend; the grid itself never evaluates this filter.
  const doesFilterPass = useCallback(() => true, []);
  useGridFilter({ doesFilterPass });
  const name = `bool-${colDef.colId ?? colDef.field ?? 'col'}`;
  return (
    <fieldset className="bool-filter" style={{ border: 0, margin: 0 }}>
      <legend className="visually-hidden">Filter {colDef.headerName}</legend>
      {CHOICES.map((c) => (
        <label key={c.label}>
          <input type="radio" name={name} checked={(model?.value ?? null) === c.value} onChange={() => onModelChange(c.value === null ? null : { filterType: 'boolean', value: c.value })} />
          {c.label}
        </label>
      ))}
    </fieldset>
  );
}
