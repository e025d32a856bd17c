/**
 * The data-quality rules of the wpa / vivainsights packages, as SQL over a person-week relation
 * (columns pid, grp, week, collaboration_hours, after_hours_hours, email_hours, emails_sent): kept
 * apart from the analysis so each rule can be checked on a handful of rows with a known answer.
 */
import { exactAvg, exactAvgOver } from './sqlParams.js';

export interface PersonCheckThresholds {
  /** identify_nkw `collab_threshold`: mean weekly collaboration below this is a non-knowledge worker. */
  nkwHours: number;
  /** identify_inactiveweeks `sd`: a week with z ≤ −sd against the person's own weeks is inactive. */
  inactiveSd: number;
  /** flag_ch_ratio `threshold`: collaboration / after-hours collaboration below low or above high. */
  chRatioLow: number;
  chRatioHigh: number;
  /** flag_em_ratio `threshold`: email hours per email sent above this. */
  emRatio: number;
}

export const PACKAGE_THRESHOLDS: PersonCheckThresholds = { nkwHours: 5, inactiveSd: 2, chRatioLow: 1, chRatioHigh: 30, emRatio: 1 };

/**
 * One row per (grp, pid) with the person's flags:
 * - nkw: mean collaboration over the person's weeks in the group < nkwHours (identify_nkw, which
 *   groups by PersonId and Organization: with grp = Organization this is the same);
 * - inactive_weeks: weeks with collaboration ≤ mean − inactiveSd × SD of the person's weeks, over all
 *   their weeks (identify_inactiveweeks groups by PersonId; SD 0 or one week flags nothing);
 * - ch_low / ch_high: the person's mean collaboration / mean after-hours collaboration over all
 *   weeks (flag_ch_ratio, per PersonId) < low or > high; no after-hours hours with some
 *   collaboration is an infinite ratio (high), neither is no ratio (R's Inf and NaN);
 * - em_high: mean email hours / mean emails sent > emRatio (flag_em_ratio, per PersonId), no emails
 *   sent with email hours being infinite.
 */
export function personChecksSql(src: string, t: PersonCheckThresholds): string {
  return `SELECT grp, pid AS person, count(*) AS weeks, ${exactAvg('collaboration_hours')} AS mean_c,
  ${exactAvg('collaboration_hours')} < ${t.nkwHours} AS nkw,
  count(*) FILTER (WHERE sd_c > 0 AND collaboration_hours <= mean_all - ${t.inactiveSd} * sd_c) AS inactive_weeks,
  any_value(CASE WHEN ah > 0 THEN ch / ah < ${t.chRatioLow} WHEN ah = 0 THEN false END) AS ch_low,
  any_value(CASE WHEN ah > 0 THEN ch / ah > ${t.chRatioHigh} WHEN ah = 0 THEN ch > 0 END) AS ch_high,
  any_value(CASE WHEN es > 0 THEN eh / es > ${t.emRatio} WHEN es = 0 THEN eh > 0 END) AS em_high
FROM (
  SELECT *,
    ${exactAvgOver('collaboration_hours', 'w')} AS mean_all, coalesce(stddev_samp(collaboration_hours) OVER w, 0) AS sd_c,
    ${exactAvgOver('collaboration_hours', 'w')} AS ch, ${exactAvgOver('after_hours_hours', 'w')} AS ah,
    ${exactAvgOver('email_hours', 'w')} AS eh, ${exactAvgOver('emails_sent', 'w')} AS es
  FROM ${src}
  WINDOW w AS (PARTITION BY pid)
)
GROUP BY grp, pid`;
}

/**
 * Holiday weeks (identify_holidayweeks): over the weekly means of collaboration hours in `src`
 * (column `mean_col`, unrounded), z = (mean − mean of weeks) / SD of weeks; a week is a holiday
 * week when z < −sd (no SD, no holiday week). `minDropPct` > 0 (not in the packages) also asks the week to be that many
 * percent below the mean of weeks, so ordinary week-to-week noise is not called a holiday.
 */
export function holidayWeeksSql(src: string, meanCol: string, sd: number, minDropPct: number): string {
  return `SELECT *, coalesce(z_score < -${sd}, false) AND ${meanCol} <= (1 - ${minDropPct} / 100.0) * mu AS holiday_week FROM (
  SELECT *, ${exactAvgOver(meanCol, '()')} AS mu, (${meanCol} - ${exactAvgOver(meanCol, '()')}) / nullif(stddev_samp(${meanCol}) OVER (), 0) AS z_score FROM ${src})`;
}
