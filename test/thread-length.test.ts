/**
 * The thread-length analysis checked against an independent computation in TypeScript over the raw
 * CSV rows, and the minimum-group-size rule on its output.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Workspace } from '../electron/backend/workspace/workspace.js';
import { ingestExport } from '../electron/backend/ingest/ingestExport.js';
import { runAnalysis } from '../electron/backend/analyses/runAnalysis.js';
import { OTHER_GROUP_LABEL } from '../shared/privacy.js';
import { AppError } from '../shared/errors.js';
import { demoExport } from './helpers/demoExport.js';
import { csvObjects } from './helpers/csvFiles.js';
import { tempDir } from './helpers/tempDirs.js';

interface ThreadStats {
  originatorEmail: string;
  originatorVersion: Record<string, string>;
  emails: number;
  participants: number;
  contributors: number;
  lifespanDays: number;
  responseHours: number | null;
  emailHours: number;
}

/** Threads computed from the CSV rows without SQL. */
function threadsFromCsv(dir: string): ThreadStats[] {
  const people = new Map(csvObjects(join(dir, 'PersonHistorical.csv')).map((p) => [p.PersonHistoricalId, p]));
  const mails = new Map(csvObjects(join(dir, 'Mails.csv')).map((m) => [m.MailId, { thread: m.ConversationId, sent: Date.parse(m.SentTime + 'Z') }]));
  const threads = new Map<string, { senders: { t: number; v: string }[]; emails: Set<string>; contributors: Set<string>; hours: number }>();
  for (const p of csvObjects(join(dir, 'MailParticipants.csv'))) {
    const m = mails.get(p.MailId)!;
    let t = threads.get(m.thread);
    if (!t) threads.set(m.thread, (t = { senders: [], emails: new Set(), contributors: new Set(), hours: 0 }));
    const person = people.get(p.PersonHistoricalId)!;
    if (!['DistributionList', 'MeetingRoom'].includes(person.PopulationType)) t.emails.add(person.EmailAddress);
    if (p.IsSender === 'True') {
      t.senders.push({ t: m.sent, v: p.PersonHistoricalId });
      t.contributors.add(person.EmailAddress);
    }
    t.hours += Number(p.PersonTimeSpentInHours);
  }
  const out: ThreadStats[] = [];
  for (const t of threads.values()) {
    if (t.senders.length === 0) continue;
    t.senders.sort((a, b) => a.t - b.t);
    const first = t.senders[0];
    const last = t.senders[t.senders.length - 1];
    const origin = people.get(first.v)!;
    // Originators are measured employees: a thread a collaborator starts is left out.
    if (origin.PopulationType !== 'MeasuredEmployee') continue;
    const spanS = (last.t - first.t) / 1000;
    out.push({
      originatorEmail: origin.EmailAddress,
      originatorVersion: origin,
      emails: t.senders.length,
      participants: t.emails.size,
      contributors: t.contributors.size,
      lifespanDays: spanS / 86400,
      responseHours: t.senders.length > 1 ? spanS / 3600 / (t.senders.length - 1) : null,
      emailHours: t.hours,
    });
  }
  return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
const close = (a: unknown, b: number, what: string, tol = 0.002) => assert.ok(Math.abs(Number(a) - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

describe('thread-length analysis', () => {
  let ws: Workspace;
  let threads: ThreadStats[];
  before(async () => {
    const demo = await demoExport({ people: 80, weeks: 2, seed: 11 });
    ws = await Workspace.open(tempDir(), { create: true });
    await ingestExport(ws, { sourceDir: demo.outDir });
    threads = threadsFromCsv(demo.outDir);
  });
  after(() => ws.close());

  it('matches an independent computation over the raw rows, per FunctionType', async () => {
    const r = await runAnalysis(ws, 'thread-length', { params: { by: 'FunctionType' } });
    const groups = new Map<string, ThreadStats[]>();
    for (const t of threads) groups.set(t.originatorVersion.FunctionType, [...(groups.get(t.originatorVersion.FunctionType) ?? []), t]);
    const sizes = new Map([...groups].map(([g, ts]) => [g, new Set(ts.map((t) => t.originatorEmail)).size]));
    const expected = [...groups].filter(([g]) => sizes.get(g)! >= 5);
    assert.ok(expected.length >= 4, 'the small export still has several groups of 5+');
    for (const [g, ts] of expected) {
      // An empty attribute in the CSV is NULL in the workspace, and blank-like values are "Unknown".
      const row = r.rows.find((x) => x.grp === (g.trim() === '' ? 'Unknown' : g));
      assert.ok(row, `group ${g} present`);
      assert.equal(row.people, sizes.get(g));
      assert.equal(row.threads, ts.length, `${g} threads`);
      assert.equal(row.emails_sent, ts.reduce((a, t) => a + t.emails, 0));
      close(row.mean_length, mean(ts.map((t) => t.emails)), `${g} mean length`);
      close(row.median_length, median(ts.map((t) => t.emails)), `${g} median`);
      close(row.share_long, 100 * mean(ts.map((t) => (t.emails >= 5 ? 1 : 0))), `${g} share long`);
      close(row.mean_participants, mean(ts.map((t) => t.participants)), `${g} participants`);
      close(row.mean_active_contributors, mean(ts.map((t) => t.contributors)), `${g} contributors`);
      close(row.mean_lifespan_days, mean(ts.map((t) => t.lifespanDays)), `${g} lifespan`);
      close(row.mean_response_hours, mean(ts.filter((t) => t.responseHours !== null).map((t) => t.responseHours!)), `${g} response`);
      close(row.email_hours, ts.reduce((a, t) => a + t.emailHours, 0), `${g} email hours`);
    }
  });

  it('finds the planted effect: Sales and Marketing start the longest threads', async () => {
    const r = await runAnalysis(ws, 'thread-length', { params: { by: 'FunctionType' } });
    const top = r.rows.slice(0, 2).map((x) => x.grp).sort();
    assert.deepEqual(top, ['Marketing', 'Sales']);
  });

  it('merges groups below the minimum size into "Other" and never shows a group under it', async () => {
    for (const k of [5, 12, 25]) {
      const r = await runAnalysis(ws, 'thread-length', { params: { by: 'Organization' }, minGroupSize: k });
      const byGroup = new Map<string, Set<string>>();
      for (const t of threads) {
        const g = t.originatorVersion.Organization.trim() === '' ? 'Unknown' : t.originatorVersion.Organization;
        byGroup.set(g, (byGroup.get(g) ?? new Set()).add(t.originatorEmail));
      }
      const small = [...byGroup].filter(([, s]) => s.size < k);
      const merged = new Set(small.flatMap(([, s]) => [...s]));
      for (const row of r.rows) assert.ok(Number(row.people) >= k, `group ${row.grp} has ${row.people} < ${k}`);
      const other = r.rows.find((x) => x.grp === OTHER_GROUP_LABEL);
      // Groups of k or more not shown went into "Other" too: complementary (the small ones alone
      // are fewer than k) or differencing (near-identical to a group of another attribute).
      const hidden = [...byGroup].filter(([g, s]) => s.size >= k && !r.rows.some((x) => x.grp === g));
      assert.equal(hidden.length, r.suppression.groupsComplementary + r.suppression.groupsDifferencing, `k=${k}: hidden groups accounted for`);
      for (const [, s] of hidden) for (const e of s) merged.add(e);
      if (merged.size > 0 && merged.size < k) assert.fail(`k=${k}: ${merged.size} people hidden, recoverable from the total`);
      if (merged.size >= k) {
        assert.ok(other, `Other shown at k=${k}`);
        assert.equal(other.people, merged.size);
      } else assert.equal(other, undefined, `nothing merged at k=${k}`);
      assert.equal(r.suppression.groupsBelow, small.length);
      for (const [g] of small) assert.ok(!r.rows.some((x) => x.grp === g), `small group ${g} not shown`);
    }
  });

  it('drops small groups entirely when asked', async () => {
    const r = await runAnalysis(ws, 'thread-length', { params: { by: 'Organization' }, minGroupSize: 12, smallGroups: 'drop' });
    assert.ok(!r.rows.some((x) => x.grp === OTHER_GROUP_LABEL));
    for (const row of r.rows) assert.ok(Number(row.people) >= 12);
  });

  it('refuses a minimum group size below 5 and an unknown attribute', async () => {
    await assert.rejects(runAnalysis(ws, 'thread-length', { minGroupSize: 4 }), (e: AppError) => e.code === 'privacy/min-group-too-low');
    await assert.rejects(runAnalysis(ws, 'thread-length', { params: { by: 'ShoeSize' } }), (e: AppError) => e.code === 'analysis/unknown-attribute' && /FunctionType/.test(e.hint ?? ''));
  });
});
