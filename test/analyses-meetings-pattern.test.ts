/**
 * Meeting types and the hourly working pattern against a TypeScript recomputation from the raw
 * rows: the wpa meeting-type rules, person-first hours per week, and hour-slot cells that show
 * only when enough people were active in them.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runAnalysis } from '../electron/backend/analyses/runAnalysis.js';
import { OTHER_GROUP_LABEL } from '../shared/privacy.js';
import { MEETING_TYPES } from '../shared/analyses/meetingTypes.js';
import { activity, close, countedMeetings, smallExport, weekOf, type ActivityModel, type SmallExport, type Version } from './helpers/smallExport.js';

let fx: SmallExport;
let act: ActivityModel;
let pop: Map<string, Map<string, Version>>;
before(async () => {
  fx = await smallExport({ people: 90, weeks: 3, seed: 17 });
  act = activity(fx.raw);
  pop = fx.raw.population();
});
after(async () => fx?.cleanup());

/** wpa's meetingtype_dist_mt rules, first match wins. */
function meetingType(n: number, d: number): string {
  if (n === 2 && d <= 1) return 'One-on-one';
  if (n >= 3 && n <= 8 && d <= 1) return 'Decision making';
  if (n >= 9 && n <= 18 && d <= 1) return 'Status update';
  if (n >= 19 && n <= 50 && d <= 2) return 'Bloated';
  if (n <= 18 && d >= 1 && d <= 2) return 'Lengthy';
  if (n >= 51) return 'All hands';
  if (n <= 50 && d >= 2) return 'Workshop';
  return 'Other';
}

/** Weeks each person spends in each group, and the group sizes, over the period. */
function groupsOf(attr: string) {
  const weeks = new Map<string, number>();
  const members = new Map<string, Set<string>>();
  for (const [, people] of pop) {
    for (const [e, v] of people) {
      const g = v.attrs[attr];
      weeks.set(`${g}|${e}`, (weeks.get(`${g}|${e}`) ?? 0) + 1);
      members.set(g, (members.get(g) ?? new Set()).add(e));
    }
  }
  return { weeks, members };
}

test('meeting types per function: meetings, attendee hours, hours per person-week, shares', async () => {
  const r = await runAnalysis(fx.ws, 'meeting-types', { params: { by: 'FunctionType' } });
  const { weeks, members } = groupsOf('FunctionType');
  const cells = new Map<string, { meetings: Set<string>; people: Map<string, number>; hours: number }>();
  for (const [id, att] of countedMeetings(fx.raw)) {
    const m = fx.raw.meetings.get(id)!;
    const type = meetingType(att.length, (m.minutes ?? 0) / 60);
    for (const a of att) {
      // Type from everyone who did not decline; hours for those who attended (accepted or organised).
      if (!a.accepted) continue;
      const v = pop.get(weekOf(m.start))?.get(a.email);
      if (!v) continue;
      const key = `${v.attrs.FunctionType}|${type}`;
      const c = cells.get(key) ?? { meetings: new Set<string>(), people: new Map<string, number>(), hours: 0 };
      c.meetings.add(id);
      c.people.set(a.email, (c.people.get(a.email) ?? 0) + a.hours);
      c.hours += a.hours;
      cells.set(key, c);
    }
  }
  // Types nobody attended in the period are named in a note, so they do not read as hidden for privacy.
  const attendedTypes = new Set([...cells.keys()].map((k) => k.split('|')[1]));
  const absent = MEETING_TYPES.filter((t) => !attendedTypes.has(t));
  assert.ok(absent.length > 0 && absent.length < MEETING_TYPES.length, `the demo lacks some types: ${absent.join(', ')}`);
  const absentNote = r.notes.find((n) => n.includes('not hidden for privacy'));
  assert.ok(absentNote, `a note names the absent types: ${JSON.stringify(r.notes)}`);
  assert.deepEqual(MEETING_TYPES.filter((t) => absentNote.includes(`${t} (`)), absent, absentNote);
  const types = new Set(r.rows.map((x) => x.meeting_type));
  assert.ok(types.has('One-on-one') && types.has('Decision making'), 'the demo has 1:1s and small meetings');
  const visible = [...cells].filter(([, c]) => c.people.size >= 5);
  // Every cell of 5 or more people shows, except those hidden so that a hidden one is not a group's
  // meeting hours (person-metrics) or a type's total minus the cells shown (complementary).
  assert.equal(r.suppression.groupsDifferencing, 0);
  assert.ok(r.suppression.cellsComplementary > 0, 'the demo has small cells to protect');
  assert.equal(r.rows.filter((x) => x.grp !== OTHER_GROUP_LABEL).length + r.suppression.cellsComplementary, visible.filter(([k]) => members.get(k.split('|')[0])!.size >= 5).length);
  const hpw = new Map<string, number>();
  for (const row of r.rows) {
    if (row.grp === OTHER_GROUP_LABEL) continue;
    const c = cells.get(`${row.grp}|${row.meeting_type}`)!;
    const size = members.get(String(row.grp))!.size;
    assert.equal(row.people, c.people.size);
    assert.equal(row.meetings, c.meetings.size);
    assert.equal(row.group_size, size);
    close(row.attendee_hours, c.hours, `${row.grp} ${row.meeting_type} hours`, 0.01);
    const perWeek = [...c.people].reduce((s, [e, h]) => s + h / weeks.get(`${row.grp}|${e}`)!, 0) / size;
    close(row.hours_per_person_week, perWeek, `${row.grp} ${row.meeting_type} per person-week`);
    hpw.set(`${row.grp}|${row.meeting_type}`, perWeek);
  }
  for (const row of r.rows) {
    if (row.grp === OTHER_GROUP_LABEL) continue;
    const total = [...hpw].filter(([k]) => k.startsWith(`${row.grp}|`)).reduce((s, [, v]) => s + v, 0);
    // Within the displayed rounding (2 decimals), absolute: shares come from unrounded hours.
    const share = (100 * hpw.get(`${row.grp}|${row.meeting_type}`)!) / total;
    assert.ok(Math.abs(Number(row.share_of_hours) - share) <= 0.005 + 1e-9, `${row.grp} ${row.meeting_type} share: got ${String(row.share_of_hours)}, expected ${share}`);
  }
});

/** Acted in the slot themselves: sent mail or an IM, attended a meeting or a call (receiving is not activity). */
const actedIn = (s: { emailsSent: number; imsSent: number; meetings: number; meetingHours: number; calls: number; callHours: number }) => s.emailsSent > 0 || s.imsSent > 0 || s.meetings > 0 || s.meetingHours > 0 || s.calls > 0 || s.callHours > 0;

/** Collaboration hours per (group, slot) for the working-pattern views, and who was active in each. */
function patternRef(group: (v: Version) => string, slotKey: (dow: number, hour: number) => string) {
  const weeks = new Map<string, number>();
  const members = new Map<string, Set<string>>();
  const cells = new Map<string, Map<string, number>>();
  const active = new Map<string, Set<string>>();
  /** Per slot key: each active person's count of weeks active in it. */
  const activeWeeks = new Map<string, Map<string, Set<string>>>();
  for (const [week, people] of pop) {
    for (const [e, v] of people) {
      const g = group(v);
      weeks.set(`${g}|${e}`, (weeks.get(`${g}|${e}`) ?? 0) + 1);
      members.set(g, (members.get(g) ?? new Set()).add(e));
      for (const [k, s] of act.slots.get(`${e}|${week}`) ?? new Map()) {
        const h = s.emailHours + s.meetingHours + s.callHours + s.imHours;
        if (!(h > 0) && !actedIn(s)) continue;
        const [dow, hour] = k.split('|').map(Number);
        const key = `${g}|${slotKey(dow, hour)}`;
        if (actedIn(s)) {
          active.set(key, (active.get(key) ?? new Set()).add(e));
          const byPerson = activeWeeks.get(key) ?? new Map<string, Set<string>>();
          byPerson.set(e, (byPerson.get(e) ?? new Set()).add(week));
          activeWeeks.set(key, byPerson);
        }
        const c = cells.get(key) ?? new Map<string, number>();
        c.set(e, (c.get(e) ?? 0) + h);
        cells.set(key, c);
      }
    }
  }
  /** The share active in a typical week: Σ over people of weeks active / their weeks, over the group size. */
  const typicalShare = (g: string, key: string, size: number) => (100 * [...(activeWeeks.get(key) ?? new Map<string, Set<string>>())].reduce((sum, [e, w]) => sum + w.size / weeks.get(`${g}|${e}`)!, 0)) / size;
  return { weeks, members, cells, active, typicalShare };
}

/** Whether counts of the active people show: hidden when the active or the other people are 1 to 4. */
function activeShown(activeCount: number, people: number): boolean {
  const ok = (n: number) => n === 0 || n >= 5;
  return ok(activeCount) && ok(people - activeCount);
}

test('working pattern by weekday: hours per person-week in each local hour slot', async () => {
  const r = await runAnalysis(fx.ws, 'working-pattern', { params: { view: 'weekday', by: null } });
  const ref = patternRef(() => 'all', (d, h) => `${d}|${h}`);
  const size = ref.members.get('all')!.size;
  const visible = [...ref.cells].filter(([, c]) => c.size >= 5);
  assert.equal(r.rows.length, visible.length);
  for (const row of r.rows) {
    const c = ref.cells.get(`all|${row.dow}|${row.hour}`)!;
    assert.equal(row.people, c.size);
    assert.equal(row.weekday, ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][Number(row.dow)]);
    close(row.hours_per_person_week, [...c].reduce((s, [e, h]) => s + h / ref.weeks.get(`all|${e}`)!, 0) / size, `${row.weekday} ${row.hour}h`);
    const activeCount = ref.active.get(`all|${row.dow}|${row.hour}`)?.size ?? 0;
    if (!activeShown(activeCount, c.size)) assert.equal(row.share_active, null, `${row.weekday} ${row.hour}h share masked`);
    else close(row.share_active, ref.typicalShare('all', `all|${row.dow}|${row.hour}`, size), `${row.weekday} ${row.hour}h share active`, 0.06);
    assert.equal(row.in_working_hours, Number(row.dow) < 5 && Number(row.hour) >= 8 && Number(row.hour) < 17);
  }
  // Working hours hold most of the collaboration.
  const inHours = r.rows.filter((x) => x.in_working_hours).reduce((s, x) => s + Number(x.hours_per_person_week), 0);
  const total = r.rows.reduce((s, x) => s + Number(x.hours_per_person_week), 0);
  assert.ok(inHours / total > 0.5);
});

test('working pattern: receiving mail is not activity (a night hour has people with reading time but few active)', async () => {
  const r = await runAnalysis(fx.ws, 'working-pattern', { params: { view: 'group', by: null } });
  const ref = patternRef(() => 'all', (_d, h) => `${h}`);
  const night = r.rows.filter((x) => Number(x.hour) >= 0 && Number(x.hour) < 5);
  assert.ok(night.length > 0, 'night hours shown');
  for (const row of night) {
    const withHours = ref.cells.get(`all|${row.hour}`)!.size;
    const activeCount = ref.active.get(`all|${row.hour}`)?.size ?? 0;
    assert.ok(activeCount < withHours, `${row.hour}h: ${activeCount} active of ${withHours} with hours`);
    assert.equal(row.active_people, activeShown(activeCount, withHours) ? activeCount : null);
    if (row.share_active !== null) close(row.share_active, ref.typicalShare('all', `all|${row.hour}`, ref.members.get('all')!.size), `${row.hour}h share active`, 0.06);
  }
});

test('working pattern: the weekday view honours Group by', async () => {
  const r = await runAnalysis(fx.ws, 'working-pattern', { params: { view: 'weekday', by: 'FunctionType' } });
  const ref = patternRef((v) => v.attrs.FunctionType, (d, h) => `${d}|${h}`);
  const groups = new Set(r.rows.map((x) => String(x.grp)));
  assert.ok(groups.size > 1, `${[...groups].join(', ')}`);
  assert.ok(!groups.has('All measured employees'));
  for (const row of r.rows) {
    assert.equal(row.slot_row, `${row.grp} · ${row.weekday}`);
    if (row.grp === OTHER_GROUP_LABEL) continue;
    const c = ref.cells.get(`${row.grp}|${row.dow}|${row.hour}`)!;
    assert.equal(row.people, c.size, `${row.grp} ${row.weekday} ${row.hour}h`);
    close(row.hours_per_person_week, [...c].reduce((sum, [e, h]) => sum + h / ref.weeks.get(`${row.grp}|${e}`)!, 0) / ref.members.get(String(row.grp))!.size, `${row.grp} ${row.weekday} ${row.hour}h`);
  }
  assert.equal(r.chart.y[0], 'slot_row');
});

test('working pattern by group: local hour × function, meeting hours only', async () => {
  const r = await runAnalysis(fx.ws, 'working-pattern', { params: { view: 'group', by: 'FunctionType', activity: 'meeting' } });
  assert.equal(r.chart.kind, 'heatmap');
  // Recompute with meeting hours only.
  const weeks = new Map<string, number>();
  const members = new Map<string, Set<string>>();
  const cells = new Map<string, Map<string, number>>();
  for (const [week, people] of pop) {
    for (const [e, v] of people) {
      const g = v.attrs.FunctionType;
      weeks.set(`${g}|${e}`, (weeks.get(`${g}|${e}`) ?? 0) + 1);
      members.set(g, (members.get(g) ?? new Set()).add(e));
      for (const [k, s] of act.slots.get(`${e}|${week}`) ?? new Map()) {
        if (!(s.meetingHours > 0)) continue;
        const key = `${g}|${k.split('|')[1]}`;
        const c = cells.get(key) ?? new Map<string, number>();
        c.set(e, (c.get(e) ?? 0) + s.meetingHours);
        cells.set(key, c);
      }
    }
  }
  assert.ok(r.rows.length > 20);
  for (const row of r.rows) {
    if (row.grp === OTHER_GROUP_LABEL) continue;
    const c = cells.get(`${row.grp}|${row.hour}`)!;
    assert.equal(row.people, c.size);
    close(row.hours_per_person_week, [...c].reduce((s, [e, h]) => s + h / weeks.get(`${row.grp}|${e}`)!, 0) / members.get(String(row.grp))!.size, `${row.grp} ${row.hour}h`);
  }
});

test('working pattern: a slot hidden in the weekday view cannot be recovered from the hour view (its group × hour total) by subtraction', async () => {
  const params = { by: 'FunctionType', minGroupSize: 5 };
  const weekday = await runAnalysis(fx.ws, 'working-pattern', { params: { view: 'weekday', by: params.by } });
  const hourly = await runAnalysis(fx.ws, 'working-pattern', { params: { view: 'group', by: params.by } });
  const ref = patternRef((v) => v.attrs.FunctionType, (d, h) => `${d}|${h}`);
  const shownSlots = new Set(weekday.rows.map((r) => `${r.grp}|${r.dow}|${r.hour}`));
  let checked = 0;
  for (const row of hourly.rows) {
    if (row.grp === OTHER_GROUP_LABEL || row.hours_per_person_week === null) continue;
    // The weekday slots of this group and hour that have people in them but are not shown: hidden.
    const hidden = [0, 1, 2, 3, 4, 5, 6].filter((d) => (ref.cells.get(`${row.grp}|${d}|${row.hour}`)?.size ?? 0) > 0 && !shownSlots.has(`${row.grp}|${d}|${row.hour}`));
    if (hidden.length === 0) continue;
    checked++;
    // The hour view's total minus the shown weekdays gives the hidden slots' sum: it must cover at
    // least the minimum of people (one small slot alone would be given away).
    const people = new Set(hidden.flatMap((d) => [...ref.cells.get(`${row.grp}|${d}|${row.hour}`)!.keys()]));
    assert.ok(people.size >= 5, `${row.grp} ${row.hour}h: hidden weekdays ${hidden.join(',')} hold only ${people.size} people, recoverable as the hour view's value minus the shown weekdays`);
  }
  assert.ok(checked > 0, 'the fixture hides some weekday slots under shown hours');
});
