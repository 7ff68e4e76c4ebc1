import type { Change } from '../../core/protocol/sync-messages';
import type { SyncTestClient } from '../support/sync-test-client';

/**
 * Makes `client` pull on every poke, one pull at a time, as the workstation's sync does: pokes that come
 * while it pulls make it pull once more. `pulled` gets each batch and when it arrived. A failed pull (rate
 * limited while catching up) is tried again shortly. Returns a function that stops listening.
 */
export function pullOnPokes(client: SyncTestClient, pulled: (changes: readonly Change[], at: number) => void): () => void {
  let pulling = false;
  let again = false;
  let stopped = false;
  const onPoke = async () => {
    if (pulling) {
      again = true;
      return;
    }
    pulling = true;
    do {
      again = false;
      try {
        const changes = await client.pullAll();
        if (!stopped) pulled(changes, performance.now());
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 250));
        again = !stopped;
      }
    } while (again && !stopped);
    pulling = false;
  };
  client.socket.on('sync:poke', onPoke);
  return () => {
    stopped = true;
    client.socket.off('sync:poke', onPoke);
  };
}
