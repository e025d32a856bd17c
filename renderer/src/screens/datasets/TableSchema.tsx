/** One table's columns with their DuckDB types, keys and what each column means. */
import type { TableSummary } from '../../../../shared/api/contract.js';
import { EXPORT_SCHEMA, TABLE_NAMES, type TableDef, type TableName } from '../../../../shared/schema/exportSchema.js';

function exportDef(name: string): TableDef | undefined {
  return (TABLE_NAMES as readonly string[]).includes(name) ? EXPORT_SCHEMA[name as TableName] : undefined;
}

export function TableSchema({ table }: { table: TableSummary }) {
  const def = exportDef(table.name);
  return (
    <div className="stack">
      {def && (
        <p className="muted" style={{ fontSize: 'var(--text-sm)' }}>
          One row per <strong>{def.grain}</strong>. Key: <code>{def.primaryKey.join(' + ')}</code>.
        </p>
      )}
      <div className="table-wrap" style={{ maxHeight: 420 }}>
        <table className="table" aria-label={`Columns of ${table.name}`}>
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Type</th>
              <th scope="col">Meaning</th>
            </tr>
          </thead>
          <tbody>
            {table.columns.map((col) => {
              const known = def?.columns.find((c) => c.name === col.name);
              const fk = def?.foreignKeys.find((f) => f.column === col.name);
              const pk = def?.primaryKey.includes(col.name);
              return (
                <tr key={col.name}>
                  <td className="nowrap">
                    <span className="mono">{col.name}</span> {pk && <span className="badge badge--accent">PK</span>} {fk && <span className="badge badge--warning">FK</span>}{' '}
                    {known?.pseudonym && <span className="badge badge--success">masked</span>}{' '}
                    {table.missingColumns?.includes(col.name) && (
                      <span className="badge badge--warning" title="The documents list this column, but the export's files do not have it: every value is empty.">
                        not in your files
                      </span>
                    )}
                  </td>
                  <td>
                    <span className="col-type">{col.type}</span>
                    {known?.documentedType === 'integer' && col.type !== 'INTEGER' && (
                      <span className="muted" title="The type the export documentation gives this column">
                        {' '}
                        (documented: {known.documentedType})
                      </span>
                    )}
                  </td>
                  <td className="muted">
                    {known?.description ?? (def ? (def.extraColumnsAreHrAttributes ? 'HR attribute named by your tenant.' : 'Not in the documentation: kept as your files have it.') : '')}
                    {fk && (
                      <>
                        {' '}
                        → <span className="mono">{`${fk.references.table}.${fk.references.column}`}</span>
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
