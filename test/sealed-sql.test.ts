/**
 * The workspace's database files are out of reach of the user's SQL and of previews, and DuckDB's
 * settings are locked once the app has started — tried through the real API service, as an
 * attacker would, and checked on the disk: the database keeps its lock (a second process cannot
 * open it) and opens afterwards with every row.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiService, type ApiService } from '../electron/backend/api/apiService.js';
import { runCli } from '../electron/cli/main.js';
import { copyOfDemoWorkspace } from '../electron/backend/demoWorkspace.js';
import { engineSettings } from '../electron/backend/engine/settings.js';
import { Workspace } from '../electron/backend/workspace/workspace.js';
import { apiHarness } from './helpers/apiHarness.js';

let root: string;
let ws: string;
let db: string;
let api: ApiService;
let mailsBefore: number;
const h = apiHarness();
const { ok, fails, finished } = h;

let runs = 0;
const run = (sql: string) => ({ sql, runId: `sealed-${++runs}` });

/** Whether another process can open the database: it must not while the app holds it. */
function secondProcessOpens(path: string): 'opened' | 'locked' {
  const script = `import { DuckDBInstance } from '@duckdb/node-api';
try { const i = await DuckDBInstance.create(${JSON.stringify(path)}); i.closeSync(); console.log('opened'); }
catch (e) { console.log(/lock/i.test(e.message) ? 'locked' : 'error: ' + e.message); }`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: process.cwd() });
  const out = r.stdout.trim();
  assert.ok(out === 'opened' || out === 'locked', `probe said: ${out} ${r.stderr}`);
  return out as 'opened' | 'locked';
}

async function refused(sql: string): Promise<void> {
  const e = await fails('sql/run', run(sql));
  assert.equal(e.code, 'sql/forbidden', `${sql}\n→ ${JSON.stringify(e)}`);
  assert.ok(e.hint, sql);
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'wpa-sealed-'));
  ws = await copyOfDemoWorkspace(join(root, 'ws'), { people: 40, weeks: 2 });
  db = join(ws, 'wpa.duckdb');
  api = h.attach(await createApiService({ workspaceDir: ws }));
  mailsBefore = Number((await ok('sql/run', run('SELECT count(*) AS n FROM Mails'))).rows[0].n);
  mkdirSync(join(ws, 'imports'), { recursive: true });
  writeFileSync(join(ws, 'imports', 'mine.csv'), 'k,v\na,1\nb,2\nc,3\n');
});

after(async () => {
  await api?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('SQL cannot reach the database files', () => {
  test('the app holds the database lock to begin with (the probe can tell)', () => {
    assert.equal(secondProcessOpens(db), 'locked');
  });

  test('read_blob of the database is refused, and the lock stays', async () => {
    await refused(`SELECT size FROM read_blob('${db}')`);
    assert.equal(secondProcessOpens(db), 'locked');
  });

  test('COPY over the live database is refused and the file is unchanged', async () => {
    const before = statSync(db).size;
    await refused(`COPY (SELECT 'x') TO '${db}' (FORMAT csv, USE_TMP_FILE false)`);
    await refused(`EXPLAIN ANALYZE COPY (SELECT 'x') TO '${db}' (FORMAT csv, USE_TMP_FILE false)`);
    await refused(`COPY (SELECT 1 AS a) TO '${join(ws, 'exports', 'x.csv')}'`);
    await refused(`COPY Mails FROM '${join(ws, 'imports', 'mine.csv')}'`);
    // (Not read here: opening the file from this process would itself drop the app's lock.)
    assert.equal(statSync(db).size, before);
  });

  test('every other route to the files is refused', async () => {
    const attempts = [
      `SELECT * FROM read_text('${db}.wal')`,
      `SELECT * FROM read_blob('${db}.wal')`,
      `SELECT * FROM read_csv('${db}')`,
      `SELECT * FROM read_parquet('${db}')`,
      `SELECT * FROM read_json('${db}')`,
      `SELECT * FROM '${db}'`,
      `SELECT * FROM "${db}"`,
      `FROM Mails, '${db}'`,
      `DESCRIBE '${db}'`,
      `SELECT * FROM read_duckdb('${db}')`,
      `SELECT * FROM "read_blob"('${db}')`,
      `SELECT * FROM main.read_blob('${db}')`,
      `SELECT * FROM system.main."READ_BLOB"('${db}')`,
      `SELECT * FROM query('SELECT size FROM read_blob(''${db}'')')`,
      `SELECT * FROM query_table('Mails')`,
      // The path built from parts or hidden from a simple reader.
      `SELECT * FROM read_blob('${ws}/raw/../wpa.duckdb')`,
      `SELECT * FROM read_blob('${ws}/imports/../wpa.duck' || 'db')`,
      `SELECT * FROM read_blob(E'${ws}/wpa\\x2educkdb')`,
      `SELECT * FROM read_blob('${ws}/imports/.'\n'./../wpa.duc'\n'kdb')`,
      `SELECT * FROM read_blob($a1$${ws}/wpa.duckdb$a1$)`,
      `SELECT $a1$ ' $a1$ AS x, (SELECT size FROM read_blob('${ws}/wpa.duck' || 'db')) AS y --'`,
      `SELECT 1 /* ' */, (SELECT count(*) FROM read_text('${ws}/wpa.duck' || 'db.wal'))`,
      `SET VARIABLE p = '${ws}/imports/../wpa.duckdb'`,
      `SELECT * FROM read_blob(getvariable('p'))`,
      // Relative paths are read from the app's working folder, which is not the workspace.
      `SELECT * FROM read_blob('wpa.duckdb')`,
      `SELECT * FROM read_csv('imports/mine.csv')`,
      `SELECT * FROM 'raw/x.csv'`,
      `SELECT * FROM raw.demo.csv`,
      `SELECT * FROM read_csv('~/x.csv')`,
      // Globs may not reach them either.
      `SELECT * FROM glob('${ws}/*')`,
      `SELECT * FROM read_blob('${ws}/wpa.duck*')`,
      // Macros: a macro taking a path is refused as it is created.
      `CREATE MACRO blob_of(p) AS TABLE SELECT * FROM read_blob(p)`,
      `CREATE MACRO leak() AS TABLE SELECT * FROM read_blob('${db}')`,
      `CREATE VIEW leak AS SELECT * FROM read_text('${db}.wal')`,
      `CREATE TABLE leak AS FROM '${db}'`,
      // Other databases, dumps, extensions, maintenance.
      `EXPORT DATABASE '${join(ws, 'exports', 'dump')}'`,
      `IMPORT DATABASE '${join(ws, 'exports', 'dump')}'`,
      `ATTACH '${db}' AS again`,
      `ATTACH ':memory:' AS scratch`,
      'DETACH grid_cache',
      'USE grid_cache',
      'LOAD parquet',
      'INSTALL httpfs',
      'UPDATE EXTENSIONS',
      'CHECKPOINT',
      'FORCE CHECKPOINT',
      'SELECT * FROM checkpoint()',
      'CALL pragma_version()',
      'PRAGMA version',
      'PREPARE p AS SELECT 1',
      "CREATE SECRET s (TYPE s3, KEY_ID 'x', SECRET 'y')",
      'SELECT * FROM duckdb_secrets()',
    ];
    for (const sql of attempts) await refused(sql);
    assert.equal(secondProcessOpens(db), 'locked');
    assert.equal(existsSync(join(ws, 'exports', 'dump')), false);
  });

  test('a refusal names what was refused, where, and what to use instead', async () => {
    const e = await fails('sql/run', run(`SELECT 1;\nSELECT * FROM\n  read_blob('${db}')`));
    assert.equal(e.code, 'sql/forbidden');
    assert.match(e.message, /read_blob/);
    assert.deepEqual(e.where, { line: 3, column: '13' });
    const copy = await fails('sql/run', run(`COPY Mails TO '${join(ws, 'exports', 'm.csv')}'`));
    assert.match(copy.message, /^COPY/);
    assert.match(copy.hint ?? '', /Export…/);
    // Nothing of a refused script runs, not even the statements before the refused one.
    await fails('sql/run', run(`CREATE TABLE before_refusal AS SELECT 1 AS a; SELECT * FROM read_blob('${db}')`));
    assert.equal((await h.direct("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'before_refusal'"))[0].n, 0);
  });

  test('grid pages and exports of a query go through the same gate', async () => {
    const source = { kind: 'sql' as const, sql: `SELECT size FROM read_blob('${db}')` };
    assert.equal((await fails('grid/rows', { source, offset: 0, limit: 10 })).code, 'sql/forbidden');
    assert.equal((await fails('export/start', { source, format: 'csv' })).code, 'sql/forbidden');
    assert.equal(secondProcessOpens(db), 'locked');
  });
});

describe('previews and imports cannot read the database files', () => {
  test('the database, its WAL, a link and a hard link to it are refused by name and by identity', async () => {
    const wal = `${db}.wal`;
    if (!existsSync(wal)) writeFileSync(wal, '');
    const soft = join(root, 'looks-like.csv');
    symlinkSync(db, soft);
    const hard = join(root, 'hard-link.csv');
    linkSync(db, hard);
    for (const path of [db, wal, join(ws, 'raw', '..', 'wpa.duckdb'), soft, hard]) {
      assert.equal((await fails('datasets/preview', { path })).code, 'import/database-file', path);
      assert.equal((await fails('datasets/import', { path, name: 'stolen' })).code, 'import/database-file', path);
    }
    assert.equal(secondProcessOpens(db), 'locked');
  });
});

describe('settings are the app\'s', () => {
  test('memory limit and threads come from the machine and cannot be changed from SQL', async () => {
    for (const sql of ['SET memory_limit = \'100GB\'', 'SET threads = 64', 'SET GLOBAL threads = 1', 'RESET memory_limit', 'SET enable_external_access = true', "SET allowed_directories = ['/']", 'PRAGMA threads = 1', 'SET preserve_insertion_order = false']) {
      await refused(sql);
    }
    const want = engineSettings();
    const [s] = await h.direct("SELECT current_setting('threads') AS threads, current_setting('memory_limit') AS mem, current_setting('lock_configuration') AS locked");
    assert.equal(Number(s.threads), want.threads);
    assert.equal(s.locked, true);
    // DuckDB prints the limit in its own units: compare the bytes.
    const mib = Number(/^(\d+)MiB$/.exec(want.memoryLimit)?.[1]);
    const shown = String(s.mem);
    const m = /^([\d.]+)\s*(KiB|MiB|GiB)$/.exec(shown);
    assert.ok(m, shown);
    const factor = { KiB: 1 / 1024, MiB: 1, GiB: 1024 }[m[2] as 'KiB' | 'MiB' | 'GiB'];
    assert.ok(Math.abs(Number(m[1]) * factor - mib) < 1, `${shown} vs ${want.memoryLimit}`);
    // The lock holds for the backend's own connections too, not only for what the gate sees.
    await assert.rejects(h.direct('SET threads = 1'), /locked/);
  });

  test('the defaults follow the machine and the overrides', () => {
    const GiB = 1024 ** 3;
    assert.deepEqual(engineSettings({}, { totalMemory: 64 * GiB, cores: 16 }), { memoryLimit: '1024MiB', threads: 16 });
    assert.deepEqual(engineSettings({}, { totalMemory: 3 * GiB, cores: 8 }), { memoryLimit: '768MiB', threads: 8 });
    assert.deepEqual(engineSettings({}, { totalMemory: 1 * GiB, cores: 1 }), { memoryLimit: '512MiB', threads: 1 });
    assert.deepEqual(engineSettings({ WPA_MEMORY_LIMIT: '3GB', WPA_THREADS: '3' }, { totalMemory: 16 * GiB, cores: 8 }), { memoryLimit: '3GB', threads: 3 });
    assert.throws(() => engineSettings({ WPA_MEMORY_LIMIT: 'lots' }), /WPA_MEMORY_LIMIT/);
    assert.throws(() => engineSettings({ WPA_THREADS: '0' }), /WPA_THREADS/);
  });
});

describe('what SQL is for still works', () => {
  test('queries, tables, views, variables, transactions and files in imports/', async () => {
    assert.equal((await ok('sql/run', run('SELECT count(*) AS n FROM Mails'))).rows[0].n, mailsBefore);
    await ok('sql/run', run('CREATE TABLE sealed_t AS SELECT * FROM range(5) t(i); CREATE VIEW sealed_v AS SELECT i * 2 AS j FROM sealed_t; INSERT INTO sealed_t VALUES (5)'));
    assert.equal((await ok('sql/run', run('SELECT sum(j) AS s FROM sealed_v'))).rows[0].s, 30);
    await ok('sql/run', run("CREATE MACRO twice(x) AS x * 2; SET VARIABLE k = 'b'"));
    assert.equal((await ok('sql/run', run("SELECT twice(v) AS w FROM read_csv('" + join(ws, 'imports', 'mine.csv') + "') WHERE k = getvariable('k')"))).rows[0].w, 4);
    assert.equal((await ok('sql/run', run(`SELECT count(*) AS n FROM '${join(ws, 'imports', 'mine.csv')}'`))).rows[0].n, 3);
    assert.equal((await ok('sql/run', run(`SELECT count(*) AS n FROM read_csv(['${join(ws, 'imports', 'mine.csv')}'])`))).rows[0].n, 3);
    assert.equal((await ok('sql/run', run(`SELECT count(*) AS n FROM glob('${join(ws, 'imports')}/*.csv')`))).rows[0].n, 1);
    assert.ok((await ok('sql/run', run('EXPLAIN SELECT * FROM Mails'))).rows.length > 0);
    assert.ok((await ok('sql/run', run("DESCRIBE Mails"))).rows.length > 0);
    // Paths as values are just text.
    assert.equal((await ok('sql/run', run("SELECT 'a/b.csv' AS s, strftime(DATE '2024-01-02', '%d/%m/%Y') AS d"))).rows[0].d, '02/01/2024');
    assert.equal((await ok('sql/run', run("SELECT DISTINCT ON (k) k, '/not/a/file' AS p FROM (VALUES ('a'), ('a')) t(k)"))).rows.length, 1);
    await ok('sql/run', run('BEGIN; UPDATE sealed_t SET i = i + 1; COMMIT'));
    assert.equal((await ok('sql/run', run('SELECT max(i) AS m FROM sealed_t'))).rows[0].m, 6);
    await ok('sql/run', run('DROP VIEW sealed_v; DROP TABLE sealed_t; DROP MACRO twice'));
  });

  test('grid paging and an export of a query', async () => {
    const source = { kind: 'sql' as const, sql: 'SELECT MailId FROM Mails ORDER BY MailId' };
    const page = await ok('grid/rows', { source, offset: 10, limit: 10 });
    assert.equal(page.rows.length, 10);
    const { jobId } = await ok('export/start', { source, format: 'csv', fileName: 'sealed' });
    const job = await finished(jobId);
    assert.equal(job.status, 'done', JSON.stringify(job.error));
    const file = (job.result as { file: string }).file;
    assert.equal(readFileSync(file, 'utf8').trim().split('\n').length, mailsBefore + 1);
  });

  test('after every attack the database opens in another process with all its rows', async () => {
    await api.close();
    const reopened = await Workspace.open(ws);
    try {
      const n = await (await reopened.engine()).scalar<number>('SELECT count(*) FROM Mails');
      assert.equal(Number(n), mailsBefore);
    } finally {
      reopened.close();
    }
    const r = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `import { DuckDBInstance } from '@duckdb/node-api'; const i = await DuckDBInstance.create(${JSON.stringify(db)}); const c = await i.connect(); console.log(String((await c.runAndReadAll('SELECT count(*) FROM Mails')).getRows()[0][0]));`],
      { encoding: 'utf8' },
    );
    assert.equal(r.stdout.trim(), String(mailsBefore), r.stderr);
  });

  test('the command line refuses the same: query through the gate, import of the database file', async () => {
    const out = (args: string[]) => {
      let text = '';
      const sink = new Writable({ write: (chunk, _enc, done) => ((text += String(chunk)), done()) });
      return runCli(args, { stdout: sink, stderr: sink }).then((code) => ({ code, text }));
    };
    const q = await out(['query', '--workspace', ws, `SELECT size FROM read_blob('${db}')`]);
    assert.equal(q.code, 1);
    assert.match(q.text, /read_blob/);
    const set = await out(['query', '--workspace', ws, 'SET threads = 1']);
    assert.equal(set.code, 1);
    const imp = await out(['import', db, '--workspace', ws, '--name', 'stolen', '--preview']);
    assert.equal(imp.code, 1);
    assert.match(imp.text, /own database file/);
    const fine = await out(['query', '--workspace', ws, 'SELECT count(*) AS n FROM Mails', '--format', 'csv']);
    assert.equal(fine.code, 0, fine.text);
    assert.match(fine.text, new RegExp(`\\b${mailsBefore}\\b`));
  });
});
