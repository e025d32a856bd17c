/** A yes/no value (e.g. "In working hours") as the table shows it and its CSV writes it: words, not DuckDB's true/false. */
export function yesNo(value: boolean): 'Yes' | 'No' {
  return value ? 'Yes' : 'No';
}
