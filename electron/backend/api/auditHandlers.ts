/** 'audit/run': the privacy audit over the workspace's export tables and datasets, as a cancellable job. */
import type { Json } from '../../../shared/api/contract.js';
import { AppError } from '../../../shared/errors.js';
import { checkMinGroupSize } from '../../../shared/privacy.js';
import { runPrivacyAudit } from '../audit/runPrivacyAudit.js';
import type { Handlers } from './apiContext.js';

const PHASE_TEXT = { profile: 'Profiling', consistency: 'Checking pseudonym consistency', 'k-anonymity': 'Measuring k-anonymity', done: 'Done' } as const;

export const auditHandlers: Handlers<'audit/run'> = {
  'audit/run': async (req, ctx) => {
    const attributes = req?.attributes;
    if (attributes !== undefined && (!Array.isArray(attributes) || attributes.some((set) => !Array.isArray(set) || set.length === 0 || set.some((a) => typeof a !== 'string')))) {
      throw new AppError({ code: 'audit/bad-request', message: 'attributes must be a list of attribute combinations, each a non-empty list of column names.', where: { field: 'attributes' } });
    }
    if (req.minGroupSize !== undefined && typeof req.minGroupSize !== 'number') {
      throw new AppError({ code: 'audit/bad-request', message: 'The minimum group size must be a number.', where: { field: 'minGroupSize' } });
    }
    checkMinGroupSize(req.minGroupSize ?? ctx.ws.manifest.settings.minGroupSize);
    const job = ctx.jobs.start({
      kind: 'audit',
      title: 'Privacy audit',
      run: async (job) => {
        const report = await runPrivacyAudit(ctx.ws, {
          attributeSets: attributes,
          minGroupSize: req.minGroupSize,
          signal: job.signal,
          // Profiling the tables is most of the work; the last tenth is consistency and k-anonymity.
          onProgress: (p) => job.progress({ percent: p.total ? Math.round((90 * p.done) / p.total) : undefined, message: `${PHASE_TEXT[p.phase]}${p.table ? ` ${p.table}` : ''}…` }),
        });
        return report as unknown as Json;
      },
    });
    return { jobId: job.id };
  },
};
