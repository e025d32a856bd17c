/**
 * The analyst's own files that join to the export through the Key_ID mapping key: an HR extract
 * (with a few employees the export does not hold) and a sales-outcomes file (with a few unknown keys).
 */
import { CsvFileWriter } from './csvWriter.js';
import { ORGANIZATIONS, SITES, type Organisation } from './organisation.js';
import { Random } from './prng.js';
import { sellerOutcome, type SellerOutcome } from './sellerModel.js';
import { isoDate } from './timestamps.js';

export const HR_FILE_HEADER = ['EmployeeId', 'Key_ID', 'HireDate', 'CostCentre', 'Region'];
export const SALES_FILE_HEADER = ['Key_ID', 'QuotaAttainment', 'Revenue', 'CSAT'];

export interface JoinFileStats {
  rows: number;
  /** Rows whose Key_ID is in PersonHistorical. */
  matchedRows: number;
  /** matchedRows / rows: the match rate the join screen should show. */
  expectedMatchRate: number;
}

const costCentre = (orgIndex: number, siteIndex: number) => `CC-${1000 + orgIndex * 100 + siteIndex * 10}`;
const byFirstColumn = (a: readonly string[], b: readonly string[]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

export async function writeHrFile(path: string, org: Organisation): Promise<JoinFileStats> {
  const rows: string[][] = [];
  for (const e of org.entities.slice(0, org.measuredCount)) {
    const current = e.versions[e.versions.length - 1];
    const orgIndex = ORGANIZATIONS.indexOf(current.organization as (typeof ORGANIZATIONS)[number]);
    rows.push([e.employeeId, e.keyId, isoDate(e.hireMs), costCentre(orgIndex, current.siteIndex), SITES[current.siteIndex].region]);
  }
  for (const x of org.hrOnlyEmployees) rows.push([x.employeeId, x.keyId, isoDate(x.hireMs), costCentre(x.orgIndex, x.siteIndex), SITES[x.siteIndex].region]);
  rows.sort(byFirstColumn);
  const w = new CsvFileWriter(path, HR_FILE_HEADER);
  for (const r of rows) w.row(r);
  await w.close();
  return { rows: rows.length, matchedRows: org.measuredCount, expectedMatchRate: org.measuredCount / rows.length };
}

export interface SalesFileResult extends JoinFileStats {
  /** Outcomes per seller entity, for the realised correlations in `planted`. */
  outcomes: Map<number, SellerOutcome>;
}

export async function writeSalesFile(path: string, org: Organisation, seed: number): Promise<SalesFileResult> {
  const rng = new Random(seed, 'sales-outcomes');
  const outcomes = new Map<number, SellerOutcome>();
  const rows: string[][] = [];
  const asRow = (key: string, o: SellerOutcome) => [key, String(o.quotaAttainment), String(o.revenue), String(o.csat)];
  for (const s of org.sellers) {
    const e = org.entities[s];
    const o = sellerOutcome(org.externalPropensity[s], e.versions[e.versions.length - 1].level, rng);
    outcomes.set(s, o);
    rows.push(asRow(e.keyId, o));
  }
  for (const key of org.unknownSalesKeys) rows.push(asRow(key, sellerOutcome(rng.normal(), '', rng)));
  rows.sort(byFirstColumn);
  const w = new CsvFileWriter(path, SALES_FILE_HEADER);
  for (const r of rows) w.row(r);
  await w.close();
  return { rows: rows.length, matchedRows: org.sellers.length, expectedMatchRate: org.sellers.length / rows.length, outcomes };
}
