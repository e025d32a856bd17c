/**
 * The renderer's plain logic, under Node (no browser): grid sort/filter mapping to the contract,
 * locating SQL errors, chart options for every chart kind, the two transports (calls and files
 * given to the backend), the import and join forms, the audit's attribute sets, CSV/TSV and
 * formatting. The browser flows themselves are in test/e2e-browser.test.ts.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DatasetInfo, JoinInfo, Row, TableSummary } from '../../shared/api/contract.js';
import { EMPTY_GROUP_LABEL, optionLabel, viewOf, type ChartSpec, type ResultColumnSpec } from '../../shared/analyses/types.js';
import { ANALYSES, findAnalysis } from '../../shared/analyses/catalogue.js';
import { tableColumns } from '../../renderer/src/screens/analyses/resultColumns.js';
import { columnDefsFor, formatCell } from '../../renderer/src/components/grid/columnDefs.js';
import { OTHER_GROUP_LABEL } from '../../shared/privacy.js';
import { describeFilter, toColumnFilters, toSortSpecs, UnsupportedFilterError } from '../../renderer/src/components/grid/gridQuery.js';
import { errorSummary, locateSqlError } from '../../renderer/src/screens/sql/sqlErrorPosition.js';
import { buildChartOption, chartMinHeight, HEATMAP_ROW_PX, HIDDEN_CELLS_LABEL, type ChartData } from '../../renderer/src/charts/chartOption.js';
import { PALETTES } from '../../renderer/src/theme/palette.js';
import { legendRows, wrapText } from '../../renderer/src/charts/exportImage.js';
import { chartNotes } from '../../renderer/src/screens/analyses/chartNotes.js';
import { createIpcClient, type WpaBridge } from '../../renderer/src/api/ipcClient.js';
import { createHttpClient } from '../../renderer/src/api/httpClient.js';
import { toCsv, toTsv } from '../../renderer/src/lib/csv.js';
import { formatBytes, formatDuration, formatTimestamp } from '../../renderer/src/lib/format.js';
import { columnKind } from '../../renderer/src/lib/columnKinds.js';
import { viewOfRun, type CatalogueEntry, type RunResult } from '../../renderer/src/screens/analyses/catalogue.js';
import { fileNameOf, suggestDatasetName } from '../../renderer/src/screens/import/importChoices.js';
import { datasetNameProblem } from '../../shared/api/datasetNames.js';
import { bringableColumns, columnNote, defaultJoinForm, joinFormProblem, joinSpecOf, leftOutReason, replacedJoin, replaceWarning } from '../../renderer/src/screens/import/joinForm.js';
import { pickableAttributes, setsToRun } from '../../renderer/src/screens/audit/attributeSets.js';
import { summaryCounts } from '../../renderer/src/screens/audit/auditSummary.js';

describe('grid sort and filter models → contract', () => {
  const kinds = new Map([
    ['Subject', 'text'],
    ['NumberOfRecipients', 'integer'],
    ['SentTime', 'timestamp'],
    ['Day', 'date'],
    ['IsSender', 'boolean'],
  ] as const);

  test('sorts keep their order and direction', () => {
    assert.deepEqual(toSortSpecs([{ colId: 'SentTime', sort: 'desc' }, { colId: 'Subject', sort: 'asc' }]), [
      { column: 'SentTime', direction: 'desc' },
      { column: 'Subject', direction: 'asc' },
    ]);
  });

  test('text, number, range, boolean and blank filters', () => {
    const filters = toColumnFilters(
      {
        Subject: { filterType: 'text', type: 'contains', filter: 'budget' },
        NumberOfRecipients: { filterType: 'number', type: 'greaterThanOrEqual', filter: 3 },
        IsSender: { filterType: 'boolean', value: 'false' },
      },
      kinds,
    );
    assert.deepEqual(filters, [
      { column: 'Subject', kind: 'text', op: 'contains', value: 'budget' },
      { column: 'NumberOfRecipients', kind: 'number', op: 'ge', value: 3 },
      { column: 'IsSender', kind: 'boolean', value: false },
    ]);
    assert.deepEqual(toColumnFilters({ NumberOfRecipients: { filterType: 'number', type: 'inRange', filter: 2, filterTo: 5 } }, kinds), [{ column: 'NumberOfRecipients', kind: 'range', from: 2, to: 5 }]);
    assert.deepEqual(toColumnFilters({ Subject: { filterType: 'text', type: 'blank' } }, kinds), [{ column: 'Subject', kind: 'blank', blank: true }]);
    assert.deepEqual(toColumnFilters({ IsSender: { filterType: 'boolean', value: 'blank' } }, kinds), [{ column: 'IsSender', kind: 'blank', blank: true }]);
  });

  test('date filters become inclusive ranges over whole days', () => {
    const on = (type: string, dateFrom: string, dateTo?: string, column = 'SentTime') => toColumnFilters({ [column]: { filterType: 'date', type, dateFrom, dateTo } }, kinds)[0];
    assert.deepEqual(on('equals', '2024-01-03 00:00:00'), { column: 'SentTime', kind: 'range', from: '2024-01-03 00:00:00', to: '2024-01-03 23:59:59.999999' });
    assert.deepEqual(on('lessThan', '2024-03-01 00:00:00'), { column: 'SentTime', kind: 'range', to: '2024-02-29 23:59:59.999999' });
    assert.deepEqual(on('greaterThan', '2023-12-31 00:00:00'), { column: 'SentTime', kind: 'range', from: '2024-01-01 00:00:00' });
    assert.deepEqual(on('inRange', '2024-01-01 00:00:00', '2024-01-07 00:00:00'), { column: 'SentTime', kind: 'range', from: '2024-01-01 00:00:00', to: '2024-01-07 23:59:59.999999' });
    assert.deepEqual(on('equals', '2024-01-03 00:00:00', undefined, 'Day'), { column: 'Day', kind: 'range', from: '2024-01-03', to: '2024-01-03' });
  });

  test('what the contract cannot say is refused, not dropped', () => {
    assert.throws(() => toColumnFilters({ Subject: { filterType: 'text', operator: 'OR', conditions: [{ type: 'contains', filter: 'a' }, { type: 'contains', filter: 'b' }] } }, kinds), UnsupportedFilterError);
    assert.throws(() => toColumnFilters({ Subject: { filterType: 'text', type: 'endsWith', filter: 'x' } }, kinds), UnsupportedFilterError);
    assert.deepEqual(toColumnFilters({ Subject: { filterType: 'text', operator: 'AND', conditions: [{ type: 'contains', filter: 'a' }, { type: 'notContains', filter: 'b' }] } }, kinds).length, 2);
  });

  test('filters read as words', () => {
    assert.equal(describeFilter({ column: 'IsSender', kind: 'boolean', value: true }), 'IsSender is true');
    assert.equal(describeFilter({ column: 'N', kind: 'number', op: 'le', value: 4 }), 'N ≤ 4');
  });
});

describe('SQL error position', () => {
  const sql = 'SELECT count(*)\nFROM Mails\nWHERE Recipient > 3';

  test('from the line and column the backend gives', () => {
    const spot = locateSqlError(sql, { code: 'sql/binder', message: 'x', where: { line: 3, column: '7' } });
    assert.deepEqual(spot && { line: spot.line, column: spot.column, text: sql.slice(spot.from, spot.to) }, { line: 3, column: 7, text: 'Recipient' });
  });

  test("from DuckDB's caret drawing, long lines cut with ...", () => {
    const message = 'Binder Error: Referenced column "Recipient" not found\n\nLINE 3: WHERE Recipient > 3\n              ^';
    const spot = locateSqlError(sql, { code: 'sql/binder', message });
    assert.equal(spot && sql.slice(spot.from, spot.to), 'Recipient');
    const long = `SELECT ${'a, '.repeat(40)}nope FROM t`;
    const caretAt = (from: number) => ' '.repeat('LINE 1: '.length + 3 + (long.indexOf('nope') - from)) + '^';
    for (const shown of [`...${long.slice(90)}`, `...${long.slice(90, 134)}...`]) {
      const cut = locateSqlError(long, { code: 'sql/binder', message: `Binder Error: x\n\nLINE 1: ${shown}\n${caretAt(90)}` });
      assert.equal(cut && long.slice(cut.from, cut.to), 'nope', shown);
    }
  });

  test('from a named token when there is no caret', () => {
    const spot = locateSqlError(sql, { code: 'sql/syntax', message: 'syntax error at or near "Recipient"' });
    assert.equal(spot?.line, 3);
    assert.equal(errorSummary('Parser Error: syntax error at or near "FORM"\n\nLINE 1: SELECT * FORM t\n                 ^'), 'syntax error at or near "FORM"');
  });
});

describe('chart options from the spec and the result columns', () => {
  const columns: ResultColumnSpec[] = [
    { name: 'grp', label: 'Group', role: 'group' },
    { name: 'people', label: 'People', role: 'people' },
    { name: 'mean_length', label: 'Mean length', unit: 'emails', role: 'metric' },
    { name: 'p10', label: 'P10', role: 'metric' },
    { name: 'p25', label: 'P25', role: 'metric' },
    { name: 'p50', label: 'Median', role: 'metric' },
    { name: 'p75', label: 'P75', role: 'metric' },
    { name: 'p90', label: 'P90', role: 'metric' },
  ];
  const rows: Row[] = [
    { grp: 'Sales', people: 40, mean_length: 6.5, p10: 1, p25: 2, p50: 4, p75: 7, p90: 12 },
    { grp: OTHER_GROUP_LABEL, people: 9, mean_length: 3, p10: 1, p25: 1, p50: 2, p75: 3, p90: 5 },
  ];
  const look = { palette: PALETTES.light };
  const chart = (spec: Partial<ChartSpec> & Pick<ChartSpec, 'kind'>, data: Partial<ChartData> = {}) =>
    buildChartOption({ spec: { x: 'grp', y: ['mean_length'], title: 'T', ...spec }, columns, rows, ...data }, look) as unknown as Record<string, unknown> & { series: Record<string, unknown>[] };

  test('bar: one series per value column, the merged small groups drawn muted, the title left to the panel', () => {
    const o = chart({ kind: 'bar' });
    assert.equal(o.series.length, 1);
    assert.equal(o.series[0].type, 'bar');
    const data = o.series[0].data as unknown[];
    assert.equal(data[0], 6.5);
    assert.deepEqual((data[1] as { itemStyle: { color: string } }).itemStyle.color, PALETTES.light.muted);
    assert.equal((o.title as { show?: boolean }).show, false);
  });

  test('every series and legend entry has a name: an empty group, a heatmap, a network', () => {
    const named = (o: { series: Record<string, unknown>[] }) => o.series.map((s) => s.name);
    const pivot = chart({ kind: 'bar', y: ['v'], series: 'kind' }, { rows: [{ grp: 'A', kind: '', v: 1 }, { grp: 'A', kind: 'x', v: 2 }] });
    assert.deepEqual(named(pivot), [EMPTY_GROUP_LABEL, 'x']);
    const heat = chart({ kind: 'heatmap', x: 'grp', y: ['grp'], value: 'mean_length' });
    assert.deepEqual(named(heat), ['Mean length (emails)']);
    const net = chart(
      { kind: 'network', network: { node: 'grp', color: 'community', edgesTable: 'edges', source: 's', target: 't', weight: 'w' } },
      { rows: [{ grp: 'A', community: 1 }, { grp: 'B', community: 2 }], related: { edges: { rows: [] } } },
    );
    assert.deepEqual(named(net), ['Group']);
    assert.deepEqual((net.legend as { data: string[] }).data, ['community 1', 'community 2'], 'the legend lists the communities only');
  });

  test('axis titles are kept inside the chart with the labels (containLabel alone cut them: "ours per week")', () => {
    const o = chart({ kind: 'line', x: 'grp', y: ['mean_length'], yLabel: 'hours per week' }) as unknown as { grid: Record<string, unknown>; yAxis: Record<string, unknown> };
    assert.equal(o.grid.outerBoundsContain, 'all');
    assert.equal(o.grid.containLabel, undefined);
    assert.equal(o.yAxis.name, 'hours per week');
  });

  test('bar with a series column pivots and stacks', () => {
    const pivotRows: Row[] = [
      { grp: 'A', kind: 'x', v: 1 },
      { grp: 'A', kind: 'y', v: 2 },
      { grp: 'B', kind: 'x', v: 3 },
    ];
    const o = chart({ kind: 'bar', y: ['v'], series: 'kind', stacked: true }, { rows: pivotRows });
    assert.deepEqual(
      o.series.map((s) => [s.name, s.stack, s.data]),
      [
        ['x', 'total', [1, 3]],
        ['y', 'total', [2, null]],
      ],
    );
  });

  test('line sorts weeks and draws one line per group', () => {
    const weekRows: Row[] = [
      { grp: 'A', week: '2024-01-08', v: 2 },
      { grp: 'A', week: '2024-01-01', v: 1 },
      { grp: 'B', week: '2024-01-01', v: 5 },
    ];
    const o = chart({ kind: 'line', x: 'week', y: ['v'], series: 'grp' }, { rows: weekRows });
    assert.deepEqual((o.xAxis as { data: string[] }).data, ['2024-01-01', '2024-01-08']);
    assert.deepEqual(o.series.map((s) => s.data), [
      [1, 2],
      [5, null],
    ]);
  });

  test('heatmap: cells by category index, colour range from the values', () => {
    const cells: Row[] = [
      { hour: '9', weekday: 'Mon', v: 2 },
      { hour: '10', weekday: 'Mon', v: 4 },
      { hour: '9', weekday: 'Tue', v: null },
    ];
    const o = chart({ kind: 'heatmap', x: 'hour', y: ['weekday'], value: 'v', xOrder: ['9', '10'] }, { rows: cells });
    assert.deepEqual(o.series[0].data, [
      [0, 0, 2],
      [1, 0, 4],
      [0, 1, '-'],
    ]);
    assert.deepEqual([(o.visualMap as { min: number }).min, (o.visualMap as { max: number }).max], [2, 4]);
  });

  test('heatmap: a cell hidden for privacy is its own hatched series with a legend entry and a tooltip saying why; a cell with no data stays a gap', () => {
    const cells: Row[] = [
      { hour: '9', weekday: 'Mon', v: 2, w: 1 },
      { hour: '10', weekday: 'Mon', v: null, w: 1 },
      { hour: '9', weekday: 'Tue', v: null, w: null },
    ];
    const spec = { kind: 'heatmap' as const, x: 'hour', y: ['weekday'], value: 'v', xOrder: ['9', '10'] };
    const o = chart(spec, { rows: cells, masked: { columns: ['v'], minGroupSize: 5 } });
    assert.equal(o.series.length, 2);
    const hidden = o.series[1] as { name: string; data: unknown[]; itemStyle: { color: string; decal?: unknown } };
    assert.equal(hidden.name, HIDDEN_CELLS_LABEL);
    // Both NULLs of a masked column: the guard's (the export's "no value" is another column's NULL).
    assert.deepEqual(hidden.data, [
      { value: [1, 0, 0], hidden: 'value' },
      { value: [0, 1, 0], hidden: 'value' },
    ]);
    assert.ok(hidden.itemStyle.decal, 'hatched');
    assert.notEqual(hidden.itemStyle.color, PALETTES.light.surface);
    assert.deepEqual((o.legend as { data: string[]; show: boolean }).data, [HIDDEN_CELLS_LABEL]);
    // The colour scale colours the values only; the hidden cells keep their grey.
    assert.deepEqual((o.visualMap as { seriesIndex: number }[]).map((v) => v.seriesIndex), [0, 1]);
    const tip = (o.tooltip as { formatter: (x: unknown) => string }).formatter;
    assert.match(tip({ seriesIndex: 1, data: { value: [1, 0, 0], hidden: 'value' } }), /Mon · 10.*Hidden to protect privacy.*minimum group size of 5/s);
    assert.match(tip({ seriesIndex: 0, data: [0, 0, 2] }), /Mon · 9.*<b>2<\/b>/s);
    // Hidden cells make room for their legend entry.
    assert.ok(chartMinHeight({ spec: { ...spec, title: 'T' }, columns, rows: cells, masked: { columns: ['v'], minGroupSize: 5 } })! > chartMinHeight({ spec: { ...spec, title: 'T' }, columns, rows: cells })!);
    // A column the guard did not hide: its NULLs are "no value", drawn as gaps, no legend.
    const plain = chart({ ...spec, value: 'w' }, { rows: cells, masked: { columns: ['v'], minGroupSize: 5 } });
    assert.equal(plain.series.length, 1);
    assert.equal((plain.legend as { show: boolean }).show, false);
  });

  test('heatmap: the slots the guard left out (no row) are hatched when it hid cells, and say whether they may also be empty', () => {
    const cells: Row[] = [
      { hour: '9', weekday: 'Mon', v: 2 },
      { hour: '10', weekday: 'Mon', v: 3 },
      { hour: '9', weekday: 'Tue', v: 1 },
    ];
    const spec = { kind: 'heatmap' as const, x: 'hour', y: ['weekday'], value: 'v', xOrder: ['9', '10'] };
    const hiddenOf = (cellsHidden: number) => chart(spec, { rows: cells, masked: { columns: [], minGroupSize: 5, cellsHidden } });
    // Tue · 10 has no row: one cell hidden, so it is that cell.
    const one = hiddenOf(1);
    assert.deepEqual(one.series[1].data, [{ value: [1, 1, 0], hidden: 'cell' }]);
    const tip = (one.tooltip as { formatter: (x: unknown) => string }).formatter;
    assert.match(tip({ seriesIndex: 1, data: { value: [1, 1, 0], hidden: 'cell' } }), /Tue · 10.*Hidden to protect privacy: this cell covers from 1 to 4 people/s);
    // Nothing hidden: a gap is a slot nobody is in, drawn as a gap.
    assert.equal(hiddenOf(0).series.length, 1);
    // More gaps than hidden cells: the tooltip says a gap may be either.
    const fewer = chart(spec, { rows: cells.slice(0, 2).concat({ hour: '8', weekday: 'Wed', v: 1 }), masked: { columns: [], minGroupSize: 5, cellsHidden: 1 } });
    const gaps = fewer.series[1].data as { hidden: string }[];
    assert.ok(gaps.length > 1 && gaps.every((c) => c.hidden === 'cell-or-empty'), JSON.stringify(gaps));
    assert.match((fewer.tooltip as { formatter: (x: unknown) => string }).formatter({ seriesIndex: 1, data: gaps[0] }), /Or nobody is in this slot/);
  });

  test('box: five statistics per group, mean as a marker', () => {
    const o = chart({ kind: 'box', box: { low: 'p10', q1: 'p25', median: 'p50', q3: 'p75', high: 'p90', mean: 'mean_length' } });
    assert.equal(o.series[0].type, 'boxplot');
    assert.deepEqual(o.series[0].data, [
      [1, 2, 4, 7, 12],
      [1, 1, 2, 3, 5],
    ]);
    assert.equal(o.series[1].type, 'scatter');
  });

  test('network: nodes from rows, edges from the related table, only between shown nodes', () => {
    const nodes: Row[] = [
      { grp: 'A', group_size: 10, community: 1 },
      { grp: 'B', group_size: 40, community: 2 },
    ];
    const edges: Row[] = [
      { source: 'A', target: 'B', hours: 5 },
      { source: 'A', target: 'Hidden', hours: 9 },
    ];
    const o = chart(
      { kind: 'network', network: { node: 'grp', size: 'group_size', color: 'community', edgesTable: 'edges', source: 'source', target: 'target', weight: 'hours' } },
      { rows: nodes, related: { edges: { rows: edges } } },
    );
    assert.equal(o.series[0].type, 'graph');
    assert.deepEqual((o.series[0].links as { source: string; target: string }[]).map((l) => `${l.source}→${l.target}`), ['A→B']);
    assert.equal((o.series[0].data as unknown[]).length, 2);
    // A pair's hours have no direction: no arrowheads; the wheel scrolls the page, it does not zoom.
    assert.deepEqual(o.series[0].edgeSymbol, ['none', 'none']);
    assert.equal(o.series[0].roam, 'move');
  });

  test('scatter: one point per group with its label', () => {
    const points: Row[] = [
      { grp: 'A', x: 1, y: 2 },
      { grp: 'B', x: 3, y: null },
    ];
    const o = chart({ kind: 'scatter', x: 'x', y: ['y'] }, { rows: points });
    assert.deepEqual(o.series[0].data, [[1, 2, 'A']]);
  });

  test('a run names its chart and columns; else the view, with $param filled in', () => {
    const entry = { id: 'm', title: 'M', question: '', definition: '', params: [], columns, chart: { kind: 'bar', x: 'grp', y: ['$metric'], title: 'T' }, chartsByView: { trend: { kind: 'line', x: 'week', y: ['$metric'], title: 'W' } } } as CatalogueEntry;
    const run = { params: { view: 'trend', metric: 'email_hours' } } as unknown as RunResult;
    assert.deepEqual(viewOfRun(entry, run).chart, { kind: 'line', x: 'week', y: ['email_hours'], title: 'W' });
    const told = { ...run, chart: { kind: 'bar', x: 'grp', y: ['a'], title: 'B' } } as RunResult;
    assert.equal(viewOfRun(entry, told).chart.title, 'B');
  });
});

describe('chart images: wrapping and the static legend', () => {
  const measure = (s: string) => s.length * 10;
  test('text wraps at words within the width; a word longer than a line has a line of its own', () => {
    assert.deepEqual(wrapText('aa bb cc dd', 50, measure), ['aa bb', 'cc dd']);
    assert.deepEqual(wrapText('a verylongword b', 50, measure), ['a', 'verylongword', 'b']);
    assert.deepEqual(wrapText('  ', 50, measure), []);
  });
  test('a legend takes as many rows as its entries need', () => {
    // Each entry: 18 icon + 5 gap + text, 16 between entries.
    assert.equal(legendRows(['abc', 'def'], 200, measure), 1);
    assert.equal(legendRows(['abcdefghij', 'abcdefghij', 'abcdefghij'], 280, measure), 2);
    assert.equal(legendRows([], 200, measure), 0);
  });
  test('the notes say the minimum group size, what was merged, the run’s caveats and the activity dates (not HR validity dates)', () => {
    const tables = [
      { name: 'PersonHistorical', kind: 'export', rows: 1, columns: [], dateRange: { column: 'StartDate', min: '2004-10-02 00:00:00', max: '2024-02-19 00:00:00' } },
      { name: 'Mails', kind: 'export', rows: 1, columns: [], dateRange: { column: 'SentTime', min: '2023-12-31 17:44:44', max: '2024-02-26 08:59:57' } },
      { name: 'Calls', kind: 'export', rows: 1, columns: [], dateRange: { column: 'StartTime', min: '2024-01-01 09:00:00', max: '2024-02-27 09:00:00' } },
      { name: 'hr', kind: 'dataset', rows: 1, columns: [], dateRange: { column: 'x', min: '1990-01-01', max: '2030-01-01' } },
    ] as TableSummary[];
    const result = { minGroupSize: 7, params: {}, suppression: { note: '2 groups merged.' }, notes: ['3 edges hidden.'] } as unknown as RunResult;
    assert.deepEqual(chartNotes(result, tables), ['Minimum group size 7. 2 groups merged.', '3 edges hidden.', 'Data: activity from 2023-12-31 to 2024-02-27.']);
    const period = { ...result, notes: [], params: { from: '2024-01-10' } } as unknown as RunResult;
    assert.equal(chartNotes(period, tables).at(-1), 'Weeks from the week of 2024-01-10 to the end (data: activity from 2023-12-31 to 2024-02-27).');
    assert.deepEqual(chartNotes(result, []).length, 2, 'no dates where the workspace has none');
  });
});

describe('transports', () => {
  test('Electron: one preload function per call; a thrown call becomes an error result', async () => {
    const seen: unknown[] = [];
    const bridge = {
      call: {
        'jobs/list': async (req: unknown) => (seen.push(req), { ok: true, value: { jobs: [] } }),
        'sql/cancel': async () => {
          throw new Error('ipc closed');
        },
      },
      onEvent: () => () => undefined,
    } as unknown as WpaBridge;
    const api = createIpcClient(bridge);
    assert.deepEqual(await api.call('jobs/list', {}), { ok: true, value: { jobs: [] } });
    assert.deepEqual(seen, [{}]);
    const failed = await api.call('sql/cancel', { runId: 'r' });
    assert.equal(!failed.ok && failed.error.code, 'transport/unreachable');
    const missing = await api.call('grid/rows', { source: { kind: 'table', name: 'Mails' }, offset: 0, limit: 1 });
    assert.equal(!missing.ok && missing.error.code, 'transport/unknown-call');
    assert.equal(api.downloadUrl('job-1'), undefined);
  });

  test('Electron: a picked file is read where it is; a file with no path on disk is an error in words', async () => {
    const bridge = { call: {}, onEvent: () => () => undefined, pathForFile: (f: File) => (f.name === 'memory.csv' ? '' : `/data/${f.name}`) } as unknown as WpaBridge;
    const api = createIpcClient(bridge);
    assert.deepEqual(await api.pathForFile(new File(['a'], 'hr.csv')), { ok: true, value: { path: '/data/hr.csv', uploaded: false } });
    const none = await api.pathForFile(new File(['a'], 'memory.csv'));
    assert.equal(!none.ok && none.error.code, 'transport/no-path');
    assert.match(!none.ok ? (none.error.hint ?? '') : '', /path/);
  });

  test('browser: a picked file is uploaded with the token and progress; refusals and cancels are error results', async () => {
    type Listener = ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null;
    /** Just enough of XMLHttpRequest for uploadFile: records the request, answers as told. */
    class FakeXhr {
      static last: FakeXhr;
      static answer: { status: number; body: string } | 'network-error' | 'hang' = { status: 200, body: '' };
      method = '';
      url = '';
      headers: Record<string, string> = {};
      body: unknown;
      status = 0;
      responseText = '';
      upload: { onprogress: Listener } = { onprogress: null };
      onload: (() => void) | null = null;
      onerror: (() => void) | null = null;
      onabort: (() => void) | null = null;
      onloadend: (() => void) | null = null;
      open(method: string, url: string) {
        this.method = method;
        this.url = url;
        FakeXhr.last = this;
      }
      setRequestHeader(name: string, value: string) {
        this.headers[name] = value;
      }
      send(body: unknown) {
        this.body = body;
        const answer = FakeXhr.answer;
        if (answer === 'hang') return;
        queueMicrotask(() => {
          this.upload.onprogress?.({ loaded: 2, total: 4, lengthComputable: true });
          this.upload.onprogress?.({ loaded: 4, total: 4, lengthComputable: true });
          if (answer === 'network-error') this.onerror?.();
          else {
            this.status = answer.status;
            this.responseText = answer.body;
            this.onload?.();
          }
          this.onloadend?.();
        });
      }
      abort() {
        this.onabort?.();
        this.onloadend?.();
      }
    }
    const g = globalThis as { XMLHttpRequest?: unknown };
    const real = g.XMLHttpRequest;
    g.XMLHttpRequest = FakeXhr;
    try {
      const api = createHttpClient('tok', 'http://127.0.0.1:9/');
      const file = new File(['a,b\n'], 'Sales Q1 & Q2.csv');
      FakeXhr.answer = { status: 200, body: JSON.stringify({ ok: true, value: { path: '/ws/imports/.uploads/x/Sales Q1 _ Q2.csv', bytes: 4 } }) };
      const progress: [number, number][] = [];
      const r = await api.pathForFile(file, { onProgress: (sent, total) => progress.push([sent, total]) });
      assert.deepEqual(r, { ok: true, value: { path: '/ws/imports/.uploads/x/Sales Q1 _ Q2.csv', uploaded: true } });
      assert.equal(FakeXhr.last.method, 'POST');
      assert.equal(FakeXhr.last.url, 'http://127.0.0.1:9/api/upload?name=Sales%20Q1%20%26%20Q2.csv');
      assert.equal(FakeXhr.last.headers.Authorization, 'Bearer tok');
      assert.equal(FakeXhr.last.body, file, 'the File itself is the body, streamed by the browser');
      assert.deepEqual(progress, [[2, 4], [4, 4]]);

      const tooLarge = { ok: false, error: { code: 'transport/too-large', message: 'big.csv is larger than the 2.1 GB a file may be to upload.', hint: 'Type the path.' } };
      FakeXhr.answer = { status: 413, body: JSON.stringify(tooLarge) };
      assert.deepEqual(await api.pathForFile(file), tooLarge, 'the server’s own error passes through');
      FakeXhr.answer = { status: 401, body: 'no' };
      const refused = await api.pathForFile(file);
      assert.equal(!refused.ok && refused.error.code, 'transport/unauthorized');
      FakeXhr.answer = 'network-error';
      const down = await api.pathForFile(file);
      assert.equal(!down.ok && down.error.code, 'transport/unreachable');

      FakeXhr.answer = 'hang';
      const controller = new AbortController();
      const pending = api.pathForFile(file, { signal: controller.signal });
      controller.abort();
      const cancelled = await pending;
      assert.equal(!cancelled.ok && cancelled.error.code, 'transport/cancelled');

      const anonymous = await createHttpClient(undefined).pathForFile(file);
      assert.equal(!anonymous.ok && anonymous.error.code, 'transport/no-token');
    } finally {
      g.XMLHttpRequest = real;
    }
  });

  test('browser: POST /api/call/<name> with the bearer token; HTTP failures become error results', async () => {
    const realFetch = globalThis.fetch;
    const requests: { url: string; init: RequestInit }[] = [];
    let answer: () => Promise<Response> = async () => new Response(JSON.stringify({ ok: true, value: { jobs: [] } }), { status: 200 });
    globalThis.fetch = (async (url: string, init: RequestInit) => {
      requests.push({ url, init });
      return answer();
    }) as typeof fetch;
    try {
      const api = createHttpClient('tok en', 'http://127.0.0.1:9/');
      assert.deepEqual(await api.call('jobs/list', {}), { ok: true, value: { jobs: [] } });
      assert.equal(requests[0].url, 'http://127.0.0.1:9/api/call/jobs/list');
      assert.equal((requests[0].init.headers as Record<string, string>).Authorization, 'Bearer tok en');
      assert.equal(requests[0].init.method, 'POST');
      assert.equal(requests[0].init.body, '{}');
      answer = async () => new Response('nope', { status: 401 });
      const refused = await api.call('jobs/list', {});
      assert.equal(!refused.ok && refused.error.code, 'transport/unauthorized');
      answer = async () => {
        throw new TypeError('fetch failed');
      };
      const down = await api.call('jobs/list', {});
      assert.equal(!down.ok && down.error.code, 'transport/unreachable');
      assert.equal(api.downloadUrl('j/1'), 'http://127.0.0.1:9/api/download/j%2F1?token=tok%20en');
      const anonymous = await createHttpClient(undefined).call('jobs/list', {});
      assert.equal(!anonymous.ok && anonymous.error.code, 'transport/no-token');
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});

describe('text helpers', () => {
  test('CSV quotes what needs quoting; TSV flattens tabs and newlines', () => {
    assert.equal(toCsv(['a', 'b'], [['x,y', 'say "hi"'], [null, 3]]), 'a,b\r\n"x,y","say ""hi"""\r\n,3\r\n');
    assert.equal(toTsv(['a', 'b'], [['x\ty', 'line\nbreak']]), 'a\tb\nx y\tline break');
    // Text that a spreadsheet would run as a formula is written with an apostrophe; numbers never are.
    assert.equal(toCsv(['=h'], [['=HYPERLINK("x")'], ['+cmd|x'], ['@SUM(1)'], [-5], ['-5'], ['-1+2']]), `'=h\r\n"'=HYPERLINK(""x"")"\r\n'+cmd|x\r\n'@SUM(1)\r\n-5\r\n-5\r\n'-1+2\r\n`);
    assert.equal(toTsv(['g'], [['=1+1']]), "g\n'=1+1");
  });

  test('dates read YYYY-MM-DD in cells and in the grid date filter (a text box, not the locale picker)', () => {
    assert.equal(formatCell('2024-01-08', 'date'), '2024-01-08');
    const [week, sent] = columnDefsFor([{ name: 'week', type: 'DATE' }, { name: 'SentTime', type: 'TIMESTAMP' }]);
    for (const def of [week, sent]) {
      assert.equal(def.filter, 'agDateColumnFilter');
      assert.equal((def.filterParams as { browserDatePicker?: boolean }).browserDatePicker, false, `${def.colId}: no browser date picker`);
    }
  });

  test('sizes, durations, timestamps, column kinds', () => {
    assert.equal(formatBytes(8_500_000), '8.5 MB');
    assert.equal(formatDuration(0.25), '250 ms');
    assert.equal(formatDuration(125), '2 min 5 s');
    assert.equal(formatTimestamp('2024-01-03T09:15:00.000000'), '2024-01-03 09:15:00');
    assert.equal(formatTimestamp('2024-01-03 09:15:00.120'), '2024-01-03 09:15:00.12');
    assert.deepEqual(['BIGINT', 'DECIMAL(18,3)', 'TIMESTAMP WITH TIME ZONE', 'DATE', 'BOOLEAN', 'UUID', 'VARCHAR'].map(columnKind), ['integer', 'number', 'timestamp', 'date', 'boolean', 'uuid', 'text']);
  });
});

describe('analysis table columns', () => {
  test('"Group size" is shown only when it says more than the count column', () => {
    const spec = findAnalysis('thread-length')!.columns;
    const cols = [{ name: 'grp', type: 'VARCHAR' }, { name: 'people', type: 'BIGINT' }, { name: 'group_size', type: 'BIGINT' }, { name: 'threads', type: 'BIGINT' }];
    const same = tableColumns(cols, spec, 'FunctionType', [{ grp: 'Sales', people: 12, group_size: 12, threads: 40 }]).map((c) => c.label);
    assert.deepEqual(same, ['FunctionType', 'Originators', 'Threads originated']);
    const differs = tableColumns(cols, spec, 'FunctionType', [{ grp: 'Sales', people: 9, group_size: 12, threads: 40 }]).map((c) => c.label);
    assert.ok(differs.includes('Group size'), differs.join(', '));
  });

  test('no table of any analysis or view has two columns of the same heading (label and unit)', () => {
    for (const def of ANALYSES) {
      const views = [def.columns, ...Object.values(def.columnsByView ?? {}), ...Object.values(def.relatedColumns ?? {})];
      for (const spec of views) {
        const labels = spec.map((c) => (c.unit ? `${c.label} (${c.unit})` : c.label));
        assert.deepEqual(labels.filter((l, i) => labels.indexOf(l) !== i), [], `${def.id}: ${labels.join(', ')}`);
      }
    }
  });
});

describe('working pattern table: what a reader needs once', () => {
  const weekday = viewOf(findAnalysis('working-pattern')!, { view: 'weekday' });
  const group = viewOf(findAnalysis('working-pattern')!, { view: 'group' });
  const types: Record<string, string> = { grp: 'VARCHAR', weekday: 'VARCHAR', slot_row: 'VARCHAR', dow: 'TINYINT', hour: 'TINYINT', in_working_hours: 'BOOLEAN' };
  const cols = ['grp', 'weekday', 'slot_row', 'dow', 'hour', 'people', 'group_size', 'hours_per_person_week', 'active_people', 'share_active', 'in_working_hours'].map((name) => ({ name, type: types[name] ?? 'DOUBLE' }));
  const rows: Row[] = [{ grp: 'Sales', weekday: 'Mon', slot_row: 'Sales · Mon', dow: 0, hour: 9, people: 30, group_size: 40, hours_per_person_week: 0.4, active_people: 25, share_active: 50, in_working_hours: true }];

  test('the weekday view shows group, weekday and hour once each: not the chart\'s row label nor the weekday number', () => {
    const shown = tableColumns(cols, weekday.columns, 'FunctionType', rows);
    assert.deepEqual(shown.slice(0, 3).map((c) => c.label), ['FunctionType', 'Weekday', 'Local hour']);
    assert.deepEqual(shown.filter((c) => ['slot_row', 'dow'].includes(c.name)), [], shown.map((c) => c.label).join(', '));
    // The chart still draws its rows by the hidden label.
    assert.equal(weekday.chart.y[0], 'slot_row');
    assert.ok(weekday.columns.some((c) => c.name === 'slot_row' && c.hidden));
  });

  test('"People with hours" and "People active" say what each counts, in both views', () => {
    for (const view of [weekday, group]) {
      const withHours = view.columns.find((c) => c.name === 'people')!;
      const active = view.columns.find((c) => c.name === 'active_people')!;
      assert.match(withHours.label, /received mail/);
      assert.match(withHours.definition ?? '', /sent or received/);
      assert.match(withHours.definition ?? '', /at least the people active: the others only received mail/);
      assert.match(active.label, /sent or attended/);
      assert.match(active.definition ?? '', /Receiving mail is not activity, so this is at most the people with hours/);
    }
  });
});

describe('heatmap rows are all labelled', () => {
  const look = { palette: PALETTES.light };
  const spec: ChartSpec = { kind: 'heatmap', x: 'hour', y: ['slot_row'], value: 'v', title: 't' };
  const labels = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'].flatMap((g) => ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((d) => `${g} · ${d}`));
  const rows: Row[] = labels.flatMap((slot_row) => [9, 10].map((hour) => ({ slot_row, hour, v: 1 })));
  const data: ChartData = { spec, columns: [], rows };

  test('every y label is drawn (none skipped as overlapping), and the chart asks for a row\'s height each', () => {
    const o = buildChartOption(data, look) as unknown as { yAxis: { data: string[]; axisLabel: { interval: unknown; hideOverlap: boolean } } };
    assert.deepEqual(o.yAxis.data, labels);
    assert.equal(o.yAxis.axisLabel.interval, 0);
    assert.equal(o.yAxis.axisLabel.hideOverlap, false);
    assert.ok(chartMinHeight(data)! >= labels.length * HEATMAP_ROW_PX, String(chartMinHeight(data)));
    assert.equal(chartMinHeight({ ...data, spec: { ...spec, kind: 'bar', y: ['v'] } }), undefined);
  });
});

describe('analysis parameters in words', () => {
  test('enum options read as labels, never raw ids', () => {
    const metric = findAnalysis('person-metrics')!.params.find((p) => p.name === 'metric')!;
    assert.equal(optionLabel(metric, 'collaboration_hours'), 'Collaboration hours');
    assert.ok(metric.options!.every((o) => !/_/.test(optionLabel(metric, o))), 'every metric has a label');
    const view = findAnalysis('co-location')!.params.find((p) => p.name === 'view')!;
    assert.equal(optionLabel(view, 'by-function'), 'By function');
  });
});

describe('import and join forms', () => {
  test('a dataset name from the file name: letters, digits, underscores, starting with a letter', () => {
    assert.equal(suggestDatasetName('hr.csv'), 'hr');
    assert.equal(suggestDatasetName('Sales 2024 (Q1).xlsx'), 'Sales_2024_Q1');
    assert.equal(suggestDatasetName('2024-headcount.csv'), 'data_2024_headcount');
    assert.equal(suggestDatasetName('C:\\Data\\Übersicht.parquet'), 'Ubersicht');
    assert.equal(suggestDatasetName('###.csv'), 'data');
    assert.equal(suggestDatasetName(`${'x'.repeat(80)}.csv`).length, 63);
    // Never the name of an export table or view, which the backend refuses.
    assert.equal(suggestDatasetName('Meetings.csv'), 'Meetings_file');
    assert.equal(suggestDatasetName('join_hr.csv'), 'join_hr_file');
    for (const f of ['hr.csv', 'PersonHistorical.xlsx', '2024.csv', `${'y'.repeat(90)}.csv`]) assert.equal(datasetNameProblem(suggestDatasetName(f)), undefined, f);
    assert.equal(fileNameOf('/home/me/hr.csv'), 'hr.csv');
    assert.equal(fileNameOf('C:\\Data\\sales.xlsx'), 'sales.xlsx');
  });

  test('the name rule the form checks while typing is the one the backend enforces', () => {
    assert.equal(datasetNameProblem('sales_2024'), undefined);
    assert.equal(datasetNameProblem('  hr  '), undefined);
    assert.equal(datasetNameProblem('2024sales')?.code, 'import/bad-name');
    assert.equal(datasetNameProblem('my-file')?.code, 'import/bad-name');
    assert.equal(datasetNameProblem('x'.repeat(64))?.code, 'import/bad-name');
    assert.equal(datasetNameProblem('mailparticipants')?.code, 'import/reserved-name');
    assert.equal(datasetNameProblem('PersonAttributes')?.code, 'import/reserved-name');
    assert.equal(datasetNameProblem('Meetings', 'join'), undefined, 'a join is a view named join_<name>: no clash');
    assert.equal(datasetNameProblem('bad name', 'join')?.code, 'join/bad-name');
  });

  const dataset = (name: string, columns: string[]): DatasetInfo =>
    ({ name, table: name, file: `${name}.csv`, format: 'csv', bytes: 1, headerRow: 1, columns: columns.map((c) => ({ name: c, type: 'VARCHAR' })), rows: 1, importedAt: '', joins: [] }) as DatasetInfo;
  const exportColumns = ['PersonHistoricalId', 'EmailAddress', 'StartDate', 'EndDate', 'PopulationType', 'Organization', 'Key_ID'];

  test('the first key choice: a column named like a PersonHistorical column, else an email column for EmailAddress', () => {
    const hr = defaultJoinForm(dataset('hr', ['EmployeeId', 'key_id', 'Region']), exportColumns);
    assert.deepEqual([hr.datasetKey, hr.exportKey, hr.name], ['key_id', 'Key_ID', 'hr']);
    const mails = defaultJoinForm(dataset('crm', ['Owner E-mail', 'Deals']), exportColumns);
    assert.deepEqual([mails.datasetKey, mails.exportKey], ['Owner E-mail', 'EmailAddress']);
    // Dates and populations are never keys, even when named alike.
    const dated = defaultJoinForm(dataset('moves', ['StartDate', 'Person']), exportColumns);
    assert.deepEqual([dated.datasetKey, dated.exportKey], ['StartDate', 'EmailAddress']);
  });

  test('columns the privacy audit says identify people start unticked, with the reason; the key is never listed as left out', () => {
    const d = dataset('hr', ['Key_ID', 'EmployeeId', 'Region']);
    for (const c of d.columns) if (c.name !== 'Region') c.identifiesPeople = 'identifiers / codes';
    const form = defaultJoinForm(d, exportColumns);
    assert.deepEqual(form.excluded, ['EmployeeId']);
    assert.deepEqual(joinSpecOf(form, d).columns, ['Region']);
    assert.equal(leftOutReason(d, 'EmployeeId'), 'identifies people (identifiers / codes) — left out; tick to bring it in');
    assert.equal(leftOutReason(d, 'Region'), undefined);
    // Ticked back, the caution stays, saying what the audit will say.
    assert.equal(leftOutReason(d, 'EmployeeId', true), 'identifies people (identifiers / codes) — brought in; the privacy audit will warn about it');
    assert.equal(leftOutReason(d, 'Region', true), undefined);
    // Ticked back, it is brought in like any other column.
    assert.equal(joinSpecOf({ ...form, excluded: [] }, d).columns, undefined);
  });

  test('a date column is marked before saving: joined, but no analysis groups by it; an identifying column says why it is left out', () => {
    const d = dataset('hr', ['Key_ID', 'EmployeeId', 'HireDate', 'Hired', 'Region']);
    d.columns[1].identifiesPeople = 'identifiers / codes';
    d.columns[2].type = 'DATE';
    d.columns[3].type = 'TIMESTAMP';
    const date = 'a date: joined for the person query and the audit, cannot group analyses';
    assert.equal(columnNote(d, 'HireDate', true), date);
    assert.equal(columnNote(d, 'Hired', false), date);
    assert.equal(columnNote(d, 'Region', true), undefined);
    assert.equal(columnNote(d, 'EmployeeId'), 'identifies people (identifiers / codes) — left out; tick to bring it in');
    // A date is still brought in by default: the person query and the audit use it.
    assert.ok(!defaultJoinForm(d, exportColumns).excluded.includes('HireDate'));
  });

  test('the spec sent: hashing and as-of only when asked, columns only when some are left out', () => {
    const d = dataset('hr', ['Key_ID', 'Region', 'CostCentre', 'ValidFrom']);
    const form = defaultJoinForm(d, exportColumns);
    assert.deepEqual(joinSpecOf(form, d), { name: 'hr', dataset: 'hr', datasetKey: 'Key_ID', exportKey: 'Key_ID' });
    assert.deepEqual(bringableColumns(d, { ...form, asOf: true, asOfStart: 'ValidFrom' }), ['Region', 'CostCentre']);
    const full = { ...form, name: ' ', hash: true, salt: 's', keepDomain: true, asOf: true, asOfStart: 'ValidFrom', excluded: ['CostCentre'] };
    assert.deepEqual(joinSpecOf(full, d), { name: undefined, dataset: 'hr', datasetKey: 'Key_ID', exportKey: 'Key_ID', hash: { salt: 's', keepDomain: true }, asOf: { start: 'ValidFrom' }, columns: ['Region'] });
    assert.equal(joinFormProblem(form, d), undefined);
    assert.match(joinFormProblem({ ...form, asOf: true }, d) ?? '', /valid/);
    assert.match(joinFormProblem({ ...form, excluded: ['Region', 'CostCentre', 'ValidFrom'] }, d) ?? '', /at least one column/);
    assert.match(joinFormProblem(form, undefined) ?? '', /Import a dataset/);
  });

  test('a form named like a saved join (blank: the dataset name, any case) says what saving replaces', () => {
    const d = dataset('hr', ['Key_ID', 'Region']);
    const form = defaultJoinForm(d, exportColumns);
    const saved = { name: 'HR', dataset: 'hr', datasetKey: 'Key_ID', exportKey: 'Key_ID', view: 'join_hr', joinedColumns: [{ name: 'Region', source: 'Region', type: 'VARCHAR' }], savedAt: '', matchRate: 1 } as JoinInfo;
    assert.equal(replacedJoin([saved], { ...form, name: ' ' }), saved);
    assert.equal(replacedJoin([saved], { ...form, name: 'hr2' }), undefined);
    assert.equal(replaceWarning(saved), 'A join named HR is already saved: hr.Key_ID matched to Key_ID, bringing in Region. Saving this form replaces it; give another join name to keep both.');
    assert.match(replaceWarning({ ...saved, hash: { keepDomain: false, salted: true } }), /matched to Key_ID \(hashed\), bringing in/);
  });

  test('the audit summary counts every severity the findings show, info included', () => {
    assert.equal(summaryCounts({ alerts: 0, warnings: 1, risks: 2, infos: 3 }), '0 alerts · 1 warning · 2 risks · 3 info');
    assert.equal(summaryCounts({ alerts: 1, warnings: 0, risks: 1, infos: 1 }), '1 alert · 0 warnings · 1 risk · 1 info');
  });

  test('the audit offers the groupable attributes the backend lists, never the population', () => {
    assert.deepEqual(pickableAttributes(['PopulationType', 'Organization', 'Layer', 'Region']), ['Organization', 'Layer', 'Region']);
    assert.deepEqual(pickableAttributes([]), []);
    assert.equal(setsToRun(undefined), undefined);
    assert.deepEqual(setsToRun([['Organization'], [], ['Layer', 'Region']]), [['Organization'], ['Layer', 'Region']]);
    // Region's join was removed since it was picked: it is left out, and a set of Region alone goes.
    assert.deepEqual(setsToRun([['Organization', 'Region'], ['Region']], ['Organization', 'Layer']), [['Organization']]);
  });
});
