/**
 * Text cells a spreadsheet would run as a formula (CSV injection): a cell that starts with `=`, `+`,
 * `-`, `@`, a tab or a carriage return. As OWASP recommends, such a cell gets a leading apostrophe,
 * which spreadsheets show as text; exports for machines can turn this off. A plain number (`-5`,
 * `+1.5e3`) is left alone: it is a value, not a formula.
 */

/** The first characters that make a spreadsheet read a cell as a formula. */
export const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

/** The text as a spreadsheet shows it, never run: `=HYPERLINK(…)` becomes `'=HYPERLINK(…)`. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** The same rule as SQL over a text expression (DuckDB), for exports written by COPY. */
export function neutraliseFormulaSql(expr: string): string {
  return `CASE WHEN regexp_matches(${expr}, '^[=+\\-@\\t\\r]') AND NOT regexp_full_match(${expr}, '[+-]?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?') THEN '''' || ${expr} ELSE ${expr} END`;
}
