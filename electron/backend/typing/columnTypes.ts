/**
 * Column types decided by checking every value, for every column typed over a whole file: extra
 * export columns, PersonHistorical's HR attributes and imported files alike (DuckDB's sniffer looks at
 * the first 20,480 rows only and silently rounds or fails on what comes later), and the SQL that
 * converts text to each type. A value that does not convert becomes NULL in the conversion, so
 * "every non-empty value converts" is a count of NULLs, done in one scan per step.
 */
import { AppError } from '../../../shared/errors.js';
import { ident, literal } from '../engine/database.js';
import type { Connection } from '../engine/engine.js';

export const IMPORT_TYPES = ['VARCHAR', 'BIGINT', 'DOUBLE', 'BOOLEAN', 'DATE', 'TIMESTAMP'] as const;
export type ImportColumnType = (typeof IMPORT_TYPES)[number];

export interface TypeChoice {
  type: ImportColumnType;
  /** strptime format for DATE / TIMESTAMP text that is not ISO, e.g. `%d/%m/%Y`. */
  format?: string;
}

const TYPE_WORDS: Record<string, ImportColumnType> = {
  varchar: 'VARCHAR',
  text: 'VARCHAR',
  string: 'VARCHAR',
  bigint: 'BIGINT',
  integer: 'BIGINT',
  int: 'BIGINT',
  double: 'DOUBLE',
  number: 'DOUBLE',
  float: 'DOUBLE',
  decimal: 'DOUBLE',
  boolean: 'BOOLEAN',
  bool: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  datetime: 'TIMESTAMP',
};

/** Parse a user's type choice: `text`, `integer`, `double`, `boolean`, `date`, `date:%d/%m/%Y`, … */
export function parseTypeChoice(value: string, column?: string): TypeChoice {
  const colon = value.indexOf(':');
  const word = (colon === -1 ? value : value.slice(0, colon)).trim().toLowerCase();
  const format = colon === -1 ? undefined : value.slice(colon + 1).trim();
  const type = TYPE_WORDS[word];
  if (!type) {
    throw new AppError({
      code: 'import/bad-type',
      message: `Unknown column type "${value}"${column ? ` for ${column}` : ''}.`,
      hint: 'Use text, integer, double, boolean, date or timestamp (dates may add a format: date:%d/%m/%Y).',
      where: { column, field: 'types' },
    });
  }
  if (format && type !== 'DATE' && type !== 'TIMESTAMP') {
    throw new AppError({ code: 'import/bad-type', message: `Only date and timestamp types take a format, got "${value}".`, where: { column, field: 'types' } });
  }
  return format ? { type, format } : { type };
}

/** Day-first formats come after month-first ones: an ambiguous column is read month-first (and noted). */
const DATE_FORMATS = ['%Y-%m-%d', '%m/%d/%Y', '%d/%m/%Y', '%d.%m.%Y', '%Y/%m/%d', '%d-%m-%Y'];
const TIMESTAMP_FORMATS = [
  undefined,
  '%m/%d/%Y %I:%M:%S %p',
  '%m/%d/%Y %I:%M %p',
  '%m/%d/%Y %H:%M:%S',
  '%m/%d/%Y %H:%M',
  '%d/%m/%Y %H:%M:%S',
  '%d/%m/%Y %H:%M',
  '%d.%m.%Y %H:%M:%S',
  '%d.%m.%Y %H:%M',
];

const INTEGER = '\\s*[+-]?[0-9]+\\s*';
const DECIMAL = '\\s*[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?\\s*';
const TRUE_WORDS = ['true', 'yes'];
const FALSE_WORDS = ['false', 'no'];
/** Accepted only when the user chose boolean: detection would mistake 0/1 and y/n codes for flags. */
const LOOSE_TRUE = ['1', 'y', 't'];
const LOOSE_FALSE = ['0', 'n', 'f'];

const ISO_TIMESTAMP = '\\s*[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\\.[0-9]+)?)?)?(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?\\s*';
const FORMAT_PARTS: Record<string, string> = { Y: '[0-9]{4}', y: '[0-9]{2}', m: '[0-9]{1,2}', d: '[0-9]{1,2}', H: '[0-9]{1,2}', I: '[0-9]{1,2}', M: '[0-9]{1,2}', S: '[0-9]{1,2}', f: '[0-9]{1,9}', p: '[AaPp][Mm]', '%': '%' };

/**
 * A regular expression a value must match before strptime is tried with `format`, or undefined
 * when the format has parts this does not know. Failing strptime calls are slow (DuckDB builds an
 * error for each), and most values tried against most formats fail.
 */
export function formatShapeRegex(format: string): string | undefined {
  let out = '\\s*';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch === '%') {
      const part = FORMAT_PARTS[format[++i]];
      if (!part) return undefined;
      out += part;
    } else out += ch === ' ' ? ' +' : ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return `${out}\\s*`;
}

function guarded(v: string, regex: string | undefined, expr: string, guard = true): string {
  return regex && guard ? `CASE WHEN regexp_full_match(${v}, ${literal(regex)}) THEN ${expr} END` : expr;
}

/** SQL converting the text expression `v` to the chosen type, NULL where a value does not convert. */
export function conversionSql(v: string, choice: TypeChoice, loose = false, guard = true): string {
  const t = `trim(${v})`;
  switch (choice.type) {
    case 'VARCHAR':
      return v;
    case 'BIGINT':
      return guarded(v, INTEGER, `TRY_CAST(${t} AS BIGINT)`, guard);
    case 'DOUBLE':
      return guarded(v, DECIMAL, `TRY_CAST(${t} AS DOUBLE)`, guard);
    case 'BOOLEAN': {
      const yes = [...TRUE_WORDS, ...(loose ? LOOSE_TRUE : [])].map(literal).join(', ');
      const no = [...FALSE_WORDS, ...(loose ? LOOSE_FALSE : [])].map(literal).join(', ');
      return `CASE WHEN lower(${t}) IN (${yes}) THEN true WHEN lower(${t}) IN (${no}) THEN false END`;
    }
    case 'DATE': {
      const format = choice.format ?? '%Y-%m-%d';
      return guarded(v, formatShapeRegex(format), `CAST(TRY_STRPTIME(${t}, ${literal(format)}) AS DATE)`, guard);
    }
    case 'TIMESTAMP':
      return choice.format
        ? guarded(v, formatShapeRegex(choice.format), `TRY_STRPTIME(${t}, ${literal(choice.format)})`, guard)
        : guarded(v, ISO_TIMESTAMP, `TRY_CAST(${t} AS TIMESTAMP)`, guard);
  }
}

/**
 * The conversion for a type `detectColumnTypes` chose: every non-empty value is known to convert, so
 * the shape checks (a regex per value, and a heavy expression to plan for each of 10,000 columns)
 * are left out.
 */
export function provenConversionSql(v: string, choice: TypeChoice): string {
  return conversionSql(v, choice, false, false);
}

export interface DetectedType extends TypeChoice {
  /** Why the choice needs a second look (e.g. 03/04/2024 could be either way round). */
  note?: string;
}

/** Candidate types in order of preference: the first that reads every value wins. */
const CANDIDATES: TypeChoice[] = [
  { type: 'BIGINT' },
  { type: 'DOUBLE' },
  { type: 'BOOLEAN' },
  ...DATE_FORMATS.map((format) => ({ type: 'DATE' as const, format })),
  ...TIMESTAMP_FORMATS.map((format) => (format ? { type: 'TIMESTAMP' as const, format } : { type: 'TIMESTAMP' as const })),
];
/** Rows read first to rule candidates out cheaply; survivors are then checked on every row. */
const PRUNE_ROWS = 20_000;
const PRUNE_TABLE = '__import_type_sample';
/** Cells (rows × columns) turned into long form at once while typing. */
const UNPIVOT_CELLS = 2_000_000;

const present = (v: string) => `(${v} IS NOT NULL AND trim(${v}) <> '')`;
const leadingZero = (v: string) => `regexp_matches(${v}, '^\\s*[+-]?0[0-9]')`;
const failures = (v: string, c: TypeChoice) => `count(*) FILTER (WHERE ${present(v)} AND (${conversionSql(v, c)}) IS NULL)`;

/**
 * The narrowest type every non-empty value of each text column converts to, checked over the whole
 * table: integers (no leading zeros: codes keep them), decimals, booleans, dates, timestamps, else
 * text. A first pass over a few thousand rows rules out most candidates, so the whole-table pass
 * only checks types that could still fit (a GUID column costs nothing there).
 */
export async function detectColumnTypes(db: Connection, table: string, columns: string[]): Promise<Map<string, DetectedType>> {
  const result = new Map<string, DetectedType>();
  if (columns.length === 0) return result;
  const notInteger = (v: string) => `count(*) FILTER (WHERE ${present(v)} AND NOT regexp_full_match(${v}, ${literal(INTEGER)}))`;
  // A table no larger than the pruning sample is checked whole in one pass per batch of columns.
  const rows = await db.scalar<number>(`SELECT count(*) FROM ${ident(table)}`);
  const survivors: TypeChoice[][] = [];
  const allIntegers: boolean[] = [];
  const source = rows <= PRUNE_ROWS ? ident(table) : PRUNE_TABLE;
  if (source === PRUNE_TABLE) await db.run(`CREATE OR REPLACE TEMP TABLE ${PRUNE_TABLE} AS SELECT ${columns.map(ident).join(', ')} FROM ${ident(table)} LIMIT ${PRUNE_ROWS}`);
  try {
    // The columns are turned into (name, value) rows, so each candidate's conversion is one
    // expression over all of them: planning per column × candidate (DuckDB compiles every regex and
    // format) would cost ~12 ms a column, whatever the rows. Batches keep the long form bounded.
    const batchSize = Math.max(1, Math.floor(UNPIVOT_CELLS / Math.max(1, Math.min(rows, PRUNE_ROWS))));
    for (let b = 0; b < columns.length; b += batchSize) {
      const batch = columns.slice(b, b + batchSize);
      const v = 'v';
      const aggs = [
        `count(*) FILTER (WHERE ${present(v)}) AS n`,
        `count(*) FILTER (WHERE ${leadingZero(v)}) AS z`,
        `${notInteger(v)} AS i`,
        ...CANDIDATES.map((cand, j) => `${failures(v, cand)} AS f${j}`),
      ];
      const list = batch.map(ident).join(', ');
      const asText = batch.map((c) => `CAST(${ident(c)} AS VARCHAR) AS ${ident(c)}`).join(', ');
      const r = await db.query(`SELECT name, ${aggs.join(', ')} FROM (UNPIVOT (SELECT ${asText} FROM ${source}) ON ${list} INTO NAME name VALUE v) GROUP BY name`);
      const byName = new Map(r.rows.map((x) => [String(x.name), x]));
      for (const c of batch) {
        // A column with no value at all has no long-form rows: empty, every candidate "fits".
        const x = byName.get(c) ?? { n: 0, z: 0, i: 0 };
        const fits = CANDIDATES.filter((cand, j) => Number(x[`f${j}`] ?? 0) === 0 && !(Number(x.z) > 0 && (cand.type === 'BIGINT' || cand.type === 'DOUBLE')));
        allIntegers.push(Number(x.i) === 0);
        survivors.push(fits);
        if (source !== PRUNE_TABLE) result.set(c, decide(Number(x.n), fits, Number(x.i) === 0));
      }
    }
  } finally {
    if (source === PRUNE_TABLE) await db.run(`DROP TABLE IF EXISTS ${PRUNE_TABLE}`);
  }
  if (source !== PRUNE_TABLE) return result;

  // Larger tables: the types that fit the sample are checked against every row.
  for (const [k, c] of columns.entries()) {
    const v = ident(c);
    const aggs = [`count(*) FILTER (WHERE ${present(v)}) AS n`];
    if (survivors[k].some((x) => x.type === 'BIGINT' || x.type === 'DOUBLE')) aggs.push(`count(*) FILTER (WHERE ${leadingZero(v)}) AS z`);
    if (allIntegers[k]) aggs.push(`${notInteger(v)} AS i`);
    survivors[k].forEach((cand) => aggs.push(`${failures(v, cand)} AS f${CANDIDATES.indexOf(cand)}`));
    const r = (await db.query(`SELECT ${aggs.join(', ')} FROM ${ident(table)}`)).rows[0];
    const zeros = Number(r.z ?? 0) > 0;
    const fits = survivors[k].filter((cand) => Number(r[`f${CANDIDATES.indexOf(cand)}`]) === 0 && !(zeros && (cand.type === 'BIGINT' || cand.type === 'DOUBLE')));
    result.set(c, decide(Number(r.n), fits, allIntegers[k] && Number(r.i ?? 1) === 0));
  }
  return result;
}

/** The type for a column from the candidates that read all of its `nonEmpty` values. */
function decide(nonEmpty: number, fits: TypeChoice[], integersOnly: boolean): DetectedType {
  if (nonEmpty === 0) return { type: 'VARCHAR', note: 'empty column, kept as text' };
  // All integers but too large for BIGINT (or codes with leading zeros): text, never rounded decimals.
  if (fits.length === 0 || (integersOnly && !fits.some((x) => x.type === 'BIGINT'))) return { type: 'VARCHAR' };
  const chosen: DetectedType = { ...fits[0] };
  const dayFirst = fits.find((f) => f.format?.startsWith('%d/'));
  if (chosen.format?.startsWith('%m/') && dayFirst) {
    chosen.note = `every date reads both month-first and day-first; read month-first (${chosen.format}). Choose ${dayFirst.type.toLowerCase()}:${dayFirst.format} if days come first.`;
  }
  return chosen;
}

export function describeType(choice: TypeChoice): string {
  return choice.format ? `${choice.type} (${choice.format})` : choice.type;
}
