/**
 * What a dataset or join may be called. The name becomes a SQL table or view users type in
 * queries, so it must be a plain identifier that does not shadow an export table. Shared so the
 * UI can say so while the user types; the backend enforces it.
 */
import type { AppErrorData } from '../errors.js';
import { TABLE_NAMES } from '../schema/exportSchema.js';
import { PERSON_ATTRIBUTES_VIEW } from '../schema/views.js';

export const NAME_MAX_LENGTH = 63;
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
const RESERVED = new Set([...TABLE_NAMES, PERSON_ATTRIBUTES_VIEW, 'PersonHistoricalAttributes'].map((n) => n.toLowerCase()));

/** Why `name` cannot name a dataset (or a join), or undefined when it can. */
export function datasetNameProblem(name: string, what: 'dataset' | 'join' = 'dataset'): AppErrorData | undefined {
  const n = name.trim();
  if (!NAME.test(n)) {
    return {
      code: `${what === 'dataset' ? 'import' : 'join'}/bad-name`,
      message: `"${name}" cannot be a ${what} name.`,
      hint: `Use a letter followed by letters, digits or underscores (at most ${NAME_MAX_LENGTH}), e.g. sales_2024.`,
      where: { field: 'name' },
    };
  }
  if (what === 'dataset' && (RESERVED.has(n.toLowerCase()) || /^join_/i.test(n))) {
    return {
      code: 'import/reserved-name',
      message: `"${n}" is the name of an export table or view.`,
      hint: 'Pick another name for the dataset, e.g. hr_file or sales.',
      where: { field: 'name' },
    };
  }
  return undefined;
}
