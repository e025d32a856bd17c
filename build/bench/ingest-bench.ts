/**
 * `npm run bench`: the core data path at scale.
 *
 * Generates (or reuses) a demo export with ≥ 10M MailParticipants rows, then in the same run loads
 * it with DuckDB's own CREATE TABLE … AS SELECT * FROM read_csv(…) with explicit types (the bare
 * load) and with our ingest (staging, rejects, HR typing, swap: to its commit) followed by every
 * derived table the analyses read and, alongside them, the validation report, each in its own process; prints per-table times and their ratio
 * to the bare load, files → every analysis ready as a ratio, peak RSS and the thread-length analysis.
 * WPA_MEMORY_LIMIT / WPA_THREADS reach both children.
 *
 * Options: --dir DIR (export folder to make or reuse; default bench-data/export-5000x13),
 *          --people N --weeks W (default 5000 × 13), --keep (keep the databases).
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { availableParallelism, loadavg } from 'node:os';
import { generateDemoExport } from '../../electron/backend/demo/generateDemoExport.js';
import { TABLE_NAMES } from '../../shared/schema/exportSchema.js';
import { engineSettings } from '../../electron/backend/engine/settings.js';

const { values } = parseArgs({ options: { dir: { type: 'string' }, people: { type: 'string', default: '5000' }, weeks: { type: 'string', default: '13' }, keep: { type: 'boolean', default: false } } });
const people = Number(values.people);
const weeks = Number(values.weeks);
const dir = resolve(values.dir ?? `bench-data/export-${people}x${weeks}`);
const work = resolve('bench-data/work');
mkdirSync(work, { recursive: true });

let generationSeconds: number | null = null;
const summaryFile = join(dir, 'demo-summary.json');
const reusable = existsSync(summaryFile) && (() => {
  const s = JSON.parse(readFileSync(summaryFile, 'utf8'));
  // `ids` is recorded by the generator that writes the documented columns; older exports are remade.
  return s.people === people && s.weeks === weeks && s.ids === 'guid';
})();
if (!reusable) {
  console.log(`generating ${people} people × ${weeks} weeks into ${dir} …`);
  const t0 = performance.now();
  await generateDemoExport({ outDir: dir, people, weeks, seed: 1 });
  generationSeconds = (performance.now() - t0) / 1000;
}
const demo = JSON.parse(readFileSync(summaryFile, 'utf8')) as { files: { table: string; rows: number; bytes: number }[] };
const mpRows = demo.files.find((f) => f.table === 'MailParticipants')!.rows;
const totalBytes = demo.files.reduce((a, f) => a + f.bytes, 0);

function child(mode: 'ours' | 'plain', target: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'build/bench/ingest-child.ts', mode, dir, target], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

console.log(`export: ${dir}  (${(totalBytes / 1e9).toFixed(2)} GB CSV, ${mpRows.toLocaleString('en-US')} MailParticipants rows)`);
const plain = child('plain', join(work, 'plain.duckdb'));
const ours = child('ours', join(work, 'ours-ws'));

const fmt = (n: number) => n.toFixed(2).padStart(8);
console.log('');
console.log(`${'table'.padEnd(28)} ${'rows'.padStart(12)} ${'plain s'.padStart(8)} ${'ours s'.padStart(8)}  ratio`);
let plainTotal = 0;
let oursTotal = 0;
for (const t of TABLE_NAMES) {
  const p = plain.tables[t];
  const o = ours.tables[t];
  if (!p || !o) continue;
  plainTotal += p.seconds;
  oursTotal += o.seconds;
  console.log(`${t.padEnd(28)} ${o.rows.toLocaleString('en-US').padStart(12)} ${fmt(p.seconds)} ${fmt(o.seconds)}  ${(o.seconds / p.seconds).toFixed(2)}×`);
}
console.log(`${'all tables'.padEnd(28)} ${''.padStart(12)} ${fmt(plainTotal)} ${fmt(oursTotal)}  ${(oursTotal / plainTotal).toFixed(2)}×   (load only)`);
console.log('');
console.log(`derived table                 seconds  × bare load`);
for (const d of ours.derived as { name: string; seconds: number }[]) console.log(`  ${d.name.padEnd(26)} ${fmt(d.seconds)}  ${(d.seconds / plainTotal).toFixed(2)}×`);
console.log('');
if (generationSeconds !== null) console.log(`generation:                 ${generationSeconds.toFixed(1)} s`);
else console.log('generation:                 reused existing export (delete the folder to time generation)');
const ratio = (s: number) => `${(s / plainTotal).toFixed(2)}×`;
console.log(`bare load (DuckDB typed):   ${plainTotal.toFixed(2)} s`);
console.log(`ingest (to its commit):     ${ours.ingestSeconds.toFixed(2)} s  ${ratio(ours.ingestSeconds)} bare   (target ≤ 1.10×)`);
console.log(`validation report:          ${ours.validationSeconds.toFixed(2)} s  after the commit, computed while the derived tables are built (as the CLI does), not part of the ingest`);
console.log(`derived tables (+ report):  ${ours.derivedSeconds.toFixed(2)} s  ${ratio(ours.derivedSeconds)} bare`);
console.log(`files → every analysis ready (and the report): ${ours.readySeconds.toFixed(2)} s  ${ratio(ours.readySeconds)} bare   (target ≤ 2.00×)`);
const cpuRatio = (s: number) => `${(s / plain.cpu).toFixed(2)}×`;
console.log(`CPU (user+system), steadier under load: bare ${plain.cpu.toFixed(1)} s; ingest ${ours.ingestCpu.toFixed(1)} s ${cpuRatio(ours.ingestCpu)}; files → every analysis ready ${ours.readyCpu.toFixed(1)} s ${cpuRatio(ours.readyCpu)}`);
console.log(`load average:               ${loadavg().map((x) => x.toFixed(1)).join(' ')} (on ${availableParallelism()} cores: ratios of wall time are fair only on a quiet machine)`);
console.log(`DuckDB settings (both sides): memory_limit ${engineSettings().memoryLimit}, threads ${engineSettings().threads} (WPA_MEMORY_LIMIT, WPA_THREADS)`);
console.log(`peak RSS:                   ours ${ours.ingestRssMb.toFixed(0)} MB through ingest, ${ours.derivedRssMb.toFixed(0)} MB with the derived tables, ${ours.maxRssMb.toFixed(0)} MB with an analysis; plain DuckDB ${plain.maxRssMb.toFixed(0)} MB   (target ≤ 1536 MB at 5,000 × 13)`);
console.log(`thread-length analysis:     ${ours.threadSeconds.toFixed(2)} s over ${mpRows.toLocaleString('en-US')} participant rows, ${ours.threadGroups} groups   (target ≤ 3 s)`);
if (!values.keep) rmSync(work, { recursive: true, force: true });
