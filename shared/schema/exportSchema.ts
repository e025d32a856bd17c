/**
 * The Workplace Analytics data export: nine CSV tables, their columns, documented types and keys.
 *
 * This is the documentation's section "Exported .csv files", column for column, in the documented
 * order and spelling, and nothing else: a column the documents do not list is not part of the
 * schema (an export that carries one keeps it as an extra column, typed from its values).
 * Plain data: no Node, no DOM, so the UI, the CLI and the SQL builders all read the same definition.
 */

/** The types the documents give a column. */
export type DocumentedType = 'string' | 'Boolean' | 'datetime' | 'integer' | 'double' | 'enumerated';

/**
 * DuckDB types ingest loads a column as. Ids are documented as strings: an id column (one with a
 * `key`) is loaded as UUID only when every value of its key in the workspace is a GUID, else VARCHAR.
 */
export type ColumnType = 'UUID' | 'VARCHAR' | 'BOOLEAN' | 'TIMESTAMP' | 'DOUBLE' | 'INTEGER';

/** Id columns that must share one type across tables, because they are joined on. */
export const KEY_DOMAINS = ['PersonHistoricalId', 'MeetingId', 'MailId', 'ConversationId', 'CallRecordId', 'InstantMessageId'] as const;
export type KeyDomain = (typeof KEY_DOMAINS)[number];

export interface ColumnDef {
  name: string;
  documentedType: DocumentedType;
  /** The DuckDB type when the data does not decide otherwise (ids: VARCHAR, UUID when all values are GUIDs). */
  type: ColumnType;
  /**
   * Without it a row cannot be identified or linked (ids, IsSender) or placed in time: a file that
   * lacks a required column fails ingest, naming it. Any other documented column that a file lacks is
   * loaded as NULL and the report says which metrics and analyses that disables.
   */
  required: boolean;
  /** Set on id columns: the ids this column holds, compared across tables. */
  key?: KeyDomain;
  /** Other header spellings seen in exports; matching is also case- and separator-insensitive. */
  aliases?: string[];
  /** Holds masked tokens (64-hex) rather than raw values: the privacy audit checks these. */
  pseudonym?: boolean;
  /** The timestamp is local to a participant (the documents say so), not one clock for everyone. */
  localTime?: boolean;
  /** What the documents say the column holds, in our words. */
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
  /**
   * PersonHistorical: columns beyond the documented ones are the tenant's HR attributes (the
   * documents list "HR Attribute 1 … n"). Other tables: such columns are undocumented extras, kept
   * and reported, never a reason to fail.
   */
  extraColumnsAreHrAttributes: boolean;
}

/**
 * Documented integers are held as DOUBLE: DuckDB's CSV reader rounds `2.5` read as an integer to 3
 * without a word, so a value off the documents would change silently. As DOUBLE nothing is lost,
 * and ingest reports any value that is not a whole number.
 */
const SQL_TYPE: Record<DocumentedType, ColumnType> = {
  string: 'VARCHAR',
  enumerated: 'VARCHAR',
  Boolean: 'BOOLEAN',
  datetime: 'TIMESTAMP',
  integer: 'DOUBLE',
  double: 'DOUBLE',
};

interface ColumnOptions {
  required?: boolean;
  key?: KeyDomain;
  aliases?: string[];
  pseudonym?: boolean;
  localTime?: boolean;
}

const c = (name: string, documentedType: DocumentedType, description: string, opts: ColumnOptions = {}): ColumnDef => ({
  name,
  documentedType,
  type: SQL_TYPE[documentedType],
  required: opts.required ?? false,
  ...(opts.key ? { key: opts.key } : {}),
  ...(opts.aliases ? { aliases: opts.aliases } : {}),
  ...(opts.pseudonym ? { pseudonym: true } : {}),
  ...(opts.localTime ? { localTime: true } : {}),
  description,
});

/** A required id column. */
const id = (name: KeyDomain, description: string, aliases?: string[]) => c(name, 'string', description, { required: true, key: name, aliases });

const personFk: ForeignKey = { column: 'PersonHistoricalId', references: { table: 'PersonHistorical', column: 'PersonHistoricalId' } };
/** The documents write MailParticipants' header as "PersonHistoricalId:"; a trailing colon is ignored by the header rule. */
const personIdCol = id('PersonHistoricalId', 'The HR version of the participant valid at the event (changes with every HR change).', [
  'PersonalHistoricalId',
]);

export const EXPORT_SCHEMA: Record<TableName, TableDef> = {
  PersonHistorical: {
    name: 'PersonHistorical',
    grain: 'one person × one HR version (a new row for every HR change)',
    primaryKey: ['PersonHistoricalId'],
    foreignKeys: [],
    fileNames: ['PersonHistorical', 'PersonalHistorical', 'PersonsHistorical'],
    timeColumn: 'StartDate',
    extraColumnsAreHrAttributes: true,
    columns: [
      id('PersonHistoricalId', 'This HR version of the person; primary key.', ['PersonalHistoricalId']),
      c('EmailAddress', 'string', 'Masked email address, one value per address: the stable identity of a person across HR versions.', { required: true, pseudonym: true }),
      c('StartDate', 'datetime', 'Start of the period this HR version is in effect.'),
      c('EndDate', 'datetime', 'End of the period this HR version is in effect.'),
      c('PopulationType', 'string', 'MeasuredEmployee, InternalCollaborator, ExternalCollaborator, DistributionList or MeetingRoom.', { required: true }),
      c('ManagerId', 'string', "Masked value identifying the person's manager.", { pseudonym: true }),
      c('LevelDesignation', 'string', "HR attribute: the person's level (experience, management level or seniority)."),
      c('Organization', 'string', 'HR attribute: the internal organization the person belongs to.'),
      c('IsInternal', 'Boolean', 'True for MeasuredEmployee and InternalCollaborator.'),
      c('ExternalCollaboratorId', 'string', "An external collaborator's email address, when the tenant exports external ids."),
    ],
  },
  Meetings: {
    name: 'Meetings',
    grain: 'one meeting or appointment occurrence (a recurring meeting has a row per occurrence)',
    primaryKey: ['MeetingId'],
    foreignKeys: [],
    fileNames: ['Meetings', 'Meeting'],
    timeColumn: 'StartTime',
    extraColumnsAreHrAttributes: false,
    columns: [
      id('MeetingId', 'The meeting occurrence; primary key.'),
      c('ICalUid', 'string', 'Calendar id of the meeting.'),
      c('Subject', 'string', 'Subject line, as the tenant privacy settings allow (may be empty or masked).'),
      c('IsRecurring', 'Boolean', 'True for an occurrence of a recurring meeting.'),
      c('IsCanceled', 'Boolean', 'True when the meeting was canceled.', { aliases: ['IsCancelled'] }),
      c('StartTime', 'datetime', 'Start of the meeting.', { required: true }),
      c('DurationMinutes', 'integer', 'Length of the meeting, minutes.'),
      c('TotalAccept', 'integer', 'Invitees who accepted.'),
      c('TotalDecline', 'integer', 'Invitees who declined.'),
      c('TotalNoResponse', 'integer', 'Invitees who did not respond.'),
      c('TotalTentativelyAccepted', 'integer', 'Invitees who accepted tentatively.'),
      c('TotalAttendees', 'integer', 'Accepted plus no response, plus the organizer.'),
      c('TotalDoubleBooked', 'integer', 'Attendees with a conflicting meeting or appointment.'),
      c('TotalEmailsDuringMeeting', 'integer', 'Emails sent during the meeting by the attendees who did not decline.'),
    ],
  },
  MeetingParticipants: {
    name: 'MeetingParticipants',
    grain: 'one participant × one meeting',
    primaryKey: ['MeetingId', 'PersonHistoricalId'],
    foreignKeys: [{ column: 'MeetingId', references: { table: 'Meetings', column: 'MeetingId' } }, personFk],
    fileNames: ['MeetingParticipants', 'MeetingParticipant', 'MeetingAttendees'],
    timeColumn: 'LocalStartTime',
    extraColumnsAreHrAttributes: false,
    columns: [
      id('MeetingId', 'The meeting.'),
      personIdCol,
      c('LocalStartTime', 'datetime', "Start of the meeting in the participant's local time.", { localTime: true }),
      c('IsOrganizer', 'Boolean', 'True when this participant organized the meeting.'),
      c('IsDoubleBooked', 'Boolean', 'True when this person had more than one meeting at this time.'),
      c('Response', 'enumerated', "The invitee's response: declined, tentative, accepted or no response.", { aliases: ['ResponseStatus'] }),
      c('DurationMinutesAdjusted', 'double', 'Minutes this person spent in the meeting, adjusted when double booked.'),
      c('NumberOfEmailsDuringMeeting', 'integer', 'Emails this participant sent during the meeting.'),
    ],
  },
  MailParticipants: {
    name: 'MailParticipants',
    grain: 'one person × one email sent or received',
    primaryKey: ['MailId', 'PersonHistoricalId'],
    foreignKeys: [{ column: 'MailId', references: { table: 'Mails', column: 'MailId' } }, personFk],
    fileNames: ['MailParticipants', 'MailParticipant', 'EmailParticipants'],
    timeColumn: 'LocalSentTime',
    extraColumnsAreHrAttributes: false,
    columns: [
      id('MailId', 'The email.'),
      personIdCol,
      c('IsSender', 'Boolean', 'True when this person sent the email (otherwise received it).', { required: true }),
      c('LocalSentTime', 'datetime', "When the email was sent, in this person's local time.", { localTime: true }),
      c('PersonTimeSpentInHours', 'double', 'Hours this person spent reading or writing it (heuristic estimate).'),
      c('PersonTimeSpentInMinutes', 'double', 'Minutes this person spent reading or writing it (heuristic estimate).'),
    ],
  },
  Mails: {
    name: 'Mails',
    grain: 'one email sent',
    primaryKey: ['MailId'],
    foreignKeys: [],
    fileNames: ['Mails', 'Mail', 'Emails'],
    timeColumn: 'SentTime',
    extraColumnsAreHrAttributes: false,
    columns: [
      id('MailId', 'The email; primary key.'),
      c('ConversationId', 'string', 'The thread the email belongs to.', { key: 'ConversationId' }),
      c('Subject', 'string', 'Subject line, as the tenant privacy settings allow (may be empty or masked).'),
      c('SentTime', 'datetime', "When the email was sent, in the sender's local time.", { required: true, localTime: true }),
      c('SenderTimeSpentinMinutes', 'double', 'Minutes the sender spent writing it (heuristic estimate).'),
      c('NumberOfRecipients', 'integer', 'Recipients, not counting the sender.'),
    ],
  },
  Calls: {
    name: 'Calls',
    grain: 'one call (a scheduled, recurring call has a row per occurrence)',
    primaryKey: ['CallRecordId'],
    foreignKeys: [{ column: 'MeetingId', references: { table: 'Meetings', column: 'MeetingId' } }],
    fileNames: ['Calls', 'Call'],
    extraColumnsAreHrAttributes: false,
    columns: [
      id('CallRecordId', 'The call; primary key.'),
      c('MeetingId', 'string', 'The meeting a scheduled call belongs to (empty for an unscheduled call).', { key: 'MeetingId' }),
      c('AppName', 'string', 'The app the call was made in (Teams, Skype).'),
      c('IsScheduledCall', 'Boolean', 'True for a scheduled call.'),
      c('TotalParticipants', 'integer', 'Participants on the call.'),
      c('InteractionType', 'enumerated', 'The kind of participation the documents name (joined or attended, tentative, accepted, no response).'),
    ],
  },
  CallParticipants: {
    name: 'CallParticipants',
    grain: 'one participant × one call',
    primaryKey: ['CallRecordId', 'PersonHistoricalId'],
    foreignKeys: [{ column: 'CallRecordId', references: { table: 'Calls', column: 'CallRecordId' } }, personFk],
    fileNames: ['CallParticipants', 'CallParticipant'],
    timeColumn: 'LocalStartTime',
    extraColumnsAreHrAttributes: false,
    columns: [
      id('CallRecordId', 'The call.'),
      personIdCol,
      c('IsOrganizer', 'Boolean', 'True when this participant organized the call.'),
      c('LocalStartTime', 'datetime', "Start of the call in the participant's local time.", { required: true, localTime: true }),
      c('LocalEndTime', 'datetime', "End of the call in the participant's local time.", { required: true, localTime: true }),
    ],
  },
  InstantMessages: {
    name: 'InstantMessages',
    grain: 'one instant message',
    primaryKey: ['InstantMessageId'],
    foreignKeys: [],
    fileNames: ['InstantMessages', 'InstantMessage', 'IMs'],
    timeColumn: 'SentTime',
    extraColumnsAreHrAttributes: false,
    columns: [
      id('InstantMessageId', 'The instant message; primary key.'),
      c('AppName', 'string', 'The app the message was sent in (Teams, Skype).'),
      c('SentTime', 'datetime', "When the message was sent, in the participant's local time.", { required: true, localTime: true }),
      c('InteractionType', 'enumerated', 'GroupChat or OneOnOneChat.'),
      c('TotalParticipants', 'double', 'People on the message, the sender included.'),
    ],
  },
  InstantMessageParticipants: {
    name: 'InstantMessageParticipants',
    grain: 'one participant × one instant message',
    primaryKey: ['InstantMessageId', 'PersonHistoricalId'],
    foreignKeys: [{ column: 'InstantMessageId', references: { table: 'InstantMessages', column: 'InstantMessageId' } }, personFk],
    fileNames: ['InstantMessageParticipants', 'InstantMessageParticipant', 'IMParticipants'],
    timeColumn: 'LocalSentTime',
    extraColumnsAreHrAttributes: false,
    columns: [
      id('InstantMessageId', 'The instant message.'),
      personIdCol,
      c('isAfterHours', 'Boolean', 'True when the message was sent after hours.'),
      c('IsSender', 'Boolean', 'True when this person sent the message.', { required: true }),
      c('LocalSentTime', 'datetime', "When the message was sent, in this participant's local time.", { localTime: true }),
      c('SenderTimeSpentInMinutes', 'double', 'Minutes spent on the message (approximation).'),
    ],
  },
};

/** A column of a table, written `Table.Column`: what metrics and analyses name as their inputs. */
export type ColumnRef = `${TableName}.${string}`;

export function columnRef(table: TableName, column: string): ColumnRef {
  return `${table}.${column}`;
}

/** Every id column of a key domain, across tables. */
export function keyColumns(domain: KeyDomain): { table: TableName; column: string }[] {
  return TABLE_NAMES.flatMap((t) => EXPORT_SCHEMA[t].columns.filter((col) => col.key === domain).map((col) => ({ table: t, column: col.name })));
}

/** PopulationType values; rooms and distribution lists are not people and never count as people. */
export const POPULATION_TYPES = ['MeasuredEmployee', 'InternalCollaborator', 'ExternalCollaborator', 'DistributionList', 'MeetingRoom'] as const;
export const NON_PERSON_POPULATION_TYPES = ['DistributionList', 'MeetingRoom'] as const;

/** Header names compare case-insensitively, ignoring spaces, underscores, dashes and a trailing colon. */
export function normaliseHeader(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/^"|"$/g, '')
    .replace(/:$/, '')
    .replace(/[\s_-]+/g, '')
    .toLowerCase();
}

/** The canonical column a header name stands for in a table, or undefined for an unknown column. */
export function canonicalColumn(table: TableDef, header: string): ColumnDef | undefined {
  const h = normaliseHeader(header);
  return table.columns.find((col) => normaliseHeader(col.name) === h || (col.aliases ?? []).some((a) => normaliseHeader(a) === h));
}

/**
 * Rule for PersonHistorical's extra columns: any header that is not a documented column is a tenant
 * HR attribute, kept under its own name (trimmed), typed by checking every value in the file.
 */
export function isHrAttributeColumn(header: string): boolean {
  return canonicalColumn(EXPORT_SCHEMA.PersonHistorical, header) === undefined && header.trim() !== '';
}

export interface TableMatch {
  table: TableName;
  /** Canonical column per header position; undefined for extra columns. */
  columns: (ColumnDef | undefined)[];
  missingRequired: string[];
  /** Documented columns the header lacks that are not required: loaded as NULL. */
  missingOptional: string[];
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
    const missingOptional = def.columns.filter((col) => !col.required && !present.has(col.name)).map((col) => col.name);
    const extras = columns.filter((x) => !x).length;
    // Unknown columns count against a table, not for PersonHistorical, whose HR attributes are
    // tenant-named; a matched required column (an id) counts more than an optional one.
    const requiredHits = def.columns.filter((col) => col.required && present.has(col.name)).length;
    const score = present.size + requiredHits - extras * (def.extraColumnsAreHrAttributes ? 0 : 0.5) + (byName === name ? 0.25 : 0);
    return { table: name, columns, missingRequired, missingOptional, score };
  });
  const complete = matches.filter((m) => m.missingRequired.length === 0 && m.score > 0).sort((a, b) => b.score - a.score);
  // A file named like a table that fits it better than any complete table is that table with
  // columns missing (a CallParticipants.csv without LocalEndTime is not a Calls file).
  const named = byName ? matches.find((m) => m.table === byName) : undefined;
  if (named && named.missingRequired.length > 0 && (complete.length === 0 || named.score > complete[0].score)) return named;
  if (complete.length > 0) return complete[0];
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

/** A GUID as text, hyphenated (the form an id column must have throughout to be loaded as UUID). */
export const GUID_PATTERN = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;
