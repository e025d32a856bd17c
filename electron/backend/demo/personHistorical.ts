/** PersonHistorical.csv: one row per entity and HR version, with the tenant's extra HR attributes. */
import { EXPORT_SCHEMA } from '../../../shared/schema/exportSchema.js';
import type { CsvFileWriter, CsvValue } from './csvWriter.js';
import { FUNCTIONS, SITES, type Organisation } from './organisation.js';
import type { TimestampFormatter } from './timestamps.js';

/** HR attributes this tenant uploads beyond the standard ones; Key_ID is the mapping key. */
export const HR_ATTRIBUTE_COLUMNS = ['Location', 'Key_ID', 'Layer'] as const;

export function personHistoricalHeader(): string[] {
  return [...EXPORT_SCHEMA.PersonHistorical.columns.map((c) => c.name), ...HR_ATTRIBUTE_COLUMNS];
}

export function writePersonHistorical(w: CsvFileWriter, org: Organisation, time: TimestampFormatter): void {
  const header = personHistoricalHeader();
  for (const e of org.entities) {
    for (const v of e.versions) {
      const values: Record<string, CsvValue> = {
        PersonHistoricalId: v.id,
        EmailAddress: e.email,
        StartDate: time.midnight(v.startMs),
        EndDate: time.midnight(v.endMs),
        PopulationType: e.populationType,
        ManagerId: v.managerIndex >= 0 ? org.entities[v.managerIndex].email : '',
        Organization: v.organization,
        FunctionType: v.functionIndex >= 0 ? FUNCTIONS[v.functionIndex] : '',
        LevelDesignation: v.level,
        Location: v.siteIndex >= 0 ? SITES[v.siteIndex].name : '',
        Key_ID: e.keyId,
        Layer: v.layer > 0 ? v.layer : '',
      };
      w.row(header.map((name) => values[name]));
    }
  }
}
