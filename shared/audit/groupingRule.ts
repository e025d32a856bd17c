/**
 * What cannot form groups whatever its values: a column that identifies people, or a date or time
 * (a hire date, a birthday: a day each, not a shared trait). The backend's `cannotGroup`
 * (electron/backend/audit/groupableColumns.ts) adds near-unique values, which only the joined rows
 * show; the join form says the date part before saving, from a dataset column's stored type.
 */
import { typedClass } from './classifyColumn.js';
import { identifiesPeople } from './identifyingColumns.js';
import type { ColumnClass } from './types.js';

export function classCannotGroup(cls: ColumnClass): boolean {
  return identifiesPeople(cls) || cls === 'date';
}

/** What the join form says beside a column stored as a date or time (DATE, TIMESTAMP…), as the audit would class it. */
export function dateColumnNote(type: string): string | undefined {
  return classCannotGroup(typedClass(type)) ? 'a date: joined for the person query and the audit, cannot group analyses' : undefined;
}
