import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sirv from 'sirv';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { expect, test } from './fixtures';

/**
 * The renderer as the desktop shell runs it: loaded from an origin other than the server's (in Electron,
 * app://switchboard) with the preload's DesktopApi present. The Electron binary cannot run here, so the
 * page is served by a second local server and the DesktopApi is a stand-in defined before the app loads;
 * everything else is real: Chromium, the built renderer, the API across origins and the sync socket.
 */
let renderer: http.Server;
let rendererUrl: string;
let server: ServerProcess;

test.beforeAll(async () => {
  renderer = http.createServer(sirv(path.resolve('dist/renderer'), { single: true }));
  await new Promise<void>((resolve) => renderer.listen(0, '127.0.0.1', resolve));
  rendererUrl = `http://127.0.0.1:${(renderer.address() as AddressInfo).port}`;
  server = await startServerProcess({ args: ['--allowed-origins', rendererUrl] });
});
test.afterAll(async () => {
  await server.stop();
  await new Promise((resolve) => renderer.close(resolve));
});

test('the desktop app asks for the server address, signs in across origins, syncs, opens ticket links, and remembers the address', async ({ page }) => {
  await page.addInitScript(() => {
    const linkListeners = new Set<(link: { number: number }) => void>();
    // What the shell does when the OS hands it switchboard://ticket/<number>.
    Object.defineProperty(window, 'openTicketLinkForTest', { value: (number: number) => linkListeners.forEach((listener) => listener({ number })) });
    Object.defineProperty(window, 'switchboard', {
      value: Object.freeze({
        host: 'desktop',
        getAppInfo: async () => ({ version: '0.0.0-test', platform: 'linux', defaultServerUrl: null }),
        onTicketLinkOpened: (listener: (link: { number: number }) => void) => {
          linkListeners.add(listener);
          return () => linkListeners.delete(listener);
        },
        showNotification: async () => false,
        onNotificationActivated: () => () => undefined,
        // As on Linux without a password store: the sign-in is not kept, and the shell says why.
        keepSession: async () => ({ persisted: false, reason: 'This computer has no password store for Switchboard to lock your sign-in in.' }),
        restoreSession: async () => null,
        forgetSession: async () => undefined,
      }),
    });
  });
  await page.goto(rendererUrl);
  const address = page.getByLabel('Server address');
  await expect(address).toBeFocused();
  await address.fill('http://support.example.com');
  await page.getByLabel('Email').fill('ada@demo.switchboard');
  await page.getByLabel('Password').fill('switchboard-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('https://');

  await address.fill(server.url);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('connection-state')).toHaveText('Online');
  await expect(page.getByTestId('notice')).toContainText('no password store');
  await expect(page.getByTestId('queue-row').first()).toBeVisible();

  // A ticket link opens that ticket; one the agent cannot see says so.
  const number = await page.getByTestId('queue-row').first().getByTestId('row-number').innerText();
  await page.evaluate((n) => (window as unknown as { openTicketLinkForTest(n: number): void }).openTicketLinkForTest(n), Number(number.replace(/\D/g, '')));
  await expect(page.getByTestId('ticket-number')).toContainText(number);
  await page.evaluate(() => (window as unknown as { openTicketLinkForTest(n: number): void }).openTicketLinkForTest(987654));
  await expect(page.getByTestId('notice')).toContainText('is not among the tickets you can see');
  await page.keyboard.press('Escape');

  await page.reload();
  await expect(page.getByTestId('connection-state')).toHaveText('Online');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('Server address')).toHaveValue(server.url);
  await expect(page.getByLabel('Email')).toBeFocused();
});

test('on first sign-in the desktop app offers the server npm start launched beside it', async ({ page }) => {
  await page.addInitScript((url) => {
    Object.defineProperty(window, 'switchboard', {
      value: Object.freeze({ host: 'desktop', getAppInfo: async () => ({ version: '0.0.0-test', platform: 'linux', defaultServerUrl: url }), onTicketLinkOpened: () => () => undefined, showNotification: async () => false, onNotificationActivated: () => () => undefined, keepSession: async () => ({ persisted: true }), restoreSession: async () => null, forgetSession: async () => undefined }),
    });
  }, server.url);
  await page.goto(rendererUrl);
  await expect(page.getByLabel('Server address')).toHaveValue(server.url);
});

test('a sign-in kept by an earlier start opens the workstation at once; signing out forgets it', async ({ page }) => {
  const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ben@demo.switchboard', password: 'switchboard-demo' }) });
  const { token, user } = (await login.json()) as { token: string; user: unknown };
  await page.addInitScript((kept) => {
    let stored: string | null = kept;
    Object.defineProperty(window, 'switchboard', {
      value: Object.freeze({
        host: 'desktop',
        getAppInfo: async () => ({ version: '0.0.0-test', platform: 'linux', defaultServerUrl: null }),
        onTicketLinkOpened: () => () => undefined,
        showNotification: async () => false,
        onNotificationActivated: () => () => undefined,
        keepSession: async (session: string) => ((stored = session), { persisted: true }),
        restoreSession: async () => stored,
        forgetSession: async () => void (stored = null),
      }),
    });
    Object.defineProperty(window, 'keptSessionForTest', { get: () => stored });
  }, JSON.stringify({ token, user, serverUrl: server.url }));
  await page.goto(rendererUrl);
  await expect(page.getByTestId('signed-in-user')).toContainText('Ben');
  await expect(page.getByTestId('connection-state')).toHaveText('Online');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('Email')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { keptSessionForTest: string | null }).keptSessionForTest)).toBeNull();
});
