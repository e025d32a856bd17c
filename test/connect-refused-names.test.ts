/**
 * The Connect screen's inventory lists blobs refused by name as the backend escaped them, with the
 * reason: rendered to markup under Node, no direction-changing character reaches the page.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { InventoryView } from '../renderer/src/screens/connect/InventoryView.js';
import { printableName, unsafeNameReason } from '../electron/backend/azure/localPaths.js';
import type { Inventory } from '../shared/api/contract.js';

test('refused blob names are shown escaped, each with its reason', () => {
  const names = ['r1/Mails\u202Evsc.exe.csv', `r1/${'x'.repeat(300)}.csv`];
  const inventory: Inventory = {
    refreshes: [{ name: 'r1', files: [{ name: 'r1/PersonHistorical.csv', table: 'PersonHistorical', bytes: 10, lastModified: '2024-01-01T00:00:00Z', etag: '"e"' }], tables: ['PersonHistorical'], bytes: 10 }],
    latest: 'r1',
    otherFiles: [],
    refused: names.map((n) => ({ name: printableName(n), reason: unsafeNameReason(n)! })),
  };
  const html = renderToStaticMarkup(createElement(InventoryView, { inventory, chosen: 'r1', onChoose: () => undefined }));
  assert.match(html, /2 files will not be downloaded because of their names/);
  assert.ok(html.includes('<code>r1/Mails\\u{202e}vsc.exe.csv</code>: characters that change the direction of text'), html);
  assert.ok(html.includes(`<code>r1/${'x'.repeat(300)}.csv</code>: a file or folder name longer than 255 bytes`));
  assert.ok(!html.includes('\u202E'), 'no RTL override in the page');
});
