/** The CLI takes a SAS URI from standard input, a file or $WPA_SAS_URI; an argument still works, with a warning. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { readSasInput, SAS_ENV } from '../electron/cli/sasInput.js';
import { parseArgs } from '../electron/cli/command.js';
import { syncCommand } from '../electron/cli/commands/sync.js';
import { runCli } from '../electron/cli/main.js';
import { AppError } from '../shared/errors.js';
import { captureIO } from './helpers/captureIO.js';
import { tempDir } from './helpers/tempDirs.js';

const SAS = 'https://acct.blob.core.windows.net/ctr?sv=2022-11-02&sr=c&sp=rl&se=2099-01-01&sig=SECRETSIG';
const args = (...argv: string[]) => parseArgs(syncCommand, argv);

test('"-" reads the SAS from standard input, without a warning', async () => {
  const c = captureIO();
  assert.equal(await readSasInput(args('-'), { ...c.io, stdin: Readable.from([`${SAS}\n`]) }, {}), SAS);
  assert.equal(c.stderr(), '');
});

test('--sas-file and the environment variable give the SAS, without a warning', async () => {
  const file = join(tempDir(), 'sas.txt');
  writeFileSync(file, `  ${SAS}\n`);
  const c = captureIO();
  assert.equal(await readSasInput(args('--sas-file', file), c.io, {}), SAS);
  assert.equal(await readSasInput(args(), c.io, { [SAS_ENV]: SAS }), SAS);
  assert.equal(c.stderr(), '');
  await assert.rejects(readSasInput(args('--sas-file', join(tempDir(), 'none.txt')), c.io, {}), (e: unknown) => e instanceof AppError && e.code === 'sas/file-unreadable');
});

test('the SAS as an argument works but warns that others can see it; none at all is a usage error', async () => {
  const c = captureIO();
  assert.equal(await readSasInput(args(SAS), c.io, {}), SAS);
  assert.match(c.stderr(), /warning: a SAS URI given as an argument can be seen by other users in the process list/);
  assert.ok(!c.stderr().includes('SECRETSIG'));
  const none = captureIO();
  assert.equal(await runCli(['sync', '--workspace', tempDir()], none.io), 2);
  assert.match(none.stderr(), /the SAS URI is missing/);
});
