import type { Page, WebSocketRoute } from '@playwright/test';
import { HybridLogicalClock } from '../../core/sync/hlc';
import { loginAs } from '../support/api-client';
import { SyncTestClient } from '../support/sync-test-client';
import { expect, test } from './fixtures';

/** Ids in one object store of the user's mirror, read with the raw IndexedDB API in the page. */
function mirrorKeys(page: Page, userId: string, store: string): Promise<string[]> {
  return page.evaluate(
    ([name, storeName]) =>
      new Promise<string[]>((resolve, reject) => {
        const request = indexedDB.open(name!);
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          if (!db.objectStoreNames.contains(storeName!)) {
            db.close();
            resolve([]);
            return;
          }
          const keys = db.transaction(storeName!).objectStore(storeName!).getAllKeys();
          keys.onsuccess = () => {
            db.close();
            resolve(keys.result as string[]);
          };
        };
      }),
    [`switchboard-mirror-${userId}`, store],
  );
}

async function signIn(page: Page, email: string, password = 'switchboard-demo') {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('an agent signs in and the mirror in IndexedDB holds exactly the tickets the server lets them see', async ({ page, server }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });

  await page.goto(server.url);
  await expect(page.getByRole('heading', { name: 'Switchboard' })).toBeVisible();
  await signIn(page, 'ada@demo.switchboard');
  await expect(page.getByTestId('signed-in-user')).toHaveText('Ada Agent · agent');
  await expect(page.getByTestId('connection-state')).toHaveText('Online');

  const login = await (await page.request.post(`${server.url}/api/auth/login`, { data: { email: 'ada@demo.switchboard', password: 'switchboard-demo' } })).json();
  const visible: string[] = [];
  let before: number | null = null;
  for (let i = 0; i < 10; i++) {
    const pageOf = await (
      await page.request.get(`${server.url}/api/tickets?limit=200${before ? `&before=${before}` : ''}`, { headers: { authorization: `Bearer ${login.token}` } })
    ).json();
    visible.push(...pageOf.tickets.map((t: { id: string }) => t.id));
    before = pageOf.nextBefore;
    if (!before) break;
  }
  expect(visible.length).toBeGreaterThan(50);
  await expect.poll(async () => (await mirrorKeys(page, login.user.id, 'tickets')).sort()).toEqual(visible.sort());
  // A CSP violation or a crash in the bundle would show up here.
  expect(errors).toEqual([]);
});

test("a first sign-in shows the agent's queue while the live connection is still being made, then goes online", async ({ page, server }) => {
  // The socket is held: its WebSocket opens in the page, but no server answers until it is let through.
  let letThrough = false;
  const held: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (letThrough) ws.connectToServer();
    else held.push(ws);
  });
  await page.goto(server.url);
  await page.getByLabel('Email').fill('ada@demo.switchboard');
  await page.getByLabel('Password').fill('switchboard-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The tickets come over HTTP: the queue fills without the socket.
  await expect(page.getByTestId('queue-row').first()).toBeVisible();
  await expect(page.getByTestId('connection-state')).toHaveText('Connecting…');
  expect(held.length).toBeGreaterThan(0);
  // Let through: the held socket reaches the server, and the run after the connect pulls and goes online.
  letThrough = true;
  for (const ws of held) ws.connectToServer();
  await expect(page.getByTestId('connection-state')).toHaveText('Online', { timeout: 15_000 });
});

test('a wrong password is refused with a message and nothing is stored', async ({ page, server }) => {
  await page.goto(server.url);
  await signIn(page, 'ada@demo.switchboard', 'wrong password');
  await expect(page.getByRole('alert')).toHaveText('The email or password is wrong.');
  await expect(page.getByTestId('signed-in-user')).toHaveCount(0);
});

test('the status shows offline when the network drops and online again when it returns', async ({ page, server }) => {
  await page.goto(server.url);
  await signIn(page, 'ben@demo.switchboard');
  await expect(page.getByTestId('connection-state')).toHaveText('Online');
  await page.context().setOffline(true);
  await expect(page.getByTestId('connection-state')).toHaveText('Offline', { timeout: 30_000 });
  await page.context().setOffline(false);
  await expect(page.getByTestId('connection-state')).toHaveText('Online', { timeout: 30_000 });
});

test("online, a colleague's changes arrive in the queue without the status flipping to Syncing… for each", async ({ page, server }) => {
  await page.goto(server.url);
  await signIn(page, 'ada@demo.switchboard');
  await expect(page.getByTestId('connection-state')).toHaveText('Online');
  const row = page.getByTestId('queue-row').first();
  const ticketId = (await row.getAttribute('data-ticket-id'))!;
  // Every text the chip shows from here on, as the agent would see it.
  await page.evaluate(() => {
    const chip = document.querySelector('[data-testid="connection-state"]')!;
    const seen: string[] = [];
    (window as unknown as { chipSeen: string[] }).chipSeen = seen;
    new MutationObserver(() => seen.push(chip.textContent ?? '')).observe(chip, { subtree: true, childList: true, characterData: true });
  });

  // Ben, of the same team, renames the ticket three times from his own workstation.
  const ben = await SyncTestClient.connect(server.url, await loginAs(server.url, 'ben@demo.switchboard'));
  try {
    const clock = new HybridLogicalClock(ben.clientId);
    for (const subject of ['Router drops every hour', 'Router drops at noon', 'Router replaced, caller to confirm']) {
      const pushed = await ben.push([{ name: 'ticket.update', args: { id: ticketId, fields: { subject }, hlc: clock.now() } }]);
      expect(pushed.ok && pushed.outcomes[0]?.status).toBe('applied');
      await expect(page.locator(`[data-ticket-id="${ticketId}"]`)).toContainText(subject);
    }
  } finally {
    ben.close();
  }
  const seen = await page.evaluate(() => (window as unknown as { chipSeen: string[] }).chipSeen);
  expect(seen.filter((text) => text.startsWith('Syncing'))).toEqual([]);
  await expect(page.getByTestId('connection-state')).toHaveText('Online');
});
