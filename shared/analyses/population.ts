/**
 * Who counts as what, in one place. Rooms and distribution lists are not people and never count
 * as people (PersonHistorical.PopulationType DistributionList / MeetingRoom); an empty
 * PopulationType counts as a person. Externals: PopulationType ExternalCollaborator, or — for a
 * population type the documents do not list — PersonHistorical.IsInternal = false. Measured
 * employees: PopulationType MeasuredEmployee.
 */
import { NON_PERSON_POPULATION_TYPES, POPULATION_TYPES } from '../schema/exportSchema.js';

const col = (alias: string | undefined, name: string) => `${alias ? `${alias}.` : ''}${name}`;
const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');
const DOCUMENTED_TYPES: readonly string[] = POPULATION_TYPES;

/** SQL: the PersonHistorical row is a person (not a room or distribution list). */
export function isPersonSql(alias?: string): string {
  return `(coalesce(${col(alias, 'PopulationType')}, '') NOT IN (${list(NON_PERSON_POPULATION_TYPES)}))`;
}

/** SQL: the PersonHistorical row is an external collaborator. */
export function isExternalSql(alias?: string): string {
  const p = col(alias, 'PopulationType');
  return `(coalesce(${p} = 'ExternalCollaborator', false) OR (coalesce(${p}, '') NOT IN (${list(POPULATION_TYPES)}) AND coalesce(NOT ${col(alias, 'IsInternal')}, false)))`;
}

/** SQL: the PersonHistorical row is a measured employee. */
export function isMeasuredSql(alias?: string): string {
  return `coalesce(${col(alias, 'PopulationType')} = 'MeasuredEmployee', false)`;
}

/** The same rules for code reading the raw rows (tests, previews): one definition of each. */
export function isPersonType(populationType: string | null | undefined): boolean {
  return !(NON_PERSON_POPULATION_TYPES as readonly string[]).includes(populationType ?? '');
}
export function isExternalType(populationType: string | null | undefined, isInternal: boolean | null | undefined): boolean {
  if (populationType === 'ExternalCollaborator') return true;
  return !DOCUMENTED_TYPES.includes(populationType ?? '') && isInternal === false;
}
