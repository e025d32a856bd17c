/**
 * App-wide keyboard shortcuts. Outside text fields: "g" then a screen's letter goes there,
 * "?" lists the shortcuts, "t" switches light/dark. Alt+1…9 also switch screens, in sidebar order.
 */
import { useEffect } from 'react';
import { SCREENS, type ScreenId } from './navigation.js';

export const SHORTCUTS: { keys: string[]; what: string }[] = [
  ...SCREENS.map((s, i) => ({ keys: [`G ${s.key.toUpperCase()}`, `Alt+${i + 1}`], what: `Go to ${s.title}` })),
  { keys: ['Ctrl+Enter', '⌘+Enter'], what: 'Run the SQL in the editor' },
  { keys: ['Esc'], what: 'Cancel the running query (in the SQL editor)' },
  { keys: ['Ctrl+Space'], what: 'Complete a table or column name' },
  { keys: ['Ctrl+C', '⌘+C'], what: 'Copy selected grid rows with headers' },
  { keys: ['T'], what: 'Switch between light and dark theme' },
  { keys: ['?'], what: 'Show these shortcuts' },
];

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || !!target.closest('.cm-editor, .ag-root-wrapper');
}

export function useGlobalShortcuts(handlers: { go(s: ScreenId): void; toggleTheme(): void; showHelp(): void }): void {
  const { go, toggleTheme, showHelp } = handlers;
  useEffect(() => {
    let pendingG = 0;
    const onKey = (e: KeyboardEvent) => {
      const digit = /^Digit([1-9])$/.exec(e.code)?.[1];
      if (e.altKey && !e.ctrlKey && !e.metaKey && digit && Number(digit) <= SCREENS.length) {
        e.preventDefault();
        go(SCREENS[Number(digit) - 1].id);
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const key = e.key.toLowerCase();
      if (pendingG && Date.now() - pendingG < 1500) {
        pendingG = 0;
        const screen = SCREENS.find((s) => s.key === key);
        if (screen) {
          e.preventDefault();
          go(screen.id);
        }
        return;
      }
      if (key === 'g') pendingG = Date.now();
      else if (e.key === '?') showHelp();
      else if (key === 't') toggleTheme();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, toggleTheme, showHelp]);
}
