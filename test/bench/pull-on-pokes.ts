import type { Change, PokedPage, SyncPoke } from '../../core/protocol/sync-messages';
import type { SyncTestClient } from '../support/sync-test-client';

/**
 * Makes `client` follow pokes as the workstation's sync does: a page a poke carries is taken as the pull
 * it stands for when it follows on from the cursor; otherwise the client pulls, one pull at a time, and
 * pokes that come meanwhile are looked at once it is done. `pulled` gets each batch and when it arrived.
 * A failed pull (rate limited while catching up) is tried again shortly. Returns a function that stops
 * listening.
 */
export function pullOnPokes(client: SyncTestClient, pulled: (changes: readonly Change[], at: number) => void): () => void {
  let pulling = false;
  let stopped = false;
  const queued: PokedPage[] = [];
  let bare = false;
  /** Takes the queued pages that follow on; false when one leaves a gap (a pull is needed). */
  const takeQueued = (): boolean => {
    for (const page of queued.splice(0)) {
      if (page.cursor <= client.cursor) continue;
      if (client.cursor < page.from) return false;
      client.cursor = page.cursor;
      if (!stopped) pulled(page.changes, performance.now());
    }
    return true;
  };
  const onPoke = async (poke: SyncPoke) => {
    if (poke.page) queued.push(poke.page);
    else bare = true;
    if (pulling) return;
    pulling = true;
    while (!stopped && (bare || queued.length > 0)) {
      if (!bare && takeQueued()) continue;
      bare = false;
      queued.length = 0;
      try {
        const changes = await client.pullAll();
        if (!stopped) pulled(changes, performance.now());
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 250));
        bare = !stopped;
      }
    }
    pulling = false;
  };
  client.socket.on('sync:poke', onPoke);
  return () => {
    stopped = true;
    client.socket.off('sync:poke', onPoke);
  };
}
