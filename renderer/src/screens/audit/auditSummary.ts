/**
 * The audit summary's counts, beside "Findings (n)": every severity the findings table shows, info
 * included, so the counts add up to the findings listed.
 */
import type { AuditReport } from '../../../../shared/audit/types.js';
import { countOf } from '../../../../shared/format/plural.js';

export function summaryCounts(s: Pick<AuditReport['summary'], 'alerts' | 'warnings' | 'risks' | 'infos'>): string {
  return `${countOf(s.alerts, 'alert')} · ${countOf(s.warnings, 'warning')} · ${countOf(s.risks, 'risk')} · ${countOf(s.infos, 'info', 'info')}`;
}
