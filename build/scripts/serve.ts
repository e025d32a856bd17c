/**
 * Browser mode: serve the app on 127.0.0.1 and print the URL to open.
 *
 *   npm run serve [-- --workspace DIR] [--port N] [--static DIR]
 *
 * Without --workspace the demo workspace is used (generated on first run).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../electron/backend/server/startServer.js';
import { ensureDemoWorkspace } from '../../electron/backend/demoWorkspace.js';
import { toErrorData } from '../../shared/errors.js';
import { ensureRendererBuilt } from './rendererBuild.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

function arg(name: string): string | undefined {
  const argv = process.argv.slice(2);
  const i = argv.indexOf(`--${name}`);
  if (i !== -1) return argv[i + 1];
  return argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function main(): Promise<void> {
  const staticDir = resolve(arg('static') ?? join(root, 'renderer', 'dist'));
  if (!arg('static')) ensureRendererBuilt();
  else if (!existsSync(join(staticDir, 'index.html'))) throw new Error(`${staticDir} has no index.html`);
  let workspaceDir = arg('workspace') ?? process.env.WPA_WORKSPACE;
  const isDemo = !workspaceDir;
  if (!workspaceDir) {
    const demo = await ensureDemoWorkspace({ onProgress: (m) => console.log(m) });
    workspaceDir = demo.dir;
    if (demo.created) console.log(`Demo workspace ready in ${demo.dir} (${demo.seconds.toFixed(0)} s).`);
  }
  const port = Number(arg('port') ?? process.env.WPA_PORT ?? 0);
  const server = await startServer({ workspaceDir, port, staticDir, isDemo });
  console.log(`WPA Explorer is serving ${resolve(workspaceDir)}${isDemo ? ' (demo)' : ''}.`);
  console.log(`Open this address in your browser (it carries this run's access token):\n\n  ${server.url}\n`);
  console.log('Press Ctrl+C to stop.');
  const stop = () => {
    void server.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  const d = toErrorData(e);
  console.error(`WPA Explorer could not start: ${d.message}${d.hint ? `\n${d.hint}` : ''}`);
  process.exit(1);
});
