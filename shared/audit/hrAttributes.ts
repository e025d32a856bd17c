/**
 * Which person columns are HR attributes the k-anonymity check may combine. Identity, version and
 * population columns describe the record, not the person; the audit and its screen's picker share
 * this rule.
 */
const NOT_ATTRIBUTES = new Set(['personhistoricalid', 'emailaddress', 'startdate', 'enddate', 'managerid', 'populationtype', 'isinternal', 'externalcollaboratorid']);

export function isHrAttribute(column: string): boolean {
  return !NOT_ATTRIBUTES.has(column.toLowerCase());
}
