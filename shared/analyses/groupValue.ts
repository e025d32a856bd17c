/**
 * The one rule for blank-like HR values: a missing value, an empty or whitespace-only string and
 * the tokens HR systems write for "no value" (#N/A, N/A, NULL by default; trimmed, any case) are
 * one group, "Unknown", wherever an analysis groups people by an attribute. The tokens are an
 * analysis setting (`blankValues`), so a tenant's own placeholder ("-", "Not set") can be added.
 */
import { literal } from '../sql/quote.js';
import { EMPTY_GROUP_LABEL, type AnalysisParam, type ParamValues } from './types.js';

export const UNKNOWN_GROUP_LABEL = EMPTY_GROUP_LABEL;

/** The default tokens, besides missing, empty and whitespace-only values (always blank). */
export const DEFAULT_BLANK_VALUES = '#N/A, N/A, NULL';

export const BLANK_VALUES_PARAM: AnalysisParam = {
  name: 'blankValues',
  label: 'HR values read as Unknown',
  kind: 'text',
  default: DEFAULT_BLANK_VALUES,
  description: `Comma-separated values (trimmed, any case) grouped as "${UNKNOWN_GROUP_LABEL}", with missing, empty and whitespace-only values. Default: ${DEFAULT_BLANK_VALUES}.`,
};

/** The tokens of a `blankValues` setting, upper-cased and trimmed (empty entries dropped). */
export function blankTokens(params: ParamValues): string[] {
  const raw = typeof params.blankValues === 'string' ? params.blankValues : DEFAULT_BLANK_VALUES;
  return [...new Set(raw.split(',').map((t) => t.trim().toUpperCase()).filter((t) => t !== ''))];
}

/** True when the attribute expression holds a blank-like value. */
export function isBlankSql(expr: string, params: ParamValues): string {
  const trimmed = `upper(regexp_replace(CAST(${expr} AS VARCHAR), '^\\s+|\\s+$', '', 'g'))`;
  return `(${expr} IS NULL OR ${trimmed} IN (${['', ...blankTokens(params)].map(literal).join(', ')}))`;
}

/** The group an attribute value puts a person in: the value as text, or "Unknown" when blank-like. */
export function groupValueSql(expr: string, params: ParamValues): string {
  return `CASE WHEN ${isBlankSql(expr, params)} THEN ${literal(UNKNOWN_GROUP_LABEL)} ELSE CAST(${expr} AS VARCHAR) END`;
}

/** The attribute value as text, NULL when blank-like: for rules that leave unknown values out (co-location). */
export function knownValueSql(expr: string, params: ParamValues): string {
  return `CASE WHEN ${isBlankSql(expr, params)} THEN NULL ELSE CAST(${expr} AS VARCHAR) END`;
}
