/**
 * 'audit/run': the privacy audit over the workspace's export tables and datasets, as a cancellable
 * job whose report is saved in the workspace; 'audit/last': that saved report.
 */
import type { Json } from '../../../shared/api/contract.js';
import { checkMinGroupSize } from '../../../shared/privacy.js';
import { readSavedAudit, runAndSaveAudit } from '../audit/savedAudit.js';
import type { Handlers } from './apiContext.js';

const PHASE_TEXT = { profile: 'Profiling', consistency: 'Checking pseudonym consistency', 'k-anonymity': 'Measuring k-anonymity', done: 'Done' } as const;

export const auditHandlers: Handlers<'audit/run' | 'audit/last'> = {
  'audit/run': async (req, ctx) => {
    // The request's shape was checked at the boundary (shared/api/requestSchemas.ts).
    const attributes = req.attributes;
    checkMinGroupSize(req.minGroupSize ?? ctx.ws.manifest.settings.minGroupSize);
    const job = ctx.jobs.start({
      kind: 'audit',
      title: 'Privacy audit',
      run: async (job) => {
        const report = await runAndSaveAudit(ctx.ws, {
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
  'audit/last': async (_req, ctx) => readSavedAudit(ctx.ws),
};
