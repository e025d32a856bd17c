/**
 * Create (or reuse) the large workspace the UI benchmark scrolls: the demo with MailParticipants
 * scaled to N rows.   tsx build/scripts/make-large-workspace.ts [--workspace DIR] [--rows N]
 */
import { join } from 'node:path';
import { createLargeWorkspace, wpaHome } from '../../electron/backend/demoWorkspace.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}

const dir = arg('workspace') ?? join(wpaHome(), 'bench-10m');
const rows = Number(arg('rows') ?? 10_000_000);
const r = await createLargeWorkspace({ dir, mailParticipantsRows: rows, onProgress: (m) => console.error(m) });
console.log(`${r.dir}: MailParticipants has ${r.rows.toLocaleString('en-US')} rows${r.seconds ? ` (built in ${r.seconds.toFixed(1)} s)` : ' (reused)'}`);
