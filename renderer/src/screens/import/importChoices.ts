/**
 * What the import controls offer (delimiters, encodings, column types) in the words the backend's
 * ImportFileOptions take, and the dataset name a file suggests.
 */
import { datasetNameProblem, NAME_MAX_LENGTH } from '../../../../shared/api/datasetNames.js';

export const DELIMITERS = [
  { value: 'comma', char: ',', label: 'Comma (,)' },
  { value: 'semicolon', char: ';', label: 'Semicolon (;)' },
  { value: 'tab', char: '\t', label: 'Tab' },
  { value: 'pipe', char: '|', label: 'Pipe (|)' },
] as const;

/** How a delimiter the backend detected reads: "Comma (,)", or the character itself. */
export function delimiterLabel(char: string | undefined): string {
  if (char === undefined) return 'unknown';
  return DELIMITERS.find((d) => d.char === char)?.label ?? `"${char}"`;
}

export const ENCODINGS = [
  { value: 'utf-8', label: 'UTF-8' },
  { value: 'windows-1252', label: 'Windows-1252 / Latin-1' },
  { value: 'utf-16le', label: 'UTF-16 LE' },
  { value: 'utf-16be', label: 'UTF-16 BE' },
] as const;

/**
 * Type overrides a column may take; `date:` is followed by a strptime format the user types
 * (e.g. `date:%d/%m/%Y`), `date` alone reads ISO dates.
 */
export const TYPE_CHOICES = [
  { value: 'text', label: 'Text' },
  { value: 'integer', label: 'Integer' },
  { value: 'double', label: 'Decimal number' },
  { value: 'boolean', label: 'True / false' },
  { value: 'date', label: 'Date (ISO)' },
  { value: 'date:', label: 'Date in a format…' },
  { value: 'timestamp', label: 'Timestamp' },
] as const;

/** The select's value for a type choice: `date:%d/%m/%Y` is the "Date in a format…" entry. */
export function typeChoiceKind(choice: string | undefined): string {
  if (!choice) return '';
  return choice.startsWith('date:') ? 'date:' : choice;
}


/**
 * A dataset name from a file name: letters, digits and underscores, starting with a letter
 * ("Sales 2024 (Q1).xlsx" → "Sales_2024_Q1"). The backend has the last word on names.
 */
export function suggestDatasetName(fileName: string): string {
  // Accents dropped rather than the letters ("Übersicht" → "Ubersicht").
  const stem = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '').normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  const cleaned = stem.replace(/[^A-Za-z0-9_]+/g, '_').replace(/_+/g, '_').replace(/^_+|_+$/g, '');
  const named = /^[A-Za-z]/.test(cleaned) ? cleaned : `data_${cleaned}`.replace(/_+$/, '');
  const name = named.slice(0, NAME_MAX_LENGTH).replace(/_+$/, '') || 'data';
  // "Meetings.csv" must not shadow the export's Meetings table.
  return datasetNameProblem(name) ? `${name.slice(0, NAME_MAX_LENGTH - 5)}_file` : name;
}

/** The base name of a path typed by the user, on any platform. */
export function fileNameOf(path: string): string {
  return path.replace(/[\\/]+$/, '').replace(/^.*[\\/]/, '') || path;
}
