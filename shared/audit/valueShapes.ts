/**
 * The shape of one text value: what the privacy audit sorts values into before judging a column.
 *
 * The same patterns run in DuckDB (RE2, through `shapeCaseSql`) and in JavaScript (`shapeOfValue`),
 * so a column profiled in SQL and a value checked in a test are judged alike. Shapes say what a
 * value looks like, never what it is: no shape tries to reverse a hash.
 */
import { literal } from '../sql/quote.js';

export const VALUE_SHAPES = ['empty', 'hashed-email', 'email', 'guid', 'hex', 'base64', 'number', 'date', 'boolean', 'name', 'text', 'word'] as const;
export type ValueShape = (typeof VALUE_SHAPES)[number];

/** Shapes of opaque tokens: what a masked value looks like. */
export const TOKEN_SHAPES: readonly ValueShape[] = ['hex', 'base64', 'hashed-email', 'guid'];

const DOMAIN = '[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}';
/** A capitalised name word: Ann, McDonald, O'Neil, Mary-Jane. */
const NAME_WORD = "(?:[A-Z]'|Ma?c)?[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?";

/** Whole-value patterns, written in the subset RE2 and JavaScript share (no lookaround, no flags). */
export const SHAPE_PATTERNS = {
  hashedEmail: `[0-9A-Fa-f]{16,}@${DOMAIN}`,
  email: `[A-Za-z0-9._%+-]+@${DOMAIN}`,
  guid: '\\{?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\\}?',
  hex: '[0-9A-Fa-f]{16,}',
  digits: '[0-9]+',
  base64: '[A-Za-z0-9+/_-]{16,}={0,2}',
  number: '[+-]?(?:[0-9]+(?:[.,][0-9]+)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?',
  date:
    '[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?' +
    '|[0-9]{1,2}[/.][0-9]{1,2}[/.][0-9]{2,4}(?: [0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?: ?[AaPp][Mm])?)?',
  boolean: 'true|false|yes|no',
  /** "First Last", "First M. Last", "First Middle Last", "Last, First". */
  name: `${NAME_WORD}(?: [A-Z]\\.)?(?: ${NAME_WORD}){1,2}|${NAME_WORD}, ${NAME_WORD}`,
} as const;

const full = (source: string) => new RegExp(`^(?:${source})$`);
const JS = {
  hashedEmail: full(SHAPE_PATTERNS.hashedEmail),
  email: full(SHAPE_PATTERNS.email),
  guid: full(SHAPE_PATTERNS.guid),
  hex: full(SHAPE_PATTERNS.hex),
  digits: full(SHAPE_PATTERNS.digits),
  base64: full(SHAPE_PATTERNS.base64),
  number: full(SHAPE_PATTERNS.number),
  date: full(SHAPE_PATTERNS.date),
  boolean: full(SHAPE_PATTERNS.boolean),
  name: full(SHAPE_PATTERNS.name),
};

/** Free text: has spaces and is long or has several words (a subject line, a comment). */
const TEXT_MIN_LENGTH = 40;
const TEXT_MIN_WORDS = 4;

/** The shape of one value (JavaScript twin of `shapeCaseSql`). */
export function shapeOfValue(raw: string | null | undefined): ValueShape {
  const v = (raw ?? '').trim();
  if (v === '') return 'empty';
  if (JS.hashedEmail.test(v)) return 'hashed-email';
  if (JS.email.test(v)) return 'email';
  if (JS.guid.test(v)) return 'guid';
  if (JS.hex.test(v) && !JS.digits.test(v)) return 'hex';
  if (JS.base64.test(v) && /[A-Z]/.test(v) && /[a-z]/.test(v) && /[0-9]/.test(v)) return 'base64';
  if (JS.number.test(v)) return 'number';
  if (JS.date.test(v)) return 'date';
  if (JS.boolean.test(v.toLowerCase())) return 'boolean';
  if (JS.name.test(v)) return 'name';
  if (/\s/.test(v) && (v.length > TEXT_MIN_LENGTH || v.split(/\s+/).length >= TEXT_MIN_WORDS)) return 'text';
  return 'word';
}


/**
 * A DuckDB CASE expression giving the shape of the text expression `expr` (a column or a cast).
 * Kept in step with `shapeOfValue`; the audit tests check both agree on the same values.
 */
export function shapeCaseSql(expr: string): string {
  const t = `trim(${expr})`;
  const m = (p: string) => `regexp_full_match(${t}, ${literal(p)})`;
  const P = SHAPE_PATTERNS;
  return `CASE
    WHEN ${expr} IS NULL OR ${t} = '' THEN 'empty'
    WHEN ${m(P.hashedEmail)} THEN 'hashed-email'
    WHEN ${m(P.email)} THEN 'email'
    WHEN ${m(P.guid)} THEN 'guid'
    WHEN ${m(P.hex)} AND NOT ${m(P.digits)} THEN 'hex'
    WHEN ${m(P.base64)} AND regexp_matches(${t}, '[A-Z]') AND regexp_matches(${t}, '[a-z]') AND regexp_matches(${t}, '[0-9]') THEN 'base64'
    WHEN ${m(P.number)} THEN 'number'
    WHEN ${m(P.date)} THEN 'date'
    WHEN regexp_full_match(lower(${t}), ${literal(P.boolean)}) THEN 'boolean'
    WHEN ${m(P.name)} THEN 'name'
    WHEN regexp_matches(${t}, '\\s') AND (length(${t}) > ${TEXT_MIN_LENGTH} OR len(string_split_regex(${t}, '\\s+')) >= ${TEXT_MIN_WORDS}) THEN 'text'
    ELSE 'word'
  END`;
}

/**
 * Mean Shannon entropy of the values' characters, each value's entropy divided by the most it could
 * have (its length or its alphabet, whichever is smaller): near 1 for random tokens, lower for words.
 * Only meaningful for values of 16 characters or more; shorter ones are ignored.
 */
export function normalisedEntropy(values: readonly string[]): number | undefined {
  let total = 0;
  let n = 0;
  for (const v of values) {
    if (v.length < 16) continue;
    const counts = new Map<string, number>();
    for (const ch of v) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    let h = 0;
    for (const c of counts.values()) {
      const p = c / v.length;
      h -= p * Math.log2(p);
    }
    const alphabet = /^[0-9A-Fa-f]+$/.test(v) ? 16 : 64;
    total += h / Math.log2(Math.min(v.length, alphabet));
    n++;
  }
  return n === 0 ? undefined : total / n;
}

/**
 * A value shown in a report without giving it away: emails keep their domain, names their
 * initials, tokens their first characters and length. Free text and other values are not shown.
 */
export function redactValue(raw: string): string {
  const v = raw.trim();
  const shape = shapeOfValue(v);
  const initial = (s: string) => (s ? `${s[0]}***` : '');
  switch (shape) {
    case 'email':
    case 'hashed-email': {
      const at = v.lastIndexOf('@');
      return `${shape === 'email' ? v.slice(0, at).split('.').map(initial).join('.') : `${v.slice(0, 6)}…`}@${v.slice(at + 1)}`;
    }
    case 'name':
      return v.split(/([ ,]+)/).map((part) => (/^[ ,]+$/.test(part) ? part : initial(part))).join('');
    case 'hex':
    case 'base64':
    case 'guid':
      return `${v.slice(0, 6)}… (${v.length} chars)`;
    case 'number':
    case 'date':
    case 'boolean':
    case 'empty':
      return v;
    default:
      return `(${v.length} chars)`;
  }
}
