/**
 * How join keys are compared: both sides trimmed and lower-cased (emails and hex tokens are
 * case-insensitive, and HR systems disagree on case), optionally hashing the file's side locally so
 * raw keys can meet masked ones.
 *
 * The hash is SHA-256, hex, of salt + normalised value (salt first). With keep-domain, only the part
 * before the last `@` is hashed and `@domain` is kept: `sha256(salt + "ann.lee") + "@contoso.com"`.
 * The Node function and the SQL expression compute the same thing; the tests hold them together.
 */
import { createHash } from 'node:crypto';
import { literal } from '../engine/database.js';
import type { JoinHash } from './datasetRegistry.js';

/** SQL: the comparable form of a key expression, NULL when empty. */
export function normalisedKeySql(expr: string): string {
  return `NULLIF(lower(trim(CAST(${expr} AS VARCHAR))), '')`;
}

/** SQL: the hashed form of an already normalised key expression. */
export function hashedKeySql(normalised: string, hash: JoinHash): string {
  const salt = literal(hash.salt);
  if (!hash.keepDomain) return `sha256(${salt} || ${normalised})`;
  return `CASE WHEN strpos(${normalised}, '@') > 0
    THEN sha256(${salt} || regexp_extract(${normalised}, '^(.*)@[^@]*$', 1)) || '@' || regexp_extract(${normalised}, '@([^@]*)$', 1)
    ELSE sha256(${salt} || ${normalised}) END`;
}

export function datasetKeySql(expr: string, hash?: JoinHash): string {
  const n = normalisedKeySql(expr);
  return hash ? hashedKeySql(n, hash) : n;
}

export function normaliseKey(value: string): string {
  return value.trim().toLowerCase();
}

/** The masked form of one raw value, as the join computes it (for users checking a value by hand). */
export function hashKeyValue(value: string, hash: JoinHash): string {
  const n = normaliseKey(value);
  const sha = (s: string) => createHash('sha256').update(hash.salt + s, 'utf8').digest('hex');
  const at = n.lastIndexOf('@');
  if (hash.keepDomain && at !== -1) return `${sha(n.slice(0, at))}@${n.slice(at + 1)}`;
  return sha(n);
}
