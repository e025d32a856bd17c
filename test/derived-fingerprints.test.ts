/**
 * The analysis tables' fingerprints: a table is rebuilt when its own SQL changes, and so is every
 * table built from it, even when a later call asks only for a dependent (the old fingerprint, export
 * tables + own SQL, kept tie_week built from a pair_week whose definition had changed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tableFingerprints } from '../electron/backend/analyses/derivedTables.js';
import { derivedClosure } from '../shared/analyses/derived/index.js';
import type { DerivedTable } from '../shared/analyses/derived/types.js';
import type { SourceResolver } from '../shared/analyses/derived/sources.js';

const src: SourceResolver = (t) => `main.${t}`;

test('a changed definition changes its own fingerprint and every dependent\'s, and no other table\'s', () => {
  const plan = derivedClosure(['tie_week']);
  assert.ok(plan.some((t) => t.name === 'pair_week'), 'tie_week is built from pair_week');
  const before = tableFingerprints(plan, 'base', src);
  const changed: DerivedTable[] = plan.map((t) => (t.name === 'pair_week' ? { ...t, sql: (s) => `${t.sql(s)} -- changed` } : t));
  const after = tableFingerprints(changed, 'base', src);
  const dependsOnPairWeek = (name: string): boolean => {
    const t = plan.find((x) => x.name === name)!;
    return t.dependsOn.some((d) => d === 'pair_week' || dependsOnPairWeek(d));
  };
  for (const t of plan) {
    const moved = before.get(t.name) !== after.get(t.name);
    assert.equal(moved, t.name === 'pair_week' || dependsOnPairWeek(t.name), t.name);
  }
  assert.notEqual(before.get('tie_week'), after.get('tie_week'));
  // Deterministic, and a new export (another base) changes them all.
  assert.deepEqual(tableFingerprints(plan, 'base', src), before);
  const reloaded = tableFingerprints(plan, 'base2', src);
  for (const t of plan) assert.notEqual(reloaded.get(t.name), before.get(t.name));
});
