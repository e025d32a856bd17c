/**
 * A small generated export for the analysis tests, loaded into a workspace, plus an independent
 * reading of its raw CSV files: the tests recompute every metric here in TypeScript, from the
 * rows, by the definitions in analyses.md — never by running the catalogue's SQL. Only the
 * documented columns are read (Microsoft's "Exported .csv files"), plus the tenant's HR attributes.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemoExport, type DemoSummary } from '../../electron/backend/demo/generateDemoExport.js';
import { ingestExport } from '../../electron/backend/ingest/ingestExport.js';
import { Workspace } from '../../electron/backend/workspace/workspace.js';
import type { DemoIdFormat } from '../../electron/backend/demo/generateDemoExport.js';
import { isExternalType, isPersonType } from '../../shared/analyses/population.js';

// ---------------------------------------------------------------- CSV

export { parseCsv } from './parseCsv.js';
import { parseCsv } from './parseCsv.js';

async function readTable(dir: string, name: string): Promise<Record<string, string>[]> {
  const [header, ...rows] = parseCsv(await readFile(join(dir, `${name}.csv`), 'utf8'));
  return rows.filter((r) => r.length === header.length).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

/** Timestamps are read as written (UTC or local wall clock), in ms. */
export const ms = (s: string): number => Date.parse(`${s.replace(' ', 'T')}Z`);
const bool = (s: string) => s === 'True' || s === 'true';
const num = (s: string) => (s === '' || s === undefined ? 0 : Number(s));
/** An optional number: empty (or a column the file lacks) is null, never 0. */
const opt = (s: string | undefined): number | null => (s === undefined || s === '' ? null : Number(s));
const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Monday (UTC) of the week holding `t`, as YYYY-MM-DD. */
export function weekOf(t: number): string {
  const day = Math.floor(t / DAY);
  const dow = (day + 3) % 7; // 1970-01-01 was a Thursday: Monday = 0
  return new Date((day - dow) * DAY).toISOString().slice(0, 10);
}
/** Monday = 0 … Sunday = 6. */
export const weekday = (t: number) => (Math.floor(t / DAY) + 3) % 7;
export const hourOf = (t: number) => Math.floor((t % DAY) / HOUR);

// ---------------------------------------------------------------- the raw export

export interface Version {
  id: string;
  email: string;
  start: number;
  end: number;
  population: string;
  managerEmail: string;
  attrs: Record<string, string>;
  /** PersonHistorical.ExternalCollaboratorId ('' when not exported). */
  externalId: string;
  isPerson: boolean;
  isExternal: boolean;
  isMeasured: boolean;
}

export class RawExport {
  versions = new Map<string, Version>();
  /** Persons by email: measured / external if any version is. */
  personKind = new Map<string, { measured: boolean; external: boolean; person: boolean }>();
  /** Mails.SentTime is the sender's local time; SenderTimeSpentinMinutes the writing time. */
  mails = new Map<string, { conversation: string; sent: number; senderMinutes: number | null }>();
  /** `hours`: PersonTimeSpentInHours, else PersonTimeSpentInMinutes / 60, else null. */
  mailParticipants: { mail: string; version: string; isSender: boolean; hours: number | null; local: number | null }[] = [];
  /** A meeting ends at StartTime + DurationMinutes. */
  meetings = new Map<string, { start: number; end: number; canceled: boolean; minutes: number | null }>();
  meetingParticipants: { meeting: string; version: string; response: string; organizer: boolean; doubleBooked: boolean; localStart: number | null; adjusted: number | null; emailsDuring: number | null }[] = [];
  /** Calls have no times: a call starts at its participants' earliest LocalStartTime. */
  calls = new Map<string, { start: number }>();
  callParticipants: { call: string; version: string; localStart: number; localEnd: number }[] = [];
  ims = new Map<string, { sent: number; interactionType: string }>();
  imParticipants: { im: string; version: string; isSender: boolean; afterHours: boolean; minutes: number; local: number | null }[] = [];
  sales = new Map<string, Record<string, number>>();

  static async read(dir: string): Promise<RawExport> {
    const r = new RawExport();
    for (const p of await readTable(dir, 'PersonHistorical')) {
      const population = p.PopulationType;
      const v: Version = {
        id: p.PersonHistoricalId,
        email: p.EmailAddress,
        start: ms(p.StartDate),
        end: ms(p.EndDate),
        population,
        managerEmail: p.ManagerId,
        externalId: p.ExternalCollaboratorId ?? '',
        attrs: { Organization: p.Organization, FunctionType: p.FunctionType, LevelDesignation: p.LevelDesignation, Location: p.Location, Key_ID: p.Key_ID, Layer: p.Layer },
        isPerson: isPersonType(population),
        isExternal: isPersonType(population) && isExternalType(population, p.IsInternal === undefined || p.IsInternal === '' ? null : bool(p.IsInternal)),
        isMeasured: population === 'MeasuredEmployee',
      };
      r.versions.set(v.id, v);
      const k = r.personKind.get(v.email) ?? { measured: false, external: false, person: false };
      r.personKind.set(v.email, { measured: k.measured || v.isMeasured, external: k.external || v.isExternal, person: k.person || v.isPerson });
    }
    for (const m of await readTable(dir, 'Mails')) r.mails.set(m.MailId, { conversation: m.ConversationId, sent: ms(m.SentTime), senderMinutes: opt(m.SenderTimeSpentinMinutes) });
    for (const p of await readTable(dir, 'MailParticipants')) {
      const minutes = opt(p.PersonTimeSpentInMinutes);
      r.mailParticipants.push({ mail: p.MailId, version: p.PersonHistoricalId, isSender: bool(p.IsSender), hours: opt(p.PersonTimeSpentInHours) ?? (minutes === null ? null : minutes / 60), local: p.LocalSentTime ? ms(p.LocalSentTime) : null });
    }
    for (const m of await readTable(dir, 'Meetings')) {
      const minutes = opt(m.DurationMinutes);
      r.meetings.set(m.MeetingId, { start: ms(m.StartTime), end: ms(m.StartTime) + (minutes ?? 0) * 60_000, canceled: bool(m.IsCanceled), minutes });
    }
    for (const p of await readTable(dir, 'MeetingParticipants')) {
      r.meetingParticipants.push({ meeting: p.MeetingId, version: p.PersonHistoricalId, response: p.Response ?? '', organizer: bool(p.IsOrganizer), doubleBooked: bool(p.IsDoubleBooked), localStart: p.LocalStartTime ? ms(p.LocalStartTime) : null, adjusted: opt(p.DurationMinutesAdjusted), emailsDuring: opt(p.NumberOfEmailsDuringMeeting) });
    }
    for (const p of await readTable(dir, 'CallParticipants')) {
      if (!p.LocalStartTime || !p.LocalEndTime) continue;
      const row = { call: p.CallRecordId, version: p.PersonHistoricalId, localStart: ms(p.LocalStartTime), localEnd: ms(p.LocalEndTime) };
      r.callParticipants.push(row);
      const c = r.calls.get(row.call);
      if (!c || row.localStart < c.start) r.calls.set(row.call, { start: row.localStart });
    }
    for (const m of await readTable(dir, 'InstantMessages')) r.ims.set(m.InstantMessageId, { sent: ms(m.SentTime), interactionType: m.InteractionType });
    for (const p of await readTable(dir, 'InstantMessageParticipants')) {
      r.imParticipants.push({ im: p.InstantMessageId, version: p.PersonHistoricalId, isSender: bool(p.IsSender), afterHours: bool(p.isAfterHours), minutes: num(p.SenderTimeSpentInMinutes), local: p.LocalSentTime ? ms(p.LocalSentTime) : null });
    }
    for (const s of await readTable(dir, 'sales')) r.sales.set(s.Key_ID, { QuotaAttainment: Number(s.QuotaAttainment), Revenue: Number(s.Revenue), CSAT: Number(s.CSAT) });
    return r;
  }

  v(id: string): Version {
    const v = this.versions.get(id);
    if (!v) throw new Error(`no version ${id}`);
    return v;
  }

  /**
   * The export's weeks (Mondays), sorted: those of Meetings.StartTime (the clock attendees share);
   * only without meetings, those of any email, call or IM (local times).
   */
  weeks(): string[] {
    const set = new Set<string>();
    for (const m of this.meetings.values()) set.add(weekOf(m.start));
    if (set.size === 0) {
      for (const m of this.mails.values()) set.add(weekOf(m.sent));
      for (const c of this.calls.values()) set.add(weekOf(c.start));
      for (const i of this.ims.values()) set.add(weekOf(i.sent));
    }
    return [...set].sort();
  }

  /** Measured employees × weeks: the version valid in the week (the latest starting one). */
  population(): Map<string, Map<string, Version>> {
    const out = new Map<string, Map<string, Version>>();
    for (const week of this.weeks()) {
      const ws = Date.parse(`${week}T00:00:00Z`);
      const byPerson = new Map<string, Version>();
      for (const v of this.versions.values()) {
        if (!v.isMeasured || !(v.start < ws + 7 * DAY && v.end > ws)) continue;
        const cur = byPerson.get(v.email);
        if (!cur || v.start > cur.start) byPerson.set(v.email, v);
      }
      out.set(week, byPerson);
    }
    return out;
  }
}

// ---------------------------------------------------------------- person-week activity

export interface Slot {
  emailsSent: number;
  emailHours: number;
  extEmailHours: number;
  meetings: number;
  meetingHours: number;
  extMeetingHours: number;
  doubleBookedHours: number;
  conflictingHours: number;
  multitaskingHours: number;
  managerHours: number;
  manager1on1Meetings: number;
  managerMeetings: number;
  managerMeetingHours: number;
  skipMeetings: number;
  skipMeetingHours: number;
  redundantHours: number;
  lowQualityHours: number;
  meetingsOrganized: number;
  genMeetingHours: number;
  genMeetingAttendees: number;
  genEmailHours: number;
  genEmailRecipients: number;
  calls: number;
  callHours: number;
  extCallHours: number;
  imsSent: number;
  imsFlagged: number;
  imHours: number;
  extImHours: number;
}

const emptySlot = (): Slot => ({ emailsSent: 0, emailHours: 0, extEmailHours: 0, meetings: 0, meetingHours: 0, extMeetingHours: 0, doubleBookedHours: 0, conflictingHours: 0, multitaskingHours: 0, managerHours: 0,
  manager1on1Meetings: 0, managerMeetings: 0, managerMeetingHours: 0, skipMeetings: 0, skipMeetingHours: 0, redundantHours: 0, lowQualityHours: 0, meetingsOrganized: 0, genMeetingHours: 0, genMeetingAttendees: 0, genEmailHours: 0, genEmailRecipients: 0, calls: 0, callHours: 0, extCallHours: 0, imsSent: 0, imsFlagged: 0, imHours: 0, extImHours: 0 });

/** A counted meeting: not IsCanceled, ≥ 2 attendees that are people (Response ≠ declined). */
export interface Attendance {
  meeting: string;
  email: string;
  version: Version;
  /** LocalStartTime (else the meeting's StartTime); the local end is that + DurationMinutes. */
  localStart: number;
  localEnd: number;
  doubleBooked: boolean;
  /** Accepted (Response) or organised: the packages' "attended". */
  accepted: boolean;
  organizer: boolean;
  /** The attendee's DurationMinutesAdjusted / 60, else DurationMinutes / 60. */
  hours: number;
  emailsDuring: number | null;
}

export interface ActivityModel {
  /** `${email}|${week}` → `${dow}|${hour}` → slot sums. */
  slots: Map<string, Map<string, Slot>>;
  meetingAttendees: Map<string, Attendance[]>;
}

/** Add `hours` spread over the local clock hours of [s, e) to `key` slots via `add`. */
function spread(s: number, e: number, each: (slotStart: number, share: number, first: boolean) => void): void {
  const first = Math.floor(s / HOUR) * HOUR;
  if (e <= s) {
    each(first, 1, true);
    return;
  }
  for (let h = first; h < e; h += HOUR) each(h, (Math.min(e, h + HOUR) - Math.max(s, h)) / (e - s), h === first);
}

/** Who attended: accepted or organised (the packages' rule) or anyone who did not decline. */
export type Attended = 'accepted' | 'not_declined';

/** The version of `email` valid at `t` (the latest starting one), if any. */
function versionAt(raw: RawExport, email: string, t: number): Version | undefined {
  let best: Version | undefined;
  for (const v of raw.versions.values()) if (v.email === email && v.start <= t && v.end > t && (!best || v.start > best.start)) best = v;
  return best;
}

export function activity(raw: RawExport, attended: Attended = 'not_declined'): ActivityModel {
  const slots = new Map<string, Map<string, Slot>>();
  const slot = (email: string, week: string, t: number): Slot => {
    const key = `${email}|${week}`;
    let m = slots.get(key);
    if (!m) slots.set(key, (m = new Map()));
    const k = `${weekday(t)}|${hourOf(t)}`;
    let s = m.get(k);
    if (!s) m.set(k, (s = emptySlot()));
    return s;
  };

  // Emails.
  const mailInfo = new Map<string, { external: boolean }>();
  for (const p of raw.mailParticipants) {
    const info = mailInfo.get(p.mail) ?? { external: false };
    if (raw.v(p.version).isExternal) info.external = true;
    mailInfo.set(p.mail, info);
  }
  for (const p of raw.mailParticipants) {
    const v = raw.v(p.version);
    if (!v.isMeasured) continue;
    const mail = raw.mails.get(p.mail)!;
    const s = slot(v.email, weekOf(mail.sent), p.local ?? mail.sent);
    if (p.isSender) s.emailsSent++;
    const hours = p.hours ?? (p.isSender ? (mail.senderMinutes ?? 0) / 60 : 0);
    s.emailHours += hours;
    if (mailInfo.get(p.mail)!.external) s.extEmailHours += hours;
  }

  // Generated email workload: recipients (people, not the sender) of each email sent, at the sender's SentTime.
  const byMail = new Map<string, typeof raw.mailParticipants>();
  for (const p of raw.mailParticipants) byMail.set(p.mail, [...(byMail.get(p.mail) ?? []), p]);
  for (const [id, rows] of byMail) {
    const sender = rows.find((r) => r.isSender);
    if (!sender || !raw.v(sender.version).isMeasured) continue;
    const sv = raw.v(sender.version);
    const mail = raw.mails.get(id)!;
    const recipients = rows.filter((r) => !r.isSender && raw.v(r.version).isPerson && raw.v(r.version).email !== sv.email);
    if (recipients.length === 0) continue;
    const s = slot(sv.email, weekOf(mail.sent), mail.sent);
    s.genEmailRecipients += recipients.length;
    s.genEmailHours += recipients.reduce((a, r) => a + (r.hours ?? 0), 0);
  }

  // Meetings.
  const meetingAttendees = countedMeetings(raw);
  const emailOf = new Map([...raw.versions.values()].map((v) => [v.email, v]));
  // Conflicting: an accepted meeting overlapping another accepted meeting of the person (meetings' clock).
  const acceptedOf = new Map<string, { id: string; start: number; end: number }[]>();
  for (const [id, attendees] of meetingAttendees) {
    const m = raw.meetings.get(id)!;
    for (const a of attendees) if (a.accepted) acceptedOf.set(a.email, [...(acceptedOf.get(a.email) ?? []), { id, start: m.start, end: m.end }]);
  }
  const conflicting = (email: string, id: string) => {
    const mine = acceptedOf.get(email) ?? [];
    const me = mine.find((x) => x.id === id);
    return !!me && mine.some((o) => o.id !== id && o.start < me.end && me.start < o.end);
  };
  for (const [id, attendees] of meetingAttendees) {
    const m = raw.meetings.get(id)!;
    const external = attendees.some((a) => a.version.isExternal);
    const present = new Set(attendees.map((a) => a.email));
    const totalHours = attendees.reduce((x, a) => x + a.hours, 0);
    for (const a of attendees) {
      if (!a.version.isMeasured || (attended === 'accepted' && !a.accepted)) continue;
      // MeetingParticipants.NumberOfEmailsDuringMeeting: ≥ 2 per scheduled hour, at least 2.
      const multitasking = (a.emailsDuring ?? 0) >= 2 * Math.max(1, (m.minutes ?? 0) / 60);
      const manager = a.version.managerEmail ? emailOf.get(a.version.managerEmail)?.email : undefined;
      const oneOnOne = attendees.length === 2 && manager !== undefined && attendees.some((o) => o.email === manager && o.email !== a.email);
      const withManager = manager !== undefined && manager !== a.email && present.has(manager);
      const skip = manager === undefined ? undefined : versionAt(raw, manager, m.start)?.managerEmail;
      const skipEmail = skip ? emailOf.get(skip)?.email : undefined;
      const withSkip = skipEmail !== undefined && skipEmail !== a.email && present.has(skipEmail);
      const redundant = withManager && withSkip;
      const conflict = a.accepted && conflicting(a.email, id);
      const hours = a.hours;
      const others = totalHours - a.hours;
      spread(a.localStart, a.localEnd, (t, share, first) => {
        const s = slot(a.email, weekOf(m.start), t);
        if (first) s.meetings++;
        s.meetingHours += hours * share;
        if (external) s.extMeetingHours += hours * share;
        if (a.doubleBooked) s.doubleBookedHours += hours * share;
        if (conflict) s.conflictingHours += hours * share;
        if (multitasking) s.multitaskingHours += hours * share;
        if (oneOnOne) s.managerHours += hours * share;
        if (oneOnOne && first) s.manager1on1Meetings++;
        if (withManager) s.managerMeetingHours += hours * share;
        if (withManager && first) s.managerMeetings++;
        if (withSkip) s.skipMeetingHours += hours * share;
        if (withSkip && first) s.skipMeetings++;
        if (redundant) s.redundantHours += hours * share;
        if (multitasking || conflict || redundant) s.lowQualityHours += hours * share;
        if (a.organizer) {
          s.genMeetingHours += others * share;
          if (first) {
            s.meetingsOrganized++;
            s.genMeetingAttendees += attendees.length - 1;
          }
        }
      });
    }
  }

  // Calls.
  const callExternal = new Map<string, boolean>();
  for (const p of raw.callParticipants) {
    const v = raw.v(p.version);
    if (v.isPerson && v.isExternal) callExternal.set(p.call, true);
  }
  for (const p of raw.callParticipants) {
    const v = raw.v(p.version);
    if (!v.isMeasured) continue;
    const week = weekOf(raw.calls.get(p.call)!.start);
    const hours = Math.max(0, p.localEnd - p.localStart) / HOUR;
    spread(p.localStart, Math.max(p.localEnd, p.localStart), (t, share, first) => {
      const s = slot(v.email, week, t);
      if (first) s.calls++;
      s.callHours += hours * share;
      if (callExternal.get(p.call)) s.extCallHours += hours * share;
    });
  }

  // IMs.
  const imExternal = new Map<string, boolean>();
  for (const p of raw.imParticipants) if (raw.v(p.version).isExternal) imExternal.set(p.im, true);
  for (const p of raw.imParticipants) {
    const v = raw.v(p.version);
    if (!v.isMeasured) continue;
    const im = raw.ims.get(p.im)!;
    const s = slot(v.email, weekOf(im.sent), p.local ?? im.sent);
    if (p.isSender) {
      s.imsSent++;
      if (p.afterHours) s.imsFlagged++;
      s.imHours += p.minutes / 60;
      if (imExternal.get(p.im)) s.extImHours += p.minutes / 60;
    }
  }
  return { slots, meetingAttendees };
}

/** Counted meetings and their attendees (one per person; a second version's row merges in). */
export function countedMeetings(raw: RawExport): Map<string, Attendance[]> {
  const byMeeting = new Map<string, Map<string, Attendance & { adjusted: number | null }>>();
  for (const p of raw.meetingParticipants) {
    const v = raw.v(p.version);
    if (!v.isPerson || p.response.toLowerCase() === 'declined') continue;
    const m = raw.meetings.get(p.meeting)!;
    const people = byMeeting.get(p.meeting) ?? new Map<string, Attendance & { adjusted: number | null }>();
    const prev = people.get(v.email);
    const start = p.localStart ?? m.start;
    const maxOf = (x: number | null, y: number | null) => (x === null ? y : y === null ? x : Math.max(x, y));
    const adjusted = prev ? maxOf(prev.adjusted, p.adjusted) : p.adjusted;
    const emailsDuring = prev ? maxOf(prev.emailsDuring, p.emailsDuring) : p.emailsDuring;
    const localStart = prev ? Math.min(prev.localStart, start) : start;
    const version = prev && prev.version.id < v.id ? prev.version : v;
    const accepted = (prev?.accepted ?? false) || p.response.toLowerCase() === 'accepted' || p.organizer;
    const organizer = (prev?.organizer ?? false) || p.organizer;
    people.set(v.email, { meeting: p.meeting, email: v.email, version, localStart, localEnd: 0, doubleBooked: (prev?.doubleBooked ?? false) || p.doubleBooked, accepted, organizer, hours: 0, adjusted, emailsDuring });
    byMeeting.set(p.meeting, people);
  }
  const out = new Map<string, Attendance[]>();
  for (const [id, people] of byMeeting) {
    const m = raw.meetings.get(id)!;
    if (m.canceled || people.size < 2) continue;
    out.set(id, [...people.values()].map(({ adjusted, ...a }) => ({ ...a, localEnd: a.localStart + (m.minutes ?? 0) * 60_000, hours: (adjusted ?? m.minutes ?? 0) / 60 })));
  }
  return out;
}

// ---------------------------------------------------------------- pairs

export interface PairWeek {
  week: string;
  a: string;
  b: string;
  emailHours: number;
  meetingHours: number;
  meetingHoursSplit: number;
  callHours: number;
  imHours: number;
  ims: number;
  meaningful: number;
}

/** Pair time per week between two people (at least one measured), by the pair rules of analyses.md. */
export function pairWeeks(raw: RawExport): Map<string, PairWeek> {
  const out = new Map<string, PairWeek>();
  const add = (week: string, x: string, y: string, f: (p: PairWeek) => void) => {
    const [a, b] = x < y ? [x, y] : [y, x];
    const key = `${week}|${a}|${b}`;
    let p = out.get(key);
    if (!p) out.set(key, (p = { week, a, b, emailHours: 0, meetingHours: 0, meetingHoursSplit: 0, callHours: 0, imHours: 0, ims: 0, meaningful: 0 }));
    f(p);
  };
  // Emails: sender ↔ each recipient, the recipient's time; meaningful when 2–8 people are on it.
  const byMail = new Map<string, typeof raw.mailParticipants>();
  for (const p of raw.mailParticipants) byMail.set(p.mail, [...(byMail.get(p.mail) ?? []), p]);
  for (const [id, rows] of byMail) {
    const sender = rows.find((r) => r.isSender);
    if (!sender) continue;
    const sv = raw.v(sender.version);
    if (!sv.isPerson) continue;
    const people = rows.filter((r) => raw.v(r.version).isPerson).length;
    const week = weekOf(raw.mails.get(id)!.sent);
    for (const r of rows) {
      const rv = raw.v(r.version);
      if (r.isSender || !rv.isPerson || rv.email === sv.email || !(rv.isMeasured || sv.isMeasured)) continue;
      add(week, sv.email, rv.email, (p) => {
        p.emailHours += r.hours ?? 0;
        if (people >= 2 && people <= 8) p.meaningful++;
      });
    }
  }
  // Meetings: every attendee pair shares the shorter of the two attendees' hours.
  for (const [id, att] of countedMeetings(raw)) {
    const m = raw.meetings.get(id)!;
    const measured = new Map<string, boolean>();
    for (const p of raw.meetingParticipants) if (p.meeting === id) measured.set(raw.v(p.version).email, (measured.get(raw.v(p.version).email) ?? false) || raw.v(p.version).isMeasured);
    for (let i = 0; i < att.length; i++) {
      for (let j = i + 1; j < att.length; j++) {
        if (!measured.get(att[i].email) && !measured.get(att[j].email)) continue;
        const h = Math.min(att[i].hours, att[j].hours);
        add(weekOf(m.start), att[i].email, att[j].email, (p) => {
          p.meetingHours += h;
          p.meetingHoursSplit += h / (att.length - 1);
          if (att.length <= 8) p.meaningful++;
        });
      }
    }
  }
  // Calls: the overlap of both people's intervals, on one clock (local minus the version's usual
  // offset from its meetings; a version without meetings: local as is).
  const offsets = new Map<string, Map<number, number>>();
  for (const p of raw.meetingParticipants) {
    if (p.localStart === null) continue;
    const o = Math.round((p.localStart - raw.meetings.get(p.meeting)!.start) / 60_000);
    const m = offsets.get(p.version) ?? new Map<number, number>();
    m.set(o, (m.get(o) ?? 0) + 1);
    offsets.set(p.version, m);
  }
  const offsetOf = (version: string) => {
    const m = offsets.get(version);
    return m ? [...m.entries()].sort((x, y) => y[1] - x[1])[0][0] : 0;
  };
  const byCall = new Map<string, typeof raw.callParticipants>();
  for (const p of raw.callParticipants) byCall.set(p.call, [...(byCall.get(p.call) ?? []), p]);
  for (const [id, rows] of byCall) {
    const legs = rows.filter((r) => raw.v(r.version).isPerson).map((r) => {
      const off = offsetOf(r.version) * 60_000;
      return { v: raw.v(r.version), s: r.localStart - off, e: Math.max(r.localEnd, r.localStart) - off };
    });
    const people = new Set(legs.map((l) => l.v.email)).size;
    const week = weekOf(raw.calls.get(id)!.start);
    for (let i = 0; i < legs.length; i++) {
      for (let j = 0; j < legs.length; j++) {
        const x = legs[i];
        const y = legs[j];
        if (!(x.v.email < y.v.email) || !(x.v.isMeasured || y.v.isMeasured)) continue;
        const overlap = Math.min(x.e, y.e) - Math.max(x.s, y.s);
        if (overlap <= 0) continue;
        add(week, x.v.email, y.v.email, (p) => {
          p.callHours += overlap / HOUR;
          if (people >= 2 && people <= 8) p.meaningful++;
        });
      }
    }
  }
  // IMs: the sender's time, to each recipient.
  const byIm = new Map<string, typeof raw.imParticipants>();
  for (const p of raw.imParticipants) byIm.set(p.im, [...(byIm.get(p.im) ?? []), p]);
  for (const [id, rows] of byIm) {
    const sender = rows.find((r) => r.isSender);
    if (!sender || !raw.v(sender.version).isPerson) continue;
    const sv = raw.v(sender.version);
    const minutes = rows.filter((r) => r.isSender).reduce((s, r) => s + r.minutes, 0);
    for (const r of rows) {
      const rv = raw.v(r.version);
      if (r.isSender || !rv.isPerson || rv.email === sv.email || !(rv.isMeasured || sv.isMeasured)) continue;
      add(weekOf(raw.ims.get(id)!.sent), sv.email, rv.email, (p) => {
        p.imHours += minutes / 60;
        p.ims++;
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- person-week metrics

export interface PersonWeek {
  email: string;
  week: string;
  version: Version;
  m: Record<string, number>;
}

/** Every person-week metric of analyses.md for the measured population, by the definitions. */
export function personWeekMetrics(raw: RawExport, opts: { workStart?: number; workEnd?: number; act?: ActivityModel; pairs?: Map<string, PairWeek>; attended?: Attended } = {}): PersonWeek[] {
  const ws = opts.workStart ?? 8;
  const we = opts.workEnd ?? 17;
  const attended = opts.attended ?? 'accepted';
  const act = opts.act ?? activity(raw, attended);
  const pairs = opts.pairs ?? pairWeeks(raw);
  const weeks = raw.weeks();
  // Network size: counterparts with ≥ 2 meaningful interactions (3 IMs = 1) in this and the 3 weeks before.
  const byPair = new Map<string, PairWeek[]>();
  for (const p of pairs.values()) byPair.set(`${p.a}|${p.b}`, [...(byPair.get(`${p.a}|${p.b}`) ?? []), p]);
  const network = new Map<string, { internal: number; external: number }>();
  const reach = new Map<string, { orgs: Set<string>; domains: Set<string> }>();
  const population = raw.population();
  const versionInWeek = (email: string, week: string) => {
    const t = Date.parse(`${week}T00:00:00Z`);
    let best: Version | undefined;
    for (const v of raw.versions.values()) if (v.email === email && v.start < t + 7 * DAY && v.end > t && (!best || v.start > best.start)) best = v;
    return best;
  };
  for (const rows of byPair.values()) {
    for (const week of weeks) {
      const t = Date.parse(`${week}T00:00:00Z`);
      const inWindow = rows.filter((r) => {
        const w = Date.parse(`${r.week}T00:00:00Z`);
        return w <= t && w >= t - 21 * DAY;
      });
      const m = inWindow.reduce((s, r) => s + r.meaningful, 0) + Math.floor(inWindow.reduce((s, r) => s + r.ims, 0) / 3);
      if (m < 2) continue;
      const { a, b } = rows[0];
      for (const [focal, other] of [
        [a, b],
        [b, a],
      ]) {
        if (!raw.personKind.get(focal)!.measured) continue;
        const key = `${focal}|${week}`;
        const n = network.get(key) ?? { internal: 0, external: 0 };
        if (raw.personKind.get(other)!.external) n.external++;
        else n.internal++;
        network.set(key, n);
        // Networking: the other's version valid that week; internal organizations other than the focal person's own.
        const own = population.get(week)?.get(focal);
        const ov = versionInWeek(other, week);
        if (!own || !ov) continue;
        const r = reach.get(key) ?? { orgs: new Set<string>(), domains: new Set<string>() };
        if (!ov.isExternal && ov.attrs.Organization && ov.attrs.Organization !== own.attrs.Organization) r.orgs.add(ov.attrs.Organization);
        if (ov.isExternal && ov.externalId.includes('@')) r.domains.add(ov.externalId.split('@')[1].toLowerCase());
        reach.set(key, r);
      }
    }
  }
  // Open time: per person and local day, the attended meetings clipped to working hours.
  const busy = new Map<string, [number, number][]>();
  for (const attendees of act.meetingAttendees.values()) {
    for (const a of attendees) {
      if (!a.version.isMeasured || (attended === 'accepted' && !a.accepted) || weekday(a.localStart) >= 5) continue;
      const day = Math.floor(a.localStart / DAY) * DAY;
      const s = Math.max(a.localStart, day + ws * HOUR);
      const e = Math.min(a.localEnd, day + we * HOUR);
      if (e <= s) continue;
      const key = `${a.email}|${day}`;
      busy.set(key, [...(busy.get(key) ?? []), [s, e]]);
    }
  }
  const open = (email: string, day: number, min: number) => {
    const list = (busy.get(`${email}|${day}`) ?? []).sort((x, y) => x[0] - y[0]);
    let cursor = day + ws * HOUR;
    let total = 0;
    const gap = (to: number) => {
      const g = (to - cursor) / HOUR;
      if (g >= min) total += g;
    };
    for (const [s, e] of list) {
      gap(s);
      cursor = Math.max(cursor, e);
    }
    gap(day + we * HOUR);
    return total;
  };
  const out: PersonWeek[] = [];
  for (const [week, people] of population) {
    for (const [email, version] of people) {
      const s = emptySlot();
      const after = { email: 0, meeting: 0, call: 0, im: 0 };
      for (const [k, x] of act.slots.get(`${email}|${week}`) ?? new Map<string, Slot>()) {
        const [dow, hour] = k.split('|').map(Number);
        for (const f of Object.keys(s) as (keyof Slot)[]) s[f] += x[f];
        if (dow >= 5 || hour < ws || hour >= we) {
          after.email += x.emailHours;
          after.meeting += x.meetingHours;
          after.call += x.callHours;
          after.im += x.imHours;
        }
      }
      const collab = s.meetingHours + s.callHours + s.emailHours + s.imHours;
      // Workweek span: per local day, first to last clock hour with an email sent or a meeting attended.
      const active = new Map<number, number[]>();
      for (const [k, x] of act.slots.get(`${email}|${week}`) ?? new Map<string, Slot>()) {
        const [dow, hour] = k.split('|').map(Number);
        if (x.emailsSent > 0 || x.meetingHours > 1e-7) active.set(dow, [...(active.get(dow) ?? []), hour]);
      }
      const span = [...active.values()].reduce((a, hs) => a + Math.max(...hs) - Math.min(...hs) + 1, 0);
      const monday = Date.parse(`${week}T00:00:00Z`);
      const weekdays = [0, 1, 2, 3, 4].map((d) => monday + d * DAY);
      const rc = reach.get(`${email}|${week}`);
      const ext = s.extEmailHours + s.extMeetingHours + s.extCallHours + s.extImHours;
      const n = network.get(`${email}|${week}`) ?? { internal: 0, external: 0 };
      out.push({
        email,
        week,
        version,
        m: {
          emails_sent: s.emailsSent,
          email_hours: s.emailHours,
          meetings: s.meetings,
          meeting_hours: s.meetingHours,
          double_booked_meeting_hours: s.doubleBookedHours,
          conflicting_meeting_hours: s.conflictingHours,
          redundant_meeting_hours: s.redundantHours,
          low_quality_meeting_hours: s.lowQualityHours,
          meetings_with_manager: s.managerMeetings,
          meeting_hours_with_manager: s.managerMeetingHours,
          meetings_with_manager_1on1: s.manager1on1Meetings,
          meetings_with_skip_level: s.skipMeetings,
          meeting_hours_with_skip_level: s.skipMeetingHours,
          meetings_organized: s.meetingsOrganized,
          generated_workload_meeting_hours: s.genMeetingHours,
          generated_workload_meeting_attendees: s.genMeetingAttendees,
          generated_workload_email_hours: s.genEmailHours,
          generated_workload_email_recipients: s.genEmailRecipients,
          workweek_span: span,
          uninterrupted_hours: weekdays.reduce((a, d) => a + open(email, d, 1), 0),
          focus_hours: weekdays.reduce((a, d) => a + open(email, d, 2), 0),
          networking_outside_organization: rc?.orgs.size ?? 0,
          networking_outside_company: rc?.domains.size ?? 0,
          multitasking_meeting_hours: s.multitaskingHours,
          calls: s.calls,
          call_hours: s.callHours,
          ims_sent: s.imsSent,
          im_hours: s.imHours,
          after_hours_ims: s.imsFlagged,
          after_hours_email_hours: after.email,
          after_hours_meeting_hours: after.meeting,
          after_hours_call_hours: after.call,
          after_hours_hours: after.email + after.meeting + after.call + after.im,
          collaboration_hours: collab,
          external_collaboration_hours: ext,
          internal_collaboration_hours: collab - ext,
          internal_network_size: n.internal,
          external_network_size: n.external,
          manager_1on1_hours: s.managerHours,
        },
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- helpers for comparing

/** Group values: mean over people of each person's mean over their weeks in the group. */
export function personFirst(rows: PersonWeek[], group: (r: PersonWeek) => string, value: (r: PersonWeek) => number): Map<string, { people: number; mean: number; perPerson: Map<string, number> }> {
  const acc = new Map<string, Map<string, number[]>>();
  for (const r of rows) {
    const g = group(r);
    const m = acc.get(g) ?? new Map<string, number[]>();
    m.set(r.email, [...(m.get(r.email) ?? []), value(r)]);
    acc.set(g, m);
  }
  const out = new Map<string, { people: number; mean: number; perPerson: Map<string, number> }>();
  for (const [g, people] of acc) {
    const perPerson = new Map([...people].map(([e, vs]) => [e, vs.reduce((a, b) => a + b, 0) / vs.length]));
    out.set(g, { people: people.size, mean: [...perPerson.values()].reduce((a, b) => a + b, 0) / perPerson.size, perPerson });
  }
  return out;
}

export function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Linear-interpolated quantile (as quantile_cont / numpy's default). */
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
}

export function pearson(xs: number[], ys: number[]): number {
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Assert two numbers agree to a relative or absolute tolerance (results are rounded to 3 decimals). */
export function close(actual: unknown, expected: number, label: string, tol = 0.002): void {
  const a = Number(actual);
  if (!(Math.abs(a - expected) <= tol + 1e-3 * Math.abs(expected))) throw new Error(`${label}: got ${String(actual)}, expected ${expected}`);
}

// ---------------------------------------------------------------- the fixture

export interface SmallExport {
  dir: string;
  ws: Workspace;
  raw: RawExport;
  summary: DemoSummary;
  cleanup(): Promise<void>;
}

/**
 * Generate, ingest and read a small export. With `salesJoin`, PersonAttributes also carries the
 * sales file's outcomes (as the join feature's view will), joined on the Key_ID mapping key.
 */
export async function smallExport(opts: { people?: number; weeks?: number; seed?: number; salesJoin?: boolean; ids?: DemoIdFormat } = {}): Promise<SmallExport> {
  const root = await mkdtemp(join(tmpdir(), 'wpa-analyses-'));
  const dir = join(root, 'export');
  const summary = await generateDemoExport({ outDir: dir, people: opts.people ?? 120, weeks: opts.weeks ?? 4, seed: opts.seed ?? 11, ...(opts.ids ? { ids: opts.ids } : {}) });
  const ws = await Workspace.open(join(root, 'ws'), { create: true });
  await ingestExport(ws, { sourceDir: dir });
  // The validation report follows the commit: the fixture is whole (and closes at once) with it in.
  await ws.settled();
  if (opts.salesJoin) {
    const db = await ws.engine();
    const sales = join(dir, 'sales.csv').replace(/'/g, "''");
    await db.run(`CREATE OR REPLACE VIEW PersonAttributes AS SELECT p.*, s.QuotaAttainment, s.Revenue, s.CSAT FROM PersonHistorical p LEFT JOIN read_csv('${sales}') s ON s.Key_ID = p.Key_ID`);
  }
  const raw = await RawExport.read(dir);
  return {
    dir,
    ws,
    raw,
    summary,
    async cleanup() {
      ws.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
