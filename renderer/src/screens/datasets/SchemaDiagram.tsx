/**
 * The nine export tables and how they join: event tables on the left, their participant tables
 * beside them, PersonHistorical above the participants; arrows run from each foreign key to the
 * key it references. Drawn from the shared export schema, with the workspace's row counts.
 */
import { EXPORT_SCHEMA, TABLE_NAMES, type TableName } from '../../../../shared/schema/exportSchema.js';
import { pluralRows } from '../../lib/format.js';

const BOX_W = 218;
const HEAD_H = 40;
const KEY_H = 18;
const COLUMN_X = [24, 292];
const ROW_Y = [150, 262, 374, 486];

/** Event tables left, their participant tables right of them, PersonHistorical above the participants. */
const LAYOUT: Record<TableName, { x: number; y: number }> = {
  Meetings: { x: COLUMN_X[0], y: ROW_Y[0] },
  Mails: { x: COLUMN_X[0], y: ROW_Y[1] },
  Calls: { x: COLUMN_X[0], y: ROW_Y[2] },
  InstantMessages: { x: COLUMN_X[0], y: ROW_Y[3] },
  MeetingParticipants: { x: COLUMN_X[1], y: ROW_Y[0] },
  MailParticipants: { x: COLUMN_X[1], y: ROW_Y[1] },
  CallParticipants: { x: COLUMN_X[1], y: ROW_Y[2] },
  InstantMessageParticipants: { x: COLUMN_X[1], y: ROW_Y[3] },
  PersonHistorical: { x: COLUMN_X[1], y: 10 },
};
const WIDTH = COLUMN_X[1] + BOX_W + 64;

interface KeyLine {
  column: string;
  pk: boolean;
  fk: boolean;
}

/** The columns a box lists: primary and foreign keys, in schema order; PersonHistorical adds the stable person id. */
function keyLines(table: TableName): KeyLine[] {
  const def = EXPORT_SCHEMA[table];
  const fks = new Set(def.foreignKeys.map((f) => f.column));
  const lines = def.columns
    .filter((c) => def.primaryKey.includes(c.name) || fks.has(c.name))
    .map((c) => ({ column: c.name, pk: def.primaryKey.includes(c.name), fk: fks.has(c.name) }));
  if (table === 'PersonHistorical') lines.push({ column: 'EmailAddress', pk: false, fk: false }, { column: 'ManagerId', pk: false, fk: false });
  return lines;
}

function keyY(table: TableName, column: string): number {
  const i = keyLines(table).findIndex((k) => k.column === column);
  return LAYOUT[table].y + HEAD_H + KEY_H * Math.max(0, i) + KEY_H / 2 + 2;
}

function boxHeight(table: TableName): number {
  return HEAD_H + keyLines(table).length * KEY_H + 10;
}

interface Edge {
  from: TableName;
  to: TableName;
  d: string;
}

function edges(): Edge[] {
  const out: Edge[] = [];
  for (const table of TABLE_NAMES) {
    for (const fk of EXPORT_SCHEMA[table].foreignKeys) {
      const target = fk.references.table;
      const a = LAYOUT[table];
      const b = LAYOUT[target];
      const y1 = keyY(table, fk.column);
      const y2 = keyY(target, fk.references.column);
      let d: string;
      if (a.x === b.x) {
        // Same column: loop out on the left (Calls → Meetings) or on the right (participants → PersonHistorical).
        const left = a.x === COLUMN_X[0];
        const x = left ? a.x - 2 : a.x + BOX_W + 2;
        const bend = left ? -18 : 22 + (y1 - y2) / 14;
        d = `M ${x} ${y1} C ${x + bend} ${y1}, ${x + bend} ${y2}, ${x} ${y2}`;
      } else {
        const x1 = a.x;
        const x2 = b.x + BOX_W;
        d = `M ${x1} ${y1} C ${x1 - 36} ${y1}, ${x2 + 36} ${y2}, ${x2 + 2} ${y2}`;
      }
      out.push({ from: table, to: target, d });
    }
  }
  return out;
}

const EDGES = edges();

export function SchemaDiagram({ rows, selected, onSelect }: { rows: ReadonlyMap<string, number | null>; selected?: string; onSelect(table: TableName): void }) {
  const height = ROW_Y[3] + boxHeight('InstantMessageParticipants') + 10;
  return (
    <svg className="schema-diagram" viewBox={`0 0 ${WIDTH} ${height}`} role="group" aria-label="Diagram of the nine export tables and their keys">
      <defs>
        <marker id="schema-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 8 4 L 0 8 z" className="edge-end" />
        </marker>
      </defs>
      <g className="legend" aria-hidden="true">
        <text className="legend__title" x={COLUMN_X[0]} y={28}>
          Keys
        </text>
        {[
          ['PK', 'primary key', 'tbl__keytag'],
          ['FK', 'foreign key → the key it uses', 'tbl__keytag tbl__keytag--fk'],
          ['ID', 'masked person id', 'tbl__keytag tbl__keytag--id'],
        ].map(([tag, text, cls], i) => (
          <g key={tag}>
            <text className={cls} x={COLUMN_X[0]} y={52 + i * 20}>
              {tag}
            </text>
            <text className="legend__text" x={COLUMN_X[0] + 24} y={52 + i * 20}>
              {text}
            </text>
          </g>
        ))}
      </g>
      {EDGES.map((e, i) => (
        <path key={i} d={e.d} className={`edge${selected === e.from || selected === e.to ? ' edge--hl' : ''}`} markerEnd="url(#schema-arrow)" />
      ))}
      {TABLE_NAMES.map((table) => {
        const { x, y } = LAYOUT[table];
        const count = rows.get(table);
        const h = boxHeight(table);
        const cls = ['tbl', selected === table ? 'tbl--selected' : '', count === undefined ? 'tbl--missing' : ''].filter(Boolean).join(' ');
        return (
          <g
            key={table}
            className={cls}
            role="button"
            tabIndex={0}
            aria-label={`${table}: ${count === undefined ? 'not loaded' : pluralRows(count)}`}
            aria-pressed={selected === table}
            onClick={() => onSelect(table)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                onSelect(table);
              }
            }}
          >
            <rect className="tbl__box" x={x} y={y} width={BOX_W} height={h} rx={7} />
            <rect className="tbl__head" x={x + 1} y={y + 1} width={BOX_W - 2} height={HEAD_H - 2} rx={6} />
            <text className="tbl__name" x={x + 10} y={y + 17}>
              {table}
            </text>
            <text className="tbl__rows" x={x + 10} y={y + 32}>
              {count === undefined ? 'not loaded' : pluralRows(count)}
            </text>
            {keyLines(table).map((k, i) => (
              <g key={k.column}>
                <text className="tbl__keytag" x={x + 10} y={y + HEAD_H + KEY_H * i + 15}>
                  {k.pk && <tspan>PK</tspan>}
                  {k.fk && <tspan className="tbl__keytag--fk" dx={k.pk ? 3 : 0}>FK</tspan>}
                  {!k.pk && !k.fk && <tspan className="tbl__keytag--id">ID</tspan>}
                </text>
                <text className="tbl__key" x={x + 48} y={y + HEAD_H + KEY_H * i + 15}>
                  {k.column}
                </text>
              </g>
            ))}
          </g>
        );
      })}
    </svg>
  );
}
