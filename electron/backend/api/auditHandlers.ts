/** 'audit/run': the privacy audit over the workspace's export tables and datasets. */
import type { AuditReport } from '../../../shared/api/contract.js';
import { runPrivacyAudit } from '../audit/runPrivacyAudit.js';
import type { Handlers } from './apiContext.js';

export const auditHandlers: Handlers<'audit/run'> = {
  'audit/run': async (req, ctx) => {
    const report: AuditReport = await runPrivacyAudit(ctx.ws, { attributeSets: req.attributes, minGroupSize: req.minGroupSize });
    return report;
  },
};
