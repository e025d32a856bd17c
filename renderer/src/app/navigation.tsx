/**
 * Which screen is showing, and what another screen asked it to open ("Open in SQL screen",
 * "Export view…"). The screen is mirrored in the URL fragment (#/sql) so a reload stays put.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ColumnFilter, RowSource, SortSpec } from '../../../shared/api/contract.js';

export const SCREENS = [
  { id: 'connect', title: 'Connect', key: 'c', icon: 'plug' },
  { id: 'datasets', title: 'Datasets', key: 'd', icon: 'database' },
  { id: 'import', title: 'Import & join', key: 'i', icon: 'link' },
  { id: 'browse', title: 'Browse', key: 'b', icon: 'table' },
  { id: 'sql', title: 'SQL', key: 's', icon: 'code' },
  { id: 'export', title: 'Export', key: 'e', icon: 'download' },
  { id: 'analyses', title: 'Analyses', key: 'a', icon: 'chart' },
  { id: 'audit', title: 'Privacy audit', key: 'p', icon: 'shield' },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'];

/** A request from one screen to another, applied once by the screen it names. */
export type Intent =
  | { screen: 'browse'; source: RowSource }
  | { screen: 'sql'; sql: string; run?: boolean }
  | { screen: 'export'; source: RowSource; sort?: SortSpec[]; filters?: ColumnFilter[]; label: string }
  | { screen: 'datasets'; table: string }
  | { screen: 'import'; tab: 'import' | 'join'; dataset?: string }
  | { screen: 'analyses'; id: string };

export type IntentFor<S extends ScreenId> = Extract<Intent, { screen: S }> & { nonce: number };

interface NavigationState {
  screen: ScreenId;
  intent?: Intent & { nonce: number };
  go(screen: ScreenId): void;
  open(intent: Intent): void;
}

const NavigationContext = createContext<NavigationState | null>(null);

function screenFromHash(): ScreenId | undefined {
  const id = /^#\/([a-z]+)/.exec(window.location.hash)?.[1];
  return SCREENS.find((s) => s.id === id)?.id;
}

export function NavigationProvider({ initial, children }: { initial: ScreenId; children: ReactNode }) {
  const [screen, setScreen] = useState<ScreenId>(() => screenFromHash() ?? initial);
  const [intent, setIntent] = useState<(Intent & { nonce: number }) | undefined>();

  useEffect(() => {
    if (window.location.hash !== `#/${screen}`) window.history.replaceState(null, '', `#/${screen}`);
  }, [screen]);

  useEffect(() => {
    const onHash = () => {
      const s = screenFromHash();
      if (s) setScreen(s);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const go = useCallback((s: ScreenId) => setScreen(s), []);
  const open = useCallback((i: Intent) => {
    setIntent({ ...i, nonce: Date.now() + Math.random() });
    setScreen(i.screen);
  }, []);
  const value = useMemo(() => ({ screen, intent, go, open }), [screen, intent, go, open]);
  return <NavigationContext.Provider value={value}>{children}</NavigationContext.Provider>;
}

export function useNavigation(): NavigationState {
  const state = useContext(NavigationContext);
  if (!state) throw new Error('useNavigation outside <NavigationProvider>');
  return state;
}

/** The latest intent for this screen (a new object each time one is sent). */
export function useIntent<S extends ScreenId>(screen: S): IntentFor<S> | undefined {
  const { intent } = useNavigation();
  return intent?.screen === screen ? (intent as IntentFor<S>) : undefined;
}
