// The thin platform layer: the only module that imports `electron` at run time. Its decisions come
// from ../services, which are unit-tested in plain Node (the Electron binary cannot run in CI here).
import path from 'node:path';
import { app, BrowserWindow, ipcMain, shell } from 'electron';
import { IPC_CHANNELS, type AppInfo } from '../../preload/contract';
import { z } from 'zod';
import { IpcRouter } from '../services/ipc-router';
import { isAppNavigation, safeExternalUrl, secureWebPreferences } from '../services/window-policy';

const serverUrl = process.env.SWITCHBOARD_SERVER_URL ?? 'http://127.0.0.1:4720';
const appOrigin = new URL(serverUrl).origin;

app.enableSandbox();

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'Switchboard',
    webPreferences: secureWebPreferences(path.join(__dirname, '../preload/preload.cjs')),
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    const external = safeExternalUrl(url);
    if (external) void shell.openExternal(external);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAppNavigation(url, appOrigin)) event.preventDefault();
  });
  void window.loadURL(serverUrl);
  return window;
}

// Every handler goes through the router: sender frame and argument checked in one place.
const ipc = new IpcRouter(ipcMain, appOrigin, (channel, reason) => console.warn(`IPC ${channel} refused: ${reason}`));
ipc.handle(IPC_CHANNELS.appInfo, z.undefined(), (): AppInfo => ({ version: app.getVersion(), platform: process.platform }));

void app.whenReady().then(() => {
  app.on('web-contents-created', (_event, contents) => {
    contents.session.setPermissionRequestHandler((_wc, permission, callback) => callback(permission === 'notifications'));
  });
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
