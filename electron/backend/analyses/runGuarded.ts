/**
 * Run one guarded output. The units are computed once into temporary tables that the result and
 * the suppression note both read; the SQL shown to the user is the same computation as one
 * statement (`resultSql`), and a test holds the two to the same rows.
 */
import { guardedQuerySql, OTHER_GROUP_LABEL, type GuardSpec, type SmallGroupMode } from '../../../shared/privacy.js';
import type { Database, QueryResult } from '../engine/database.js';

export interface Suppression {
  /** Groups with fewer people than the minimum, before merging. */
  groupsBelow: number;
  peopleInGroupsBelow: number;
  /** People merged into the "Other" group; 0 when mode is drop. */
  peopleMerged: number;
  /** Whether the merged group itself reached the threshold and is shown. */
  otherShown: boolean;
  groupsTotal: number;
  /** Output rows (group × week, bin, hour…) left out because they held too few people. */
  cellsSuppressed: number;
  note: string;
}

export interface GuardedResult extends QueryResult {
  suppression: Suppression;
  sql: string;
}

let runCounter = 0;

export function suppressionNote(s: Omit<Suppression, 'note'>, minGroupSize: number): string {
  const parts: string[] = [];
  if (s.groupsBelow === 0) parts.push(`All groups have at least ${minGroupSize} people.`);
  else {
    parts.push(
      `${s.groupsBelow} group${s.groupsBelow > 1 ? 's' : ''} with fewer than ${minGroupSize} people ${
        s.otherShown ? `merged into "${OTHER_GROUP_LABEL}" (${s.peopleMerged} people)` : s.peopleMerged > 0 ? 'suppressed (too few people even when merged)' : 'suppressed'
      }.`,
    );
  }
  if (s.cellsSuppressed > 0) parts.push(`${s.cellsSuppressed} further row${s.cellsSuppressed > 1 ? 's' : ''} with fewer than ${minGroupSize} people left out.`);
  return parts.join(' ');
}

/** @param shown the output as the user should see it (shared relations inlined); defaults to `spec`. */
export async function runGuarded(db: Database, spec: GuardSpec, minGroupSize: number, mode: SmallGroupMode, shown: GuardSpec = spec): Promise<GuardedResult> {
  const g = guardedQuerySql(spec, minGroupSize, mode);
  const prefix = `__guard_${process.pid}_${++runCounter}_`;
  const sub = (sql: string) => sql.replaceAll('{t}', prefix);
  try {
    for (const s of g.steps.setup) await db.run(sub(s));
    const result = await db.query(sub(g.steps.result));
    const supp = (await db.query(sub(g.steps.suppression))).rows[0];
    const base = {
      groupsBelow: Number(supp.groups_below),
      peopleInGroupsBelow: Number(supp.people_in_groups_below),
      peopleMerged: Number(supp.people_merged),
      otherShown: result.rows.some((r) => r.grp === OTHER_GROUP_LABEL || r.grp2 === OTHER_GROUP_LABEL || r.to_grp === OTHER_GROUP_LABEL),
      groupsTotal: Number(supp.groups_total),
      cellsSuppressed: Number(supp.cells_suppressed),
    };
    return { ...result, suppression: { ...base, note: suppressionNote(base, minGroupSize) }, sql: shown === spec ? g.resultSql : guardedQuerySql(shown, minGroupSize, mode).resultSql };
  } finally {
    // Best effort: the steps' tables are TEMP tables, gone with the connection; the result or its error is already decided.
    for (const s of g.steps.cleanup) await db.run(sub(s)).catch(() => undefined);
  }
}
