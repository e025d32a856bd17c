/** The k-anonymity attribute sets the audit screen offers and sends. */
import { isHrAttribute } from '../../../../shared/audit/hrAttributes.js';
import type { TableSummary } from '../../../../shared/api/contract.js';
import { PERSON_ATTRIBUTES_VIEW } from '../../../../shared/schema/views.js';

/** undefined: the backend's defaults. */
export type AttributeSets = string[][] | undefined;

/** The attributes to offer: PersonAttributes (the export's plus joined columns), else PersonHistorical. */
export function pickableAttributes(tables: TableSummary[]): string[] {
  const source = tables.find((t) => t.name === PERSON_ATTRIBUTES_VIEW) ?? tables.find((t) => t.name === 'PersonHistorical');
  return (source?.columns ?? []).map((c) => c.name).filter(isHrAttribute);
}

/**
 * The sets to send: attributes no longer offered (a join was removed since they were picked) and
 * then empty sets left out.
 */
export function setsToRun(sets: AttributeSets, offered?: string[]): string[][] | undefined {
  return sets?.map((s) => (offered ? s.filter((a) => offered.includes(a)) : s)).filter((s) => s.length > 0);
}
