/**
 * The engine's open-time settings hand freed memory back (engine/settings.ts): the bench's peak RSS
 * stays under its 1.5 GB budget only with them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../electron/backend/engine/engine.js';
import { engineConfig } from '../electron/backend/engine/settings.js';

test('a database opens with the allocator background thread on and 32 MiB flush thresholds', async () => {
  const db = await Engine.open(':memory:', { config: engineConfig() });
  try {
    const r = (
      await db.query(
        "SELECT current_setting('allocator_background_threads') AS bg, current_setting('allocator_flush_threshold') AS flush, current_setting('allocator_bulk_deallocation_flush_threshold') AS bulk",
      )
    ).rows[0];
    assert.equal(r.bg, true);
    assert.equal(String(r.flush), '32.0 MiB');
    // Freed pages go back before a large hash directory is mapped (DuckDB's default is 512 MiB).
    assert.equal(String(r.bulk), '32.0 MiB');
  } finally {
    db.closeSync();
  }
});
