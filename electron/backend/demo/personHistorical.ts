/**
 * PersonHistorical.csv: one row per entity and HR version. The documented columns come in documented
 * order, with this tenant's HR attributes ("HR Attribute 1 … n") between ManagerId and LevelDesignation.
 */
import { EXPORT_SCHEMA } from '../../../shared/schema/exportSchema.js';
import type { CsvFileWriter, CsvValue } from './csvWriter.js';
import { FUNCTIONS, SITES, type Organisation } from './organisation.js';
import { Random } from './prng.js';
import type { TimestampFormatter } from './timestamps.js';

/** HR attributes this tenant uploads (not documented columns); Key_ID is the mapping key. */
export const HR_ATTRIBUTE_COLUMNS = ['FunctionType', 'Location', 'Key_ID', 'Layer'] as const;

/** The documented column the HR attributes follow. */
const HR_ATTRIBUTES_AFTER = 'ManagerId';

export function personHistoricalHeader(): string[] {
  const documented = EXPORT_SCHEMA.PersonHistorical.columns.map((c) => c.name);
  const at = documented.indexOf(HR_ATTRIBUTES_AFTER) + 1;
  if (at === 0) throw new Error(`demo generator: PersonHistorical has no ${HR_ATTRIBUTES_AFTER} column to place the HR attributes after`);
  return [...documented.slice(0, at), ...HR_ATTRIBUTE_COLUMNS, ...documented.slice(at)];
}

const FIRST_NAMES = ['alex', 'maria', 'james', 'li', 'fatima', 'noah', 'sofia', 'lucas', 'amara', 'ivan', 'chloe', 'rahul', 'emma', 'diego', 'yuki', 'olga', 'samuel', 'priya', 'jonas', 'lea'];
const LAST_NAMES = ['smith', 'garcia', 'chen', 'khan', 'muller', 'rossi', 'novak', 'tanaka', 'silva', 'brown', 'dubois', 'kowalski', 'patel', 'jensen', 'okafor', 'lopez', 'nguyen', 'berg'];
const EXTERNAL_DOMAINS = ['fabrikam.com', 'northwindtraders.com', 'adventure-works.com', 'wideworldimporters.com', 'tailspintoys.com', 'litwareinc.com', 'proseware.com', 'woodgrovebank.com'];

export interface PersonHistoricalOptions {
  seed: number;
  /** Fill ExternalCollaboratorId with an email address for ExternalCollaborator rows (the tenant exports external ids). */
  externalIds: boolean;
}

export function writePersonHistorical(w: CsvFileWriter, org: Organisation, time: TimestampFormatter, opts: PersonHistoricalOptions): void {
  const header = personHistoricalHeader();
  const usedAddresses = new Set<string>();
  for (const e of org.entities) {
    const internal = e.populationType === 'MeasuredEmployee' || e.populationType === 'InternalCollaborator';
    let externalId = '';
    if (opts.externalIds && e.populationType === 'ExternalCollaborator') {
      const r = new Random(opts.seed, 'external-address', e.index);
      const local = `${r.pick(FIRST_NAMES)}.${r.pick(LAST_NAMES)}`;
      const domain = r.pick(EXTERNAL_DOMAINS);
      externalId = `${local}@${domain}`;
      for (let k = 2; usedAddresses.has(externalId); k++) externalId = `${local}${k}@${domain}`;
      usedAddresses.add(externalId);
    }
    for (const v of e.versions) {
      const values: Record<string, CsvValue> = {
        PersonHistoricalId: v.id,
        EmailAddress: e.email,
        StartDate: time.midnight(v.startMs),
        EndDate: time.midnight(v.endMs),
        PopulationType: e.populationType,
        ManagerId: v.managerIndex >= 0 ? org.entities[v.managerIndex].email : '',
        FunctionType: v.functionIndex >= 0 ? FUNCTIONS[v.functionIndex] : '',
        Location: v.siteIndex >= 0 ? SITES[v.siteIndex].name : '',
        Key_ID: e.keyId,
        Layer: v.layer > 0 ? v.layer : '',
        LevelDesignation: v.level,
        Organization: v.organization,
        IsInternal: internal,
        ExternalCollaboratorId: externalId,
      };
      w.row(header.map((name) => {
        if (!(name in values)) throw new Error(`demo generator writes no value for PersonHistorical.${name}`);
        return values[name];
      }));
    }
  }
}
