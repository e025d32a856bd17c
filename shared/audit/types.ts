/**
 * The privacy audit's report: plain JSON, the same for the CLI, the audit screen and the exports.
 */
import type { ValueShape } from './valueShapes.js';

/**
 * alert: something that should be masked looks raw, or pseudonyms disagree — fix the export.
 * warning: worth a look, may be legitimate. risk: a re-identification risk measure (k-anonymity).
 * info: a fact about the data, not a problem.
 */
export type Severity = 'alert' | 'warning' | 'risk' | 'info';

export type FindingCode =
  | 'raw-email-in-pseudonym-column'
  | 'raw-name-in-pseudonym-column'
  | 'pseudonym-not-token'
  | 'pseudonym-partly-raw'
  | 'mixed-token-formats'
  | 'raw-emails'
  | 'some-raw-emails'
  | 'raw-names'
  | 'domain-in-clear'
  | 'readable-text'
  | 'version-id-not-unique'
  | 'history-overlap'
  | 'pseudonym-changed'
  | 'pseudonym-shared'
  | 'manager-token-mismatch'
  | 'manager-token-partial'
  | 'token-format-differs'
  | 'identifies-people'
  | 'small-groups';

export interface Finding {
  severity: Severity;
  code: FindingCode;
  table?: string;
  column?: string;
  title: string;
  detail: string;
  /** How many values, people or groups the finding is about, when it counts something. */
  count?: number;
  /** Share (0–1) of the column's non-empty values, or a match rate. */
  share?: number;
}

/** What a column holds, in the admin's words. */
export type ColumnClass =
  | 'empty'
  | 'raw-email'
  | 'name'
  | 'free-text'
  | 'guid'
  | 'token'
  | 'mixed-tokens'
  | 'identifier'
  | 'number'
  | 'date'
  | 'boolean'
  | 'categorical'
  | 'text'
  | 'other';

export const COLUMN_CLASS_LABELS: Record<ColumnClass, string> = {
  empty: 'empty',
  'raw-email': 'raw email addresses',
  name: 'person names',
  'free-text': 'free text',
  guid: 'GUIDs',
  token: 'hash-like tokens',
  'mixed-tokens': 'tokens in several formats',
  identifier: 'identifiers / codes',
  number: 'numbers',
  date: 'dates / times',
  boolean: 'booleans',
  categorical: 'categories',
  text: 'short text',
  other: 'other',
};

/** Values of one shape and length in a column's profile (text columns only). */
export interface ShapeCount {
  shape: ValueShape;
  length: number;
  count: number;
  distinct: number;
}

/** What the backend measures about a column, over a sample of large tables. */
export interface ColumnProfile {
  table: string;
  column: string;
  /** DuckDB type name. */
  type: string;
  source: 'export' | 'dataset';
  /** The export schema says this column holds masked tokens. */
  pseudonymExpected: boolean;
  /** An imported dataset's column that saved joins match to the export: one value per person by design. */
  joinKeyOf?: JoinKeyUse[];
  /** An export column that saved joins match an imported dataset's column to. */
  joinedBy?: JoinKeyUse[];
  /** An imported dataset's column: the saved joins that bring it in (empty: none, it reaches no analysis). */
  joinedInto?: string[];
  /** Rows profiled (the sample, or the whole table). */
  rows: number;
  nonEmpty: number;
  distinct: number;
  /** Text columns: values by shape and length. Empty for typed columns. */
  shapes: ShapeCount[];
  /** Mean normalised character entropy of sampled token-length values (0–1), when measured. */
  entropy?: number;
  /** A few values, redacted, for columns that raised an alert or warning. */
  examples?: string[];
}

/** A saved join reading a dataset column as its key. */
export interface JoinKeyUse {
  join: string;
  /** The export column it matches, e.g. PersonHistorical.Key_ID. */
  exportColumn: string;
  /** The imported dataset's key column, e.g. hr.Key_ID. */
  datasetColumn: string;
}

/** A token format present in a column, e.g. `hex-64` at 50 %. */
export interface FormatShare {
  format: string;
  label: string;
  share: number;
}

export interface ColumnAudit {
  table: string;
  column: string;
  type: string;
  source: 'export' | 'dataset';
  pseudonymExpected: boolean;
  class: ColumnClass;
  label: string;
  rows: number;
  nonEmpty: number;
  distinct: number;
  formats: FormatShare[];
  entropy?: number;
  examples?: string[];
  /** The worst severity among this column's findings, or 'ok'. */
  verdict: 'ok' | Severity;
}

export interface TableAudit {
  table: string;
  source: 'export' | 'dataset';
  rows: number;
  /** Rows profiled; less than `rows` when the table was sampled. */
  profiledRows: number;
}

export type CheckStatus = 'ok' | 'alert' | 'warning' | 'skipped';

export interface ConsistencyCheck {
  id: 'version-id-unique' | 'history-overlap' | 'person-key' | 'manager-match' | 'token-format-agreement';
  title: string;
  status: CheckStatus;
  /** The measured number shown next to the check (a count or a rate). */
  value?: number;
  detail: string;
}

export interface SmallGroup {
  values: Record<string, string | null>;
  people: number;
}

export interface KAnonymitySet {
  attributes: string[];
  /** People counted (see KAnonymityReport.population: measured employees). */
  people: number;
  groups: number;
  groupsBelow: number;
  peopleBelow: number;
  /** The smallest combinations, up to a limit, smallest first. */
  smallest: SmallGroup[];
}

/**
 * Who k-anonymity counts: the measured employees (they have HR attributes); collaborators have none
 * and are counted apart. `people` only when no row is marked MeasuredEmployee.
 */
export interface PopulationCounts {
  basis: 'measured employees' | 'people';
  counted: number;
  collaborators: number;
  internal: number;
  external: number;
}

/** "400 measured employees", "1 measured employee", "12 people": every count and denominator says what it counts. */
export function countedLabel(p: Pick<PopulationCounts, 'basis'>, n: number): string {
  const [one, many] = p.basis === 'people' ? ['person', 'people'] : ['measured employee', 'measured employees'];
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** The sentence under the k-anonymity table: what is counted and who is left out. */
export function populationNote(p: PopulationCounts): string {
  if (p.basis === 'people') return `Counts all ${countedLabel(p, p.counted)}: no PersonHistorical row is marked MeasuredEmployee.`;
  const apart = p.collaborators === 0 ? 'No collaborators.' : `${p.collaborators.toLocaleString('en-US')} ${p.collaborators === 1 ? 'collaborator' : 'collaborators'} (${p.internal.toLocaleString('en-US')} internal, ${p.external.toLocaleString('en-US')} external) are not counted: the audit judges who can be singled out among the people the analyses report on.`;
  return `Counts the ${countedLabel(p, p.counted)}; percentages are of them. ${apart}`;
}

export interface KAnonymityReport {
  minGroupSize: number;
  /** Who is counted; absent when nothing was measured. */
  population?: PopulationCounts;
  /** Attributes that could be picked (PersonAttributes columns), for the screen's picker. */
  available: string[];
  sets: KAnonymitySet[];
  /** Why no set was measured, when none was. */
  note?: string;
}

export interface AuditReport {
  workspace: string;
  createdAt: string;
  seconds: number;
  sampleRows: number;
  summary: { tables: number; columns: number; alerts: number; warnings: number; risks: number; infos: number };
  tables: TableAudit[];
  columns: ColumnAudit[];
  findings: Finding[];
  consistency: ConsistencyCheck[];
  kAnonymity: KAnonymityReport;
  /** Stated in every report: values are judged by shape; hashes are never reversed. */
  method: string;
}

/** The workspace's last finished audit, kept in its folder so it outlives the backend process. */
export interface SavedAudit {
  report: AuditReport;
  /** The latest load or import time of the data it read (null: none recorded). */
  dataLoadedAt: string | null;
  /** The workspace's data changed since: an old report, to be labelled so and never shown as current. */
  stale: boolean;
}

export const SEVERITY_ORDER: Record<Severity, number> = { alert: 0, warning: 1, risk: 2, info: 3 };

/** What each severity asks of the admin, in the legend beside every list of findings (screen and report). */
export const SEVERITY_MEANINGS: Record<Severity, string> = {
  alert: 'something that should be masked is readable, or pseudonyms disagree: fix the export before sharing it',
  warning: 'worth a look, may be legitimate (such as an employee number in a file you imported)',
  risk: 'people in groups smaller than the minimum group size, who could be singled out',
  info: 'a fact about the data, for reference: nothing to do',
};
