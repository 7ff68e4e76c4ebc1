import { useEffect, useState } from 'react';
import { afterFirstScreen } from './first-screen';

/** How long a deferred read waits for the queue's first screen at most. */
export const DEFERRED_READ_CAP_MS = 1_000;

/** False until the queue has shown its first rows (or the cap passed): the signal for reads that can wait. */
export function useAfterFirstScreen(capMs = DEFERRED_READ_CAP_MS): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    void afterFirstScreen(capMs).then(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, [capMs]);
  return ready;
}
