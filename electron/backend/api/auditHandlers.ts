/** 'audit/run': the privacy audit over the workspace's export tables and datasets. */
import type { AuditReport } from '../../../shared/api/contract.js';
import { AppError } from '../../../shared/errors.js';
import { runPrivacyAudit } from '../audit/runPrivacyAudit.js';
import type { Handlers } from './apiContext.js';

export const auditHandlers: Handlers<'audit/run'> = {
  'audit/run': async (req, ctx) => {
    const attributes = req?.attributes;
    if (attributes !== undefined && (!Array.isArray(attributes) || attributes.some((set) => !Array.isArray(set) || set.length === 0 || set.some((a) => typeof a !== 'string')))) {
      throw new AppError({ code: 'audit/bad-request', message: 'attributes must be a list of attribute combinations, each a non-empty list of column names.', where: { field: 'attributes' } });
    }
    if (req.minGroupSize !== undefined && typeof req.minGroupSize !== 'number') {
      throw new AppError({ code: 'audit/bad-request', message: 'The minimum group size must be a number.', where: { field: 'minGroupSize' } });
    }
    const report: AuditReport = await runPrivacyAudit(ctx.ws, { attributeSets: attributes, minGroupSize: req.minGroupSize });
    return report;
  },
};
