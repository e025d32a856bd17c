/**
 * The numbers a job shows: progress never goes back, start and end times from the backend's clock,
 * a rate over a window (bursty writers read right), a cancel that does not say "Cancelled" twice,
 * per-file sync states; and the small shared rules behind other numbers on screen.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { JobRunner, RateMeter } from '../electron/backend/api/jobs/jobRunner.js';
import type { BackendEvent, JobInfo } from '../shared/api/contract.js';
import { SyncFileStates } from '../electron/backend/azure/syncFileStates.js';
import { syncJobProgress } from '../electron/backend/api/connectHandlers.js';
import { relativeTime } from '../shared/format/relativeTime.js';
import { checkMinGroupSize, HIGHEST_MIN_GROUP_SIZE } from '../shared/privacy.js';
import { hideImportPaths } from '../electron/backend/api/datasets/userFacingPaths.js';
import { sqlError } from '../electron/backend/api/sql/sqlErrors.js';
import { countOf } from '../shared/format/plural.js';
import { EventEmitter } from 'node:events';

function runner(): { jobs: JobRunner; events: JobInfo[] } {
  const events: JobInfo[] = [];
  const jobs = new JobRunner((e: BackendEvent) => {
    if (e.type === 'job') events.push(e.job);
  });
  return { jobs, events };
}

describe('job numbers', () => {
  it('progress never goes back, whichever source reports last (30 → 99 → 44 stays at 99)', async () => {
    const { jobs, events } = runner();
    const job = jobs.start({
      kind: 'export',
      title: 't',
      run: async (ctx) => {
        for (const percent of [30, 99, 44, 53]) {
          ctx.progress({ percent });
          await new Promise((r) => setTimeout(r, 120));
        }
      },
    });
    await jobs.wait(job.id);
    const seen = events.map((e) => e.percent ?? 0);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i] >= seen[i - 1], `went back: ${seen.join(' → ')}`);
    assert.ok(seen.includes(99));
  });

  it('stamps start and end on the backend clock; elapsed is end − start', async () => {
    const { jobs } = runner();
    // Bounded by the clock read around the calls, not by a fixed allowance a loaded machine can exceed.
    const before = Date.now();
    const job = jobs.start({ kind: 'export', title: 't', run: () => new Promise((r) => setTimeout(r, 300)) });
    const started = Date.now();
    const done = await jobs.wait(job.id);
    const waited = Date.now() - before;
    assert.ok(done.startedAt! >= before && done.startedAt! <= started, `started at ${done.startedAt! - before} ms, start() returned at ${started - before} ms`);
    assert.ok(done.endedAt! - done.startedAt! >= 290 && done.endedAt! - done.startedAt! <= waited, `${done.endedAt! - done.startedAt!} ms of ${waited} ms waited`);
    assert.equal(done.etaSeconds, undefined, 'no time left once done');
  });

  it('a cancelled job says what happened without repeating "Cancelled"', async () => {
    const { jobs } = runner();
    const job = jobs.start({
      kind: 'sync',
      title: 't',
      subject: { connectionId: 'c1' },
      run: async (ctx) => {
        ctx.progress({ percent: 42 });
        await once(ctx.signal as unknown as EventEmitter, 'abort');
        throw new Error('aborted');
      },
    });
    await new Promise((r) => setTimeout(r, 20));
    jobs.cancel(job.id);
    const done = await jobs.wait(job.id);
    assert.equal(done.status, 'cancelled');
    assert.notEqual(done.message, 'Cancelled');
    assert.match(done.message ?? '', /42%/);
    assert.deepEqual(done.subject, { connectionId: 'c1' }, 'the subject stays for re-attaching');
  });

  it('rate over a window: 13 MB written in bursts over 10 s reads about 1.3 MB/s', () => {
    const meter = new RateMeter();
    let last: { rate?: number } = {};
    // exceljs flushes ~1.3 MB once a second; samples every 250 ms see no growth in between.
    for (let t = 0; t <= 10_000; t += 250) last = meter.sample(Math.floor(t / 1000) * 1_300_000, undefined, t);
    assert.ok(last.rate! > 1_000_000 && last.rate! < 1_700_000, `rate ${last.rate}`);
  });

  it('a sync in its loading phase has no rate or time left (never "about 0 ms left")', () => {
    const p = syncJobProgress({ phase: 'ingest', message: 'Loading Mails', bytesDone: 10, bytesTotal: 10, filesDone: 9, filesTotal: 9, rate: 5, etaSeconds: 0, tablesDone: 3, tablesTotal: 9 });
    assert.equal(p.rate, undefined);
    assert.equal(p.etaSeconds, undefined);
    assert.ok(p.percent! >= 85);
  });

  it('per-file sync states follow download and load, table by table', () => {
    const s = new SyncFileStates(
      [
        { name: 'r/Mails.csv', table: 'Mails' },
        { name: 'r/Calls.csv', table: 'Calls' },
        { name: 'r/Meetings.csv', table: 'Meetings' },
      ],
      new Set(['r/Mails.csv', 'r/Calls.csv']),
    );
    assert.deepEqual(s.snapshot(), { 'r/Mails.csv': 'waiting', 'r/Calls.csv': 'waiting', 'r/Meetings.csv': 'loaded' });
    s.downloading(['r/Mails.csv']);
    assert.equal(s.snapshot()['r/Mails.csv'], 'downloading');
    s.downloaded('r/Mails.csv');
    s.downloading(['r/Calls.csv']);
    s.downloaded('r/Calls.csv');
    s.willLoad(['Mails', 'Calls']);
    s.loading('Mails', new Set());
    assert.deepEqual(s.snapshot(), { 'r/Mails.csv': 'loading', 'r/Calls.csv': 'downloaded', 'r/Meetings.csv': 'loaded' });
    s.loading('Calls', new Set(['Mails']));
    assert.deepEqual(s.snapshot(), { 'r/Mails.csv': 'loaded', 'r/Calls.csv': 'loading', 'r/Meetings.csv': 'loaded' });
  });
});

describe('shared number rules', () => {
  it('relative time counts whole units down: 23 h 40 min is "in 23 hours" everywhere', () => {
    const now = new Date('2025-01-01T00:00:00Z');
    assert.equal(relativeTime(new Date(now.getTime() + (23 * 60 + 40) * 60_000), now), 'in 23 hours');
    assert.equal(relativeTime(new Date(now.getTime() + 60 * 60_000), now), 'in 1 hour');
    assert.equal(relativeTime(new Date(now.getTime() - 3 * 86_400_000), now), '3 days ago');
  });

  it('minimum group size: beyond the highest is refused with a message, not rounded', () => {
    assert.throws(() => checkMinGroupSize('99999999999999999999'), /above the highest allowed value/);
    assert.throws(() => checkMinGroupSize(HIGHEST_MIN_GROUP_SIZE + 1), (e: Error & { code?: string }) => e.code === 'privacy/min-group-too-high');
    assert.equal(checkMinGroupSize(HIGHEST_MIN_GROUP_SIZE), HIGHEST_MIN_GROUP_SIZE);
    assert.equal(checkMinGroupSize('12'), 12);
  });

  it('import errors name the file, not the upload folder', () => {
    const ws = '/home/a/ws';
    assert.equal(hideImportPaths(`Could not read ${ws}/imports/.uploads/Xy9_abc/sales.xlsx: bad sheet`, ws), 'Could not read sales.xlsx: bad sheet');
    assert.equal(hideImportPaths(`"${ws}/imports/hr.csv" is empty`, ws), '"hr.csv" is empty');
    assert.equal(hideImportPaths('/elsewhere/imports/x.csv', ws), '/elsewhere/imports/x.csv');
  });

  it('DuckDB candidate bindings read as words, never "Candidate bindings: : "', () => {
    const e = sqlError(new Error('Binder Error: Referenced column "x" not found in FROM clause!\nCandidate bindings: : \n\nLINE 1: SELECT x\n       ^'), 'SELECT x', 'SELECT x', 0);
    assert.doesNotMatch(`${e.message} ${e.hint}`, /: :|Candidate bindings/);
    const f = sqlError(new Error('Binder Error: Referenced column "Subjet" not found in FROM clause!\nCandidate bindings: "Subject"'), 'SELECT Subjet', 'SELECT Subjet', 0);
    assert.match(f.hint ?? '', /Columns with a similar name: "Subject"\./);
  });

  it('counts agree with their noun', () => {
    assert.equal(countOf(1, 'row'), '1 row');
    assert.equal(countOf(1011701, 'row'), '1,011,701 rows');
    assert.equal(countOf(1, 'person', 'people'), '1 person');
  });
});
