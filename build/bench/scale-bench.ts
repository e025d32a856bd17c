/**
 * `npm run bench:scale -- --people 20000 --weeks 26`: a tenant-sized export on one machine.
 *
 * At two sizes (a quarter of the people, then all of them; same weeks) it generates the demo export
 * on disk (streamed, bounded memory), then ingests it, builds the derived tables (prepare), runs
 * every analysis and view, and times the Browse grid's first page and deep pages — each phase in
 * its own process, so each peak RSS is that phase's own. Prints seconds, rows/s and peak RSS per
 * phase at both sizes (equal rows/s = time grows linearly with rows), the disk used, and the
 * participant rows of the full size.
 *
 * Options: --people N --weeks W (default 20000 × 26), --quarter-people N (default people / 4),
 *          --no-quarter (full size only), --dir DIR (default bench-data/scale; exports are kept
 *          there for reuse), --keep-workspaces (keep the databases), --clean (remove the exports too).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '20000' },
    weeks: { type: 'string', default: '26' },
    'quarter-people': { type: 'string' },
    'no-quarter': { type: 'boolean', default: false },
    dir: { type: 'string', default: 'bench-data/scale' },
    'keep-workspaces': { type: 'boolean', default: false },
    clean: { type: 'boolean', default: false },
  },
});
const people = Number(values.people);
const weeks = Number(values.weeks);
const quarterPeople = Number(values['quarter-people'] ?? Math.max(20, Math.round(people / 4)));
const base = resolve(values.dir);
mkdirSync(base, { recursive: true });

const TARGETS = { rssMb: 2048, minutes: 40, participantRows: 100e6 };
const PHASES = ['generate', 'ingest', 'prepare', 'analyses', 'grid'] as const;
type Phase = (typeof PHASES)[number];
interface Measured {
  seconds: number;
  maxRssMb: number;
  [k: string]: unknown;
}

function child(phase: Phase, ...args: string[]): Measured {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'build/bench/scale-child.ts', phase, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`${phase} failed (exit ${r.status}): ${r.stderr.trim().split('\n').slice(-20).join('\n')}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Measured;
}

function diskBytes(path: string): number {
  const r = spawnSync('du', ['-sb', path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`du ${path}: ${r.stderr}`);
  return Number(r.stdout.split('\t')[0]);
}

interface DemoFiles {
  people: number;
  weeks: number;
  ids: string;
  files: { table: string; rows: number; bytes: number }[];
}
function readSummary(dir: string): DemoFiles | undefined {
  const file = join(dir, 'demo-summary.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoFiles) : undefined;
}

interface SizeResult {
  people: number;
  rows: number;
  participantRows: number;
  csvBytes: number;
  workspaceBytes: number;
  phases: Partial<Record<Phase, Measured>>;
  generated: boolean;
}

const log = (m: string) => console.log(m);
const gb = (b: number) => `${(b / 1e9).toFixed(2)} GB`;

function runSize(n: number): SizeResult {
  const exportDir = join(base, `export-${n}x${weeks}`);
  const wsDir = join(base, `ws-${n}x${weeks}`);
  const phases: SizeResult['phases'] = {};
  log(`\n${n.toLocaleString('en-US')} people × ${weeks} weeks`);
  let summary = readSummary(exportDir);
  const generated = !(summary && summary.people === n && summary.weeks === weeks && summary.ids === 'guid');
  if (generated) {
    log(`  generate → ${exportDir} …`);
    phases.generate = child('generate', exportDir, String(n), String(weeks));
    summary = readSummary(exportDir)!;
  } else log(`  generate: reusing ${exportDir} (delete it to time generation)`);
  const rows = summary!.files.reduce((a, f) => a + f.rows, 0);
  const participantRows = summary!.files.filter((f) => f.table.endsWith('Participants')).reduce((a, f) => a + f.rows, 0);
  const csvBytes = diskBytes(exportDir);
  log(`  ${rows.toLocaleString('en-US')} rows (${participantRows.toLocaleString('en-US')} participant rows), ${gb(csvBytes)} on disk`);
  for (const [phase, args] of [
    ['ingest', [exportDir, wsDir]],
    ['prepare', [wsDir]],
    ['analyses', [wsDir, join(exportDir, 'sales.csv')]],
    ['grid', [wsDir]],
  ] as [Phase, string[]][]) {
    log(`  ${phase} …`);
    phases[phase] = child(phase, ...args);
    log(`    ${phases[phase]!.seconds.toFixed(1)} s, peak RSS ${phases[phase]!.maxRssMb.toFixed(0)} MB`);
  }
  const workspaceBytes = diskBytes(wsDir);
  if (!values['keep-workspaces']) rmSync(wsDir, { recursive: true, force: true });
  if (values.clean) rmSync(exportDir, { recursive: true, force: true });
  return { people: n, rows, participantRows, csvBytes, workspaceBytes, phases, generated };
}

const started = performance.now();
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
log(`scale benchmark: ${people.toLocaleString('en-US')} people × ${weeks} weeks${values['no-quarter'] ? '' : `, and ${quarterPeople.toLocaleString('en-US')} people first`}; load average ${load()}`);
const sizes = [...(values['no-quarter'] ? [] : [runSize(quarterPeople)]), runSize(people)];
const elapsedMinutes = (performance.now() - started) / 60_000;

const rate = (r: SizeResult, p: Phase) => {
  const m = r.phases[p];
  return m ? r.rows / m.seconds : NaN;
};
const cell = (r: SizeResult, p: Phase) => {
  const m = r.phases[p];
  if (!m) return '—'.padStart(30);
  return `${m.seconds.toFixed(1).padStart(7)} s ${Math.round(rate(r, p)).toLocaleString('en-US').padStart(11)} rows/s ${m.maxRssMb.toFixed(0).padStart(5)} MB`;
};

log(`\n${'phase'.padEnd(10)} ${sizes.map((s) => `${s.people.toLocaleString('en-US')} people (${(s.rows / 1e6).toFixed(1)}M rows)`.padEnd(40)).join(' ')}${sizes.length === 2 ? 'rows/s full ÷ quarter' : ''}`);
for (const p of ['generate', 'ingest', 'prepare', 'analyses'] as Phase[]) {
  const ratio = sizes.length === 2 && sizes[0].phases[p] && sizes[1].phases[p] ? (rate(sizes[1], p) / rate(sizes[0], p)).toFixed(2) : '';
  log(`${p.padEnd(10)} ${sizes.map((s) => cell(s, p).padEnd(40)).join(' ')}${ratio}`);
}
for (const s of sizes) {
  const g = s.phases.grid;
  if (!g) continue;
  const deep = (g.deep as { offset: number; ms: number }[]).map((d) => d.ms);
  log(`grid (${s.people.toLocaleString('en-US')} people, ${(g.total as number).toLocaleString('en-US')} MailParticipants rows): first rows ${(g.firstMs as number).toFixed(0)} ms after opening the workspace in ${(g.openSeconds as number).toFixed(1)} s; deep pages median ${deep.sort((a, b) => a - b)[Math.floor(deep.length / 2)].toFixed(0)} ms, max ${Math.max(...deep).toFixed(0)} ms over ${deep.length} jumps; peak RSS ${g.maxRssMb.toFixed(0)} MB`);
}
const full = sizes[sizes.length - 1];
const slowest = [...((full.phases.analyses?.runs ?? []) as { id: string; view: string; seconds: number }[])].sort((a, b) => b.seconds - a.seconds).slice(0, 3);
if (slowest.length) log(`slowest analyses at full size: ${slowest.map((r) => `${r.id}${r.view !== '-' ? `/${r.view}` : ''} ${r.seconds.toFixed(1)} s`).join(', ')}`);
const peak = Math.max(...sizes.flatMap((s) => Object.values(s.phases).map((m) => m!.maxRssMb)));
const peakPhase = PHASES.find((p) => full.phases[p]?.maxRssMb === Math.max(...Object.values(full.phases).map((m) => m!.maxRssMb)));
log('');
log(`participant rows (full size): ${full.participantRows.toLocaleString('en-US')}   (target ≥ ${TARGETS.participantRows.toLocaleString('en-US')}: ${full.participantRows >= TARGETS.participantRows ? 'met' : 'NOT met'})`);
log(`peak RSS: ${peak.toFixed(0)} MB (full size: ${peakPhase})   (target ≤ ${TARGETS.rssMb} MB: ${peak <= TARGETS.rssMb ? 'met' : 'NOT met'})`);
for (const s of sizes) log(`disk (${s.people.toLocaleString('en-US')} people): CSV ${gb(s.csvBytes)}, workspace ${gb(s.workspaceBytes)}`);
log(`elapsed: ${elapsedMinutes.toFixed(1)} min${sizes.some((s) => !s.generated) ? ' (with a reused export: generation not included)' : ''}   (target ≤ ${TARGETS.minutes} min: ${elapsedMinutes <= TARGETS.minutes ? 'met' : 'NOT met'}); load average at end ${load()}`);
