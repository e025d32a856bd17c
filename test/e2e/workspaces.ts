/**
 * Workspaces for the browser tests: a demo workspace with MailParticipants scaled to a million
 * rows (built once and cached under .tmp/, then copied fresh for every run), an empty workspace to
 * sync into, and a small demo export uploaded to Azurite.
 */
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createLargeWorkspace } from '../../electron/backend/demoWorkspace.js';
import { generateDemoExport } from '../../electron/backend/demo/generateDemoExport.js';
import { uploadFolder, type Azurite } from '../helpers/azurite.js';
import { ROOT } from './harness.js';

const CACHE = join(ROOT, '.tmp', 'e2e');

/** A fresh copy of the cached demo workspace whose MailParticipants has `rows` rows. */
export async function demoWorkspaceCopy(targetDir: string, rows: number): Promise<string> {
  const cached = join(CACHE, `demo-mp-${rows}`);
  await createLargeWorkspace({ dir: cached, mailParticipantsRows: rows });
  rmSync(targetDir, { recursive: true, force: true });
  mkdirSync(targetDir, { recursive: true });
  cpSync(cached, targetDir, { recursive: true, filter: (src) => !src.endsWith('.wal') });
  return targetDir;
}

/**
 * A small demo export in a container of Azurite, in one refresh folder, with one bad line
 * appended to Calls.csv (an id that is not a GUID) for ingest to reject; returns its `rl` SAS URI
 * and the bad line's number.
 */
export async function demoExportInAzurite(azurite: Azurite, scratchDir: string, container = 'wpa-export'): Promise<{ sasUri: string; refresh: string; files: number; badCallsLine: number }> {
  const exportDir = join(scratchDir, 'azurite-export');
  const calls = join(exportDir, 'Calls.csv');
  if (!existsSync(join(exportDir, 'MailParticipants.csv'))) {
    await generateDemoExport({ outDir: exportDir, people: 80, weeks: 3, seed: 11 });
    const text = readFileSync(calls, 'utf8');
    appendFileSync(calls, `${text.endsWith('\n') ? '' : '\n'}not-a-guid,,2024-01-02T10:00:00,2024-01-02T10:30:00,GroupCall\n`);
  }
  const badCallsLine = readFileSync(calls, 'utf8').trimEnd().split('\n').length;
  const client = azurite.container(container);
  await client.createIfNotExists();
  const refresh = '2024-03-01';
  const names = await uploadFolder(client, exportDir, refresh, { md5: true, only: (rel) => rel.endsWith('.csv') && !/^(hr|sales)\.csv$/.test(rel) });
  return { sasUri: azurite.sasUri(container, { permissions: 'rl' }), refresh, files: names.length, badCallsLine };
}
