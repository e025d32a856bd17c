/**
 * Under Node (no browser): what an analysis table and its CSV say about values the privacy guard
 * hid. A new user's walk found the CSV's hidden values blank like "no data", and the slots a
 * heatmap hatches missing from the table beside it.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Row } from '../shared/api/contract.js';
import type { ResultColumnSpec } from '../shared/analyses/types.js';
import type { ChartData } from '../renderer/src/charts/chartOption.js';
import { tableColumns } from '../renderer/src/screens/analyses/resultColumns.js';
import { csvButtonTitle, resultCsv } from '../renderer/src/screens/analyses/resultCsv.js';
import { shownRows } from '../renderer/src/screens/analyses/shownRows.js';
import { MASK_MARK } from '../renderer/src/lib/maskedWords.js';
import { HIDDEN_CSV_MARK } from '../shared/analyses/hiddenMark.js';
import { parseCsv } from './helpers/parseCsv.js';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { ResultTable } from '../renderer/src/screens/analyses/ResultTable.js';
import { suppressionBanner } from '../renderer/src/screens/analyses/suppressionBanner.js';
import { suppressionNote, groupsNote } from '../electron/backend/analyses/runGuarded.js';

const specs: ResultColumnSpec[] = [
  { name: 'grp', label: 'Group', role: 'group' },
  { name: 'weekday', label: 'Weekday', role: 'group' },
  { name: 'hour', label: 'Local hour', role: 'group' },
  { name: 'slot_row', label: 'Group · weekday', role: 'group', hidden: true },
  { name: 'people', label: 'People', role: 'people' },
  { name: 'hours', label: 'Hours', unit: 'hours', role: 'metric' },
  { name: 'active', label: 'Active', role: 'metric' },
];
const row = (grp: string, weekday: string, hour: number, people: number, hours: number | null, active: number | null): Row => ({ grp, weekday, hour, slot_row: `${grp} · ${weekday}`, people, hours, active });
const rows: Row[] = [row('A', 'Mon', 9, 6, 1.5, 6), row('A', 'Mon', 10, 7, 0.25, null), row('A', 'Tue', 9, 8, 2, 8), row('B', 'Mon', 9, 5, null, 5), row('B', 'Mon', 10, 9, 0, 9)];
const columnsOf = (rs: Row[]) => tableColumns(Object.keys(rs[0]).map((name) => ({ name, type: typeof rs[0][name] === 'number' ? 'DOUBLE' : 'VARCHAR' })), specs, 'FunctionType', rs);
const data = (cellsHidden: number): ChartData => ({
  spec: { kind: 'heatmap', x: 'hour', y: ['slot_row'], value: 'hours', title: 'T', xOrder: ['9', '10'] },
  columns: specs,
  rows,
  masked: { columns: ['hours', 'active'], minGroupSize: 5, cellsHidden },
});

describe('the analysis CSV', () => {
  test('a value the guard hid is written as the table\'s word, not blank; numbers stay numbers; only data rows, the button says what the word means', () => {
    const csv = parseCsv(resultCsv(columnsOf(rows), shownRows(data(0)), ['hours', 'active']));
    const [head, ...body] = csv;
    assert.deepEqual(head, ['FunctionType', 'Weekday', 'Local hour', 'People', 'Hours (hours)', 'Active']);
    assert.deepEqual(body.slice(0, 4), [
      ['A', 'Mon', '9', '6', '1.5', '6'],
      ['A', 'Mon', '10', '7', '0.25', HIDDEN_CSV_MARK],
      ['A', 'Tue', '9', '8', '2', '8'],
      ['B', 'Mon', '9', '5', HIDDEN_CSV_MARK, '5'],
    ]);
    assert.equal(MASK_MARK.endsWith(HIDDEN_CSV_MARK), true, 'the word the table shows');
    // Every line is a row of the table (pandas or a pivot table reads no note as data); the button's tooltip explains the word.
    assert.ok(body.every((r) => r.length === head.length), JSON.stringify(body));
    assert.match(csvButtonTitle(5), /^Download this table as CSV\. Note: "hidden" = Hidden to protect privacy: .*minimum group size of 5.*An empty cell means no value/);
  });

  test('a yes/no value is written as the table shows it (Yes/No), not true/false', () => {
    const withFlag: Row[] = rows.map((r, i) => ({ ...r, in_working_hours: i % 2 === 0 }));
    const cols = tableColumns(
      Object.keys(withFlag[0]).map((name) => ({ name, type: name === 'in_working_hours' ? 'BOOLEAN' : typeof withFlag[0][name] === 'number' ? 'DOUBLE' : 'VARCHAR' })),
      [...specs, { name: 'in_working_hours', label: 'In working hours', role: 'metric' }],
      'FunctionType',
      withFlag,
    );
    const [head, ...body] = parseCsv(resultCsv(cols, withFlag.map((r) => ({ row: r })), ['hours', 'active']));
    const at = head.indexOf('In working hours');
    assert.ok(at > 0, head.join(' | '));
    assert.deepEqual(body.map((r) => r[at]), ['Yes', 'No', 'Yes', 'No', 'Yes']);
  });

  test('nothing hidden: no mark and no note', () => {
    const plain = rows.map((r) => ({ ...r, hours: r.hours ?? 1, active: r.active ?? 1 }));
    const text = resultCsv(columnsOf(plain), plain.map((r) => ({ row: r })), ['hours', 'active']);
    assert.doesNotMatch(text, /hidden|Note/);
  });
});

describe('the table lists the slots the heatmap hatches', () => {
  test('each left-out slot is a row in the chart\'s order, its keys filled in and every value hidden', () => {
    // A · Tue · 10 and B · Mon… has both hours: only A · Tue · 10 has no row.
    const shown = shownRows(data(1));
    assert.equal(shown.length, rows.length + 1);
    const slot = shown.findIndex((s) => s.hidden);
    assert.equal(slot, 3, 'after A · Tue · 9');
    assert.equal(shown[slot].hidden, 'cell');
    assert.deepEqual(shown[slot].row, { grp: 'A', weekday: 'Tue', hour: 10, slot_row: 'A · Tue', people: null, hours: null, active: null });
    // Its CSV row: keys, then the mark in every value column (the people count too).
    const csv = parseCsv(resultCsv(columnsOf(rows), shown, ['hours', 'active']));
    assert.deepEqual(csv[slot + 1], ['A', 'Tue', '10', HIDDEN_CSV_MARK, HIDDEN_CSV_MARK, HIDDEN_CSV_MARK]);
    assert.equal(csv.length, shown.length + 1, 'a header and the rows, nothing after them');
    // Nothing left out by the guard: a gap is a slot nobody is in, not a row.
    assert.equal(shownRows(data(0)).length, rows.length);
    // More gaps than hidden cells: the rows say a slot may also be empty.
    assert.equal(shownRows({ ...data(1), rows: rows.filter((r) => !(r.grp === 'B' && r.hour === 10)) }).filter((s) => s.hidden === 'cell-or-empty').length, 2);
  });
});

describe('a hidden slot row shows what is public elsewhere', () => {
  test('the group\'s size (from its shown rows) and whether the slot is in working hours (weekday and hour); the rest stays hidden', () => {
    const known: ResultColumnSpec[] = [
      ...specs.slice(0, 3),
      { name: 'dow', label: 'Weekday number', role: 'group', hidden: true },
      specs[3],
      { name: 'group_size', label: 'Group size', role: 'people', knownInHiddenSlot: { sameAs: ['grp'] } },
      ...specs.slice(4),
      { name: 'in_working_hours', label: 'In working hours', role: 'metric', knownInHiddenSlot: { rule: 'workingHours' } },
    ];
    const size = { A: 30, B: 25 } as Record<string, number>;
    const sized: Row[] = rows.map((r) => ({ ...r, dow: r.weekday === 'Mon' ? 0 : 1, group_size: size[r.grp as string], in_working_hours: true }));
    const shown = shownRows({ ...data(1), columns: known, rows: sized }, { workStart: 8, workEnd: 10 });
    const slot = shown.find((s) => s.hidden);
    assert.ok(slot);
    // A · Tue · 10: A's size is on A's rows; 10:00 is after a working day that ends at 10 (the run's own setting).
    assert.deepEqual(slot.row, { grp: 'A', weekday: 'Tue', hour: 10, slot_row: 'A · Tue', dow: 1, group_size: 30, in_working_hours: false, people: null, hours: null, active: null });
    const cols = tableColumns(Object.keys(sized[0]).map((name) => ({ name, type: name === 'in_working_hours' ? 'BOOLEAN' : typeof sized[0][name] === 'number' ? 'DOUBLE' : 'VARCHAR' })), known, 'FunctionType', sized);
    const [head, ...body] = parseCsv(resultCsv(cols, shown, ['hours', 'active']));
    const line = body[shown.indexOf(slot)];
    assert.deepEqual(Object.fromEntries(head.map((h, i) => [h, line[i]])), { FunctionType: 'A', Weekday: 'Tue', 'Local hour': '10', People: HIDDEN_CSV_MARK, 'Group size': '30', 'Hours (hours)': HIDDEN_CSV_MARK, Active: HIDDEN_CSV_MARK, 'In working hours': 'No' });
    // A group whose shown rows disagree on (or hide) its size: nothing to fill in.
    const unsure = sized.map((r, i) => (i === 0 ? { ...r, group_size: null } : r));
    assert.equal(shownRows({ ...data(1), columns: known, rows: unsure }, {}).find((s) => s.hidden)?.row.group_size, null);
  });
});

describe('the legend under the table', () => {
  /** The legend's text as the table renders it. */
  const legend = (shown: ReturnType<typeof shownRows>) => {
    const html = renderToStaticMarkup(createElement(ResultTable, { columns: columnsOf(rows), rows: shown, caption: 'T', maskedColumns: ['hours', 'active'], minGroupSize: 5 }));
    const m = /data-testid="masked-legend"[^>]*>([^<]*)</.exec(html);
    assert.ok(m, 'a legend');
    return m[1].replaceAll('&quot;', '"').replaceAll('&#x27;', "'");
  };
  test('says once what the mark means, for hidden values and for hidden slot rows alike', () => {
    // A row with hidden values and a slot row with every value hidden (the walk read "Hidden to protect privacy" twice, worded two ways).
    const both = legend(shownRows(data(1)));
    assert.equal(both.match(/hidden to protect privacy/gi)?.length, 1, both);
    assert.equal(both.match(/minimum group size of 5/g)?.length, 1, both);
    assert.match(both, /^◌ hidden = hidden to protect privacy, below the minimum group size of 5\. A hidden value covers from 1 to 4 people .*A row whose values are ◌ hidden \(all but those known from other rows, like the group's size\) is a slot the chart hatches/);
    assert.doesNotMatch(both, /left out/, 'the rows are listed, not left out');
    // Only hidden values (no slot rows): the mark and why.
    assert.match(legend(shownRows(data(0))), /^◌ hidden: Hidden to protect privacy: this count covers from 1 to 4 people/);
  });
});

describe('the banner above the result', () => {
  // The walk's run (FunctionType at a minimum of 20 on the demo): the table lists 82 hidden slots of 106; HR · Sun's 24 are in no row.
  const base = { groupsBelow: 0, peopleInGroupsBelow: 0, peopleMerged: 0, otherShown: false, groupsTotal: 5, groupsDifferencing: 0, differencingAttributes: [], differencingPairs: [], groupsComplementary: 0, cellsSuppressed: 97, cellsComplementary: 9, rowsAllCellsHidden: ['HR · Sun'] };
  const suppression = { groupsBelow: 0, peopleMerged: 0, otherShown: false, groupsTotal: 5, cellsHidden: 106, cellsSuppressed: 97, cellsComplementary: 9, rowsAllHidden: ['HR · Sun'], note: suppressionNote(base, 20), groupsNote: groupsNote(base, 20) };
  test('counts the rows the table shows and says the hidden slots are listed, not left out', () => {
    const b = suppressionBanner({ suppression, minGroupSize: 20 }, 1320, 82);
    assert.equal(b.rows, '1,320 rows (82 ◌ hidden)');
    assert.equal(
      b.note,
      'All groups have at least 20 people. Hidden for privacy: 97 slots with fewer than 20 people, and 9 more (complementary), so that those cannot be recovered by subtracting the shown ones from a total. ' +
        'The table lists 82 of them as rows with values ◌ hidden (hatched in the chart); "HR · Sun" has every slot hidden, so it is in neither the table nor the chart.',
    );
    assert.doesNotMatch(b.note, /left out/);
  });
  test('where the table lists no hidden slot (any other analysis, the CLI), the note is the backend\'s, unchanged', () => {
    assert.deepEqual(suppressionBanner({ suppression, minGroupSize: 20 }, 1238, 0), { note: suppression.note, rows: '1,238 rows' });
    // The CLI's note still says the rows are left out: it lists none of them.
    assert.match(suppression.note, /^All groups have at least 20 people\. 97 further rows with fewer than 20 people left out\. 9 more rows left out \(complementary\)/);
  });
});
