/**
 * The built-in demo export: a deterministic, realistic Workplace Analytics export (nine CSV
 * tables) plus the analyst's HR and sales files, with known effects planted for the analyses.
 *
 * Output is streamed week by week, so memory stays bounded at any size, and the same options
 * always give byte-identical files.
 */
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isPersonType } from '../../../shared/analyses/population.js';
import { AppError } from '../../../shared/errors.js';
import { statIfPresent } from '../files/statIfPresent.js';
import { EXPORT_SCHEMA, POPULATION_TYPES, TABLE_NAMES, type TableName } from '../../../shared/schema/exportSchema.js';
import { writeHrFile, writeSalesFile } from './analystFiles.js';
import { writeWeekCalls } from './calls.js';
import { CsvFileWriter } from './csvWriter.js';
import { ID_FORMATS, IdMaker, type DemoIdFormat } from './ids.js';
import { writeWeekInstantMessages } from './instantMessages.js';
import { MAX_THREAD_LENGTH, THREAD_LENGTH_MEAN, THREADS_PER_PERSON_WEEK, writeWeekMails } from './mails.js';
import { planWeekMeetings, WeekCalendar, writeWeekMeetings } from './meetings.js';
import { buildOrganisation, FUNCTIONS, HR_CHANGE_SHARE, SELLER_FUNCTIONS, SITES, type Organisation } from './organisation.js';
import { personHistoricalHeader, writePersonHistorical } from './personHistorical.js';
import { pearson, PlantedStats, round } from './plantedStats.js';
import { CUSTOMER_ACTIVITY_PER_WEEK, EXTERNAL_CHANCE, OUTCOME_MODEL, PROPENSITY_SLOPE } from './sellerModel.js';
import type { SalesFileResult, JoinFileStats } from './analystFiles.js';
import { parseIsoDate, TimestampFormatter, type DemoTimestampFormat } from './timestamps.js';
import type { ExportWriters, WeekContext } from './weekContext.js';
import { COLLABORATOR_CHOICE, WeekView } from './weekView.js';

export type { DemoIdFormat } from './ids.js';

export interface DemoOptions {
  outDir: string;
  /** Measured employees (default 300). */
  people?: number;
  /** Export weeks (default 8). */
  weeks?: number;
  seed?: number;
  timestampFormat?: DemoTimestampFormat;
  /** How id columns are spelled: GUIDs (default) or Exchange-style opaque strings. */
  ids?: DemoIdFormat;
  /** Fill PersonHistorical.ExternalCollaboratorId with an email address for external collaborators (default false). */
  externalIds?: boolean;
  /** ISO date of the Monday the export starts (default 2024-01-01). */
  startDate?: string;
  onProgress?: (p: { table: string; rows: number }) => void;
  signal?: AbortSignal;
}

export interface DemoSummary {
  outDir: string;
  seed: number;
  people: number;
  weeks: number;
  ids: DemoIdFormat;
  externalIds: boolean;
  files: { table: string; path: string; rows: number; bytes: number }[];
  hrFile: string;
  salesFile: string;
  planted: Record<string, unknown>;
}

export const DEMO_DEFAULTS = { people: 300, weeks: 8, seed: 1, timestampFormat: 'iso', startDate: '2024-01-01', ids: 'guid', externalIds: false } as const;
export const DEMO_LIMITS = { people: { min: 20, max: 200_000 }, weeks: { min: 1, max: 260 } } as const;
export const HR_FILE_NAME = 'hr.csv';
export const SALES_FILE_NAME = 'sales.csv';
export const SUMMARY_FILE_NAME = 'demo-summary.json';
const OUTPUT_FILE_NAMES = [...TABLE_NAMES.map((t) => `${t}.csv`), HR_FILE_NAME, SALES_FILE_NAME, SUMMARY_FILE_NAME];

/**
 * Column order the activity generators write in. Checked against the schema before anything is
 * written, so a schema change fails loudly instead of shifting values into the wrong columns.
 */
const WRITTEN_COLUMNS: Record<Exclude<TableName, 'PersonHistorical'>, string[]> = {
  Meetings: ['MeetingId', 'ICalUid', 'Subject', 'IsRecurring', 'IsCanceled', 'StartTime', 'DurationMinutes', 'TotalAccept', 'TotalDecline', 'TotalNoResponse', 'TotalTentativelyAccepted', 'TotalAttendees', 'TotalDoubleBooked', 'TotalEmailsDuringMeeting'],
  MeetingParticipants: ['MeetingId', 'PersonHistoricalId', 'LocalStartTime', 'IsOrganizer', 'IsDoubleBooked', 'Response', 'DurationMinutesAdjusted', 'NumberOfEmailsDuringMeeting'],
  MailParticipants: ['MailId', 'PersonHistoricalId', 'IsSender', 'LocalSentTime', 'PersonTimeSpentInHours', 'PersonTimeSpentInMinutes'],
  Mails: ['MailId', 'ConversationId', 'Subject', 'SentTime', 'SenderTimeSpentinMinutes', 'NumberOfRecipients'],
  Calls: ['CallRecordId', 'MeetingId', 'AppName', 'IsScheduledCall', 'TotalParticipants', 'InteractionType'],
  CallParticipants: ['CallRecordId', 'PersonHistoricalId', 'IsOrganizer', 'LocalStartTime', 'LocalEndTime'],
  InstantMessages: ['InstantMessageId', 'AppName', 'SentTime', 'InteractionType', 'TotalParticipants'],
  InstantMessageParticipants: ['InstantMessageId', 'PersonHistoricalId', 'isAfterHours', 'IsSender', 'LocalSentTime', 'SenderTimeSpentInMinutes'],
};

function headerOf(table: TableName): string[] {
  if (table === 'PersonHistorical') return personHistoricalHeader();
  const declared = EXPORT_SCHEMA[table].columns.map((c) => c.name);
  if (declared.join(',') !== WRITTEN_COLUMNS[table].join(',')) {
    throw new Error(`demo generator writes ${table} as ${WRITTEN_COLUMNS[table].join(',')} but the schema declares ${declared.join(',')}`);
  }
  return declared;
}

function invalid(message: string, hint?: string): AppError {
  return new AppError({ code: 'demo-invalid-option', message, hint });
}

interface ResolvedOptions {
  outDir: string;
  people: number;
  weeks: number;
  seed: number;
  format: DemoTimestampFormat;
  epochMs: number;
  ids: DemoIdFormat;
  externalIds: boolean;
}

function resolveOptions(opts: DemoOptions): ResolvedOptions {
  const people = opts.people ?? DEMO_DEFAULTS.people;
  const weeks = opts.weeks ?? DEMO_DEFAULTS.weeks;
  const seed = opts.seed ?? DEMO_DEFAULTS.seed;
  const format = opts.timestampFormat ?? DEMO_DEFAULTS.timestampFormat;
  const startDate = opts.startDate ?? DEMO_DEFAULTS.startDate;
  const ids = opts.ids ?? DEMO_DEFAULTS.ids;
  const externalIds = opts.externalIds ?? DEMO_DEFAULTS.externalIds;
  const inRange = (n: number, r: { min: number; max: number }) => Number.isInteger(n) && n >= r.min && n <= r.max;
  if (!opts.outDir) throw invalid('The demo export needs an output folder.');
  if (!inRange(people, DEMO_LIMITS.people)) throw invalid(`people must be a whole number from ${DEMO_LIMITS.people.min} to ${DEMO_LIMITS.people.max}, got ${people}.`);
  if (!inRange(weeks, DEMO_LIMITS.weeks)) throw invalid(`weeks must be a whole number from ${DEMO_LIMITS.weeks.min} to ${DEMO_LIMITS.weeks.max}, got ${weeks}.`);
  if (!Number.isSafeInteger(seed) || seed < 0) throw invalid(`seed must be a whole number ≥ 0, got ${seed}.`);
  if (format !== 'iso' && format !== 'us') throw invalid(`timestamp format must be "iso" or "us", got "${String(format)}".`);
  if (!ID_FORMATS.includes(ids)) throw invalid(`ids must be "guid" or "opaque", got "${String(ids)}".`);
  if (typeof externalIds !== 'boolean') throw invalid(`externalIds must be true or false, got "${String(externalIds)}".`);
  const epochMs = parseIsoDate(startDate);
  if (epochMs === undefined) throw invalid(`start date must be an ISO date (YYYY-MM-DD), got "${startDate}".`);
  if (new Date(epochMs).getUTCDay() !== 1) throw invalid(`start date ${startDate} is not a Monday.`, 'Export weeks run Monday to Sunday; pick the Monday the export starts.');
  return { outDir: resolve(opts.outDir), people, weeks, seed, format, epochMs, ids, externalIds };
}

/** The output folder may be new, empty, or an earlier demo export (whose files are replaced). */
async function prepareOutDir(outDir: string): Promise<void> {
  const info = await statIfPresent(outDir);
  if (info && !info.isDirectory()) throw new AppError({ code: 'demo-out-dir', message: `${outDir} is a file, not a folder.`, hint: 'Choose a new or empty folder for the demo export.' });
  if (info) {
    const foreign = (await readdir(outDir)).filter((name) => !OUTPUT_FILE_NAMES.includes(name));
    if (foreign.length > 0) {
      throw new AppError({ code: 'demo-out-dir', message: `${outDir} already holds other files (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}).`, hint: 'Choose a new or empty folder; the demo only replaces its own files.' });
    }
  }
  await mkdir(outDir, { recursive: true });
}

function cancelled(): AppError {
  return new AppError({ code: 'cancelled', message: 'Demo export generation was cancelled.' });
}

export async function generateDemoExport(opts: DemoOptions): Promise<DemoSummary> {
  const o = resolveOptions(opts);
  const headers = Object.fromEntries(TABLE_NAMES.map((t) => [t, headerOf(t)])) as Record<TableName, string[]>;
  if (opts.signal?.aborted) throw cancelled();
  await prepareOutDir(o.outDir);
  const paths = Object.fromEntries(TABLE_NAMES.map((t) => [t, join(o.outDir, `${t}.csv`)])) as Record<TableName, string>;
  const writers = {} as ExportWriters;
  try {
    for (const t of TABLE_NAMES) writers[t] = new CsvFileWriter(paths[t], headers[t]);
    const ids = new IdMaker(o.ids, o.seed);
    const org = buildOrganisation({ seed: o.seed, people: o.people, weeks: o.weeks, epochMs: o.epochMs, ids });
    const time = new TimestampFormatter(o.format, o.epochMs);
    writePersonHistorical(writers.PersonHistorical, org, time, { seed: o.seed, externalIds: o.externalIds });
    opts.onProgress?.({ table: 'PersonHistorical', rows: writers.PersonHistorical.rows });

    const stats = new PlantedStats(org.entities.length);
    const writerList = TABLE_NAMES.map((t) => writers[t]);
    const checkpoint = async () => {
      if (opts.signal?.aborted) throw cancelled();
      for (const w of writerList) await w.flushIfFull();
    };
    const isPerson = (e: number) => isPersonType(org.entities[e].populationType);
    for (let week = 0; week < o.weeks; week++) {
      const view = new WeekView(org, week);
      stats.startWeek(view);
      const ctx: WeekContext = { seed: o.seed, org, view, time, ids, out: writers, stats, checkpoint };
      const meetings = planWeekMeetings(ctx);
      const calendar = new WeekCalendar(meetings, org.entities.length, isPerson);
      // Mails before meetings are written: meetings report the emails sent during them.
      await writeWeekMails(ctx, calendar);
      await writeWeekMeetings(ctx, meetings);
      await writeWeekCalls(ctx, meetings);
      await writeWeekInstantMessages(ctx);
      for (const t of TABLE_NAMES) if (t !== 'PersonHistorical') opts.onProgress?.({ table: t, rows: writers[t].rows });
    }
    for (const w of writerList) await w.close();

    const hrFile = join(o.outDir, HR_FILE_NAME);
    const salesFile = join(o.outDir, SALES_FILE_NAME);
    const hr = await writeHrFile(hrFile, org);
    const sales = await writeSalesFile(salesFile, org, o.seed);
    const files = [];
    for (const t of TABLE_NAMES) files.push({ table: t, path: paths[t], rows: writers[t].rows, bytes: (await stat(paths[t])).size });
    const summary: DemoSummary = { outDir: o.outDir, seed: o.seed, people: o.people, weeks: o.weeks, ids: o.ids, externalIds: o.externalIds, files, hrFile, salesFile, planted: describePlanted(org, stats, hr, sales, o.ids, o.externalIds) };
    await writeFile(join(o.outDir, SUMMARY_FILE_NAME), JSON.stringify(summary, null, 2) + '\n');
    return summary;
  } catch (e) {
    // A half-written export must not be mistaken for a complete one.
    await Promise.all(Object.values(writers).map((w) => w.destroy()));
    await Promise.all(OUTPUT_FILE_NAMES.map((name) => rm(join(o.outDir, name), { force: true })));
    throw e;
  }
}

function describePlanted(org: Organisation, stats: PlantedStats, hr: JoinFileStats, sales: SalesFileResult, ids: DemoIdFormat, externalIds: boolean): Record<string, unknown> {
  const realisedThreads = Object.fromEntries(
    FUNCTIONS.map((f, i) => [f, { threads: stats.threadsByFunction[i], meanEmails: round(stats.threadMailsByFunction[i] / Math.max(1, stats.threadsByFunction[i]), 3) }]),
  );
  const perPair = (cell: { pairWeeks: number; mailInteractions: number; sharedMeetings: number }) => ({
    pairWeeks: cell.pairWeeks,
    mailInteractionsPerPairWeek: round(cell.mailInteractions / Math.max(1, cell.pairWeeks)),
    sharedMeetingsPerPairWeek: round(cell.sharedMeetings / Math.max(1, cell.pairWeeks)),
  });
  const same = perPair(stats.pairs.sameLocation);
  const different = perPair(stats.pairs.differentLocation);
  const sellers = org.sellers;
  const quota = sellers.map((s) => sales.outcomes.get(s)?.quotaAttainment ?? 0);
  const revenue = sellers.map((s) => sales.outcomes.get(s)?.revenue ?? 0);
  const csat = sellers.map((s) => sales.outcomes.get(s)?.csat ?? 0);
  const extMails = sellers.map((s) => stats.externalMails[s]);
  const extMeetings = sellers.map((s) => stats.externalMeetings[s]);
  const propensity = sellers.map((s) => org.externalPropensity[s]);
  const population = Object.fromEntries(POPULATION_TYPES.map((p) => [p, org.entities.filter((e) => e.populationType === p).length]));

  return {
    threadLengthByOriginatorFunction: {
      description: 'Emails per thread (Mails per ConversationId) depend on the FunctionType of the thread originator (sender of the earliest mail).',
      plantedMeanEmailsPerThread: THREAD_LENGTH_MEAN,
      lengthDistribution: `1 + geometric, capped at ${MAX_THREAD_LENGTH}; ${THREADS_PER_PERSON_WEEK} threads started per measured employee per week (Poisson)`,
      realised: realisedThreads,
    },
    coLocationOfSameFunctionPairs: {
      description: 'Each collaborator is picked with a strong bias to colleagues of the same function at the same Location, so same-function pairs at one site interact far more per pair than same-function pairs across sites.',
      collaboratorChoice: COLLABORATOR_CHOICE,
      realised: {
        sameLocation: same,
        differentLocation: different,
        mailInteractionRatio: round(same.mailInteractionsPerPairWeek / Math.max(1e-9, different.mailInteractionsPerPairWeek), 2),
        sharedMeetingRatio: round(same.sharedMeetingsPerPairWeek / Math.max(1e-9, different.sharedMeetingsPerPairWeek), 2),
      },
    },
    sellerExternalCollaboration: {
      description: 'Each seller (FunctionType Sales or Customer Service) has a latent external propensity z ~ N(0,1) that raises both their collaboration with ExternalCollaborator participants and their outcomes in sales.csv.',
      sellerFunctions: SELLER_FUNCTIONS,
      sellers: sellers.length,
      customerActivity: `each week a seller starts Poisson(base × exp(${PROPENSITY_SLOPE} z)) customer threads, meetings and calls with 1–3 of their external contacts`,
      customerActivityBasePerWeek: CUSTOMER_ACTIVITY_PER_WEEK,
      otherExternalChance: `${EXTERNAL_CHANCE} of anyone's ordinary threads, meetings and calls include one external collaborator`,
      outcomeModel: OUTCOME_MODEL,
      realisedCorrelation: {
        propensityVsQuotaAttainment: round(pearson(propensity, quota), 3),
        externalEmailsVsQuotaAttainment: round(pearson(extMails, quota), 3),
        externalEmailsVsRevenue: round(pearson(extMails, revenue), 3),
        externalEmailsVsCsat: round(pearson(extMails, csat), 3),
        externalMeetingsVsQuotaAttainment: round(pearson(extMeetings, quota), 3),
      },
    },
    hrFile: { file: HR_FILE_NAME, joinColumn: 'Key_ID', rows: hr.rows, matchedRows: hr.matchedRows, expectedMatchRate: round(hr.expectedMatchRate, 6), measuredEmployeesWithHrRow: 1 },
    salesFile: { file: SALES_FILE_NAME, joinColumn: 'Key_ID', rows: sales.rows, matchedRows: sales.matchedRows, expectedMatchRate: round(sales.expectedMatchRate, 6) },
    hrHistory: {
      ...org.hrHistory,
      plantedShareWithChanges: HR_CHANGE_SHARE,
      realisedShareWithChanges: round(org.hrHistory.peopleWithChanges / org.measuredCount, 4),
      note: 'Changes take effect on Mondays inside the export; the current version ends 9999-12-31.',
    },
    population,
    conventions: {
      workingHours: 'Mon–Fri 08:00–17:00 local time',
      sites: SITES.map((s) => ({ location: s.name, utcOffsetMinutes: s.utcOffsetMinutes })),
      timeZones: "Fixed offsets per Location (no daylight saving); Local* columns, Mails.SentTime and InstantMessages.SentTime are local (UTC plus the sender's or participant's offset); Meetings.StartTime and PersonHistorical dates are UTC.",
      ids: ids === 'guid' ? 'Id columns hold lowercase GUIDs.' : 'Id columns hold 48-character Exchange-style base64url ids (not GUIDs).',
      meetingResponses: "MeetingParticipants.Response is Accepted, Tentative, Declined or NoResponse; the organizer's row is Accepted (and is not counted in TotalAccept). TotalAttendees = TotalAccept + TotalNoResponse + 1 (the organizer). Meeting rooms are participants but are not counted in the totals.",
      durationMinutesAdjusted: 'Per participant: 0 when declined or the meeting was canceled; otherwise DurationMinutes less half the minutes it overlaps their other meetings.',
      callInteractionType: 'Ad-hoc calls: Joined. Scheduled calls: the weakest invite response among the people who joined (Accepted, Tentative or NoResponse).',
      externalCollaboratorId: externalIds ? 'An email address on ExternalCollaborator rows, empty elsewhere.' : 'Empty (the tenant does not export external ids).',
    },
  };
}
