/**
 * `npm start` where Electron is missing: it serves the UI from the bundled server (out/cli/serve.mjs,
 * rebuilt by the same freshness check as the CLI), with no TypeScript compiled at start-up.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { copyOfDemoWorkspace } from '../electron/backend/demoWorkspace.js';
import { ensureRendererBuilt } from '../build/scripts/rendererBuild.mjs';
import { tempDir } from './helpers/tempDirs.js';

const root = new URL('..', import.meta.url).pathname;

describe('npm start (browser mode)', () => {
  it('serves the workspace from the bundled server, and the page it names loads', async (t) => {
    ensureRendererBuilt();
    const ws = await copyOfDemoWorkspace(join(tempDir(), 'ws'), { people: 30, weeks: 1 });
    // Node's own test hooks would follow the child: started bare, as a user's shell does.
    const child = spawn(process.execPath, [join(root, 'build/scripts/start.mjs'), '--workspace', ws], { cwd: root, env: { ...process.env, NODE_OPTIONS: '' } });
    t.after(() => child.kill('SIGTERM'));
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(out);
        if (m && /Press Ctrl\+C/.test(out)) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`start exited ${code}: ${out}${err}`)));
    });
    const page = await fetch(url.replace(/#.*/, ''));
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<div id="root">/);
    // The server process is the bundle, not tsx.
    const ps = spawn('ps', ['-o', 'args=', '--ppid', String(child.pid)]);
    let args = '';
    ps.stdout.on('data', (d) => (args += d));
    await once(ps, 'exit');
    assert.match(args, /out\/cli\/serve\.mjs/);
    assert.doesNotMatch(args, /tsx/);
  });
});
