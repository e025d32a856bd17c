/**
 * A secret store that cannot be read (a locked keyring) is reported on the recent connection, not
 * taken for "the SAS was not kept".
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConnectionStore } from '../electron/backend/api/connect/connectionStore.js';
import { MemorySecretStore, type SecretStore } from '../electron/backend/api/secrets.js';
import { Workspace } from '../electron/backend/workspace/workspace.js';
import { tempDir } from './helpers/tempDirs.js';

const SAS = 'https://acct.blob.core.windows.net/export?sv=2022-11-02&sr=c&sp=rl&se=2099-01-01T00:00:00Z&sig=not-a-real-signature-test-only';

class LockedKeyring implements SecretStore {
  readonly persistent = true;
  async get(): Promise<string | undefined> {
    throw new Error('the keyring is locked');
  }
  async set(): Promise<void> {}
  async delete(): Promise<void> {}
}

test('recent connections say when the stored SAS could not be read, and why', async () => {
  const ws = await Workspace.open(join(tempDir(), 'ws'), { create: true });
  try {
    await new ConnectionStore(ws, new MemorySecretStore()).remember(SAS);
    // As after a restart: nothing in memory, and the store's read fails.
    const [locked] = await new ConnectionStore(ws, new LockedKeyring()).recent();
    assert.ok(locked.sas.warnings.some((w) => /could not be read \(the keyring is locked\)/.test(w)), JSON.stringify(locked.sas.warnings));
    assert.ok(!locked.sas.warnings.some((w) => /was not kept/.test(w)), 'not taken for a SAS that was never kept');
    assert.doesNotMatch(JSON.stringify(locked), /c2VjcmV0/);
    // A store that simply has nothing says so.
    const [empty] = await new ConnectionStore(ws, new MemorySecretStore()).recent();
    assert.ok(empty.sas.warnings.some((w) => /was not kept/.test(w)));
  } finally {
    ws.close();
  }
});
