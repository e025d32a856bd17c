/**
 * The SDK client for a checked SAS, with retry settings that fail an unreachable host fast
 * (the SDK's defaults take ~16 s), and a helper to bound one call by a timeout and the user's signal.
 */
import type { ContainerClient } from '@azure/storage-blob';
import { AppError } from '../../../shared/errors.js';
import { azureError, type AzureErrorContext } from './errors.js';
import type { SasInfo } from './sas.js';

/** Each listing call (one page) must answer within this; the whole connect check stays under 10 s. */
export const REQUEST_TIMEOUT_MS = 8000;

export async function containerClientFor(sas: SasInfo): Promise<ContainerClient> {
  // The SDK takes ~0.3 s to load: only work that talks to Azure pays for it (not `--help`, not ingest).
  const { AnonymousCredential, ContainerClient } = await import('@azure/storage-blob');
  // Few, quick SDK-level retries: downloads retry ranges themselves with their own backoff.
  return new ContainerClient(sas.uri, new AnonymousCredential(), {
    retryOptions: { maxTries: 3, retryDelayInMs: 300, maxRetryDelayInMs: 1500 },
    keepAliveOptions: { enable: true },
  });
}

export function cancelledError(what = 'Sync'): AppError {
  return new AppError({ code: 'cancelled', message: `${what} cancelled`, hint: 'Run it again to continue: completed files and ranges are kept.' });
}

/**
 * Run one request with a deadline. A deadline hit becomes `network/timeout`, the user's abort
 * becomes `cancelled`, anything else is mapped by `azureError`.
 */
export async function withDeadline<T>(ctx: AzureErrorContext, timeoutMs: number, signal: AbortSignal | undefined, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  if (signal?.aborted) throw cancelledError();
  const deadline = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
  try {
    return await call(combined);
  } catch (e) {
    if (signal?.aborted) throw cancelledError();
    if (deadline.aborted) throw azureError(e, { ...ctx, timedOutAfterMs: timeoutMs });
    throw azureError(e, ctx);
  }
}
