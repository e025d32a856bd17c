/**
 * Planted effect 3: each seller has a latent external propensity z ~ N(0, 1) that drives both how
 * much customer-facing work they do with external collaborators and their sales outcomes.
 */
import type { Random } from './prng.js';

/** Customer threads, meetings and calls a seller starts per week at z = 0; scaled by exp(slope·z). */
export const CUSTOMER_ACTIVITY_PER_WEEK = { threads: 2.5, meetings: 0.7, calls: 0.6 } as const;
export const PROPENSITY_SLOPE = 0.8;
/** Chance that anyone's ordinary thread, meeting or call includes an external collaborator. */
export const EXTERNAL_CHANCE = 0.02;
/** Chance that a customer thread / meeting / call also brings in one internal colleague. */
export const CUSTOMER_COLLEAGUE_CHANCE = 0.3;

export function customerActivityMean(perWeek: number, propensity: number): number {
  return perWeek * Math.exp(PROPENSITY_SLOPE * propensity);
}

/** Outcome = intercept + slope·z + noise·ε, clamped; the numbers are reported in `planted`. */
export const OUTCOME_MODEL = {
  QuotaAttainment: { intercept: 0.92, slope: 0.16, noise: 0.1, min: 0.15, max: 1.9, decimals: 2 },
  CSAT: { intercept: 4.0, slope: 0.3, noise: 0.3, min: 1, max: 5, decimals: 2 },
  /** Revenue = annual quota (by level) × QuotaAttainment × (1 + noise·ε). */
  Revenue: { quotaByLevel: { 'Individual Contributor': 600_000, 'Senior Individual Contributor': 900_000, Principal: 1_200_000, default: 1_000_000 }, noise: 0.08 },
} as const;

export interface SellerOutcome {
  quotaAttainment: number;
  revenue: number;
  csat: number;
}

function linear(m: { intercept: number; slope: number; noise: number; min: number; max: number; decimals: number }, z: number, rng: Random): number {
  const v = Math.min(m.max, Math.max(m.min, m.intercept + m.slope * z + m.noise * rng.normal()));
  const f = 10 ** m.decimals;
  return Math.round(v * f) / f;
}

export function sellerOutcome(propensity: number, level: string, rng: Random): SellerOutcome {
  const quotaAttainment = linear(OUTCOME_MODEL.QuotaAttainment, propensity, rng);
  const quotas: Record<string, number> = OUTCOME_MODEL.Revenue.quotaByLevel;
  const quota = quotas[level] ?? OUTCOME_MODEL.Revenue.quotaByLevel.default;
  const revenue = Math.max(0, Math.round(quota * quotaAttainment * (1 + OUTCOME_MODEL.Revenue.noise * rng.normal())));
  const csat = linear(OUTCOME_MODEL.CSAT, propensity, rng);
  return { quotaAttainment, revenue, csat };
}
