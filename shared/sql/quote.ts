/**
 * The one way to put a name or a string into SQL text: table and column names come from files and
 * users, and some values (paths, labels) cannot be bound as parameters. Pure text, no Node, so the
 * analyses' SQL builders in shared/ and the backend use the same two functions.
 */

/** Quote an identifier: `a"b` → `"a""b"`. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quote a string literal: `it's` → `'it''s'`. */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
