/** Helpers for putting checked parameter values into catalogue SQL. */

/** Quote an identifier (an HR attribute column chosen by the user). */
export function sqlIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** People only: rooms and distribution lists are not people and never count as people. */
export function isPerson(alias?: string): string {
  return `coalesce(${alias ? `${alias}.` : ''}PopulationType, '') NOT IN ('DistributionList', 'MeetingRoom')`;
}
