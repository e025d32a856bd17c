/**
 * The join form's state and the JoinSpecInput it stands for: sensible first choices for a dataset
 * (a column named like a PersonHistorical column is the key; else an email column meets
 * EmailAddress), the columns it may bring in, and what must be filled before a preview.
 */
import type { DatasetInfo, JoinInfo, JoinSpecInput } from '../../../../shared/api/contract.js';
import { defaultJoinColumns } from '../../../../shared/api/joinColumns.js';
import { dateColumnNote } from '../../../../shared/audit/groupingRule.js';

export interface JoinForm {
  name: string;
  dataset: string;
  datasetKey: string;
  exportKey: string;
  hash: boolean;
  salt: string;
  keepDomain: boolean;
  asOf: boolean;
  asOfStart: string;
  /** '' when rows are valid until the next row of the same key. */
  asOfEnd: string;
  /** Columns left out; every other column the dataset may bring in is brought in. */
  excluded: string[];
}

/** PersonHistorical columns that are versions or populations, never a person's key. */
const NOT_KEYS = new Set(['startdate', 'enddate', 'populationtype']);

export function defaultJoinForm(dataset: DatasetInfo, exportColumns: string[]): JoinForm {
  const exportByLower = new Map(exportColumns.filter((c) => !NOT_KEYS.has(c.toLowerCase())).map((c) => [c.toLowerCase(), c]));
  const shared = dataset.columns.find((c) => exportByLower.has(c.name.toLowerCase()));
  const email = dataset.columns.find((c) => /e-?mail/i.test(c.name));
  const datasetKey = shared?.name ?? email?.name ?? dataset.columns[0]?.name ?? '';
  // The privacy audit advises leaving out (or masking) columns that identify people: unticked at first.
  const excluded = defaultJoinColumns(dataset.columns, [datasetKey]).leftOut.map((c) => c.name);
  return {
    name: dataset.name,
    dataset: dataset.name,
    datasetKey,
    exportKey: shared ? (exportByLower.get(shared.name.toLowerCase()) ?? 'EmailAddress') : 'EmailAddress',
    hash: false,
    salt: '',
    keepDomain: false,
    asOf: false,
    asOfStart: '',
    asOfEnd: '',
    excluded,
  };
}

/**
 * Why a column starts unticked: it identifies people, as the privacy audit would say. Ticked back,
 * the caution stays (a user overriding it should still see what the audit will say).
 */
export function leftOutReason(dataset: DatasetInfo | undefined, column: string, ticked = false): string | undefined {
  const held = dataset?.columns.find((c) => c.name === column)?.identifiesPeople;
  if (!held) return undefined;
  return ticked ? `identifies people (${held}) — brought in; the privacy audit will warn about it` : `identifies people (${held}) — left out; tick to bring it in`;
}

/**
 * What the column list says beside a column: why it starts unticked (it identifies people), else
 * that it is a date, which the join brings in but no analysis can group by (said before saving).
 */
export function columnNote(dataset: DatasetInfo | undefined, column: string, ticked = false): string | undefined {
  const type = dataset?.columns.find((c) => c.name === column)?.type;
  return leftOutReason(dataset, column, ticked) ?? (type === undefined ? undefined : dateColumnNote(type));
}

/** The saved join this form saves over: the same name (blank: the dataset's), matched without case as the backend does. */
export function replacedJoin(joins: readonly JoinInfo[], form: JoinForm): JoinInfo | undefined {
  const name = (form.name.trim() || form.dataset).toLowerCase();
  return joins.find((j) => j.name.toLowerCase() === name);
}

/** Said from the moment the form opens on a saved join's name: what saving would replace, and how to keep it. */
export function replaceWarning(j: JoinInfo): string {
  const columns = j.joinedColumns.map((c) => c.source).join(', ');
  return `A join named ${j.name} is already saved: ${j.dataset}.${j.datasetKey} matched to ${j.exportKey}${j.hash ? ' (hashed)' : ''}, bringing in ${columns}. Saving this form replaces it; give another join name to keep both.`;
}

/** The dataset's columns a join may bring in: all but its key and its as-of dates. */
export function bringableColumns(dataset: DatasetInfo | undefined, form: JoinForm): string[] {
  const skip = new Set([form.datasetKey, ...(form.asOf ? [form.asOfStart, form.asOfEnd] : [])].filter(Boolean));
  return (dataset?.columns ?? []).map((c) => c.name).filter((c) => !skip.has(c));
}

export function joinSpecOf(form: JoinForm, dataset: DatasetInfo | undefined): JoinSpecInput {
  const bringable = bringableColumns(dataset, form);
  const columns = bringable.filter((c) => !form.excluded.includes(c));
  return {
    name: form.name.trim() || undefined,
    dataset: form.dataset,
    datasetKey: form.datasetKey,
    exportKey: form.exportKey,
    ...(form.hash ? { hash: { salt: form.salt, keepDomain: form.keepDomain } } : {}),
    ...(form.asOf && form.asOfStart ? { asOf: { start: form.asOfStart, ...(form.asOfEnd ? { end: form.asOfEnd } : {}) } } : {}),
    // Left out, the backend brings in every column but the key and the as-of dates: the same set.
    ...(columns.length < bringable.length ? { columns } : {}),
  };
}

/** Why the form cannot be previewed yet, in words; undefined when it can. */
export function joinFormProblem(form: JoinForm, dataset: DatasetInfo | undefined): string | undefined {
  if (!dataset) return 'Import a dataset first, then pick it here.';
  if (!form.datasetKey) return 'Pick the dataset’s key column.';
  if (!form.exportKey) return 'Pick the export column the key matches.';
  if (form.asOf && !form.asOfStart) return 'Pick the column where each row starts to be valid.';
  if (bringableColumns(dataset, form).every((c) => form.excluded.includes(c))) return 'Pick at least one column to bring in.';
  return undefined;
}
