/**
 * Browser-mode transport: JSON over HTTP to the local server, events over server-sent events.
 *
 * The server prints a URL with a per-run token in the fragment (`#token=…`). The fragment never
 * reaches server logs; we move the token to sessionStorage and remove it from the visible URL, so a
 * copied address or a screenshot does not carry it.
 */
import type { ApiName, ApiRequest, ApiResponse, BackendEvent, Result } from '../../../shared/api/contract.js';
import type { AppErrorData } from '../../../shared/errors.js';
import { transportError, type RendererApi } from './transport.js';
import { uploadFile } from './uploadFile.js';

const TOKEN_KEY = 'wpa-explorer.token';

/** Take the token from `#token=…` (then hide it), or from this tab's session. */
export function takeAccessToken(): string | undefined {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (match) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

function isResult(value: unknown): value is Result<unknown> {
  return typeof value === 'object' && value !== null && 'ok' in value && typeof (value as { ok: unknown }).ok === 'boolean';
}

export function createHttpClient(token: string | undefined, baseUrl = '/'): RendererApi {
  const listeners = new Set<(e: BackendEvent) => void>();
  let events: EventSource | undefined;

  function openEvents(): void {
    if (events || !token) return;
    events = new EventSource(`${baseUrl}api/events?token=${encodeURIComponent(token)}`);
    events.onmessage = (message: MessageEvent<string>) => {
      let event: BackendEvent;
      try {
        event = JSON.parse(message.data) as BackendEvent;
      } catch {
        return;
      }
      for (const listener of listeners) listener(event);
    };
  }

  const noToken = (): { ok: false; error: AppErrorData } => ({
    ok: false,
    error: transportError('no-token', 'This page was opened without its access token.', 'Open the link that "npm run serve" printed; it ends with #token=….'),
  });

  async function call<N extends ApiName>(name: N, request: ApiRequest<N>): Promise<Result<ApiResponse<N>>> {
    if (!token) return noToken();
    let response: Response;
    try {
      response = await fetch(`${baseUrl}api/call/${name}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(request),
      });
    } catch {
      return {
        ok: false,
        error: transportError('unreachable', 'The WPA Explorer backend is not answering.', 'Check that "npm run serve" (or the desktop app) is still running, then try again.'),
      };
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    if (isResult(body)) return body as Result<ApiResponse<N>>;
    if (response.status === 401 || response.status === 403) {
      return {
        ok: false,
        error: transportError('unauthorized', 'The backend refused this page’s access token.', 'The server was probably restarted: open the new link it printed.'),
      };
    }
    return {
      ok: false,
      error: transportError('bad-response', `The backend answered "${name}" with HTTP ${response.status} and no result.`, 'This is a bug in WPA Explorer; please report it with the steps that led here.'),
    };
  }

  return {
    transport: 'browser',
    call,
    onEvent(listener) {
      listeners.add(listener);
      openEvents();
      return () => {
        listeners.delete(listener);
      };
    },
    downloadUrl(jobId) {
      return token ? `${baseUrl}api/download/${encodeURIComponent(jobId)}?token=${encodeURIComponent(token)}` : undefined;
    },
    // The page cannot see the file's path, so the file travels to the backend.
    pathForFile: async (file, options) => (token ? uploadFile(baseUrl, token, file, options) : noToken()),
  };
}
