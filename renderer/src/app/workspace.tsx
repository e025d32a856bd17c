/** The open workspace (tables, row counts, minimum group size), re-read whenever the backend says it changed. */
import { createContext, useContext, type ReactNode } from 'react';
import type { WorkspaceInfo } from '../../../shared/api/contract.js';
import { useWorkspaceVersion } from '../api/jobs.js';
import { useApiQuery, type CallState } from '../api/useApi.js';

type WorkspaceState = CallState<WorkspaceInfo> & { reload(): void };

const WorkspaceContext = createContext<WorkspaceState | null>(null);
const NO_REQUEST = {};

export function WorkspaceProvider({ children }: { children: ReactNode }) {
  const version = useWorkspaceVersion();
  const state = useApiQuery('workspace/info', NO_REQUEST, version);
  return <WorkspaceContext.Provider value={state}>{children}</WorkspaceContext.Provider>;
}

export function useWorkspace(): WorkspaceState {
  const state = useContext(WorkspaceContext);
  if (!state) throw new Error('useWorkspace outside <WorkspaceProvider>');
  return state;
}
