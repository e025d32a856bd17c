/**
 * Every Azure Storage or network failure as a friendly AppError: a stable code, a short message,
 * a hint saying what to do. Messages pass through `redactSas`, so no signature can leak through
 * an error even if a server or the SDK echoes the request URL.
 */
import { AppError } from '../../../shared/errors.js';
import { redactSas } from './sas.js';

export interface AzureErrorContext {
  /** host[:port] of the storage account, for messages. */
  host: string;
  container?: string;
  /** The blob being read, when the failure is about one file. */
  blob?: string;
  /** Our own timer fired (not the user's cancel). */
  timedOutAfterMs?: number;
}

/** The SDK's RestError, recognised by name as the SDK's own `isRestError` does (no SDK load for it). */
interface RestErrorLike extends Error {
  statusCode?: number;
  code?: string;
  details?: unknown;
}

function isRestError(e: unknown): e is RestErrorLike {
  return e instanceof Error && e.name === 'RestError';
}

const NEW_SAS = 'Ask the Workplace Analytics admin for a new container SAS URI with Read and List permissions (sp=rl).';

function err(code: string, message: string, hint: string): AppError {
  return new AppError({ code, message: redactSas(message), hint: redactSas(hint) });
}

/** The Azure error code of a failed request (x-ms-error-code), when there is one. */
export function azureErrorCode(e: unknown): string | undefined {
  if (!isRestError(e)) return undefined;
  const details = e.details as { errorCode?: string } | undefined;
  return details?.errorCode ?? (typeof e.code === 'string' && /^[A-Z][A-Za-z]+$/.test(e.code) ? e.code : undefined);
}

export function httpStatus(e: unknown): number | undefined {
  return isRestError(e) ? e.statusCode : undefined;
}

/** Node's system error code (ECONNREFUSED, …), on a RestError or a plain Error. */
export function networkErrorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$|^(UND_ERR|ERR_)|CERT|SELF_SIGNED|UNABLE_TO/.test(code)) return code;
  return undefined;
}

export function isAbortError(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

/** Worth retrying: the connection dropped, timed out, or the service was briefly unwell. */
export function isTransient(e: unknown): boolean {
  const status = httpStatus(e);
  if (status !== undefined && status !== 0) return status === 408 || status === 429 || status >= 500;
  const net = networkErrorCode(e);
  if (net && /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|ECONNABORTED|ENOTFOUND|UND_ERR_SOCKET|REQUEST_SEND_ERROR)$/.test(net)) return true;
  if (isAbortError(e)) return true; // a body cut mid-stream surfaces as AbortError (azure-sdk-for-js#32268)
  const message = e instanceof Error ? e.message : '';
  return /socket hang up|aborted|Data corruption failure|premature close|other side closed|terminated/i.test(message);
}

/** Map a failure to the AppError the user sees. */
export function azureError(e: unknown, ctx: AzureErrorContext): AppError {
  if (e instanceof AppError) return e;
  const where = ctx.container ? `container "${ctx.container}" on ${ctx.host}` : ctx.host;
  if (ctx.timedOutAfterMs !== undefined) {
    return err(
      'network/timeout',
      `${ctx.host} did not answer within ${Math.round(ctx.timedOutAfterMs / 1000)} s`,
      'Check the network connection, VPN or proxy; a firewall may be blocking Azure Storage (port 443).',
    );
  }
  const status = httpStatus(e);
  const azure = azureErrorCode(e);
  switch (azure) {
    case 'AuthenticationFailed':
    case 'AuthorizationFailure':
    case 'InvalidAuthenticationInfo':
    case 'NoAuthenticationInformation':
      return err(
        'azure/auth-failed',
        `The storage account refused the SAS for ${where}`,
        `The SAS may have expired or been revoked (key rotated, access policy removed), been cut when copied, or be for another container. ${NEW_SAS}`,
      );
    case 'AuthorizationPermissionMismatch':
    case 'AuthorizationResourceTypeMismatch':
    case 'AuthorizationServiceMismatch':
      return err('azure/permission', `The SAS does not allow reading and listing ${where}`, NEW_SAS);
    case 'AuthorizationSourceIPMismatch':
      return err('azure/ip-not-allowed', `The SAS does not allow access from this computer's IP address`, 'The SAS is restricted to other IP addresses: connect from the allowed network, or ask for a SAS without an IP restriction (or with yours).');
    case 'AuthorizationProtocolMismatch':
      return err('azure/https-required', `The SAS only allows https, but ${ctx.host} was reached over http`, 'Use the https:// form of the URI.');
    case 'ContainerNotFound':
      return err('azure/container-not-found', `There is no container "${ctx.container ?? '?'}" on ${ctx.host}`, 'Check the container name in the URI (the part after the host, before "?"), or ask for the current SAS URI.');
    case 'BlobNotFound':
      return err('azure/blob-not-found', `${ctx.blob ?? 'A file'} was deleted from the container during the sync`, 'The export is probably being refreshed right now. Run sync again in a few minutes.');
    case 'ConditionNotMet':
      return err('azure/blob-changed', `${ctx.blob ?? 'A file'} changed on the server during the download`, 'The export is probably being refreshed right now. Run sync again in a few minutes.');
    case 'AccountIsDisabled':
      return err('azure/account-disabled', `The storage account on ${ctx.host} is disabled`, 'Ask the Azure administrator to re-enable the storage account.');
    case 'ServerBusy':
    case 'OperationTimedOut':
    case 'InternalError':
      return err('azure/busy', `Azure Storage on ${ctx.host} is busy or failing (${azure})`, 'Wait a few minutes and run sync again; completed files are kept.');
  }
  const net = networkErrorCode(e);
  switch (net) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return err('network/host-not-found', `Cannot find the host ${ctx.host}`, 'Check the storage account name in the URI, and that this computer is online (DNS, VPN, proxy).');
    case 'ECONNREFUSED':
      return err('network/connection-refused', `${ctx.host} refused the connection`, 'Nothing is listening at that address: check the host and port in the URI (for a local emulator, that it is running).');
    case 'ETIMEDOUT':
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return err('network/unreachable', `${ctx.host} cannot be reached (${net})`, 'Check the network connection, VPN or proxy; a firewall may be blocking Azure Storage (port 443).');
    case 'ECONNRESET':
    case 'EPIPE':
      return err('network/connection-lost', `The connection to ${ctx.host} was cut (${net})`, 'Run sync again: completed files and ranges are kept and the download resumes.');
  }
  if (net && /CERT|SELF_SIGNED|UNABLE_TO/.test(net)) {
    return err('network/tls', `The secure connection to ${ctx.host} could not be verified (${net})`, 'A proxy or firewall may be inspecting HTTPS: ask IT for its root certificate and set NODE_EXTRA_CA_CERTS to it.');
  }
  if (status === 403) return err('azure/auth-failed', `The storage account refused the SAS for ${where} (403)`, NEW_SAS);
  if (status === 404) return err('azure/not-found', `Not found on ${ctx.host}: ${ctx.blob ?? ctx.container ?? ''}`, 'Check the URI, or ask for the current SAS URI.');
  if (status !== undefined && status >= 500) return err('azure/busy', `Azure Storage on ${ctx.host} failed (HTTP ${status})`, 'Wait a few minutes and run sync again; completed files are kept.');
  if (isTransient(e)) return err('network/connection-lost', `The connection to ${ctx.host} was cut`, 'Run sync again: completed files and ranges are kept and the download resumes.');
  const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
  return err('azure/request-failed', `Request to ${ctx.host} failed${status ? ` (HTTP ${status}${azure ? ` ${azure}` : ''})` : ''}: ${message}`, 'Run sync again; if it keeps failing, report this message.');
}
