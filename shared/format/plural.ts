/** "1 row", "2 rows", "1,011,701 rows": a count and its noun, agreeing (en-US digits, for files and logs). */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** The verb agreeing with a count as its subject: "1 of 400 … is", "2 of 400 … are". */
export function agreeing(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}
