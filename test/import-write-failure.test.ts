/**
 * A converted copy that could not be written in full is reported, never read as a shorter file:
 * the text conversion writes to /dev/full (every write fails with ENOSPC, as on a full disk).
 */
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { convertToUtf8 } from '../electron/backend/datasets/textEncoding.js';
import { isAppError } from '../shared/errors.js';
import { tempDir } from './helpers/tempDirs.js';

test('a conversion whose output cannot be written fails with import/write-failed', { skip: existsSync('/dev/full') ? false : 'needs /dev/full (Linux) to make every write fail' }, async () => {
  const src = join(tempDir(), 'latin1.csv');
  writeFileSync(src, Buffer.from('Key_ID,Region\n1,Z\xfcrich\n2,M\xe1laga\n', 'latin1'));
  await assert.rejects(convertToUtf8(src, '/dev/full', 'windows-1252', false), (e: unknown) => {
    assert.ok(isAppError(e), String(e));
    assert.equal(e.code, 'import/write-failed');
    assert.match(e.message, /\/dev\/full/);
    return true;
  });
});

// A failure while the conversion is still reading (a big file) must surface as the same error, not
// as an unhandled stream 'error' that kills the process (CI saw this race on the small file).
test('a long conversion that hits a full disk mid-way fails with import/write-failed', { skip: existsSync('/dev/full') ? false : 'needs /dev/full (Linux) to make every write fail' }, async () => {
  const src = join(tempDir(), 'big-latin1.csv');
  writeFileSync(src, Buffer.from(`Key_ID,Region\n${'1,Z\xfcrich\n'.repeat(600_000)}`, 'latin1'));
  await assert.rejects(convertToUtf8(src, '/dev/full', 'windows-1252', false), (e: unknown) => {
    assert.ok(isAppError(e), String(e));
    assert.equal(e.code, 'import/write-failed');
    return true;
  });
});
