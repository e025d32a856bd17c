/**
 * The columns a join brings in unless told otherwise: every column but its key and as-of dates,
 * less those the privacy audit found to identify people at import (`identifiesPeople`), which it
 * advises leaving out or masking. The join form's first ticks and the CLI's default without
 * --columns both come from here, so the two never disagree.
 */
import type { DatasetColumnInfo } from './datasets.js';

export interface DefaultJoinColumns {
  /** Brought in, in the file's order. */
  columns: string[];
  /** Left out: the column and what it holds (e.g. "identifiers / codes"). */
  leftOut: { name: string; holds: string }[];
}

/** `skip`: the key and as-of columns, matched without case as the backend matches names. */
export function defaultJoinColumns(columns: readonly Pick<DatasetColumnInfo, 'name' | 'identifiesPeople'>[], skip: readonly (string | undefined)[]): DefaultJoinColumns {
  const skipped = new Set(skip.filter((s): s is string => !!s).map((s) => s.toLowerCase()));
  const bringable = columns.filter((c) => !skipped.has(c.name.toLowerCase()));
  return {
    columns: bringable.filter((c) => !c.identifiesPeople).map((c) => c.name),
    leftOut: bringable.flatMap((c) => (c.identifiesPeople ? [{ name: c.name, holds: c.identifiesPeople }] : [])),
  };
}
