/**
 * React access to the backend: `useApi` for the client, `useApiQuery` for data a screen shows,
 * `useApiAction` for calls the user starts. All are typed from the contract's call map.
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { ApiName, ApiRequest, ApiResponse, Result } from '../../../shared/api/contract.js';
import type { AppErrorData } from '../../../shared/errors.js';
import type { RendererApi } from './transport.js';

export const ApiContext = createContext<RendererApi | null>(null);

export function useApi(): RendererApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside <ApiContext.Provider>');
  return api;
}

/** The state of one call; `value` keeps the previous answer while a reload is running. */
export type CallState<T> =
  | { status: 'idle'; value?: undefined; error?: undefined }
  | { status: 'loading'; value?: T; error?: undefined }
  | { status: 'ok'; value: T; error?: undefined }
  | { status: 'error'; value?: T; error: AppErrorData };

/**
 * Run a call whenever its request changes (compared as JSON); `null` means "not yet".
 * Answers to superseded requests are dropped.
 */
export function useApiQuery<N extends ApiName>(name: N, request: ApiRequest<N> | null, reloadKey: unknown = 0): CallState<ApiResponse<N>> & { reload(): void } {
  const api = useApi();
  const [state, setState] = useState<CallState<ApiResponse<N>>>({ status: 'idle' });
  const [nonce, setNonce] = useState(0);
  const key = request === null ? null : JSON.stringify(request);
  const requestRef = useRef(request);
  requestRef.current = request;

  useEffect(() => {
    if (key === null || requestRef.current === null) {
      setState({ status: 'idle' });
      return;
    }
    let live = true;
    setState((s) => ({ status: 'loading', value: s.value }));
    void api.call(name, requestRef.current).then((r) => {
      if (!live) return;
      setState((s) => (r.ok ? { status: 'ok', value: r.value } : { status: 'error', error: r.error, value: s.value }));
    });
    return () => {
      live = false;
    };
  }, [api, name, key, nonce, reloadKey]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { ...state, reload };
}

/** A call the user starts (a button, a shortcut); only the latest run updates the state. */
export function useApiAction<N extends ApiName>(name: N): {
  state: CallState<ApiResponse<N>>;
  run(request: ApiRequest<N>): Promise<Result<ApiResponse<N>>>;
  reset(): void;
} {
  const api = useApi();
  const [state, setState] = useState<CallState<ApiResponse<N>>>({ status: 'idle' });
  const latest = useRef(0);
  const run = useCallback(
    async (request: ApiRequest<N>) => {
      const id = ++latest.current;
      setState((s) => ({ status: 'loading', value: s.value }));
      const r = await api.call(name, request);
      if (id === latest.current) setState(r.ok ? { status: 'ok', value: r.value } : { status: 'error', error: r.error });
      return r;
    },
    [api, name],
  );
  const reset = useCallback(() => {
    latest.current++;
    setState({ status: 'idle' });
  }, []);
  return { state, run, reset };
}
