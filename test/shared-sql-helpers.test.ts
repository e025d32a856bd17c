/**
 * The SQL helpers that exist once (issue 11 item 8): quoting, the "is a person" rule, the
 * PersonAttributes view name and the DuckDB type classifier. Checked against a real DuckDB, with
 * expectations written out here; a last test keeps copies from coming back.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { memoryDuckdb } from './helpers/memoryDuckdb.js';
import { ident, literal } from '../shared/sql/quote.js';
import { isPersonSql, isPersonType } from '../shared/analyses/population.js';
import { duckdbTypeClass, type DuckdbTypeClass } from '../shared/schema/duckdbTypes.js';
import { exactAvg, exactAvgOver, exactSum, exactSumOver, r3 } from '../shared/analyses/sqlParams.js';

const db = memoryDuckdb();

const rows = async (sql: string) => (await db.con.runAndReadAll(sql)).getRowObjectsJson();

test('ident and literal round-trip awkward names and values through DuckDB', async () => {
  const names = ['plain', 'with space', 'quote"inside', '""', "it's", 'select', 'Ünïcödé ✓', 'semi;colon -- comment'];
  await db.con.run(`CREATE TABLE ${ident('t"1')} (${names.map((n) => `${ident(n)} VARCHAR`).join(', ')})`);
  await db.con.run(`INSERT INTO ${ident('t"1')} VALUES (${names.map((n) => literal(n)).join(', ')})`);
  const cols = await rows(`SELECT column_name FROM duckdb_columns() WHERE table_name = 't"1' ORDER BY column_index`);
  assert.deepEqual(cols.map((c) => c.column_name), names);
  const [row] = await rows(`SELECT * FROM ${ident('t"1')}`);
  assert.deepEqual(Object.values(row), names, 'each column holds its own name as value');
});

test('exact sums and means do not depend on row order, where DOUBLE ones do', async () => {
  // 0.1 + 0.2 + 0.3 is 0.6000000000000001 in DOUBLE, 0.3 + 0.2 + 0.1 is 0.6; 1.0005 summed from
  // 0.0005 + 1 sits on the rounding step of 3 decimals, where the last bit decides.
  await db.con.run(`CREATE TABLE ordered AS SELECT * FROM (VALUES (1, 'a', 0.1::DOUBLE), (2, 'a', 0.2), (3, 'a', 0.3), (4, 'b', 0.0005), (5, 'b', 1.0)) t(i, g, x)`);
  const both = async (expr: string) => {
    const read = async (dir: string) => (await rows(`SELECT g, ${expr} AS v FROM (SELECT * FROM ordered ORDER BY i ${dir}) GROUP BY g ORDER BY g`)).map((r) => r.v);
    return [await read('ASC'), await read('DESC')];
  };
  // DuckDB adds one group's rows in the order they come (one thread, a few rows): the precondition.
  const [upD, downD] = await both('sum(x)');
  assert.notDeepEqual(upD, downD, 'a DOUBLE sum depends on the order');
  for (const expr of [exactSum('x'), exactAvg('x'), r3(exactSum('x')), exactSum('x', 'x > 0.1')]) {
    const [up, down] = await both(expr);
    assert.deepEqual(up, down, expr);
  }
  assert.deepEqual((await both(exactSum('x')))[0], [0.6, 1.0005]);
  assert.deepEqual((await both(exactAvg('x')))[0], [0.2, 0.50025]);
  const win = async (expr: string, dir: string) => (await rows(`SELECT ${expr} AS v FROM (SELECT * FROM ordered ORDER BY i ${dir}) QUALIFY row_number() OVER (PARTITION BY g ORDER BY i) = 1 ORDER BY g`)).map((r) => r.v);
  assert.deepEqual(await win(exactSumOver('x', '(PARTITION BY g)'), 'ASC'), [0.6, 1.0005]);
  assert.deepEqual(await win(exactSumOver('x', '(PARTITION BY g)'), 'DESC'), [0.6, 1.0005]);
  assert.deepEqual(await win(exactAvgOver('x', '(PARTITION BY g)'), 'DESC'), [0.2, 0.50025]);
  const types = await rows(`SELECT typeof(${exactSum('x')}) AS s, typeof(${exactAvg('x')}) AS a FROM ordered`);
  assert.deepEqual(types, [{ s: 'DOUBLE', a: 'DOUBLE' }], 'results stay DOUBLE, so rounding and the API types are unchanged');
});

test('the "is a person" rule: rooms and distribution lists are not people, empty and unknown types are', async () => {
  const cases: [string | null, boolean][] = [
    [null, true],
    ['', true],
    ['MeasuredEmployee', true],
    ['InternalCollaborator', true],
    ['ExternalCollaborator', true],
    ['SomethingNew', true],
    ['MeetingRoom', false],
    ['DistributionList', false],
  ];
  const values = cases.map(([t], i) => `(${i}, ${t === null ? 'NULL' : literal(t)})`).join(', ');
  const got = await rows(`SELECT i, ${isPersonSql('p')} AS person FROM (VALUES ${values}) p(i, PopulationType) ORDER BY i`);
  assert.deepEqual(got.map((r) => r.person), cases.map(([, person]) => person), 'SQL');
  assert.deepEqual(cases.map(([t]) => isPersonType(t)), cases.map(([, person]) => person), 'JavaScript');
});

test('the type classifier reads the names DuckDB reports for each type', async () => {
  const expected: [string, DuckdbTypeClass][] = [
    ['TINYINT', 'integer'], ['SMALLINT', 'integer'], ['INTEGER', 'integer'], ['BIGINT', 'integer'], ['HUGEINT', 'integer'],
    ['UTINYINT', 'integer'], ['UBIGINT', 'integer'], ['UHUGEINT', 'integer'],
    ['DECIMAL(18,3)', 'decimal'], ['DECIMAL(4,0)', 'decimal'], ['FLOAT', 'float'], ['DOUBLE', 'float'],
    ['BOOLEAN', 'boolean'], ['DATE', 'date'], ['TIME', 'time'], ['TIMESTAMP', 'timestamp'], ['TIMESTAMPTZ', 'timestamp'],
    ['TIMESTAMP_S', 'timestamp'], ['TIMESTAMP_MS', 'timestamp'], ['TIMESTAMP_NS', 'timestamp'],
    ['UUID', 'uuid'], ['VARCHAR', 'text'],
    ['INTERVAL', 'other'], ['BLOB', 'other'], ['INTEGER[]', 'other'], ['VARCHAR[]', 'other'], ['STRUCT(a INTEGER)', 'other'], ['MAP(VARCHAR, INTEGER)', 'other'],
  ];
  await db.con.run(`CREATE TABLE typed (${expected.map(([t], i) => `c${i} ${t}`).join(', ')})`);
  const reported = await rows(`SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'typed' ORDER BY column_index`);
  assert.equal(reported.length, expected.length);
  reported.forEach((r, i) => assert.equal(duckdbTypeClass(String(r.data_type)), expected[i][1], `${expected[i][0]} reported as ${r.data_type}`));
  // The same names as a result column's type (what grids and exports see).
  const result = await db.con.runAndReadAll('SELECT * FROM typed');
  result.columnTypes().forEach((t, i) => assert.equal(duckdbTypeClass(t.toString()), expected[i][1], `result type ${t.toString()}`));
  // Aliases a user may type in an import's column types.
  assert.deepEqual(['int', 'numeric(10,2)', 'real', 'bool', 'datetime', 'text', 'varchar(20)'].map(duckdbTypeClass), ['integer', 'decimal', 'float', 'boolean', 'timestamp', 'text', 'text']);
});

/** Source files of the app (not tests), with their text. */
function sources(): { path: string; text: string }[] {
  const root = join(import.meta.dirname, '..');
  const out: { path: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (name === 'node_modules') continue;
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.tsx?$/.test(name)) out.push({ path: relative(root, p), text: readFileSync(p, 'utf8') });
    }
  };
  for (const d of ['shared', 'electron', 'renderer']) walk(join(root, d));
  return out;
}

test('each helper is written once: no copy of the quoting, the person rule or the view name elsewhere', () => {
  const code = (text: string) => text.split('\n').filter((l) => !/^\s*(\*|\/\/|\/\*)/.test(l)).join('\n');
  const copies = (pattern: RegExp, home: string) => sources().filter((f) => f.path !== home && pattern.test(code(f.text))).map((f) => f.path);
  // An SQL identifier or literal quoted by hand (CSV cell quoting writes `"${…}"` without the SQL shape around it).
  assert.deepEqual(copies(/`"\$\{[^}]*replace\(\/"\/g, '""'\)\}"`(?!\s*:)/, 'shared/sql/quote.ts').filter((p) => !/csv|format\.ts|xlsxToCsv/i.test(p)), []);
  assert.deepEqual(copies(/`'\$\{[^}]*replace\(\/'\/g, "''"\)\}'`/, 'shared/sql/quote.ts'), []);
  assert.deepEqual(copies(/NON_PERSON_POPULATION_TYPES/, 'shared/analyses/population.ts').filter((p) => p !== 'shared/schema/exportSchema.ts'), []);
  assert.deepEqual(copies(/populationType !== 'MeetingRoom'|PopulationType (IS NULL OR|NOT IN)/, 'shared/analyses/population.ts'), []);
  assert.deepEqual(copies(/['"`]PersonAttributes['"`]/, 'shared/schema/views.ts'), []);
});
