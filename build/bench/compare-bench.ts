/**
 * `npm run bench:compare`: the thread-length and person-metrics answers from pandas and from us, on
 * the same export files, each timed end to end as an analyst runs it:
 *   - pandas: `/usr/bin/python3 build/bench/compare_pandas.py` reads the raw CSVs and computes;
 *   - ours from files: the installed launcher (`node build/bin/wpa-explorer.mjs`) `ingest --no-prepare`
 *     into a new workspace, then `analyze` (which builds only the derived tables it reads);
 *   - ours on a ready workspace: `analyze` only, after a plain `ingest` (which prepares them all).
 * Prints the times and ratios, and checks that pandas and we give the same numbers (to the shown
 * rounding) for every group at or above the privacy minimum; smaller groups are merged or
 * suppressed by our privacy guard, so they are not compared. The network sizes are left out.
 *
 * Options: --dir DIR (an export; default bench-data/export-5000x13 when `npm run bench` made it, else
 *          one generated with --people N --weeks W, default 1000 × 8), --rounds N (median of N runs,
 *          default 1), --workspace DIR (default bench-data/compare-ws).
 * Installs Debian's python3-pandas with apt-get when /usr/bin/python3 cannot import pandas.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateDemoExport } from '../../electron/backend/demo/generateDemoExport.js';
import { DEFAULT_MIN_GROUP_SIZE, OTHER_GROUP_LABEL } from '../../shared/privacy.js';

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    people: { type: 'string', default: '1000' },
    weeks: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '1' },
    workspace: { type: 'string', default: 'bench-data/compare-ws' },
  },
});
/** Debian's interpreter: `python3` on PATH may be a pyenv shim without Debian's packages. */
const PYTHON = '/usr/bin/python3';
const LAUNCHER = 'build/bin/wpa-explorer.mjs';
const ANSWERS = ['thread-length', 'person-metrics'] as const;
type Answer = (typeof ANSWERS)[number];
const MIN = DEFAULT_MIN_GROUP_SIZE;
const rounds = Math.max(1, Number(values.rounds));
const wsDir = resolve(values.workspace);

function run(cmd: string, args: string[], ok: number[] = [0]): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.error) throw r.error;
  if (!ok.includes(r.status ?? -1)) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${(r.stderr || r.stdout).trim().split('\n').slice(-15).join('\n')}`);
  return r;
}

function ensurePandas(): void {
  if (spawnSync(PYTHON, ['-c', 'import pandas']).status === 0) return;
  console.log('pandas is missing: installing Debian\'s python3-pandas with apt-get …');
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const apt = (...args: string[]) => spawnSync(sudo[0] ?? 'apt-get', [...sudo.slice(1), ...(sudo.length ? ['apt-get'] : []), ...args], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (apt('install', '-y', '-q', 'python3-pandas').status !== 0) {
    apt('update', '-q');
    if (apt('install', '-y', '-q', 'python3-pandas').status !== 0) throw new Error('could not install python3-pandas (apt-get install python3-pandas as root, then run again)');
  }
  run(PYTHON, ['-c', 'import pandas']);
}

async function exportDir(): Promise<string> {
  if (values.dir) return resolve(values.dir);
  const matches = (dir: string, people?: number, weeks?: number) => {
    const f = join(dir, 'demo-summary.json');
    if (!existsSync(f)) return false;
    const s = JSON.parse(readFileSync(f, 'utf8')) as { people: number; weeks: number; ids: string };
    return s.ids === 'guid' && (people === undefined || (s.people === people && s.weeks === weeks));
  };
  const benchExport = resolve('bench-data/export-5000x13');
  if (matches(benchExport)) return benchExport;
  const people = Number(values.people);
  const weeks = Number(values.weeks);
  const dir = resolve(`bench-data/compare-export-${people}x${weeks}`);
  if (!matches(dir, people, weeks)) {
    console.log(`generating ${people} people × ${weeks} weeks into ${dir} (run \`npm run bench\` first to compare on the 5,000 × 13 export) …`);
    await generateDemoExport({ outDir: dir, people, weeks, seed: 1 });
  }
  return dir;
}

const timed = <T>(f: () => T): [T, number] => {
  const t0 = performance.now();
  const v = f();
  return [v, (performance.now() - t0) / 1000];
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

type Row = Record<string, string | number | null>;
const cli = (...args: string[]) => run(process.execPath, [LAUNCHER, ...args], [0, 3]);
const ingest = (dir: string, ...flags: string[]) => {
  rmSync(wsDir, { recursive: true, force: true });
  cli('ingest', dir, '--workspace', wsDir, ...flags);
};
const analyze = (id: Answer): Row[] => (JSON.parse(cli('analyze', id, '--workspace', wsDir, '--format', 'json').stdout) as { rows: Row[] }).rows;
const pandas = (dir: string, id: Answer): Row[] => JSON.parse(run(PYTHON, ['build/bench/compare_pandas.py', dir, id]).stdout) as Row[];

/** Decimals our result shows for a column (r3 everywhere, 2 for these); counts are whole. */
const DIGITS: Record<string, number> = { share_long: 2, email_hours: 2 };
const digitsOf = (id: Answer, column: string) => (id === 'thread-length' ? DIGITS[column] : undefined) ?? 3;

/** Differences between pandas and us, over the groups we show (and pandas' groups at or above the minimum we do not). */
function compare(id: Answer, ours: Row[], theirs: Row[]): { compared: number; values: number; problems: string[]; notShown: string[] } {
  const key = (g: unknown) => (g === null ? '(empty)' : String(g));
  const byGroup = new Map(theirs.map((r) => [key(r.grp), r]));
  const problems: string[] = [];
  let values = 0;
  let compared = 0;
  for (const o of ours) {
    if (o.grp === OTHER_GROUP_LABEL) continue;
    const p = byGroup.get(key(o.grp));
    if (!p) {
      problems.push(`group ${key(o.grp)}: shown by us, absent from pandas`);
      continue;
    }
    compared++;
    for (const [column, want] of Object.entries(p)) {
      if (column === 'grp' || want === null || !(column in o)) continue;
      const got = o[column];
      const d = digitsOf(id, column);
      values++;
      // Ours is rounded to d decimals; pandas' exact value must round to it (within half a unit).
      if (typeof got !== 'number' || typeof want !== 'number' || Math.abs(got - want) > 0.5 * 10 ** -d + 1e-9) {
        problems.push(`group ${key(o.grp)} ${column}: ours ${got}, pandas ${typeof want === 'number' ? want.toFixed(d + 3) : want}`);
      }
    }
  }
  const shown = new Set(ours.map((r) => key(r.grp)));
  const notShown = theirs.filter((r) => Number(r.people) >= MIN && !shown.has(key(r.grp))).map((r) => `${key(r.grp)} (${r.people} people)`);
  return { compared, values, problems, notShown };
}

ensurePandas();
const dir = await exportDir();
const summary = JSON.parse(readFileSync(join(dir, 'demo-summary.json'), 'utf8')) as { people: number; weeks: number; files: { table: string; rows: number; bytes: number }[] };
const rows = summary.files.reduce((a, f) => a + f.rows, 0);
const bytes = summary.files.reduce((a, f) => a + f.bytes, 0);
console.log(`export: ${dir} (${summary.people} people × ${summary.weeks} weeks, ${rows.toLocaleString('en-US')} rows, ${(bytes / 1e9).toFixed(2)} GB CSV); ${rounds} round${rounds > 1 ? 's' : ''}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log(`pandas ${run(PYTHON, ['-c', 'import pandas; print(pandas.__version__)']).stdout.trim()}; ours via node ${LAUNCHER}\n`);

const times: Record<Answer | 'both', { pandas: number[]; files: number[]; ready: number[] }> = {
  'thread-length': { pandas: [], files: [], ready: [] },
  'person-metrics': { pandas: [], files: [], ready: [] },
  both: { pandas: [], files: [], ready: [] },
};
const answers = {} as Record<Answer, { ours: Row[]; pandas: Row[] }>;
for (let round = 0; round < rounds; round++) {
  for (const id of ANSWERS) {
    const [theirs, pandasSeconds] = timed(() => pandas(dir, id));
    times[id].pandas.push(pandasSeconds);
    const [, filesSeconds] = timed(() => {
      ingest(dir, '--no-prepare');
      return analyze(id);
    });
    times[id].files.push(filesSeconds);
    answers[id] = { ours: [], pandas: theirs };
  }
  // Both answers from files, the default way: ingest prepares every analysis table; then analyze each.
  const [, ingestSeconds] = timed(() => ingest(dir));
  let readyBoth = 0;
  for (const id of ANSWERS) {
    const [ours, s] = timed(() => analyze(id));
    times[id].ready.push(s);
    readyBoth += s;
    answers[id].ours = ours;
  }
  times.both.pandas.push(times['thread-length'].pandas[round] + times['person-metrics'].pandas[round]);
  times.both.files.push(ingestSeconds + readyBoth);
  times.both.ready.push(readyBoth);
}
rmSync(wsDir, { recursive: true, force: true });

const s = (x: number) => `${x.toFixed(2).padStart(7)} s`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2).padStart(6)}×`;
console.log(`${'answer'.padEnd(16)} ${'pandas'.padStart(9)} ${'ours from files'.padStart(16)} ${'ours ready'.padStart(11)}   pandas ÷ ours from files   pandas ÷ ours ready`);
for (const id of [...ANSWERS, 'both'] as const) {
  const t = times[id];
  const [p, f, r] = [median(t.pandas), median(t.files), median(t.ready)];
  console.log(`${id.padEnd(16)} ${s(p)} ${s(f).padStart(16)} ${s(r).padStart(11)}   ${ratio(p, f).padStart(24)}   ${ratio(p, r).padStart(19)}`);
}
console.log(`(both: pandas runs the two scripts; ours from files = \`ingest\` with its default preparation of every analysis table, then the two \`analyze\` runs)\n`);

let failed = false;
for (const id of ANSWERS) {
  const c = compare(id, answers[id].ours, answers[id].pandas);
  const below = answers[id].pandas.filter((r) => Number(r.people) < MIN).length;
  console.log(`${id}: ${c.compared} groups, ${c.values} values compared (groups of ≥ ${MIN} people; ${below} smaller group${below === 1 ? '' : 's'} left to the privacy guard) — ${c.problems.length ? `${c.problems.length} DIFFER` : 'same answers'}`);
  for (const p of c.problems.slice(0, 20)) console.log(`  ${p}`);
  if (c.notShown.length) console.log(`  note: groups of ≥ ${MIN} people pandas has but we do not show (suppressed by our guard?): ${c.notShown.join(', ')}`);
  if (c.problems.length || c.compared === 0) failed = true;
}
console.log('person-metrics: the network sizes (internal_network_size, external_network_size) are not computed in pandas and not compared.');
process.exitCode = failed ? 1 : 0;
