/** The k-anonymity attribute sets the audit screen offers and sends. */
import { isHrAttribute } from '../../../../shared/audit/hrAttributes.js';

/** undefined: the backend's defaults. */
export type AttributeSets = string[][] | undefined;

/**
 * The attributes to offer: the backend's audit attributes ('analyses/list': PersonAttributes' HR
 * columns, joined ones included, without ids or identifying columns; a hire date stays, as it can
 * single people out in a combination) less the population.
 */
export function pickableAttributes(attributes: string[]): string[] {
  return attributes.filter(isHrAttribute);
}

/**
 * The sets to send: attributes no longer offered (a join was removed since they were picked) and
 * then empty sets left out.
 */
export function setsToRun(sets: AttributeSets, offered?: string[]): string[][] | undefined {
  return sets?.map((s) => (offered ? s.filter((a) => offered.includes(a)) : s)).filter((s) => s.length > 0);
}
