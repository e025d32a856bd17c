/**
 * One rule for columns that single out people: raw emails, names, employee numbers and other codes
 * nearly unique per person, and pseudonym tokens. Such a column is never a group (every group would
 * be one person), so no screen offers it as "Group by", and an imported one is flagged by the audit.
 */
import type { ColumnClass } from './types.js';

/** Classes whose values identify one person each, raw (readable) ones first. */
export const RAW_IDENTIFIER_CLASSES: readonly ColumnClass[] = ['raw-email', 'name', 'identifier'];
const PSEUDONYM_CLASSES: readonly ColumnClass[] = ['guid', 'token', 'mixed-tokens'];

export function identifiesPeople(cls: ColumnClass): boolean {
  return RAW_IDENTIFIER_CLASSES.includes(cls) || PSEUDONYM_CLASSES.includes(cls);
}
