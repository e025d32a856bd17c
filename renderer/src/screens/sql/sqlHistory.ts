/** Queries run on this machine, newest first, kept in localStorage (never sent anywhere). */
import { useCallback, useState } from 'react';

export interface HistoryEntry {
  sql: string;
  at: string;
  ok: boolean;
  rows?: number;
  seconds?: number;
  error?: string;
}

const KEY = 'wpa-explorer.sqlHistory';
const MAX = 100;

function load(): HistoryEntry[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? (parsed as HistoryEntry[]).filter((e) => typeof e?.sql === 'string') : [];
  } catch {
    return [];
  }
}

export function useSqlHistory(): { entries: HistoryEntry[]; add(e: HistoryEntry): void; clear(): void } {
  const [entries, setEntries] = useState<HistoryEntry[]>(load);
  const add = useCallback((entry: HistoryEntry) => {
    setEntries((list) => {
      const next = [entry, ...list.filter((e) => e.sql.trim() !== entry.sql.trim())].slice(0, MAX);
      localStorage.setItem(KEY, JSON.stringify(next));
      return next;
    });
  }, []);
  const clear = useCallback(() => {
    localStorage.removeItem(KEY);
    setEntries([]);
  }, []);
  return { entries, add, clear };
}
