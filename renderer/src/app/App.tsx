/** The app shell: sidebar, the screens (kept alive once opened, so work is not lost), dialogs. */
import { useCallback, useEffect, useRef, useState, type ComponentType } from 'react';
import { ErrorNotice } from '../components/Notice.js';
import { useTheme } from '../theme/ThemeProvider.js';
import { AnalysesScreen } from '../screens/analyses/AnalysesScreen.js';
import { AuditScreen } from '../screens/audit/AuditScreen.js';
import { BrowseScreen } from '../screens/browse/BrowseScreen.js';
import { ConnectScreen } from '../screens/connect/ConnectScreen.js';
import { DatasetsScreen } from '../screens/datasets/DatasetsScreen.js';
import { ExportScreen } from '../screens/export/ExportScreen.js';
import { ImportScreen } from '../screens/import/ImportScreen.js';
import { SqlScreen } from '../screens/sql/SqlScreen.js';
import { SCREENS, useNavigation, type ScreenId } from './navigation.js';
import { InterruptedBanner } from './InterruptedBanner.js';
import { ShortcutsDialog } from './ShortcutsDialog.js';
import { useGlobalShortcuts } from './shortcuts.js';
import { Sidebar } from './Sidebar.js';
import { useWorkspace } from './workspace.js';

export interface ScreenProps {
  /** False while another screen is showing (the screen stays mounted but hidden). */
  active: boolean;
}

const SCREEN_COMPONENTS: Record<ScreenId, ComponentType<ScreenProps>> = {
  connect: ConnectScreen,
  datasets: DatasetsScreen,
  import: ImportScreen,
  browse: BrowseScreen,
  sql: SqlScreen,
  export: ExportScreen,
  analyses: AnalysesScreen,
  audit: AuditScreen,
};

/** When the backend cannot be reached at all, say so once, above every screen. */
function BackendProblem() {
  const ws = useWorkspace();
  if (ws.status !== 'error' || !ws.error.code.startsWith('transport/')) return null;
  return (
    <div style={{ padding: 'var(--space-4) var(--space-5) 0' }}>
      <ErrorNotice
        error={ws.error}
        actions={
          <button type="button" className="btn btn--sm" onClick={ws.reload}>
            Try again
          </button>
        }
      />
    </div>
  );
}

export function App() {
  const { screen, go } = useNavigation();
  const { toggle } = useTheme();
  // Another workspace opened: every screen starts over on it (nothing of the old one's tables or jobs stays).
  // The first workspace keeps key '' so screens are not remounted when its info first arrives.
  const workspaceId = useWorkspace().value?.id;
  const firstWorkspace = useRef<string | undefined>(undefined);
  firstWorkspace.current ??= workspaceId;
  const workspaceKey = workspaceId && workspaceId !== firstWorkspace.current ? workspaceId : '';
  const [visited, setVisited] = useState<ReadonlySet<ScreenId>>(() => new Set([screen]));
  const [helpOpen, setHelpOpen] = useState(false);
  const showHelp = useCallback(() => setHelpOpen(true), []);
  const hideHelp = useCallback(() => setHelpOpen(false), []);
  useGlobalShortcuts({ go, toggleTheme: toggle, showHelp });

  useEffect(() => {
    setVisited((v) => (v.has(screen) ? v : new Set(v).add(screen)));
    const title = SCREENS.find((s) => s.id === screen)?.title;
    document.title = `${title} · WPA Explorer`;
  }, [screen]);

  return (
    <div className="app">
      <Sidebar onShowShortcuts={showHelp} />
      <main className="main" id="main">
        <BackendProblem />
        <InterruptedBanner />
        {SCREENS.filter((s) => visited.has(s.id) || s.id === screen).map((s) => {
          const Screen = SCREEN_COMPONENTS[s.id];
          return (
            <div key={`${workspaceKey}:${s.id}`} className="main" hidden={s.id !== screen} style={s.id !== screen ? { display: 'none' } : { flex: 1 }} data-screen={s.id}>
              <Screen active={s.id === screen} />
            </div>
          );
        })}
      </main>
      {helpOpen && <ShortcutsDialog onClose={hideHelp} />}
    </div>
  );
}
