/**
 * A salted join keeps its salt out of workspace.json, out of every view's SQL and out of the
 * database files; it works after a restart, follows a new version of its file when the secret store
 * has the salt, and says what to do when it has not.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Workspace } from '../electron/backend/workspace/workspace.js';
import { ingestExport } from '../electron/backend/ingest/ingestExport.js';
import { importDataset } from '../electron/backend/datasets/importDataset.js';
import { saveJoin } from '../electron/backend/datasets/saveJoin.js';
import { useSaltStore } from '../electron/backend/datasets/joinSalts.js';
import { MemorySecretStore } from '../electron/backend/api/secrets.js';
import { createApiService } from '../electron/backend/api/apiService.js';
import { tempDir } from './helpers/tempDirs.js';

const SALT = 'pepper-7c1e0b5a-salt';
const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const EMAILS = ['ann.lee@contoso.com', 'bob.smith@contoso.com', 'carla.garcia@contoso.com'];

let root = '';
let wsDir = '';
/** Stands in for the desktop's safeStorage store: it outlives a workspace being closed and opened. */
const keptStore = new MemorySecretStore('');

async function open(store?: MemorySecretStore): Promise<Workspace> {
  const ws = await Workspace.open(wsDir);
  if (store) useSaltStore(ws, store);
  return ws;
}

async function teams(ws: Workspace): Promise<string[]> {
  const r = await (await ws.engine()).query(`SELECT Team FROM PersonAttributes ORDER BY EmployeeKey`);
  return r.rows.map((x) => String(x.Team));
}

/** Every place the salt could sit in clear: workspace.json, view SQL, table SQL, the database files. */
async function assertSaltNowhere(ws: Workspace): Promise<void> {
  assert.ok(!readFileSync(join(wsDir, 'workspace.json'), 'utf8').includes(SALT), 'workspace.json holds no salt');
  const db = await ws.engine();
  const views = (await db.query(`SELECT view_name, sql FROM duckdb_views() WHERE NOT internal`)).rows;
  assert.ok(views.some((v) => String(v.view_name) === 'join_teams'), 'the join view exists');
  for (const v of views) assert.ok(!String(v.sql).includes(SALT), `view ${String(v.view_name)} holds no salt`);
  for (const t of (await db.query(`SELECT sql FROM duckdb_tables()`)).rows) assert.ok(!String(t.sql).includes(SALT));
}

function assertSaltNotInFiles(): void {
  for (const f of readdirSync(wsDir).filter((n) => n.startsWith('wpa.duckdb'))) {
    assert.ok(!readFileSync(join(wsDir, f)).includes(Buffer.from(SALT)), `${f} holds no salt`);
  }
}

before(async () => {
  root = tempDir('wpa-salts-');
  const exportDir = join(root, 'export');
  await mkdir(exportDir);
  const header = 'PersonHistoricalId,EmailAddress,StartDate,EndDate,PopulationType,ManagerId,Organization,FunctionType,LevelDesignation,EmployeeKey';
  const rows = EMAILS.map((e, i) => [randomUUID(), sha(SALT + e), '2023-01-01T00:00:00', '9999-12-31T00:00:00', 'MeasuredEmployee', '', 'Sales', 'Seller', 'IC', `E${i + 1}`].join(','));
  await writeFile(join(exportDir, 'PersonHistorical.csv'), [header, ...rows].join('\n') + '\n');
  wsDir = join(root, 'ws');
  const ws = await Workspace.open(wsDir, { create: true });
  try {
    await ingestExport(ws, { sourceDir: exportDir });
  } finally {
    ws.close();
  }
  await writeFile(join(root, 'teams.csv'), `Email,Team\n${EMAILS.map((e, i) => `${e.toUpperCase()},T${i + 1}`).join('\n')}\n`);
});

test('the salt is stored neither in workspace.json nor in view SQL nor the database files', async () => {
  const ws = await open(keptStore);
  try {
    await importDataset(ws, join(root, 'teams.csv'), { name: 'teams' });
    const saved = await saveJoin(ws, { dataset: 'teams', datasetKey: 'Email', exportKey: 'EmailAddress', hash: { salt: SALT, keepDomain: false } });
    assert.equal(saved.preview.matchedRows, 3);
    assert.deepEqual(await teams(ws), ['T1', 'T2', 'T3']);
    await assertSaltNowhere(ws);
  } finally {
    ws.close();
  }
  assertSaltNotInFiles();
});

test('after a restart the join works; a new version of the file is hashed with the salt from the secret store', async () => {
  const ws = await open(keptStore);
  try {
    assert.deepEqual(await teams(ws), ['T1', 'T2', 'T3'], 'the saved join needs no salt to be read');
    await writeFile(join(root, 'teams.csv'), `Email,Team\n${EMAILS.map((e, i) => `${e},N${i + 1}`).join('\n')}\n`);
    const r = await importDataset(ws, join(root, 'teams.csv'), { name: 'teams' });
    assert.ok(!r.notes.some((n) => /left out/.test(n)), r.notes.join('\n'));
    assert.deepEqual(await teams(ws), ['N1', 'N2', 'N3']);
    await assertSaltNowhere(ws);
  } finally {
    ws.close();
  }
  assertSaltNotInFiles();
});

test('without the salt (no secret store) a new version of the file leaves the join out and says to save it again with its salt', async () => {
  let ws = await open();
  try {
    assert.deepEqual(await teams(ws), ['N1', 'N2', 'N3'], 'reading needs no salt');
    await writeFile(join(root, 'teams.csv'), `Email,Team\n${EMAILS.map((e, i) => `${e},M${i + 1}`).join('\n')}\n`);
    const r = await importDataset(ws, join(root, 'teams.csv'), { name: 'teams' });
    const note = r.notes.find((n) => /Join "teams" is left out/.test(n));
    assert.ok(note, r.notes.join('\n'));
    assert.match(note, /salt this computer does not keep/);
    const cols = (await (await ws.engine()).query(`SELECT column_name FROM duckdb_columns() WHERE table_name = 'PersonAttributes'`)).rows.map((c) => String(c.column_name));
    assert.ok(!cols.includes('Team'), 'the stale join is not read with keys of the old file');
    // Asked again: saving the join with its salt brings it back.
    await saveJoin(ws, { dataset: 'teams', datasetKey: 'Email', exportKey: 'EmailAddress', hash: { salt: SALT, keepDomain: false } });
    assert.deepEqual(await teams(ws), ['M1', 'M2', 'M3']);
    await assertSaltNowhere(ws);
  } finally {
    ws.close();
  }
  ws = await open();
  ws.close();
  assertSaltNotInFiles();
});

test('a workspace saved with the salt in clear has it moved to the secret store when the app opens it', async () => {
  let ws = await open();
  try {
    // The shape earlier versions wrote: the salt in the join record and in the view's SQL.
    const joins = ws.manifest.extensions.joins as { hash?: unknown; keysOf?: string }[];
    joins[0].hash = { salt: SALT, keepDomain: false };
    delete joins[0].keysOf;
    ws.saveManifest();
    await (await ws.engine()).run(`CREATE OR REPLACE VIEW join_teams AS SELECT PersonHistoricalId, 'old' AS Team, sha256('${SALT}') AS h FROM PersonHistorical`);
  } finally {
    ws.close();
  }
  assert.ok(readFileSync(join(wsDir, 'workspace.json'), 'utf8').includes(SALT), 'the stand-in old workspace holds the salt');
  const store = new MemorySecretStore('');
  const api = await createApiService({ workspaceDir: wsDir, secrets: store });
  await api.close();
  ws = await open(store);
  try {
    await assertSaltNowhere(ws);
    assert.deepEqual(await teams(ws), ['M1', 'M2', 'M3'], 'the join is rebuilt from the file with the moved salt');
  } finally {
    ws.close();
  }
  assert.equal(await store.get(`join-salt:${wsDir}:teams`), SALT, 'the salt is in the secret store');
  assertSaltNotInFiles();
});
