import path from 'node:path';
import { _electron as electron } from '@playwright/test';
import { electronBinary } from '../support/electron-binary';
import { expect, test } from './fixtures';

/**
 * The desktop shell in the real Electron binary. Installs here skip its download
 * (ELECTRON_SKIP_BINARY_DOWNLOAD), so on such machines these tests are skipped with this notice; on a
 * developer's machine with Electron installed they run against the built app.
 */
const binary = electronBinary();
const NOTICE = 'Electron binary not on this machine (node_modules/electron/path.txt): the desktop suite runs where it is installed';
if (!binary) console.log(`desktop-shell.spec.ts: skipped: ${NOTICE}`);

test.describe('desktop shell (Electron)', () => {
  test.skip(!binary, NOTICE);

  test('the window loads app://switchboard, is sandboxed, exposes only the DesktopApi and answers through the IPC router', async () => {
    const app = await electron.launch({ executablePath: binary!, args: [path.resolve('dist/main/main.cjs')] });
    try {
      const shell = await app.firstWindow();
      await expect(shell.getByLabel('Email')).toBeVisible();
      expect(await shell.evaluate(() => [typeof (window as unknown as { require?: unknown }).require, typeof (window as unknown as { process?: unknown }).process])).toEqual(['undefined', 'undefined']);
      const api = await shell.evaluate(async () => {
        const desktop = (window as unknown as { switchboard: { host: string; getAppInfo(): Promise<{ version: string }> } }).switchboard;
        return { host: desktop.host, keys: Object.keys(desktop).sort(), version: (await desktop.getAppInfo()).version };
      });
      expect(api).toMatchObject({ host: 'desktop', keys: ['forgetSession', 'getAppInfo', 'globalShortcuts', 'host', 'installUpdate', 'keepSession', 'onNotificationActivated', 'onShellAction', 'onTicketLinkOpened', 'onUpdateReady', 'restoreSession', 'setGlobalShortcuts', 'setStartsAtLogin', 'showNotification', 'startsAtLogin', 'updateTrayCounts'] });
      expect(await shell.evaluate(() => location.href)).toMatch(/^app:\/\/switchboard\//);
      await expect(shell.getByLabel('Server address')).toBeVisible();
      expect(api.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(await shell.evaluate(() => window.open('https://example.com/'))).toBeNull();
    } finally {
      await app.close();
    }
  });
});
