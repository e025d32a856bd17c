/**
 * What an export that lacks a documented column or table disables: the analyses that cannot run
 * and the metrics (person-week metrics, analysis result columns) that come out NULL. The ingest
 * report lists these; runAnalysis enforces the same declarations (inputs.ts).
 */
import { describeUnavailable, type ExportAvailability } from '../schema/availability.js';
import type { ColumnRef } from '../schema/exportSchema.js';
import { ANALYSES } from './catalogue.js';
import { inputStatus, missingNeeds, needRefs, type Inputs, type Need } from './inputs.js';
import { PERSON_WEEK_METRICS } from './personWeekMetrics.js';
import type { AnalysisDef, ResultColumnSpec } from './types.js';

export interface DisabledFeature {
  kind: 'analysis' | 'metric';
  /** Analysis id; person-week metric name; or `analysis-id.column` for an analysis's own result column. */
  id: string;
  label: string;
  /** What is missing, as the user is told: `Calls (table not loaded)`, `Meetings.DurationMinutes`. */
  missing: string[];
}

/** Each analysis's own result columns that carry inputs and are not person-week metrics, once per name. */
function ownColumns(a: AnalysisDef): ResultColumnSpec[] {
  // A column showing a person-week metric is reported once, as that metric.
  const isMetric = (c: ResultColumnSpec) => PERSON_WEEK_METRICS.some((m) => m.name === c.name && m.inputs === c.inputs);
  const all = [a.columns, ...Object.values(a.columnsByView ?? {}), ...Object.values(a.relatedColumns ?? {})].flat();
  const seen = new Set<string>();
  return all.filter((c) => c.inputs && !isMetric(c) && !seen.has(c.name) && (seen.add(c.name), true));
}

/** Analyses that cannot run and metrics that are NULL on an export with this availability. */
export function disabledByAvailability(a: ExportAvailability): DisabledFeature[] {
  const out: DisabledFeature[] = [];
  const disabledAnalyses = new Set<string>();
  for (const def of ANALYSES) {
    const missing = missingNeeds(def.inputs.needs, a);
    if (missing.length) {
      disabledAnalyses.add(def.id);
      out.push({ kind: 'analysis', id: def.id, label: def.title, missing: describeUnavailable(missing, a) });
    }
  }
  for (const m of PERSON_WEEK_METRICS) {
    const missing = missingNeeds(m.inputs.needs, a);
    if (missing.length) out.push({ kind: 'metric', id: m.name, label: m.label, missing: describeUnavailable(missing, a) });
  }
  for (const def of ANALYSES) {
    if (disabledAnalyses.has(def.id)) continue;
    for (const c of ownColumns(def)) {
      const missing = missingNeeds(c.inputs!.needs, a);
      if (missing.length) out.push({ kind: 'metric', id: `${def.id}.${c.name}`, label: `${def.title}: ${c.label}`, missing: describeUnavailable(missing, a) });
    }
  }
  return out;
}

/** Metrics computed from what is there, leaving out a missing source (collaboration hours without calls, say). */
export function partialByAvailability(a: ExportAvailability): DisabledFeature[] {
  return PERSON_WEEK_METRICS.flatMap((m) => {
    const s = inputStatus(m.inputs, a);
    return s.partial.length ? [{ kind: 'metric' as const, id: m.name, label: m.label, missing: s.partial }] : [];
  });
}

/** Every column reference declared anywhere (analyses, their needs by parameter excluded, metrics, result columns). */
export function declaredColumnRefs(): { where: string; ref: ColumnRef }[] {
  const refs = (where: string, i: Inputs) => [...needRefs(i.needs), ...i.reads].map((ref) => ({ where, ref }));
  return [
    ...ANALYSES.flatMap((d) => [...refs(d.id, d.inputs), ...ownColumns(d).flatMap((c) => refs(`${d.id}.${c.name}`, c.inputs!))]),
    ...PERSON_WEEK_METRICS.flatMap((m) => refs(m.name, m.inputs)),
  ];
}

export type { Need };
