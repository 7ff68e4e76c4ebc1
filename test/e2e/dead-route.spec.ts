import path from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../../server/storage/database';
import { FaultProxy } from '../support/fault-proxy';
import { expect, test } from './fixtures';
import { changeSelectedPriority, signIn } from './session';

/**
 * A dead route, not a refusal: the workstation reaches the server through the loopback fault proxy, which
 * black-holes the connection (bytes accepted, nothing delivered, no reset), as a Wi-Fi that drops mid-call
 * does. The agent keeps working; nothing pretends to be saved; once the route is back, every change is
 * applied exactly once.
 */
test('on a dead route the changes wait, the status stops saying Online, and all arrive once when it returns', async ({ page, server }) => {
  test.setTimeout(150_000);
  const proxy = await FaultProxy.start(server.port);
  try {
    await signIn(page, proxy.url, 'ada@demo.switchboard');
    const chip = page.getByTestId('connection-state');
    const since = new Date().toISOString();
    proxy.blackhole(true);

    // Three priority changes, one row each.
    for (let i = 0; i < 3; i++) {
      await changeSelectedPriority(page);
      await page.keyboard.press('j');
    }
    await expect(chip).toContainText('3 changes waiting');
    // A push with no answer on the open socket (15 s) makes the workstation reconnect, which the dead route
    // does not let it: the status says so rather than waiting for Socket.IO's heartbeat (45 s).
    await expect(chip).toHaveText(/^(Offline|Connecting…) · 3 changes waiting$/, { timeout: 75_000 });
    const updates = () => {
      const db = new Database(path.join(server.dataDir, DATABASE_FILE), { readonly: true });
      try {
        return (db.prepare("select count(*) as n from audit_log where action = 'ticket.update' and at >= ?").get(since) as { n: number }).n;
      } finally {
        db.close();
      }
    };
    expect(updates()).toBe(0);

    proxy.blackhole(false);
    await expect(chip).toHaveText('Online', { timeout: 60_000 });
    expect(updates()).toBe(3);
  } finally {
    await proxy.close();
  }
});
