import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sirv from 'sirv';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import type { Page } from '@playwright/test';
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

interface DesktopStubOptions {
  readonly defaultServerUrl?: string;
  readonly kept?: string;
  readonly keepResult?: { persisted: boolean; reason?: string };
}

/** What the test can see of and do to the stand-in shell. */
interface DesktopStubHandle {
  desktopStub: { kept: string | null; trayCounts: unknown[]; installs: number; startsAtLogin: boolean; openTicketLink(n: number): void; requestAction(action: string): void; updateReady(version: string): void };
}

/** Defines `window.switchboard` as the preload would, before the app loads, with handles for the test. */
async function installDesktopStub(page: Page, options: DesktopStubOptions): Promise<void> {
  await page.addInitScript((o: DesktopStubOptions) => {
    const linkListeners = new Set<(link: { number: number }) => void>();
    const actionListeners = new Set<(action: string) => void>();
    const updateListeners = new Set<(version: string) => void>();
    const handle = {
      kept: o.kept ?? null,
      trayCounts: [] as unknown[],
      installs: 0,
      startsAtLogin: false,
      updateReady: (version: string) => updateListeners.forEach((listener) => listener(version)),
      openTicketLink: (number: number) => linkListeners.forEach((listener) => listener({ number })),
      requestAction: (action: string) => actionListeners.forEach((listener) => listener(action)),
    };
    Object.defineProperty(window, 'desktopStub', { value: handle });
    Object.defineProperty(window, 'switchboard', {
      value: Object.freeze({
        host: 'desktop',
        getAppInfo: async () => ({ version: '0.0.0-test', platform: 'linux', defaultServerUrl: o.defaultServerUrl ?? null }),
        onTicketLinkOpened: (listener: (link: { number: number }) => void) => (linkListeners.add(listener), () => linkListeners.delete(listener)),
        onShellAction: (listener: (action: string) => void) => (actionListeners.add(listener), () => actionListeners.delete(listener)),
        showNotification: async () => false,
        onNotificationActivated: () => () => undefined,
        keepSession: async (session: string) => {
          if (o.keepResult?.persisted === false) return o.keepResult;
          handle.kept = session;
          return { persisted: true };
        },
        restoreSession: async () => handle.kept,
        forgetSession: async () => void (handle.kept = null),
        updateTrayCounts: async (counts: unknown) => void handle.trayCounts.push(counts),
        onUpdateReady: (listener: (version: string) => void) => (updateListeners.add(listener), () => updateListeners.delete(listener)),
        installUpdate: async () => (handle.installs++, true),
        startsAtLogin: async () => handle.startsAtLogin,
        setStartsAtLogin: async (enabled: boolean) => (handle.startsAtLogin = enabled),
        // As an OS would: Ctrl+Alt+Delete belongs to the system.
        globalShortcuts: async () => ({ bindings: { 'call.open': 'CommandOrControl+Alt+Shift+L', 'search.focus': 'CommandOrControl+Alt+Shift+F' }, outcomes: [] }),
        setGlobalShortcuts: async (bindings: Record<string, string | null>) =>
          Object.entries(bindings).map(([action, accelerator]) =>
            accelerator === 'Ctrl+Alt+Delete'
              ? { action, accelerator, status: 'refused', message: `Log a call: ${accelerator} is in use by another program or the system; choose another combination.` }
              : { action, accelerator, status: accelerator ? 'registered' : 'off' },
          ),
      }),
    });
  }, options);
}

test.afterAll(async () => {
  await server.stop();
  await new Promise((resolve) => renderer.close(resolve));
});

test('the desktop app asks for the server address, signs in across origins, syncs, opens ticket links, feeds the tray, answers global shortcuts, and remembers the address', async ({ page }) => {
  await installDesktopStub(page, { keepResult: { persisted: false, reason: 'This computer has no password store for Switchboard to lock your sign-in in.' } });
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
  // The tray gets the agent's counts; a global shortcut pressed in another program opens the call panel.
  await expect.poll(() => page.evaluate(() => (window as unknown as DesktopStubHandle).desktopStub.trayCounts.at(-1))).toMatchObject({ myOpen: expect.any(Number), atRisk: expect.any(Number), unacknowledgedEscalations: null });
  await page.evaluate(() => (window as unknown as DesktopStubHandle).desktopStub.requestAction('call.open'));
  await expect(page.getByTestId('call-panel')).toBeVisible();
  await page.getByRole('button', { name: 'Discard this call' }).click();
  await expect(page.getByTestId('call-panel')).toBeHidden();
  await expect(page.getByTestId('queue-row').first()).toBeVisible();
  // The tray's availability menu: the choice reaches the app bar and comes back checked in the tray.
  const lastTray = () => page.evaluate(() => (window as unknown as DesktopStubHandle).desktopStub.trayCounts.at(-1));
  await expect.poll(lastTray).toMatchObject({ availability: 'available' });
  await page.evaluate(() => (window as unknown as DesktopStubHandle).desktopStub.requestAction('availability.away'));
  await expect(page.getByTestId('availability')).toHaveText(/Away/);
  await expect.poll(lastTray).toMatchObject({ availability: 'away' });
  await page.evaluate(() => (window as unknown as DesktopStubHandle).desktopStub.requestAction('availability.available'));
  await expect(page.getByTestId('availability')).toHaveText(/Available/);

  // A ticket link opens that ticket; one the agent cannot see says so.
  const number = await page.getByTestId('queue-row').first().getByTestId('row-number').innerText();
  await page.evaluate((n) => (window as unknown as DesktopStubHandle).desktopStub.openTicketLink(n), Number(number.replace(/\D/g, '')));
  await expect(page.getByTestId('ticket-number')).toContainText(number);
  // Notices that came first (no password store, the first SLA check's grouped alert) each wait their turn for six
  // seconds: they are dismissed, so the link's own notice is the next one shown, whichever order they came in.
  const notice = page.getByTestId('notice');
  for (let shown = 0; shown < 5 && (await notice.count()) > 0; shown++) {
    await notice.getByRole('button', { name: 'Dismiss' }).click({ timeout: 2_000 }).catch(() => undefined); // gone meanwhile
  }
  await expect(notice).toHaveCount(0);
  await page.evaluate(() => (window as unknown as DesktopStubHandle).desktopStub.openTicketLink(987654));
  await expect(notice).toContainText('is not among the tickets you can see');
  await page.keyboard.press('Escape');

  await page.reload();
  await expect(page.getByTestId('connection-state')).toHaveText('Online');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('Server address')).toHaveValue(server.url);
  await expect(page.getByLabel('Email')).toBeFocused();
});

test('on first sign-in the desktop app offers the server npm start launched beside it', async ({ page }) => {
  await installDesktopStub(page, { defaultServerUrl: server.url });
  await page.goto(rendererUrl);
  await expect(page.getByLabel('Server address')).toHaveValue(server.url);
});

test('a sign-in kept by an earlier start opens the workstation at once; an update waits for the agent; signing out forgets the sign-in', async ({ page }) => {
  const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ben@demo.switchboard', password: 'switchboard-demo' }) });
  const { token, user } = (await login.json()) as { token: string; user: unknown };
  await installDesktopStub(page, { kept: JSON.stringify({ token, user, serverUrl: server.url }) });
  await page.goto(rendererUrl);
  await expect(page.getByTestId('signed-in-user')).toContainText('Ben');
  await expect(page.getByTestId('connection-state')).toHaveText('Online');
  // Desktop settings: start at login, and a global shortcut the system refuses is shown with the reason.
  await page.getByRole('button', { name: 'Desktop…' }).click();
  const settings = page.getByTestId('desktop-settings');
  await settings.getByLabel('Start Switchboard when I sign in to this computer').check();
  await expect.poll(() => page.evaluate(() => (window as unknown as DesktopStubHandle).desktopStub.startsAtLogin)).toBe(true);
  await settings.getByLabel('Log a call').fill('Ctrl+Alt+Delete');
  await settings.getByRole('button', { name: 'Save shortcuts' }).click();
  await expect(settings.getByRole('alert')).toContainText('Ctrl+Alt+Delete is in use by another program or the system');
  await settings.getByLabel('Log a call').fill('CommandOrControl+Alt+Shift+K');
  await settings.getByRole('button', { name: 'Save shortcuts' }).click();
  await expect(settings.getByRole('alert')).toContainText('Shortcuts saved.');
  await settings.getByRole('button', { name: 'Done' }).click();

  // A downloaded update waits for the agent's click; nothing restarts on its own.
  await page.evaluate(() => (window as unknown as DesktopStubHandle).desktopStub.updateReady('1.4.0'));
  await expect(page.getByTestId('update-notice')).toContainText('Switchboard 1.4.0 is ready');
  expect(await page.evaluate(() => (window as unknown as DesktopStubHandle).desktopStub.installs)).toBe(0);
  await page.getByRole('button', { name: 'Restart now' }).click();
  expect(await page.evaluate(() => (window as unknown as DesktopStubHandle).desktopStub.installs)).toBe(1);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('Email')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as DesktopStubHandle).desktopStub.kept)).toBeNull();
});
