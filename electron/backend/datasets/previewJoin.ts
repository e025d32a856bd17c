/**
 * What a join would do, measured before it is saved: how many of the file's rows find a person
 * (the match rate), how many export keys and people get values, duplicates, and samples of what did
 * not match on either side, with a hint when the two sides plainly disagree in form.
 */
import { shapeOfValue } from '../../../shared/audit/valueShapes.js';
import { isMeasuredSql, isPersonSql } from '../../../shared/analyses/population.js';
import { ident, type JsonValue } from '../engine/database.js';
import type { Workspace } from '../workspace/workspace.js';
import type { JoinPreviewInfo } from '../../../shared/api/datasets.js';
import { listJoinRecords, type JoinSpec, type JoinedColumn } from './datasetRegistry.js';
import { datasetRowsSql, exportKeySql, matchedVersionsSql, planJoin, tableColumns, type JoinPlan } from './joinPlan.js';
import { nameJoinedColumns } from './personAttributes.js';

/** The preview shown before a join is saved; declared once in the UI contract. */
export type JoinPreview = JoinPreviewInfo;

const SAMPLES = 10;

const num = (v: JsonValue | undefined) => Number(v ?? 0);
const rate = (a: number, b: number) => (b === 0 ? 0 : a / b);

export async function previewJoin(ws: Workspace, spec: JoinSpec): Promise<JoinPreview> {
  const started = performance.now();
  const plan = await planJoin(ws, spec);
  const db = await ws.engine();
  const rowsSql = datasetRowsSql(plan, [plan.datasetKey]);
  const exportKeys = `SELECT DISTINCT ${exportKeySql(plan)} AS k FROM PersonHistorical p WHERE ${exportKeySql(plan)} IS NOT NULL`;

  const fileSide = (
    await db.query(`WITH d AS (${rowsSql}), e AS (${exportKeys}),
m AS (SELECT d.*, e.k IS NOT NULL AS matched FROM d LEFT JOIN e ON e.k = d.__key),
dup AS (SELECT __key, bool_or(matched) AS matched FROM m WHERE __key IS NOT NULL GROUP BY __key HAVING count(*) > 1)
SELECT count(*) AS rows, count(__key) AS rows_with_key, count(*) FILTER (WHERE matched) AS matched_rows,
  count(DISTINCT __key) AS distinct_keys, count(DISTINCT __key) FILTER (WHERE matched) AS matched_keys,
  (SELECT count(*) FROM dup) AS dup_keys, (SELECT count(*) FROM dup WHERE matched) AS dup_matched,
  (SELECT count(*) FROM e) AS export_keys
FROM m`)
  ).rows[0];
  const matchedExportKeys = await db.scalar<number>(`WITH d AS (${rowsSql}), e AS (${exportKeys}) SELECT count(*) FROM e WHERE k IN (SELECT __key FROM d)`);

  const versions = (
    await db.query(`WITH v AS (${matchedVersionsSql(plan, 'p.PersonHistoricalId AS id, d.__row AS row')})
SELECT (SELECT count(*) FROM PersonHistorical) AS total, count(*) AS matched, count(DISTINCT row) AS rows_used FROM v`)
  ).rows[0];
  const people = (
    await db.query(`WITH v AS (${matchedVersionsSql(plan, 'p.PersonHistoricalId AS id')})
SELECT count(DISTINCT p.EmailAddress) FILTER (WHERE ${isPersonSql('p')}) AS people,
  count(DISTINCT p.EmailAddress) FILTER (WHERE ${isPersonSql('p')} AND v.id IS NOT NULL) AS people_matched,
  count(DISTINCT p.EmailAddress) FILTER (WHERE ${isMeasuredSql('p')}) AS measured,
  count(DISTINCT p.EmailAddress) FILTER (WHERE ${isMeasuredSql('p')} AND v.id IS NOT NULL) AS measured_matched
FROM PersonHistorical p LEFT JOIN v ON v.id = p.PersonHistoricalId`)
  ).rows[0];

  const unmatchedFile = await db.query(`WITH d AS (${rowsSql}), e AS (${exportKeys})
SELECT DISTINCT CAST(d.${ident(plan.datasetKey)} AS VARCHAR) AS v FROM d WHERE d.__key IS NULL OR d.__key NOT IN (SELECT k FROM e) ORDER BY v NULLS FIRST LIMIT ${SAMPLES}`);
  // Shown as spelled in the export, not in the lower-case form used for matching.
  const unmatchedExport = await db.query(`WITH d AS (${rowsSql})
SELECT min(CAST(p.${ident(plan.exportKey)} AS VARCHAR)) AS k FROM PersonHistorical p
WHERE ${exportKeySql(plan)} IS NOT NULL AND ${exportKeySql(plan)} NOT IN (SELECT __key FROM d WHERE __key IS NOT NULL)
GROUP BY ${exportKeySql(plan)} ORDER BY k LIMIT ${SAMPLES}`);
  const dupSamples = await db.query(`WITH d AS (${rowsSql}) SELECT __key FROM d WHERE __key IS NOT NULL GROUP BY __key HAVING count(*) > 1 ORDER BY __key LIMIT ${SAMPLES}`);

  const rows = num(fileSide.rows);
  const matchedRows = num(fileSide.matched_rows);
  const preview: JoinPreview = {
    name: spec.name,
    dataset: spec.dataset,
    datasetKey: plan.datasetKey,
    exportKey: plan.exportKey,
    hashed: !!spec.hash,
    keepDomain: !!spec.hash?.keepDomain,
    asOf: plan.asOf ? { start: plan.asOf.start, end: plan.asOf.end } : undefined,
    rows,
    rowsWithKey: num(fileSide.rows_with_key),
    matchedRows,
    matchRate: rate(matchedRows, rows),
    distinctKeys: num(fileSide.distinct_keys),
    matchedKeys: num(fileSide.matched_keys),
    exportKeys: num(fileSide.export_keys),
    matchedExportKeys,
    exportKeyMatchRate: rate(matchedExportKeys, num(fileSide.export_keys)),
    people: { total: num(people.people), matched: num(people.people_matched) },
    measuredEmployees: { total: num(people.measured), matched: num(people.measured_matched) },
    versions: { total: num(versions.total), matched: num(versions.matched) },
    duplicateKeys: { count: num(fileSide.dup_keys), matched: num(fileSide.dup_matched), samples: dupSamples.rows.map((r) => String(r.__key)) },
    rowsUsed: plan.asOf ? num(versions.rows_used) : undefined,
    unmatched: {
      datasetKeys: unmatchedFile.rows.map((r) => (r.v === null ? '(empty)' : String(r.v))),
      exportKeys: unmatchedExport.rows.map((r) => String(r.k)),
    },
    columns: await previewColumnNames(ws, plan),
    warnings: [],
    seconds: 0,
  };
  preview.warnings = joinWarnings(preview, plan);
  preview.seconds = (performance.now() - started) / 1000;
  return preview;
}

/** The names the columns would get if this join were saved after the existing ones. */
async function previewColumnNames(ws: Workspace, plan: JoinPlan): Promise<JoinedColumn[]> {
  const db = await ws.engine();
  const ph = (await tableColumns(db, 'PersonHistorical')) ?? [];
  const taken = new Set(ph.map((c) => c.name.toLowerCase()));
  for (const j of listJoinRecords(ws)) {
    if (j.name.toLowerCase() === plan.spec.name.toLowerCase()) continue;
    for (const c of j.joinedColumns) taken.add(c.name.toLowerCase());
  }
  return nameJoinedColumns(plan.spec.name, plan.columns, taken);
}

function mostly(values: string[], test: (v: string) => boolean): boolean {
  return values.length > 0 && values.filter(test).length / values.length >= 0.8;
}

function joinWarnings(p: JoinPreview, plan: JoinPlan): string[] {
  const w: string[] = [];
  const fileKeys = p.unmatched.datasetKeys.filter((k) => k !== '(empty)');
  const exportKeys = p.unmatched.exportKeys;
  const isToken = (v: string) => ['hex', 'base64'].includes(shapeOfValue(v));
  const isEmail = (v: string) => shapeOfValue(v) === 'email';
  if (p.matchRate < 0.5 && !p.hashed && mostly(exportKeys, isToken) && mostly(fileKeys, (v) => isEmail(v) || !isToken(v))) {
    w.push(`${plan.exportKey} holds masked tokens but the file's ${plan.datasetKey} values look raw: hash them with the salt your tenant's masking used (--hash --salt), or join on a mapping key such as Key_ID.`);
  } else if (p.matchRate < 0.5 && p.hashed && mostly(exportKeys, (v) => v.includes('@')) !== p.keepDomain) {
    w.push(p.keepDomain ? 'The export values have no @domain: turn keep-domain off.' : 'The export values keep an @domain: turn keep-domain on.');
  } else if (p.matchRate < 0.5 && p.hashed) {
    w.push('Few hashed keys match: check the salt, and that the export was masked with salted SHA-256 of the lower-case value (its algorithm is not documented; a mapping key such as Key_ID is more reliable).');
  }
  if (p.rows > p.rowsWithKey) w.push(`${p.rows - p.rowsWithKey} rows have an empty ${plan.datasetKey} and cannot match.`);
  if (p.duplicateKeys.matched > 0 && !plan.asOf) {
    w.push(`${p.duplicateKeys.matched} matched keys appear on more than one row, so the row to use is ambiguous: remove the duplicates, or give the file's effective-date columns (as-of) if it holds history.`);
  }
  if (plan.asOf && p.rowsUsed !== undefined && p.rowsUsed < p.matchedRows) {
    w.push(`${p.matchedRows - p.rowsUsed} matched rows are not valid at any HR version's start (superseded within one version, or dated outside the export's history).`);
  }
  return w;
}
