/** 'jobs/*': what is running or finished, and cancel. */
import type { Handlers } from './apiContext.js';

export const jobsHandlers: Handlers<'jobs/list' | 'jobs/cancel'> = {
  'jobs/list': async (_req, ctx) => ({ jobs: ctx.jobs.list() }),
  'jobs/cancel': async (req, ctx) => ({ cancelled: ctx.jobs.cancel(req.jobId) }),
};
