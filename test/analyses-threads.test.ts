/**
 * Email-thread analysis against a TypeScript recomputation from the raw CSV rows, the planted
 * effect (Sales and Marketing start longer threads), the period filter and small-group merging.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runAnalysis } from '../electron/backend/analyses/runAnalysis.js';
import { OTHER_GROUP_LABEL } from '../shared/privacy.js';
import { THREAD_LENGTH_MEAN } from '../electron/backend/demo/mails.js';
import { close, mean, quantile, smallExport, weekOf, type RawExport, type SmallExport } from './helpers/smallExport.js';

let fx: SmallExport;
before(async () => {
  fx = await smallExport({ people: 120, weeks: 4, seed: 11 });
});
after(async () => fx?.cleanup());

interface Thread {
  originator: string;
  group: string;
  week: string;
  emails: number;
  participants: number;
  active: number;
  touchpoints: number;
  hours: number;
  lifespanDays: number;
  responseHours: number | null;
}

/** Threads recomputed from Mails and MailParticipants rows (an empty attribute is the group NULL). */
function threads(raw: RawExport, by: string): Thread[] {
  const byConversation = new Map<string, string[]>();
  for (const [id, m] of raw.mails) byConversation.set(m.conversation, [...(byConversation.get(m.conversation) ?? []), id]);
  const rowsOf = new Map<string, RawExport['mailParticipants']>();
  for (const p of raw.mailParticipants) rowsOf.set(p.mail, [...(rowsOf.get(p.mail) ?? []), p]);
  const out: Thread[] = [];
  for (const mailIds of byConversation.values()) {
    const sent = mailIds
      .map((id) => ({ id, t: raw.mails.get(id)!.sent, rows: rowsOf.get(id) ?? [], sender: (rowsOf.get(id) ?? []).find((r) => r.isSender) }))
      .filter((m) => m.sender)
      .sort((a, b) => a.t - b.t);
    if (sent.length === 0) continue;
    const originator = raw.v(sent[0].sender!.version);
    // Originators are measured employees (the population rule): a thread a collaborator starts is left out.
    if (!originator.isMeasured) continue;
    const people = new Set<string>();
    const senders = new Set<string>();
    let touchpoints = 0;
    let hours = 0;
    for (const m of sent) {
      for (const r of m.rows) {
        const v = raw.v(r.version);
        // The participant's own time, else (the sender) Mails.SenderTimeSpentinMinutes.
        hours += r.hours ?? (r.isSender ? (raw.mails.get(m.id)!.senderMinutes ?? 0) / 60 : 0);
        if (v.isPerson) {
          people.add(v.email);
          touchpoints++;
        }
      }
      const sv = raw.v(m.sender!.version);
      if (sv.isPerson) senders.add(sv.email);
    }
    const span = sent[sent.length - 1].t - sent[0].t;
    out.push({
      originator: originator.email,
      group: originator.attrs[by],
      week: weekOf(sent[0].t),
      emails: sent.length,
      participants: people.size,
      active: senders.size,
      touchpoints,
      hours,
      lifespanDays: span / 86_400_000,
      responseHours: sent.length > 1 ? span / 3_600_000 / (sent.length - 1) : null,
    });
  }
  return out;
}

function expectGroup(row: Record<string, unknown>, ts: Thread[], label: string): void {
  assert.equal(row.people, new Set(ts.map((t) => t.originator)).size, `${label}: originators`);
  assert.equal(row.threads, ts.length, `${label}: threads`);
  assert.equal(row.emails_sent, ts.reduce((s, t) => s + t.emails, 0), `${label}: emails`);
  assert.equal(row.touchpoints, ts.reduce((s, t) => s + t.touchpoints, 0), `${label}: touchpoints`);
  assert.equal(row.distinct_participant_touchpoints, ts.reduce((s, t) => s + t.participants, 0), `${label}: distinct participant touchpoints`);
  close(row.mean_length, mean(ts.map((t) => t.emails)), `${label}: mean length`);
  close(row.median_length, quantile(ts.map((t) => t.emails), 0.5), `${label}: median`);
  close(row.p90_length, quantile(ts.map((t) => t.emails), 0.9), `${label}: p90`);
  close(row.share_long, (100 * ts.filter((t) => t.emails >= 5).length) / ts.length, `${label}: share long`, 0.01);
  close(row.mean_participants, mean(ts.map((t) => t.participants)), `${label}: participants`);
  close(row.mean_active_contributors, mean(ts.map((t) => t.active)), `${label}: active contributors`);
  close(row.mean_lifespan_days, mean(ts.map((t) => t.lifespanDays)), `${label}: lifespan`);
  const resp = ts.map((t) => t.responseHours).filter((x): x is number => x !== null);
  close(row.mean_response_hours, mean(resp), `${label}: response time`);
  close(row.email_hours, ts.reduce((s, t) => s + t.hours, 0), `${label}: email hours`, 0.02);
  close(row.email_hours_per_thread, mean(ts.map((t) => t.hours)), `${label}: hours per thread`);
}

test('thread-length matches a recomputation from the raw rows, for every group', async () => {
  const r = await runAnalysis(fx.ws, 'thread-length', { params: { by: 'FunctionType' } });
  const ref = threads(fx.raw, 'FunctionType');
  const groups = new Set(ref.map((t) => t.group));
  assert.equal(r.rows.length, groups.size, 'one row per function (all are large enough here)');
  assert.ok(fx.raw.mailParticipants.some((p) => p.isSender && !fx.raw.v(p.version).isMeasured), 'collaborators send emails in this export');
  // No Unknown group of external collaborators: they are not originators.
  assert.ok(!r.rows.some((x) => x.grp === 'Unknown'), 'no Unknown group of collaborators');
  for (const row of r.rows) expectGroup(row, ref.filter((t) => (t.group.trim() === '' ? 'Unknown' : t.group) === row.grp), String(row.grp));
});

test('thread-length by another attribute and for a period', async () => {
  const weeks = fx.raw.weeks();
  const r = await runAnalysis(fx.ws, 'thread-length', { params: { by: 'LevelDesignation', from: weeks[1], to: weeks[2] } });
  const ref = threads(fx.raw, 'LevelDesignation').filter((t) => t.week >= weeks[1] && t.week <= weeks[2]);
  assert.ok(r.rows.length >= 3);
  for (const row of r.rows) {
    if (row.grp === OTHER_GROUP_LABEL) continue;
    expectGroup(row, ref.filter((t) => t.group === (row.grp ?? '')), String(row.grp));
  }
});

test('planted effect: Sales and Marketing start the longest threads, Engineering and Research the shortest', async () => {
  const r = await runAnalysis(fx.ws, 'thread-length', { params: { by: 'FunctionType' } });
  const order = r.rows.map((x) => String(x.grp));
  const planted = Object.entries(THREAD_LENGTH_MEAN).sort((a, b) => b[1] - a[1]);
  assert.deepEqual(new Set(order.slice(0, 2)), new Set(planted.slice(0, 2).map(([f]) => f)));
  assert.deepEqual(new Set(order.slice(-2)), new Set(planted.slice(-2).map(([f]) => f)));
});

test('small originator groups merge into "Other", recomputed over the merged threads', async () => {
  const ref = threads(fx.raw, 'FunctionType');
  const sizes = new Map<string, Set<string>>();
  for (const t of ref) sizes.set(t.group, (sizes.get(t.group) ?? new Set()).add(t.originator));
  const sorted = [...sizes.values()].map((s) => s.size).sort((a, b) => a - b);
  // A threshold just above the two smallest groups, so they merge and the rest stay.
  const k = sorted[1] + 1;
  const small = [...sizes].filter(([, s]) => s.size < k).map(([g]) => g);
  assert.ok(small.length >= 2);
  const r = await runAnalysis(fx.ws, 'thread-length', { params: { by: 'FunctionType' }, minGroupSize: k });
  const other = r.rows.find((x) => x.grp === OTHER_GROUP_LABEL);
  assert.ok(other, 'merged group shown');
  expectGroup(other, ref.filter((t) => small.includes(t.group)), 'Other');
  for (const g of small) assert.ok(!r.rows.some((x) => x.grp === g), `${g} not shown on its own`);
  assert.equal(r.suppression.groupsBelow, small.length);
  assert.equal(r.suppression.peopleMerged, new Set(ref.filter((t) => small.includes(t.group)).map((t) => t.originator)).size);
  for (const row of r.rows) assert.ok(Number(row.people) >= k);

  const dropped = await runAnalysis(fx.ws, 'thread-length', { params: { by: 'FunctionType' }, minGroupSize: k, smallGroups: 'drop' });
  assert.equal(dropped.rows.length, sizes.size - small.length);
  assert.ok(!dropped.rows.some((x) => x.grp === OTHER_GROUP_LABEL));
});
