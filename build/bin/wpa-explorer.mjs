#!/usr/bin/env node
// The `wpa-explorer` command: runs the bundled CLI in out/cli/ (built by `npm install`'s prepare step).
// A bundle older than a file it was built from (a developer edited it) is rebuilt first, in well
// under a second; the check stats the bundle's own list of inputs (build/scripts/bundleFresh.mjs).
import { pathToFileURL } from 'node:url';
import { freshBundle } from '../scripts/bundleFresh.mjs';

await import(pathToFileURL(await freshBundle('main.mjs')).href);
