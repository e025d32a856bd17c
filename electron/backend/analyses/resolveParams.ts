/**
 * Check the parameters a caller gave against an analysis's declared ones: unknown names, types,
 * ranges, enum values and ISO dates are refused with a message naming the parameter. Values are
 * only ever put into SQL after this (numbers as numbers, strings quoted by the catalogue).
 */
import { AppError } from '../../../shared/errors.js';
import type { AnalysisDef, AnalysisParam, ParamValues } from '../../../shared/analyses/types.js';

type Given = Record<string, string | number | boolean | null | undefined>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function bad(p: AnalysisParam, message: string): AppError {
  return new AppError({ code: 'analysis/bad-param', message: `Parameter "${p.name}" ${message}`, where: { field: p.name } });
}

function resolveOne(p: AnalysisParam, raw: string | number | boolean): string | number | boolean {
  switch (p.kind) {
    case 'integer':
    case 'number': {
      const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
      if (!Number.isFinite(n) || (p.kind === 'integer' && !Number.isInteger(n))) throw bad(p, `must be a ${p.kind === 'integer' ? 'whole number' : 'number'}, got "${raw}".`);
      if (p.min !== undefined && n < p.min) throw bad(p, `must be at least ${p.min}, got ${n}.`);
      if (p.max !== undefined && n > p.max) throw bad(p, `must be at most ${p.max}, got ${n}.`);
      return n;
    }
    case 'boolean':
      if (raw === true || raw === 'true' || raw === '1' || raw === 'yes') return true;
      if (raw === false || raw === 'false' || raw === '0' || raw === 'no') return false;
      throw bad(p, `must be true or false, got "${raw}".`);
    case 'enum':
      if (!p.options?.includes(String(raw))) throw bad(p, `must be one of ${p.options?.join(', ')}, got "${raw}".`);
      return String(raw);
    case 'date': {
      const s = String(raw).trim();
      if (!ISO_DATE.test(s) || Number.isNaN(Date.parse(`${s}T00:00:00Z`))) throw bad(p, `must be a date as YYYY-MM-DD, got "${raw}".`);
      return s;
    }
    case 'attribute':
      return String(raw);
    case 'text': {
      // Free text is only ever put into SQL as quoted literals; a bound keeps it a setting, not a payload.
      const s = String(raw);
      if (s.length > 1000) throw bad(p, `must be at most 1000 characters, got ${s.length}.`);
      return s;
    }
  }
}

export function resolveParams(def: AnalysisDef, given: Given = {}): ParamValues {
  for (const key of Object.keys(given)) {
    if (!def.params.some((p) => p.name === key)) {
      throw new AppError({ code: 'analysis/unknown-param', message: `Analysis "${def.id}" has no parameter "${key}".`, hint: `Parameters: ${def.params.map((p) => p.name).join(', ') || 'none'}.` });
    }
  }
  const out: ParamValues = {};
  for (const p of def.params) {
    const raw = given[p.name];
    const empty = raw === undefined || raw === null || raw === '';
    // An optional attribute given as empty means "none"; anything else empty takes the default.
    if (empty && p.kind === 'attribute' && p.optional && raw !== undefined) out[p.name] = null;
    else if (empty) out[p.name] = p.default;
    else out[p.name] = resolveOne(p, raw);
  }
  const from = out.from;
  const to = out.to;
  if (typeof from === 'string' && typeof to === 'string' && from > to) {
    throw new AppError({ code: 'analysis/bad-param', message: `The period starts (${from}) after it ends (${to}).`, where: { field: 'from' } });
  }
  if (typeof out.workStart === 'number' && typeof out.workEnd === 'number' && out.workStart >= out.workEnd) {
    throw new AppError({ code: 'analysis/bad-param', message: `Working hours must end after they start (${out.workStart}:00–${out.workEnd}:00).`, where: { field: 'workEnd' } });
  }
  return out;
}
