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

test('the desktop app asks for the server address, signs in across origins, syncs, and remembers the address', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'switchboard', { value: Object.freeze({ host: 'desktop', getAppInfo: async () => ({ version: '0.0.0-test', platform: 'linux' }) }) });
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
  await expect(page.getByTestId('queue-row').first()).toBeVisible();

  await page.reload();
  await expect(page.getByTestId('connection-state')).toHaveText('Online');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('Server address')).toHaveValue(server.url);
  await expect(page.getByLabel('Email')).toBeFocused();
});
