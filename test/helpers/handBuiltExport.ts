/**
 * A tiny export written by hand, row by row, for metrics whose answer is worked out on paper.
 * One export week (Monday 2024-03-04); local times equal Meetings.StartTime (offset 0).
 *
 * People (all MeasuredEmployee): p1 (Engineering until Thursday 2024-03-07, Finance from then),
 * e2…e6 Engineering (Contoso Eng), f2…f6 Finance (Contoso Finance); e2's manager is e3, whose
 * manager is e4. x1 is an external collaborator at fabrikam.com.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeCsv } from './csvFiles.js';
import { tempDir } from './tempDirs.js';

export const token = (name: string) => Buffer.from(name.padEnd(32, '.')).toString('hex').slice(0, 64);

type Row = Record<string, string>;
const HEADERS: Record<string, string[]> = {
  PersonHistorical: ['PersonHistoricalId', 'EmailAddress', 'StartDate', 'EndDate', 'PopulationType', 'ManagerId', 'FunctionType', 'LevelDesignation', 'Organization', 'IsInternal', 'ExternalCollaboratorId'],
  Meetings: ['MeetingId', 'ICalUid', 'Subject', 'IsRecurring', 'IsCanceled', 'StartTime', 'DurationMinutes', 'TotalAccept', 'TotalDecline', 'TotalNoResponse', 'TotalTentativelyAccepted', 'TotalAttendees', 'TotalDoubleBooked', 'TotalEmailsDuringMeeting'],
  MeetingParticipants: ['MeetingId', 'PersonHistoricalId', 'LocalStartTime', 'IsOrganizer', 'IsDoubleBooked', 'Response', 'DurationMinutesAdjusted', 'NumberOfEmailsDuringMeeting'],
  Mails: ['MailId', 'ConversationId', 'Subject', 'SentTime', 'SenderTimeSpentinMinutes', 'NumberOfRecipients'],
  MailParticipants: ['MailId', 'PersonHistoricalId', 'IsSender', 'LocalSentTime', 'PersonTimeSpentInHours', 'PersonTimeSpentInMinutes'],
  Calls: ['CallRecordId', 'MeetingId', 'AppName', 'IsScheduledCall', 'TotalParticipants', 'InteractionType'],
  CallParticipants: ['CallRecordId', 'PersonHistoricalId', 'IsOrganizer', 'LocalStartTime', 'LocalEndTime'],
  InstantMessages: ['InstantMessageId', 'AppName', 'SentTime', 'InteractionType', 'TotalParticipants'],
  InstantMessageParticipants: ['InstantMessageId', 'PersonHistoricalId', 'isAfterHours', 'IsSender', 'LocalSentTime', 'SenderTimeSpentInMinutes'],
};

export interface HandBuilt {
  dir: string;
  tables: Record<string, Row[]>;
}

const person = (id: string, name: string, fn: string, org: string, manager = '', from = '2024-01-01', to = '9999-12-31'): Row => ({
  PersonHistoricalId: id, EmailAddress: token(name), StartDate: from, EndDate: to, PopulationType: 'MeasuredEmployee',
  ManagerId: manager ? token(manager) : '', FunctionType: fn, LevelDesignation: 'IC', Organization: org, IsInternal: 'True', ExternalCollaboratorId: '',
});

/** Meetings on Tuesday 2024-03-05: [id, start hour, minutes, [version, response, organizer][]]. */
const MEETINGS: [string, string, number, [string, string, boolean][]][] = [
  ['mA', '09:00', 60, [['ph-e3', 'Accepted', true], ['ph-e2', 'Accepted', false], ['ph-e4', 'Accepted', false], ['ph-f2', 'Tentative', false]]],
  ['mB', '09:30', 30, [['ph-f3', 'Accepted', true], ['ph-e2', 'Accepted', false]]],
  ['mC', '13:00', 60, [['ph-e5', 'Accepted', true], ['ph-e2', 'Tentative', false]]],
  ['mD', '15:00', 30, [['ph-e2', 'Accepted', true], ['ph-e3', 'Accepted', false]]],
];

/** Emails sent by e2: [id, local time, recipients [version, hours][]]. */
const MAILS: [string, string, [string, string][]][] = [
  ['m1', '2024-03-06 11:20:00', [['ph-e3', '0.1'], ['ph-f2', '0.2']]],
  // e2 is also on m2's recipient line (a copy to self): not a recipient of e2's generated workload.
  ['m2', '2024-03-06 16:40:00', [['ph-e5', '0.05'], ['ph-e2', '0.5']]],
  ['m3', '2024-03-07 10:00:00', [['ph-x1', '']]],
  ['m4', '2024-03-07 10:30:00', [['ph-x1', '']]],
];

export function handBuiltExport(): HandBuilt {
  const people: Row[] = [
    person('ph-p1a', 'p1', 'Engineering', 'Contoso Eng', '', '2024-01-01', '2024-03-07'),
    person('ph-p1b', 'p1', 'Finance', 'Contoso Finance', '', '2024-03-07'),
    person('ph-e2', 'e2', 'Engineering', 'Contoso Eng', 'e3'),
    person('ph-e3', 'e3', 'Engineering', 'Contoso Eng', 'e4'),
    ...['e4', 'e5', 'e6'].map((n) => person(`ph-${n}`, n, 'Engineering', 'Contoso Eng')),
    ...['f2', 'f3', 'f4', 'f5', 'f6'].map((n) => person(`ph-${n}`, n, 'Finance', 'Contoso Finance')),
    { ...person('ph-x1', 'x1', '', ''), PopulationType: 'ExternalCollaborator', IsInternal: 'False', ExternalCollaboratorId: 'ana@Fabrikam.com' },
  ];
  const tables: Record<string, Row[]> = {
    PersonHistorical: people,
    Meetings: MEETINGS.map(([id, at, minutes, who]) => ({
      MeetingId: id, ICalUid: `ical-${id}`, Subject: '', IsRecurring: 'False', IsCanceled: 'False', StartTime: `2024-03-05 ${at}:00`, DurationMinutes: String(minutes),
      TotalAccept: '0', TotalDecline: '0', TotalNoResponse: '0', TotalTentativelyAccepted: '0', TotalAttendees: String(who.length), TotalDoubleBooked: '0', TotalEmailsDuringMeeting: '0',
    })),
    MeetingParticipants: MEETINGS.flatMap(([id, at, minutes, who]) => who.map(([v, response, organizer]) => ({
      MeetingId: id, PersonHistoricalId: v, LocalStartTime: `2024-03-05 ${at}:00`, IsOrganizer: organizer ? 'True' : 'False', IsDoubleBooked: 'False', Response: response, DurationMinutesAdjusted: String(minutes), NumberOfEmailsDuringMeeting: '0',
    }))),
    Mails: MAILS.map(([id, at, to]) => ({ MailId: id, ConversationId: `t-${id}`, Subject: '', SentTime: at, SenderTimeSpentinMinutes: '3', NumberOfRecipients: String(to.length) })),
    MailParticipants: MAILS.flatMap(([id, at, to]) => [
      { MailId: id, PersonHistoricalId: 'ph-e2', IsSender: 'True', LocalSentTime: at, PersonTimeSpentInHours: '0.05', PersonTimeSpentInMinutes: '3' },
      ...to.map(([v, h]) => ({ MailId: id, PersonHistoricalId: v, IsSender: 'False', LocalSentTime: at, PersonTimeSpentInHours: h, PersonTimeSpentInMinutes: h ? String(Number(h) * 60) : '' })),
    ]),
    Calls: [{ CallRecordId: 'c1', MeetingId: '', AppName: 'Teams', IsScheduledCall: 'False', TotalParticipants: '2', InteractionType: 'Joined' }],
    CallParticipants: ['ph-f5', 'ph-f6'].map((v, i) => ({ CallRecordId: 'c1', PersonHistoricalId: v, IsOrganizer: i === 0 ? 'True' : 'False', LocalStartTime: '2024-03-04 11:00:00', LocalEndTime: '2024-03-04 11:30:00' })),
    // p1 sends an IM on Monday, while still in Engineering (the version on the row is p1a).
    InstantMessages: [{ InstantMessageId: 'i1', AppName: 'Teams', SentTime: '2024-03-04 10:00:00', InteractionType: 'OneOnOneChat', TotalParticipants: '2' }],
    InstantMessageParticipants: [
      { InstantMessageId: 'i1', PersonHistoricalId: 'ph-p1a', isAfterHours: 'False', IsSender: 'True', LocalSentTime: '2024-03-04 10:00:00', SenderTimeSpentInMinutes: '1' },
      { InstantMessageId: 'i1', PersonHistoricalId: 'ph-e2', isAfterHours: 'False', IsSender: 'False', LocalSentTime: '2024-03-04 10:00:00', SenderTimeSpentInMinutes: '0' },
    ],
  };
  const dir = join(tempDir(), 'export');
  mkdirSync(dir, { recursive: true });
  for (const [name, rows] of Object.entries(tables)) {
    const header = HEADERS[name];
    writeCsv(join(dir, `${name}.csv`), { header, rows: rows.map((r) => header.map((h) => r[h] ?? '')) });
  }
  return { dir, tables };
}
