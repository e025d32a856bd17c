/**
 * Are the export's pseudonyms consistent? Over the whole PersonHistorical table (it is small next
 * to the activity tables): one EmailAddress per HR version, HR versions of one pseudonym that do not
 * overlap, one pseudonym per person across history (checked through an HR key that identifies
 * people, such as Key_ID), and ManagerId tokens drawn from the same space as EmailAddress.
 *
 * Only equality of tokens is used; nothing here tries to reverse or recompute a hash.
 */
import type { ColumnAudit, ConsistencyCheck, Finding } from '../../../shared/audit/types.js';
import { isPersonSql } from '../../../shared/analyses/population.js';
import { ident } from '../engine/database.js';
import type { Sql } from '../engine/engine.js';

/** Columns of PersonHistorical that are not HR attributes. */
const CORE = new Set(['personhistoricalid', 'emailaddress', 'startdate', 'enddate', 'populationtype', 'managerid']);
/** An HR attribute identifies people when it is constant per pseudonym and nearly unique across them. */
const PERSON_KEY_MIN_PEOPLE = 10;
const PERSON_KEY_CONSTANT_SHARE = 0.99;
const PERSON_KEY_UNIQUE_SHARE = 0.95;
const MANAGER_OK_RATE = 0.98;
const MANAGER_ALERT_RATE = 0.8;

const isPerson = isPersonSql();
const token = (c: string) => `NULLIF(lower(trim(CAST(${c} AS VARCHAR))), '')`;
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

export interface ConsistencyResult {
  checks: ConsistencyCheck[];
  findings: Finding[];
}

export async function checkPseudonymConsistency(db: Sql, phColumns: string[], columnAudits: ColumnAudit[]): Promise<ConsistencyResult> {
  const checks: ConsistencyCheck[] = [];
  const findings: Finding[] = [];
  const has = (c: string) => phColumns.some((x) => x.toLowerCase() === c.toLowerCase());
  if (!has('PersonHistoricalId') || !has('EmailAddress')) {
    return { checks: [{ id: 'version-id-unique', title: 'Pseudonym consistency', status: 'skipped', detail: 'PersonHistorical has no PersonHistoricalId or EmailAddress column.' }], findings };
  }
  const where = { table: 'PersonHistorical' };

  // 1. One EmailAddress per HR version.
  const multi = await db.scalar<number>(`SELECT count(*) FROM (SELECT PersonHistoricalId FROM PersonHistorical GROUP BY 1 HAVING count(DISTINCT ${token('EmailAddress')}) > 1)`);
  checks.push({ id: 'version-id-unique', title: 'One EmailAddress per HR version (PersonHistoricalId)', status: multi > 0 ? 'alert' : 'ok', value: multi, detail: multi > 0 ? `${multi} PersonHistoricalIds carry more than one EmailAddress.` : 'Every PersonHistoricalId has one EmailAddress.' });
  if (multi > 0) findings.push({ severity: 'alert', code: 'version-id-not-unique', ...where, column: 'PersonHistoricalId', title: `${multi} HR versions carry more than one EmailAddress`, detail: 'The same PersonHistoricalId appears with different pseudonyms, so activity cannot be attributed to one person.', count: multi });

  // 2. HR versions of one pseudonym follow each other without overlapping.
  if (has('StartDate') && has('EndDate')) {
    const r = (
      await db.query(`WITH h AS (
  SELECT ${token('EmailAddress')} AS e, StartDate, lag(EndDate) OVER (PARTITION BY ${token('EmailAddress')} ORDER BY StartDate, EndDate) AS prev_end
  FROM PersonHistorical WHERE ${token('EmailAddress')} IS NOT NULL)
SELECT count(DISTINCT e) FILTER (WHERE StartDate < prev_end) AS overlapping, count(DISTINCT e) AS tokens FROM h`)
    ).rows[0];
    const overlapping = Number(r.overlapping);
    checks.push({ id: 'history-overlap', title: 'HR versions of one pseudonym do not overlap in time', status: overlapping > 0 ? 'warning' : 'ok', value: overlapping, detail: overlapping > 0 ? `${overlapping} of ${Number(r.tokens)} pseudonyms have two HR versions valid at the same time.` : `All ${Number(r.tokens)} pseudonyms have HR versions that follow each other.` });
    if (overlapping > 0) findings.push({ severity: 'warning', code: 'history-overlap', ...where, column: 'EmailAddress', title: `${overlapping} pseudonyms have overlapping HR versions`, detail: 'Two HR versions valid at once for one EmailAddress can mean two people share a pseudonym, or a history was loaded twice.', count: overlapping });
  }

  // 3. One pseudonym per person across history, through an HR attribute that identifies people.
  const keyCheck = await personKeyCheck(db, phColumns.filter((c) => !CORE.has(c.toLowerCase())));
  checks.push(keyCheck.check);
  findings.push(...keyCheck.findings);

  // 4. ManagerId tokens come from the EmailAddress space.
  if (has('ManagerId')) {
    const r = (
      await db.query(`WITH m AS (SELECT ${token('ManagerId')} AS k, count(*) AS n FROM PersonHistorical WHERE ${token('ManagerId')} IS NOT NULL GROUP BY 1),
e AS (SELECT DISTINCT ${token('EmailAddress')} AS k FROM PersonHistorical WHERE ${token('EmailAddress')} IS NOT NULL)
SELECT count(*) AS managers, count(*) FILTER (WHERE m.k IN (SELECT k FROM e)) AS found, coalesce(sum(n), 0) AS rows, coalesce(sum(n) FILTER (WHERE m.k IN (SELECT k FROM e)), 0) AS rows_found FROM m`)
    ).rows[0];
    const managers = Number(r.managers);
    if (managers === 0) {
      checks.push({ id: 'manager-match', title: 'ManagerId values are EmailAddress pseudonyms', status: 'skipped', detail: 'ManagerId is empty.' });
    } else {
      const rate = Number(r.found) / managers;
      const rowRate = Number(r.rows_found) / Number(r.rows);
      const status = rate >= MANAGER_OK_RATE ? 'ok' : rate >= MANAGER_ALERT_RATE ? 'warning' : 'alert';
      const detail = `${Number(r.found)} of ${managers} distinct ManagerId values (${pct(rate)}) are found among EmailAddress pseudonyms; ${pct(rowRate)} of rows with a manager.`;
      checks.push({ id: 'manager-match', title: 'ManagerId values are EmailAddress pseudonyms', status, value: rate, detail });
      if (status === 'alert') {
        findings.push({ severity: 'alert', code: 'manager-token-mismatch', ...where, column: 'ManagerId', title: `Only ${pct(rate)} of ManagerIds match an EmailAddress`, detail: `${detail} ManagerId looks masked differently from EmailAddress (another key, salt or format), so manager relationships cannot be followed.`, count: managers - Number(r.found), share: rate });
      } else if (status === 'warning') {
        findings.push({ severity: 'warning', code: 'manager-token-partial', ...where, column: 'ManagerId', title: `${pct(1 - rate)} of ManagerIds match no EmailAddress`, detail: `${detail} Some managers are missing from PersonHistorical or are masked differently.`, count: managers - Number(r.found), share: rate });
      }
    }
  }

  // 5. EmailAddress and ManagerId tokens have the same format.
  const email = columnAudits.find((c) => c.table === 'PersonHistorical' && c.column.toLowerCase() === 'emailaddress');
  const manager = columnAudits.find((c) => c.table === 'PersonHistorical' && c.column.toLowerCase() === 'managerid');
  if (email?.formats[0] && manager?.formats[0]) {
    const same = email.formats[0].format === manager.formats[0].format;
    checks.push({ id: 'token-format-agreement', title: 'EmailAddress and ManagerId tokens have the same format', status: same ? 'ok' : 'alert', detail: `EmailAddress: ${email.formats[0].label}; ManagerId: ${manager.formats[0].label}.` });
    if (!same) findings.push({ severity: 'alert', code: 'token-format-differs', ...where, column: 'ManagerId', title: 'ManagerId and EmailAddress tokens differ in format', detail: `EmailAddress holds ${email.formats[0].label} tokens, ManagerId ${manager.formats[0].label}: they cannot refer to the same people.` });
  }
  return { checks, findings };
}

async function personKeyCheck(db: Sql, attributes: string[]): Promise<{ check: ConsistencyCheck; findings: Finding[] }> {
  const title = 'One EmailAddress per person across HR history';
  for (const a of attributes) {
    const v = token(ident(a));
    const r = (
      await db.query(`WITH pv AS (SELECT DISTINCT ${token('EmailAddress')} AS e, ${v} AS k FROM PersonHistorical WHERE ${isPerson} AND ${v} IS NOT NULL AND ${token('EmailAddress')} IS NOT NULL)
SELECT count(DISTINCT e) AS tokens, count(DISTINCT k) AS keys,
  (SELECT count(*) FROM (SELECT e FROM pv GROUP BY e HAVING count(*) > 1)) AS tokens_multi,
  (SELECT count(*) FROM (SELECT k FROM pv GROUP BY k HAVING count(*) > 1)) AS keys_multi
FROM pv`)
    ).rows[0];
    const tokens = Number(r.tokens);
    const keys = Number(r.keys);
    const tokensMulti = Number(r.tokens_multi);
    const keysMulti = Number(r.keys_multi);
    const identifiesPeople = tokens >= PERSON_KEY_MIN_PEOPLE && (tokens - tokensMulti) / tokens >= PERSON_KEY_CONSTANT_SHARE && keys / tokens >= PERSON_KEY_UNIQUE_SHARE;
    if (!identifiesPeople) continue;
    const findings: Finding[] = [];
    if (keysMulti > 0) {
      findings.push({ severity: 'alert', code: 'pseudonym-changed', table: 'PersonHistorical', column: 'EmailAddress', title: `${keysMulti} people have more than one EmailAddress pseudonym`, detail: `${keysMulti} ${a} values appear under several EmailAddress tokens: the pseudonym changed between HR versions, so one person counts as several.`, count: keysMulti });
    }
    if (tokensMulti > 0) {
      findings.push({ severity: 'warning', code: 'pseudonym-shared', table: 'PersonHistorical', column: 'EmailAddress', title: `${tokensMulti} EmailAddress pseudonyms carry more than one ${a}`, detail: `One pseudonym with several ${a} values may be two people sharing a token (or ${a} was re-issued).`, count: tokensMulti });
    }
    return {
      check: { id: 'person-key', title, status: keysMulti > 0 ? 'alert' : tokensMulti > 0 ? 'warning' : 'ok', value: keysMulti, detail: `Checked through ${a}, which identifies people: ${keysMulti} ${a} values with several pseudonyms, ${tokensMulti} pseudonyms with several ${a} values (of ${tokens} pseudonyms).` },
      findings,
    };
  }
  return { check: { id: 'person-key', title, status: 'skipped', detail: 'No HR attribute identifies people (such as an employee key), so a changed pseudonym cannot be told from a new person.' }, findings: [] };
}
