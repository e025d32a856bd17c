/**
 * The packaging configuration (build/electron-builder.yml) as electron-builder itself reads it:
 * valid against the installed version's schema, with the fuses that close the packaged binary to
 * being run as Node, debugged or fed code from outside its integrity-checked app.asar.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// electron-builder's own YAML reader (js-yaml, untyped here).
const { load } = require('js-yaml') as { load(text: string): unknown };
const CONFIG = new URL('../build/electron-builder.yml', import.meta.url);

test('electron-builder.yml is valid for the installed electron-builder and sets the security fuses', async () => {
  const config = load(readFileSync(CONFIG, 'utf8')) as Record<string, unknown>;
  const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as { validateConfiguration(c: unknown, logger: unknown): Promise<void> };
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  await validateConfiguration(config, new DebugLogger(false));
  assert.deepEqual(config.electronFuses, {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
  });
  // A misspelt fuse is refused by the same validation (the check above can fail).
  await assert.rejects(validateConfiguration({ ...config, electronFuses: { runAsNod: false } }, new DebugLogger(false)));
});
