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
import { ensureRendererBuilt, rendererStale } from '../build/scripts/rendererBuild.mjs';
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

describe('the renderer build is fresh', () => {
  it('is stale when missing or when a renderer or shared source is newer than the build, so start rebuilds after a pull', async () => {
    const { mkdirSync, utimesSync, writeFileSync } = await import('node:fs');
    const base = tempDir();
    for (const d of ['renderer/src', 'renderer/dist/assets', 'renderer/node_modules', 'shared/analyses']) mkdirSync(join(base, d), { recursive: true });
    const file = (p: string, at: number) => {
      writeFileSync(join(base, p), 'x');
      utimesSync(join(base, p), at, at);
    };
    const t0 = Date.now() / 1000 - 1000;
    file('renderer/src/App.tsx', t0);
    file('shared/analyses/workingPattern.ts', t0);
    assert.equal(rendererStale(base), true, 'no build yet');
    file('renderer/dist/index.html', t0 + 10);
    assert.equal(rendererStale(base), false, 'built after every source');
    file('renderer/dist/assets/index.js', t0 + 100);
    file('renderer/node_modules/dep.js', t0 + 100);
    assert.equal(rendererStale(base), false, 'the build output and dependencies are not sources');
    file('shared/analyses/workingPattern.ts', t0 + 20);
    assert.equal(rendererStale(base), true, 'a shared source changed after the build (the old rule served the old screens)');
    file('renderer/dist/index.html', t0 + 30);
    file('renderer/src/App.tsx', t0 + 40);
    assert.equal(rendererStale(base), true, 'a renderer source changed after the build');
  });
});
