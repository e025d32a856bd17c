/**
 * k-anonymity of HR attribute combinations: how many people share each combination of the chosen
 * attributes, and who sits in combinations smaller than the minimum group size (those people could
 * be singled out by anyone who knows their attributes).
 *
 * A person is a distinct EmailAddress; the people counted are the measured employees (the ones with
 * HR attributes), collaborators are counted apart. Each counts in every combination any of their HR
 * versions had. Attributes come from PersonAttributes, so joined HR
 * columns can be checked too.
 */
import { countedLabel, type Finding, type KAnonymityReport, type KAnonymitySet, type PopulationCounts } from '../../../shared/audit/types.js';
import { attributeColumns, type PersonColumn } from './groupableColumns.js';
import { AppError } from '../../../shared/errors.js';
import { groupNoun, smallGroupsTitle } from '../../../shared/audit/setWording.js';
import { agreeing, countOf } from '../../../shared/format/plural.js';
import { isExternalSql, isMeasuredSql, isPersonSql } from '../../../shared/analyses/population.js';
import { PERSON_ATTRIBUTES_VIEW } from '../../../shared/schema/views.js';
import { duckdbTypeClass, isTemporalType } from '../../../shared/schema/duckdbTypes.js';
import { ident, type JsonValue } from '../engine/database.js';
import type { Connection } from '../engine/engine.js';

/** Default attributes are categorical: at least 2 and at most this many values among people. */
const DEFAULT_MAX_VALUES = 50;
const SMALLEST_SHOWN = 25;
/** People and their HR versions' attributes, read once from the (possibly joined) view. */
const PEOPLE_TABLE = '__audit_people';

/**
 * Where people's attributes come from: PersonAttributes (joined columns included) when it can be
 * read, else PersonHistorical — a join whose dataset was dropped by hand must not stop the audit.
 * Leaves the people table built: the measured employees (collaborators have no HR attributes and
 * would only pile up in "not set" combinations), or every person when no row is marked measured.
 */
async function loadPeople(db: Connection): Promise<{ source: string; attributes: PersonColumn[]; population: PopulationCounts } | undefined> {
  for (const source of [PERSON_ATTRIBUTES_VIEW, 'PersonHistorical']) {
    const exists = await db.scalar<number>(`SELECT count(*) FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = $1`, [source]);
    if (exists === 0) continue;
    try {
      // Every attribute that does not identify people by itself, dates and near-unique values too:
      // they group no analysis, but a hire date is exactly what can single someone out in a
      // combination, so the admin may check it (the default sets stay categorical, below).
      const attributes = (await attributeColumns(db, source)).map(({ name, type }) => ({ name, type }));
      const c = (
        await db.query(`SELECT count(DISTINCT EmailAddress) FILTER (WHERE ${isMeasuredSql()}) AS measured,
  count(DISTINCT EmailAddress) FILTER (WHERE ${isPersonSql()} AND NOT ${isMeasuredSql()} AND NOT ${isExternalSql()}) AS internal,
  count(DISTINCT EmailAddress) FILTER (WHERE ${isPersonSql()} AND NOT ${isMeasuredSql()} AND ${isExternalSql()}) AS external
FROM ${ident(source)} WHERE EmailAddress IS NOT NULL`)
      ).rows[0];
      const measured = Number(c.measured);
      const internal = Number(c.internal);
      const external = Number(c.external);
      const basis = measured > 0 ? 'measured employees' : 'people';
      await db.run(
        `CREATE OR REPLACE TEMP TABLE ${PEOPLE_TABLE} AS SELECT DISTINCT EmailAddress AS person${attributes.map((a) => `, ${ident(a.name)}`).join('')} FROM ${ident(source)} WHERE EmailAddress IS NOT NULL AND ${measured > 0 ? isMeasuredSql() : isPersonSql()}`,
      );
      const population: PopulationCounts = measured > 0 ? { basis, counted: measured, collaborators: internal + external, internal, external } : { basis, counted: internal + external, collaborators: 0, internal: 0, external: 0 };
      return { source, attributes, population };
    } catch (e) {
      if (source === 'PersonHistorical') throw e;
      continue;
    }
  }
  return undefined;
}

/** Measures and dates are not categories; neither are columns where nearly every person has their own value. */
const isNotCategoricalType = (type: string) => ['float', 'decimal', 'uuid'].includes(duckdbTypeClass(type)) || isTemporalType(type);

/**
 * Categorical attributes, the default picks when the admin names none: 2 to 50 values among
 * people, and far fewer values than people who have one.
 */
async function defaultAttributes(db: Connection, available: PersonColumn[]): Promise<string[]> {
  const candidates = available.filter((a) => !isNotCategoricalType(a.type));
  if (candidates.length === 0) return [];
  const r = (
    await db.query(`SELECT ${candidates.map((a, i) => `count(DISTINCT a.${ident(a.name)}) AS d${i}, count(DISTINCT a.person) FILTER (WHERE a.${ident(a.name)} IS NOT NULL) AS p${i}`).join(', ')} FROM ${PEOPLE_TABLE} a`)
  ).rows[0];
  return candidates
    .filter((_, i) => {
      const values = Number(r[`d${i}`]);
      return values >= 2 && values <= DEFAULT_MAX_VALUES && values <= Number(r[`p${i}`]) / 2;
    })
    .map((a) => a.name);
}

async function measureSet(db: Connection, attributes: string[], k: number): Promise<KAnonymitySet> {
  const values = attributes.map((a, i) => `CAST(${ident(a)} AS VARCHAR) AS a${i}`).join(', ');
  // NULL is a value too ("not set"): a JSON text key groups and joins NULLs like any other value.
  const key = (alias = '') => `CAST(to_json([${attributes.map((_, i) => `${alias}a${i}`).join(', ')}]) AS VARCHAR)`;
  const cte = `WITH pv AS (SELECT DISTINCT person, ${values} FROM ${PEOPLE_TABLE}),
g AS (SELECT ${key()} AS combo, ${attributes.map((_, i) => `any_value(a${i}) AS a${i}`).join(', ')}, count(DISTINCT person) AS n FROM pv GROUP BY combo)`;
  const smallest = `SELECT combo, n${attributes.map((_, i) => `, a${i}`).join('')} FROM g WHERE n < ${k} ORDER BY n, combo LIMIT ${SMALLEST_SHOWN}`;
  // One statement: the totals and the smallest combinations (as a list of structs).
  const row = (
    await db.query(`${cte}
SELECT (SELECT count(DISTINCT person) FROM pv) AS people, (SELECT count(*) FROM g) AS groups, (SELECT count(*) FROM g WHERE n < ${k}) AS groups_below,
  (SELECT count(DISTINCT pv.person) FROM pv JOIN g ON g.combo = ${key('pv.')} WHERE g.n < ${k}) AS people_below,
  (SELECT list(s ORDER BY s.n, s.combo) FROM (${smallest}) s) AS smallest`)
  ).rows[0];
  const groups = (Array.isArray(row.smallest) ? row.smallest : []) as Record<string, JsonValue>[];
  return {
    attributes,
    people: Number(row.people),
    groups: Number(row.groups),
    groupsBelow: Number(row.groups_below),
    peopleBelow: Number(row.people_below),
    smallest: groups.map((g) => ({
      values: Object.fromEntries(attributes.map((a, i) => [a, g[`a${i}`] === null || g[`a${i}`] === undefined ? null : String(g[`a${i}`])])),
      people: Number(g.n),
    })),
  };
}

export async function measureKAnonymity(db: Connection, options: { sets?: string[][]; minGroupSize: number }): Promise<{ report: KAnonymityReport; findings: Finding[] }> {
  const k = options.minGroupSize;
  const src = await loadPeople(db);
  if (!src) return { report: { minGroupSize: k, available: [], sets: [], note: 'No PersonHistorical table: nothing to measure.' }, findings: [] };
  const available = src.attributes;
  const { population } = src;
  const ofCounted = `of ${countedLabel(population, population.counted)}`;
  try {
    let sets: string[][];
    if (options.sets && options.sets.length > 0) {
      sets = options.sets.map((set) =>
        set.map((name) => {
          const match = available.find((a) => a.name.toLowerCase() === name.trim().toLowerCase());
          if (!match) {
            throw new AppError({ code: 'audit/unknown-attribute', message: `No HR attribute "${name}" to check.`, hint: `Attributes: ${available.map((a) => a.name).join(', ')}.`, where: { field: 'attributes' } });
          }
          return match.name;
        }),
      );
    } else {
      const defaults = await defaultAttributes(db, available);
      // Each attribute alone shows which single value singles people out; the export's own HR
      // attributes together show the worst case an analyst grouping by all of them meets.
      sets = defaults.map((a) => [a]);
      const hr = src.source === PERSON_ATTRIBUTES_VIEW ? await exportAttributes(db, defaults) : defaults;
      if (hr.length > 1) sets.push(hr);
    }
    const measured: KAnonymitySet[] = [];
    for (const set of sets) measured.push(await measureSet(db, [...new Set(set)], k));
    const findings: Finding[] = measured
      .filter((s) => s.peopleBelow > 0)
      .map((s) => ({
        severity: 'risk' as const,
        code: 'small-groups' as const,
        table: src.source,
        column: s.attributes.join(' × '),
        title: smallGroupsTitle(s.peopleBelow, ofCounted, s.attributes, k),
        detail: `${s.groupsBelow} of ${countOf(s.groups, groupNoun(s.attributes, false))} ${agreeing(s.groupsBelow, 'has', 'have')} fewer than ${k} ${population.basis}. Anyone who knows a person's ${s.attributes.join(', ')} could single them out; analyses suppress these groups.`,
        count: s.peopleBelow,
        share: s.people ? s.peopleBelow / s.people : 0,
      }));
    return {
      report: { minGroupSize: k, available: available.map((a) => a.name), population, sets: measured, note: measured.length === 0 ? 'No categorical HR attributes to check; pick attributes to measure.' : undefined },
      findings,
    };
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${PEOPLE_TABLE}`);
  }
}

/** The attributes among `names` that PersonHistorical itself holds (not brought in by a join). */
async function exportAttributes(db: Connection, names: string[]): Promise<string[]> {
  const r = await db.query(`SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = 'PersonHistorical'`);
  const own = new Set(r.rows.map((x) => String(x.column_name).toLowerCase()));
  return names.filter((n) => own.has(n.toLowerCase()));
}
