/**
 * Backend-side grid timings on the large workspace (no browser): first page, page fetches while
 * scrolling, first sorted page, sorted scrolling, deep sorted pages.
 *
 *   tsx build/scripts/grid-timings.ts [--workspace DIR] [--rows N]
 *
 * The UI benchmark (npm run bench:ui) measures the same through the browser.
 */
import { join } from 'node:path';
import { createApiService } from '../../electron/backend/api/apiService.js';
import { createLargeWorkspace, wpaHome } from '../../electron/backend/demoWorkspace.js';
import type { ApiRequest } from '../../shared/api/contract.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}

const dir = arg('workspace') ?? join(wpaHome(), 'bench-10m');
await createLargeWorkspace({ dir, mailParticipantsRows: Number(arg('rows') ?? 10_000_000), onProgress: (m) => console.error(m) });
const api = await createApiService({ workspaceDir: dir });
const source = { kind: 'table' as const, name: 'MailParticipants' };

async function ms(req: Omit<ApiRequest<'grid/rows'>, 'source'>): Promise<number> {
  const started = performance.now();
  const r = await api.call('grid/rows', { source, ...req });
  if (!r.ok) throw new Error(r.error.message);
  return performance.now() - started;
}
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const fmt = (n: number) => `${n.toFixed(0)} ms`;

console.error("first");
const first = await ms({ offset: 0, limit: 100 });
const scroll: number[] = [];
for (let i = 1; i <= 60; i++) scroll.push(await ms({ offset: i * 100, limit: 100 }));
const jumps: number[] = [];
for (let i = 0; i < 40; i++) jumps.push(await ms({ offset: Math.floor(Math.random() * 9_999_000), limit: 100 }));
const sort = [{ column: 'PersonTimeSpentInHours', direction: 'desc' as const }];
const firstSorted = await ms({ offset: 0, limit: 100, sort });
console.error("sorted scroll");
const sortedScroll: number[] = [];
for (let i = 1; i <= 40; i++) sortedScroll.push(await ms({ offset: i * 100, limit: 100, sort }));
console.error("deep wait");
const deepWait = await ms({ offset: 5_000_000, limit: 100, sort });
const deep: number[] = [];
for (let i = 0; i < 40; i++) deep.push(await ms({ offset: Math.floor(Math.random() * 9_999_000), limit: 100, sort }));
console.error("other sorts");
const otherSorts: string[] = [];
for (const column of ['LocalSentTime', 'MailId', 'IsSender']) otherSorts.push(`${column} ${fmt(await ms({ offset: 0, limit: 100, sort: [{ column, direction: 'asc' }] }))}`);
await api.close();

console.log(`Grid timings on ${dir} (MailParticipants):`);
console.log(`  first page                        ${fmt(first)}`);
console.log(`  scrolling, p95 of 60 pages        ${fmt(p95(scroll))}`);
console.log(`  random jumps, p95 of 40 pages     ${fmt(p95(jumps))}`);
console.log(`  first page sorted by hours        ${fmt(firstSorted)}`);
console.log(`  sorted scrolling, p95 of 40       ${fmt(p95(sortedScroll))}`);
console.log(`  first deep sorted page (waits for the order) ${fmt(deepWait)}`);
console.log(`  deep sorted jumps, p95 of 40      ${fmt(p95(deep))}`);
console.log(`  first sorted page, other columns  ${otherSorts.join(', ')}`);
