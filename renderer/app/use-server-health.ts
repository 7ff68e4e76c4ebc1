import { useEffect, useState } from 'react';

export type ServerHealth =
  | { readonly state: 'checking' }
  | { readonly state: 'online'; readonly version: string; readonly schemaVersion: number }
  | { readonly state: 'offline'; readonly reason: string };

const RETRY_MS = 5_000;

/** Polls the sync server's health endpoint; offline is a normal state for this app, not an error page. */
export function useServerHealth(): ServerHealth {
  const [health, setHealth] = useState<ServerHealth>({ state: 'checking' });
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async () => {
      try {
        const response = await fetch('/api/health', { cache: 'no-store' });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const body = (await response.json()) as { version: string; schemaVersion: number };
        if (!cancelled) setHealth({ state: 'online', version: body.version, schemaVersion: body.schemaVersion });
      } catch (error) {
        if (!cancelled) setHealth({ state: 'offline', reason: error instanceof Error ? error.message : 'unreachable' });
      }
      if (!cancelled) timer = setTimeout(() => void check(), RETRY_MS);
    };
    void check();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, []);
  return health;
}
