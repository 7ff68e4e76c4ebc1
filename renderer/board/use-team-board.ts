import { useEffect, useState } from 'react';
import type { BoardAgent } from '../../core/protocol/presence';
import type { LiveChannel } from '../sync/live-channel';

/** Backstop for a missed hint: the board is read again at least this often while connected. */
const REFRESH_MS = 15_000;
/** Many hints at once (a bootstrap's pokes, a shift starting) become one read. */
const HINT_DELAY_MS = 300;

export type TeamBoardState =
  | { readonly status: 'loading' }
  | { readonly status: 'live' | 'stale'; readonly at: string; readonly agents: readonly BoardAgent[] }
  | { readonly status: 'unavailable'; readonly message: string };

/**
 * The live team board: read from the server when it opens, when someone's availability changes, when a
 * ticket change is poked, and every 15 s. When the connection goes the last board stays on screen,
 * marked with the time it was read, instead of pretending to be live.
 */
export function useTeamBoard(live: LiveChannel): TeamBoardState {
  const [state, setState] = useState<TeamBoardState>({ status: 'loading' });
  useEffect(() => {
    let alive = true;
    let hint: ReturnType<typeof setTimeout> | undefined;
    const read = async () => {
      const response = await live.teamBoard();
      if (!alive) return;
      if (response === null) {
        setState((previous) => ('agents' in previous ? { ...previous, status: 'stale' } : { status: 'unavailable', message: 'The team board needs a connection to the server; it will appear when you are back online.' }));
      } else if (!response.ok) {
        setState({ status: 'unavailable', message: response.error.message });
      } else {
        setState({ status: 'live', at: response.at, agents: response.agents });
      }
    };
    const soon = () => {
      clearTimeout(hint);
      hint = setTimeout(() => void read(), HINT_DELAY_MS);
    };
    void read();
    const timer = setInterval(() => void read(), REFRESH_MS);
    const unsubscribe = [live.onPresenceChanged(soon), live.onPoked(soon), live.onConnectionChanged(soon)];
    return () => {
      alive = false;
      clearTimeout(hint);
      clearInterval(timer);
      unsubscribe.forEach((stop) => stop());
    };
  }, [live]);
  return state;
}
