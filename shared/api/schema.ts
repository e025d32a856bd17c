/**
 * A small runtime schema for JSON requests: each builder checks one shape and names the first field
 * that does not fit, with what it expected. No dependency; enough for the contract's requests.
 *
 * A schema also carries, at compile time only, the exact TypeScript type it accepts, so the map of
 * request schemas is checked against the contract's types (a schema that drifts fails `tsc`).
 */

/** The first thing wrong with a value: where (`source.kind`, `filters[1].value`) and what was expected. */
export interface SchemaProblem {
  field: string;
  expected: string;
  got: string;
}

export interface Schema<T> {
  /** What a fitting value is, in words ("a whole number from 0 to 10000"). */
  readonly expected: string;
  readonly optional?: boolean;
  /** The first problem of `value` at `field`, or undefined when it fits. */
  check(value: unknown, field: string): SchemaProblem | undefined;
  /** Compile time only: the accepted type, held invariant so the schema must match it exactly. */
  readonly type?: (t: T) => T;
}

interface OptionalSchema<T> extends Schema<T> {
  readonly optional: true;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema, whatever it accepts
type AnySchema = Schema<any>;
type Shape = Record<string, AnySchema>;
export type Infer<S> = S extends Schema<infer T> ? T : never;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
type ObjectOf<P extends Shape> = Simplify<
  { [K in keyof P as P[K] extends { readonly optional: true } ? never : K]: Infer<P[K]> } & {
    [K in keyof P as P[K] extends { readonly optional: true } ? K : never]?: Infer<P[K]>;
  }
>;

/** A value as a problem shows it: its kind, and short values themselves. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return v.length > 40 ? `text of ${v.length} characters` : JSON.stringify(v);
  return `${typeof v} ${String(v)}`;
}

function schema<T>(expected: string, fits: (v: unknown, field: string) => SchemaProblem | undefined | boolean): Schema<T> {
  return {
    expected,
    check(v, field) {
      const r = fits(v, field);
      if (r === true || r === undefined) return undefined;
      if (r === false) return { field, expected, got: describeValue(v) };
      return r;
    },
  };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const at = (field: string, key: string) => (field ? `${field}.${key}` : key);

export function text(opts: { nonEmpty?: boolean } = {}): Schema<string> {
  return schema(opts.nonEmpty ? 'non-empty text' : 'text', (v) => typeof v === 'string' && (!opts.nonEmpty || v.trim() !== ''));
}

/** A finite number; `whole` with optional bounds for counts, offsets and limits. */
export function number(opts: { whole?: boolean; min?: number; max?: number } = {}): Schema<number> {
  const { whole, min, max } = opts;
  const range = min !== undefined && max !== undefined ? ` from ${min} to ${max}` : min !== undefined ? ` of ${min} or more` : max !== undefined ? ` up to ${max}` : '';
  return schema(`${whole ? 'a whole number' : 'a number'}${range}`, (v) => typeof v === 'number' && Number.isFinite(v) && (!whole || Number.isInteger(v)) && (min === undefined || v >= min) && (max === undefined || v <= max));
}

export function boolean(): Schema<boolean> {
  return schema('true or false', (v) => typeof v === 'boolean');
}

export function oneOf<const V extends readonly (string | number | boolean)[]>(...values: V): Schema<V[number]> {
  return schema(`one of ${values.map((x) => JSON.stringify(x)).join(', ')}`, (v) => values.includes(v as V[number]));
}

/** Text, a number, true/false or null: a plain JSON scalar. */
export function scalar(): Schema<string | number | boolean | null> {
  return schema('text, a number, true/false or null', (v) => v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)));
}

/** A value that fits either schema. */
export function either<A, B>(a: Schema<A>, b: Schema<B>): Schema<A | B> {
  return schema(`${a.expected} or ${b.expected}`, (v, field) => !a.check(v, field) || !b.check(v, field));
}

export function optional<T>(s: Schema<T>): OptionalSchema<T> {
  return { ...s, optional: true };
}

export function list<T>(item: Schema<T>, opts: { nonEmpty?: boolean } = {}): Schema<T[]> {
  return schema(`a ${opts.nonEmpty ? 'non-empty ' : ''}list of ${item.expected}`, (v, field) => {
    if (!Array.isArray(v) || (opts.nonEmpty && v.length === 0)) return false;
    for (let i = 0; i < v.length; i++) {
      const p = item.check(v[i], `${field}[${i}]`);
      if (p) return p;
    }
    return true;
  });
}

/** An object whose every value fits `value` (keys are free: column names, parameter names). */
export function record<T>(value: Schema<T>): Schema<Record<string, T>> {
  return schema(`an object of ${value.expected}`, (v, field) => {
    if (!isPlainObject(v)) return false;
    for (const [k, x] of Object.entries(v)) {
      const p = value.check(x, at(field, k));
      if (p) return p;
    }
    return true;
  });
}

/**
 * An object with exactly these fields. An unknown field is refused: a misspelt optional field
 * (`minGroupsize`) would otherwise be ignored without a word.
 */
export function object<P extends Shape>(shape: P): Schema<ObjectOf<P>> {
  return schema('an object', (v, field) => {
    if (!isPlainObject(v)) return false;
    for (const [k, s] of Object.entries(shape)) {
      const x = v[k];
      if (x === undefined && s.optional) continue;
      const p = s.check(x, at(field, k));
      if (p) return p;
    }
    for (const k of Object.keys(v)) {
      if (!(k in shape) && v[k] !== undefined) return { field: at(field, k), expected: `no such field (known: ${Object.keys(shape).join(', ') || 'none'})`, got: describeValue(v[k]) };
    }
    return true;
  });
}

/** One of several object shapes, told apart by the text field `tag` (`kind`). */
export function tagged<K extends string, V extends Record<string, AnySchema>>(tag: K, variants: V): Schema<Infer<V[keyof V]>> {
  const tags = Object.keys(variants);
  return schema(`an object with ${tag} ${tags.map((t) => JSON.stringify(t)).join(' or ')}`, (v, field) => {
    if (!isPlainObject(v)) return false;
    const t = v[tag];
    if (typeof t !== 'string' || !Object.hasOwn(variants, t)) return { field: at(field, tag), expected: `one of ${tags.map((x) => JSON.stringify(x)).join(', ')}`, got: describeValue(t) };
    return variants[t].check(v, field);
  });
}
