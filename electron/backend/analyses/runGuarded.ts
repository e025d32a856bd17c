/**
 * Run one guarded output. The units are computed once into temporary tables that the result and
 * the suppression note both read; the SQL shown to the user is the same computation as one
 * statement (`resultSql`), and a test holds the two to the same rows.
 */
import { guardedQuerySql, OTHER_GROUP_LABEL, type GuardSpec, type SmallGroupMode } from '../../../shared/privacy.js';
import type { QueryResult } from '../engine/database.js';
import type { Sql } from '../engine/engine.js';

export interface Suppression {
  /** Groups with fewer people than the minimum, before merging. */
  groupsBelow: number;
  peopleInGroupsBelow: number;
  /** People merged into the "Other" group; 0 when mode is drop. */
  peopleMerged: number;
  /** Whether the merged group itself reached the threshold and is shown. */
  otherShown: boolean;
  groupsTotal: number;
  /** Groups hidden because their members differ from a group of another attribute by 1 to min − 1 people. */
  groupsDifferencing: number;
  /** The attributes those groups were compared with. */
  differencingAttributes: string[];
  /** Each such group and the group of another attribute it nearly equals (the cause, named in the note). */
  differencingPairs: { group: string; attribute: string; peerGroup: string }[];
  /** The attribute the output groups by, when it is one (named in the note). */
  groupAttribute?: string;
  /** Groups hidden too so that the hidden ones cannot be recovered from the total (complementary). */
  groupsComplementary: number;
  /** Output rows (group × week, bin, hour…) left out because they held too few people. */
  cellsSuppressed: number;
  /** Further rows left out so that those cannot be recovered by subtracting from a total (complementary). */
  cellsComplementary: number;
  /** Chart rows (a group, a group's weekday: `chartRowSql`) with every cell left out: in no output row, named in the note. */
  rowsAllCellsHidden: string[];
  note: string;
  /** The note's sentences on groups alone (groupsNote), for a screen that words the rows left out itself. */
  groupsNote: string;
}

export interface GuardedResult extends QueryResult {
  suppression: Suppression;
  sql: string;
}

let runCounter = 0;

export function suppressionNote(s: Omit<Suppression, 'note' | 'groupsNote'>, minGroupSize: number): string {
  return [groupsNote(s, minGroupSize), cellsNote(s, minGroupSize)].filter(Boolean).join(' ');
}

/** The note's sentences on groups: which are below the minimum, merged, or hidden and why. */
export function groupsNote(s: Omit<Suppression, 'note' | 'groupsNote'>, minGroupSize: number): string {
  const parts: string[] = [];
  const anyHidden = s.groupsBelow + s.groupsDifferencing + s.groupsComplementary > 0;
  if (!anyHidden) parts.push(`All groups have at least ${minGroupSize} people.`);
  else if (s.groupsBelow > 0) {
    parts.push(
      `${s.groupsBelow} group${s.groupsBelow > 1 ? 's' : ''} with fewer than ${minGroupSize} people ${
        s.otherShown ? `merged into "${OTHER_GROUP_LABEL}" (${s.peopleMerged} people)` : s.peopleMerged > 0 ? 'suppressed (too few people even when merged)' : 'suppressed'
      }.`,
    );
  }
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const hiddenAs = s.otherShown ? `merged into "${OTHER_GROUP_LABEL}"` : 'suppressed';
  if (s.groupsDifferencing > 0) {
    const own = s.groupAttribute ? `${s.groupAttribute} ` : '';
    const pairs = s.differencingPairs.map((d) => `${own}"${d.group}" vs ${d.attribute} "${d.peerGroup}"`);
    parts.push(
      `${plural(s.groupsDifferencing, 'group')} ${hiddenAs} although ${s.groupsDifferencing === 1 ? 'it has' : 'each has'} at least ${minGroupSize} people: ${s.groupsDifferencing === 1 ? 'its members differ' : 'their members differ'} from a group of ${s.differencingAttributes.join(', ')} by fewer than ${minGroupSize} people, so comparing the two would single those people out${pairs.length ? ` (${pairs.join('; ')})` : ''}.`,
    );
  }
  if (s.groupsComplementary > 0) parts.push(`${plural(s.groupsComplementary, 'further group')} ${hiddenAs} (complementary), so the hidden groups cannot be recovered by subtracting the shown ones from the total.`);
  return parts.join(' ');
}

/** The note's sentences on output rows (cells) left out: true where rows are not listed (the CLI); a screen that lists them words its own. */
export function cellsNote(s: Omit<Suppression, 'note' | 'groupsNote'>, minGroupSize: number): string {
  const parts: string[] = [];
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (s.cellsSuppressed > 0) parts.push(`${plural(s.cellsSuppressed, 'further row')} with fewer than ${minGroupSize} people left out.`);
  if (s.cellsComplementary > 0) parts.push(`${plural(s.cellsComplementary, 'more row')} left out (complementary), so the rows left out cannot be recovered by subtracting the shown ones from a total.`);
  const gone = s.rowsAllCellsHidden.map((g) => `"${g}"`);
  if (gone.length > 0) parts.push(`Left out entirely, so in neither the table nor the chart: ${gone.join(', ')} (every row of ${gone.length === 1 ? 'it' : 'each'} is among those left out).`);
  return parts.join(' ');
}

/** @param shown the output as the user should see it (shared relations inlined); defaults to `spec`. */
export async function runGuarded(db: Sql, spec: GuardSpec, minGroupSize: number, mode: SmallGroupMode, shown: GuardSpec = spec): Promise<GuardedResult> {
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
      groupsDifferencing: Number(supp.groups_differencing),
      differencingAttributes: supp.differencing_attributes ? String(supp.differencing_attributes).split(', ') : [],
      differencingPairs: supp.differencing_pairs
        ? String(supp.differencing_pairs)
            .split('\n')
            .map((line) => {
              const [group, attribute, peerGroup] = line.split('\u0001');
              return { group, attribute, peerGroup };
            })
        : [],
      ...(spec.groupAttribute ? { groupAttribute: spec.groupAttribute } : {}),
      groupsComplementary: Number(supp.groups_complementary),
      cellsSuppressed: Number(supp.cells_suppressed),
      cellsComplementary: Number(supp.cells_complementary),
      rowsAllCellsHidden: supp.rows_all_cells_hidden ? String(supp.rows_all_cells_hidden).split('\n') : [],
    };
    return { ...result, suppression: { ...base, note: suppressionNote(base, minGroupSize), groupsNote: groupsNote(base, minGroupSize) }, sql: shown === spec ? g.resultSql : guardedQuerySql(shown, minGroupSize, mode).resultSql };
  } finally {
    // Best effort: the steps' tables are TEMP tables, gone with the connection; the result or its error is already decided.
    for (const s of g.steps.cleanup) await db.run(sub(s)).catch(() => undefined);
  }
}
