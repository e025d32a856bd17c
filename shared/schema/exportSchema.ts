/**
 * The Workplace Analytics data export: nine CSV tables, their columns, declared types and keys.
 *
 * Ingest loads every known column with the type declared here (never the CSV sniffer's guess);
 * PersonHistorical may carry extra HR attribute columns, which are typed by checking the whole file.
 * Plain data: no Node, no DOM, so the UI, the CLI and the SQL builders all read the same definition.
 */

/** DuckDB types used by the export. GUID ids are UUID: about half the memory and time of VARCHAR. */
export type ColumnType = 'UUID' | 'VARCHAR' | 'BOOLEAN' | 'TIMESTAMP' | 'DOUBLE' | 'INTEGER';

export interface ColumnDef {
  name: string;
  type: ColumnType;
  /** Ingest fails the table (naming file and column) when a required column is missing from the header. */
  required: boolean;
  /** Other header spellings seen in exports; matching is also case- and separator-insensitive. */
  aliases?: string[];
  /** Holds masked tokens (64-hex) rather than raw values: the privacy audit checks these. */
  pseudonym?: boolean;
  description: string;
}

export interface ForeignKey {
  column: string;
  references: { table: TableName; column: string };
}

export const TABLE_NAMES = [
  'PersonHistorical',
  'Meetings',
  'MeetingParticipants',
  'Mails',
  'MailParticipants',
  'Calls',
  'CallParticipants',
  'InstantMessages',
  'InstantMessageParticipants',
] as const;

export type TableName = (typeof TABLE_NAMES)[number];

export interface TableDef {
  name: TableName;
  grain: string;
  /** Primary key columns; participant tables have a composite natural key. */
  primaryKey: string[];
  foreignKeys: ForeignKey[];
  /** File base names (without .csv) this table is exported under, the canonical name first. */
  fileNames: string[];
  /** The column holding the event time, used for date ranges in the validation report. */
  timeColumn?: string;
  columns: ColumnDef[];
  /** Only PersonHistorical: columns beyond the known ones are tenant-named HR attributes. */
  allowsExtraColumns: boolean;
}

const c = (
  name: string,
  type: ColumnType,
  description: string,
  opts: { required?: boolean; aliases?: string[]; pseudonym?: boolean } = {},
): ColumnDef => ({ name, type, description, required: opts.required ?? true, aliases: opts.aliases, pseudonym: opts.pseudonym });

const personFk: ForeignKey = { column: 'PersonHistoricalId', references: { table: 'PersonHistorical', column: 'PersonHistoricalId' } };
const personIdCol = c('PersonHistoricalId', 'UUID', 'The HR version of the participant valid at the event.', {
  aliases: ['PersonalHistoricalId', 'PersonHistoricalID'],
});

export const EXPORT_SCHEMA: Record<TableName, TableDef> = {
  PersonHistorical: {
    name: 'PersonHistorical',
    grain: 'one person × one HR version (type-2 history)',
    primaryKey: ['PersonHistoricalId'],
    foreignKeys: [],
    fileNames: ['PersonHistorical', 'PersonalHistorical', 'PersonsHistorical'],
    timeColumn: 'StartDate',
    allowsExtraColumns: true,
    columns: [
      personIdCol,
      c('EmailAddress', 'VARCHAR', 'Masked email address: the stable identity of a person across HR versions.', { pseudonym: true }),
      c('StartDate', 'TIMESTAMP', 'First moment this HR version is valid.', { aliases: ['EffectiveStartDate'] }),
      c('EndDate', 'TIMESTAMP', 'Moment this HR version stops being valid.', { aliases: ['EffectiveEndDate'] }),
      c('PopulationType', 'VARCHAR', 'MeasuredEmployee, InternalCollaborator, ExternalCollaborator, DistributionList or MeetingRoom.'),
      c('ManagerId', 'VARCHAR', "Masked EmailAddress of the person's manager.", { required: false, pseudonym: true }),
      c('Organization', 'VARCHAR', 'HR attribute: organization.', { required: false }),
      c('FunctionType', 'VARCHAR', 'HR attribute: function.', { required: false }),
      c('LevelDesignation', 'VARCHAR', 'HR attribute: level.', { required: false }),
    ],
  },
  Meetings: {
    name: 'Meetings',
    grain: 'one meeting occurrence',
    primaryKey: ['MeetingId'],
    foreignKeys: [],
    fileNames: ['Meetings', 'Meeting'],
    timeColumn: 'StartTime',
    allowsExtraColumns: false,
    columns: [
      c('MeetingId', 'UUID', 'Meeting occurrence id.'),
      c('StartTime', 'TIMESTAMP', 'Start, UTC.'),
      c('EndTime', 'TIMESTAMP', 'End, UTC.'),
      c('Subject', 'VARCHAR', 'Subject line (may be masked or empty).', { required: false }),
      c('IsRecurring', 'BOOLEAN', 'Part of a recurring series.'),
      c('IsCancelled', 'BOOLEAN', 'The meeting was canceled.', { aliases: ['IsCanceled'] }),
      c('IsAllDay', 'BOOLEAN', 'All-day event.', { required: false }),
      c('DurationMinutes', 'DOUBLE', 'Scheduled duration in minutes.'),
      c('DurationMinutesAdjusted', 'DOUBLE', 'Duration adjusted for overlaps with other meetings, minutes.'),
      c('TotalAttendees', 'INTEGER', 'Invitees that are people.', { required: false }),
      c('TotalAccepted', 'INTEGER', 'Invitees who accepted.', { required: false }),
      c('TotalDeclined', 'INTEGER', 'Invitees who declined.', { required: false }),
      c('TotalNoResponse', 'INTEGER', 'Invitees who did not respond.', { required: false }),
      c('TotalDoubleBooked', 'INTEGER', 'Attendees with a conflicting meeting.', { required: false }),
      c('TotalEmailsDuringMeeting', 'INTEGER', 'Emails sent by attendees during the meeting.', { required: false }),
    ],
  },
  MeetingParticipants: {
    name: 'MeetingParticipants',
    grain: 'one person × one meeting',
    primaryKey: ['MeetingId', 'PersonHistoricalId'],
    foreignKeys: [{ column: 'MeetingId', references: { table: 'Meetings', column: 'MeetingId' } }, personFk],
    fileNames: ['MeetingParticipants', 'MeetingParticipant', 'MeetingAttendees'],
    timeColumn: 'LocalStartTime',
    allowsExtraColumns: false,
    columns: [
      c('MeetingId', 'UUID', 'The meeting.'),
      personIdCol,
      c('IsOrganizer', 'BOOLEAN', 'This person organized the meeting.'),
      c('Response', 'VARCHAR', 'Organizer, Accepted, Tentative, Declined or NoResponse.', { aliases: ['ResponseStatus'] }),
      c('IsDoubleBooked', 'BOOLEAN', 'The person had another accepted meeting at the same time.'),
      c('LocalStartTime', 'TIMESTAMP', "Start in the participant's time zone.", { required: false }),
      c('LocalEndTime', 'TIMESTAMP', "End in the participant's time zone.", { required: false }),
    ],
  },
  Mails: {
    name: 'Mails',
    grain: 'one email sent',
    primaryKey: ['MailId'],
    foreignKeys: [],
    fileNames: ['Mails', 'Mail', 'Emails'],
    timeColumn: 'SentTime',
    allowsExtraColumns: false,
    columns: [
      c('MailId', 'UUID', 'Email id.'),
      c('ConversationId', 'UUID', 'The thread this email belongs to.'),
      c('SentTime', 'TIMESTAMP', 'Sent, UTC.'),
      c('Subject', 'VARCHAR', 'Subject line (may be masked or empty).', { required: false }),
      c('NumberOfRecipients', 'INTEGER', 'Recipients on To, Cc and Bcc.', { required: false }),
    ],
  },
  MailParticipants: {
    name: 'MailParticipants',
    grain: 'one person × one email sent or received',
    primaryKey: ['MailId', 'PersonHistoricalId'],
    foreignKeys: [{ column: 'MailId', references: { table: 'Mails', column: 'MailId' } }, personFk],
    fileNames: ['MailParticipants', 'MailParticipant', 'EmailParticipants'],
    timeColumn: 'LocalSentTime',
    allowsExtraColumns: false,
    columns: [
      c('MailId', 'UUID', 'The email.'),
      personIdCol,
      c('IsSender', 'BOOLEAN', 'This person sent the email (otherwise received it).'),
      c('PersonTimeSpentInHours', 'DOUBLE', 'Time this person spent writing or reading it, hours (Microsoft heuristic).'),
      c('LocalSentTime', 'TIMESTAMP', "Sent time in the participant's time zone.", { required: false }),
    ],
  },
  Calls: {
    name: 'Calls',
    grain: 'one call',
    primaryKey: ['CallRecordId'],
    foreignKeys: [{ column: 'MeetingId', references: { table: 'Meetings', column: 'MeetingId' } }],
    fileNames: ['Calls', 'Call'],
    timeColumn: 'StartTime',
    allowsExtraColumns: false,
    columns: [
      c('CallRecordId', 'UUID', 'Call id.'),
      c('MeetingId', 'UUID', 'The scheduled meeting this call belongs to, empty for ad-hoc calls.'),
      c('StartTime', 'TIMESTAMP', 'Start, UTC.'),
      c('EndTime', 'TIMESTAMP', 'End, UTC.'),
      c('CallType', 'VARCHAR', 'PeerToPeer or GroupCall.', { required: false }),
    ],
  },
  CallParticipants: {
    name: 'CallParticipants',
    grain: 'one person × one call',
    primaryKey: ['CallRecordId', 'PersonHistoricalId'],
    foreignKeys: [{ column: 'CallRecordId', references: { table: 'Calls', column: 'CallRecordId' } }, personFk],
    fileNames: ['CallParticipants', 'CallParticipant'],
    timeColumn: 'LocalStartTime',
    allowsExtraColumns: false,
    columns: [
      c('CallRecordId', 'UUID', 'The call.'),
      personIdCol,
      c('LocalStartTime', 'TIMESTAMP', "When this person joined, in their time zone."),
      c('LocalEndTime', 'TIMESTAMP', "When this person left, in their time zone."),
      c('IsOrganizer', 'BOOLEAN', 'This person started the call.', { required: false }),
    ],
  },
  InstantMessages: {
    name: 'InstantMessages',
    grain: 'one instant message',
    primaryKey: ['InstantMessageId'],
    foreignKeys: [],
    fileNames: ['InstantMessages', 'InstantMessage', 'IMs'],
    timeColumn: 'SentTime',
    allowsExtraColumns: false,
    columns: [
      c('InstantMessageId', 'UUID', 'Message id.'),
      c('ChatId', 'UUID', 'The chat or channel thread.', { required: false, aliases: ['ThreadId'] }),
      c('SentTime', 'TIMESTAMP', 'Sent, UTC.'),
      c('NumberOfRecipients', 'INTEGER', 'Recipients of the message.', { required: false }),
    ],
  },
  InstantMessageParticipants: {
    name: 'InstantMessageParticipants',
    grain: 'one person × one instant message',
    primaryKey: ['InstantMessageId', 'PersonHistoricalId'],
    foreignKeys: [{ column: 'InstantMessageId', references: { table: 'InstantMessages', column: 'InstantMessageId' } }, personFk],
    fileNames: ['InstantMessageParticipants', 'InstantMessageParticipant', 'IMParticipants'],
    timeColumn: 'LocalSentTime',
    allowsExtraColumns: false,
    columns: [
      c('InstantMessageId', 'UUID', 'The message.'),
      personIdCol,
      c('IsSender', 'BOOLEAN', 'This person sent the message.'),
      c('isAfterHours', 'BOOLEAN', "Sent outside the participant's working hours."),
      c('SenderTimeSpentInMinutes', 'DOUBLE', 'Time the sender spent on it, minutes.'),
      c('LocalSentTime', 'TIMESTAMP', "Sent time in the participant's time zone.", { required: false }),
    ],
  },
};

/** PopulationType values; rooms and distribution lists are not people and never count as people. */
export const POPULATION_TYPES = ['MeasuredEmployee', 'InternalCollaborator', 'ExternalCollaborator', 'DistributionList', 'MeetingRoom'] as const;
export const NON_PERSON_POPULATION_TYPES = ['DistributionList', 'MeetingRoom'] as const;

/** Header names compare case-insensitively and ignoring spaces, underscores and dashes. */
export function normaliseHeader(name: string): string {
  return name.replace(/^\uFEFF/, '').trim().replace(/^"|"$/g, '').replace(/[\s_-]+/g, '').toLowerCase();
}

/** The canonical column a header name stands for in a table, or undefined for an unknown column. */
export function canonicalColumn(table: TableDef, header: string): ColumnDef | undefined {
  const h = normaliseHeader(header);
  return table.columns.find((col) => normaliseHeader(col.name) === h || (col.aliases ?? []).some((a) => normaliseHeader(a) === h));
}

/**
 * Rule for PersonHistorical's extra columns: any header that is not a known column is a tenant HR
 * attribute, kept under its own name (trimmed), typed by checking every value in the file.
 */
export function isHrAttributeColumn(header: string): boolean {
  return canonicalColumn(EXPORT_SCHEMA.PersonHistorical, header) === undefined && header.trim() !== '';
}

export interface TableMatch {
  table: TableName;
  /** Canonical column per header position; undefined for extra (HR attribute) columns. */
  columns: (ColumnDef | undefined)[];
  missingRequired: string[];
  score: number;
}

/**
 * Recognise a table from its header: every table is scored by how many of its columns the header
 * has; one whose required columns are all present wins, the highest score first. File names only
 * break ties, so a renamed or split file is still found.
 */
export function recogniseHeader(headers: string[], fileBaseName?: string): TableMatch | undefined {
  const byName = fileBaseName ? tableForFileName(fileBaseName) : undefined;
  const matches: TableMatch[] = TABLE_NAMES.map((name) => {
    const def = EXPORT_SCHEMA[name];
    const columns = headers.map((h) => canonicalColumn(def, h));
    const present = new Set(columns.filter((x): x is ColumnDef => !!x).map((x) => x.name));
    const missingRequired = def.columns.filter((col) => col.required && !present.has(col.name)).map((col) => col.name);
    const extras = columns.filter((x) => !x).length;
    // A table that does not allow extra columns is a poor fit for a header that has many.
    const score = present.size - (def.allowsExtraColumns ? 0 : extras * 0.5) + (byName === name ? 0.25 : 0);
    return { table: name, columns, missingRequired, score };
  });
  const complete = matches.filter((m) => m.missingRequired.length === 0 && m.score > 0).sort((a, b) => b.score - a.score);
  if (complete.length > 0) return complete[0];
  // Nothing complete: a file named like a table still maps to it, so the error can name what is missing.
  if (byName) return matches.find((m) => m.table === byName);
  return undefined;
}

/** The table a file name stands for: `PersonalHistorical.csv`, `MailParticipants_part003.csv`, … */
export function tableForFileName(fileName: string): TableName | undefined {
  const base = fileName
    .replace(/^.*[\\/]/, '')
    .replace(/\.csv(\.gz)?$/i, '')
    .replace(/([_\-. ]?(part)?[_\-. ]?\d+)$/i, '')
    .replace(/[_\-. ]+/g, '')
    .toLowerCase();
  for (const name of TABLE_NAMES) {
    if (EXPORT_SCHEMA[name].fileNames.some((f) => f.toLowerCase() === base)) return name;
  }
  return undefined;
}

/** The masked-token format the export uses for EmailAddress and ManagerId: 64 hex characters. */
export const MASKED_TOKEN_PATTERN = /^[0-9a-f]{64}$/i;
