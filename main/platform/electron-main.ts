// The thin platform layer: the only module that imports `electron` at run time. Its decisions come
// from ../services, which are unit-tested in plain Node (the Electron binary cannot run in CI here).
import { readFileSync, writeFileSync } from 'node:fs';
import { access, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, globalShortcut, ipcMain, Menu, nativeImage, net, Notification, protocol, safeStorage, screen, shell, Tray } from 'electron';
import { autoUpdater } from 'electron-updater';
import { z } from 'zod';
import { IPC_CHANNELS, IPC_EVENTS, type AppInfo, type SessionKeeping, type ShellAction, type TicketLink } from '../../preload/contract';
import { APP_ORIGIN, APP_SCHEME, resolveAppAsset } from '../services/app-protocol';
import { DEEP_LINK_SCHEME, deepLinkFromArgv, parseDeepLink, type DeepLink } from '../services/deep-link';
import { IpcRouter } from '../services/ipc-router';
import { NotificationRequestSchema, NotificationService } from '../services/notification-service';
import { DEFAULT_GLOBAL_SHORTCUTS, GlobalShortcutBindingsSchema, GlobalShortcutService } from '../services/global-shortcuts';
import { LoginItemService } from '../services/login-item';
import { TokenVault } from '../services/token-vault';
import { TrayCountsSchema, TrayService, type TrayActionId } from '../services/tray-service';
import { UpdaterService } from '../services/updater-service';
import { windowBounds, type WindowState } from '../services/window-state';
import { isAppNavigation, originOf, safeExternalUrl, secureWebPreferences } from '../services/window-policy';

const rendererRoot = path.join(__dirname, '../renderer');

app.enableSandbox();
// A standard, secure scheme: one stable origin for IndexedDB (the mirror) and the renderer's own CSP.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let mainWindow: BrowserWindow | null = null;
/** A link that arrived before the window could take it. */
let pendingLink: DeepLink | null = null;

function openTicketLink(link: DeepLink | null): void {
  if (!link) return;
  if (!mainWindow || mainWindow.webContents.isLoading()) {
    pendingLink = link;
    return;
  }
  focusWindow();
  mainWindow.webContents.send(IPC_EVENTS.ticketLinkOpened, { number: link.number } satisfies TicketLink);
}

function focusWindow(): void {
  if (mainWindow?.isMinimized()) mainWindow.restore();
  mainWindow?.focus();
}

const notifications = new NotificationService(
  {
    isSupported: () => Notification.isSupported(),
    show: (options, events) => {
      const notification = new Notification({ title: options.title, body: options.body, actions: options.buttons.map((text) => ({ type: 'button' as const, text })) });
      notification.on('click', () => events.clicked());
      notification.on('action', (_event, index) => events.buttonPressed(index));
      notification.on('close', () => events.closed());
      notification.show();
      return { close: () => notification.close() };
    },
  },
  (activation) => {
    focusWindow();
    mainWindow?.webContents.send(IPC_EVENTS.notificationActivated, activation);
  },
);

function requestShellAction(action: ShellAction): void {
  focusWindow();
  mainWindow?.webContents.send(IPC_EVENTS.shellActionRequested, action);
}

/** A 16×16 square in the brand colour until the designed icon exists (the tray needs a bitmap on Linux). */
function trayIcon(): Electron.NativeImage {
  const pixels = Buffer.alloc(16 * 16 * 4);
  for (let i = 0; i < pixels.length; i += 4) pixels.set([0xc0, 0x65, 0x15, 0xff], i); // BGRA #1565c0
  return nativeImage.createFromBitmap(pixels, { width: 16, height: 16 });
}

let tray: Tray | null = null;
const trayActions: Record<TrayActionId, () => void> = {
  'window.open': focusWindow,
  'call.open': () => requestShellAction('call.open'),
  'availability.available': () => requestShellAction('availability.available'),
  'availability.away': () => requestShellAction('availability.away'),
  'app.quit': () => app.quit(),
};
const trayService = new TrayService({
  show: (model) => {
    tray ??= new Tray(trayIcon());
    tray.setToolTip(model.tooltip);
    if (process.platform === 'darwin') tray.setTitle(model.title);
    tray.setContextMenu(
      Menu.buildFromTemplate(
        model.menu.map((item) =>
          item.action
            ? { label: item.label, click: trayActions[item.action], ...(item.checked !== undefined ? { type: 'radio' as const, checked: item.checked } : {}) }
            : { label: item.label, enabled: false },
        ),
      ),
    );
  },
});

/** Global shortcuts; a combination the OS refuses is told to the agent, not swallowed. Kept in userData. */
const shortcuts = new GlobalShortcutService(globalShortcut, requestShellAction);
const shortcutsFile = () => path.join(app.getPath('userData'), 'global-shortcuts.json');
function savedShortcuts() {
  try {
    const parsed = GlobalShortcutBindingsSchema.safeParse(JSON.parse(readFileSync(shortcutsFile(), 'utf8')));
    return parsed.success ? parsed.data : DEFAULT_GLOBAL_SHORTCUTS;
  } catch {
    return DEFAULT_GLOBAL_SHORTCUTS;
  }
}

const autostartFile = () => path.join(app.getPath('appData'), 'autostart', 'switchboard.desktop');
const loginItem = new LoginItemService({
  platform: process.platform,
  executable: process.env.APPIMAGE ?? process.execPath,
  getOpenAtLogin: () => app.getLoginItemSettings().openAtLogin,
  setOpenAtLogin: (enabled) => app.setLoginItemSettings({ openAtLogin: enabled }),
  autostart: {
    exists: () => access(autostartFile()).then(() => true, () => false),
    write: async (text) => {
      await mkdir(path.dirname(autostartFile()), { recursive: true });
      await writeFile(autostartFile(), text);
    },
    remove: () => rm(autostartFile(), { force: true }),
  },
});

/** Updates download in the background and install only when the agent clicks "Restart now". */
const updates = new UpdaterService(
  {
    configure: ({ feedUrl }) => {
      autoUpdater.autoDownload = true;
      autoUpdater.autoInstallOnAppQuit = false;
      autoUpdater.setFeedURL({ provider: 'generic', url: feedUrl });
    },
    checkForUpdates: () => autoUpdater.checkForUpdates(),
    onDownloaded: (listener) => void autoUpdater.on('update-downloaded', (info) => listener(info.version)),
    onError: (listener) => void autoUpdater.on('error', listener),
    quitAndInstall: () => autoUpdater.quitAndInstall(),
  },
  { isPackaged: app.isPackaged, feedUrl: process.env.SWITCHBOARD_UPDATE_URL ?? null },
  (version) => mainWindow?.webContents.send(IPC_EVENTS.updateReady, version),
  (message) => console.warn(`update check failed: ${message}`),
);

/** The signed-in session, encrypted by the OS; where only Linux's plaintext fallback exists, memory only. */
const sessionFile = () => path.join(app.getPath('userData'), 'session.bin');
const vault = new TokenVault(
  {
    isEncryptionAvailable: async () => safeStorage.isEncryptionAvailable(),
    storageBackend: () => (process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null),
    encrypt: async (text) => safeStorage.encryptString(text),
    decrypt: async (bytes) => safeStorage.decryptString(Buffer.from(bytes)),
  },
  {
    read: () => readFile(sessionFile()).catch(() => null),
    write: (bytes) => writeFile(sessionFile(), bytes, { mode: 0o600 }),
    remove: () => rm(sessionFile(), { force: true }),
  },
);

const windowStateFile = () => path.join(app.getPath('userData'), 'window-state.json');

function savedWindowState(): unknown {
  try {
    return JSON.parse(readFileSync(windowStateFile(), 'utf8'));
  } catch {
    return null;
  }
}

function createWindow(): BrowserWindow {
  const { bounds, maximized } = windowBounds(savedWindowState(), screen.getAllDisplays().map((d) => d.workArea), screen.getPrimaryDisplay().workArea);
  const window = new BrowserWindow({
    ...bounds,
    title: 'Switchboard',
    webPreferences: secureWebPreferences(path.join(__dirname, '../preload/preload.cjs')),
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    const external = safeExternalUrl(url);
    if (external) void shell.openExternal(external);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAppNavigation(url, APP_ORIGIN)) event.preventDefault();
  });
  window.webContents.on('did-finish-load', () => {
    const link = pendingLink;
    pendingLink = null;
    openTicketLink(link);
  });
  if (maximized) window.maximize();
  window.on('close', () => {
    const state: WindowState = { ...window.getNormalBounds(), maximized: window.isMaximized() };
    try {
      writeFileSync(windowStateFile(), JSON.stringify(state));
    } catch {
      // Not worth more than the default size next time.
    }
  });
  window.on('closed', () => (mainWindow = null));
  void window.loadURL(`${APP_ORIGIN}/`);
  return window;
}

// One instance: a link opened while the app runs starts a second one, which hands over its argv and quits.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    focusWindow();
    openTicketLink(deepLinkFromArgv(argv));
  });
  // macOS hands links over by event, also before the app is ready.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    openTicketLink(parseDeepLink(url));
  });
  app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  pendingLink = deepLinkFromArgv(process.argv);

  // Every handler goes through the router: sender frame and argument checked in one place.
  const ipc = new IpcRouter(ipcMain, APP_ORIGIN, (channel, reason) => console.warn(`IPC ${channel} refused: ${reason}`));
  const defaultServerUrl = originOf(process.env.SWITCHBOARD_SERVER_URL ?? '');
  ipc.handle(IPC_CHANNELS.appInfo, z.undefined(), (): AppInfo => ({ version: app.getVersion(), platform: process.platform, defaultServerUrl }));
  ipc.handle(IPC_CHANNELS.notificationShow, NotificationRequestSchema, (request) => notifications.show(request));
  ipc.handle(IPC_CHANNELS.sessionKeep, z.string().min(1).max(20_000), async (session): Promise<SessionKeeping> => {
    const policy = await vault.save(session);
    return policy.persist ? { persisted: true } : { persisted: false, reason: policy.reason };
  });
  ipc.handle(IPC_CHANNELS.sessionRestore, z.undefined(), () => vault.load());
  ipc.handle(IPC_CHANNELS.trayUpdate, TrayCountsSchema, (counts) => trayService.update(counts));
  ipc.handle(IPC_CHANNELS.updateInstall, z.undefined(), () => updates.installNow());
  ipc.handle(IPC_CHANNELS.shortcutsGet, z.undefined(), () => shortcuts.state);
  ipc.handle(IPC_CHANNELS.shortcutsSet, GlobalShortcutBindingsSchema, async (bindings) => {
    const outcomes = shortcuts.apply(bindings);
    await writeFile(shortcutsFile(), JSON.stringify(bindings));
    return outcomes;
  });
  ipc.handle(IPC_CHANNELS.loginItemGet, z.undefined(), () => loginItem.enabled());
  ipc.handle(IPC_CHANNELS.loginItemSet, z.boolean(), (enabled) => loginItem.set(enabled));
  ipc.handle(IPC_CHANNELS.sessionForget, z.undefined(), () => vault.clear());

  void app.whenReady().then(() => {
    protocol.handle(APP_SCHEME, async (request) => {
      const asset = resolveAppAsset(rendererRoot, request.url);
      if (!asset.ok) return new Response(null, { status: asset.status });
      try {
        const file = await net.fetch(pathToFileURL(asset.file).toString());
        return new Response(file.body, { status: file.status, headers: { 'content-type': asset.contentType, ...asset.headers } });
      } catch {
        return new Response(null, { status: 404 });
      }
    });
    app.on('web-contents-created', (_event, contents) => {
      contents.session.setPermissionRequestHandler((_wc, permission, callback) => callback(permission === 'notifications'));
    });
    mainWindow = createWindow();
    trayService.update(null);
    const updating = updates.start();
    if (!updating.active) console.info(`auto-update off: ${updating.reason}`);
    const refused = shortcuts.apply(savedShortcuts()).filter((outcome) => outcome.message);
    for (const outcome of refused) {
      // Shown once the window has loaded (Notification needs no window; the agent sees it either way).
      notifications.show({ tag: `shortcut:${outcome.action}`, title: 'A Switchboard shortcut is not available', body: outcome.message!, actions: [] });
    }
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
    });
  });

  app.on('will-quit', () => {
    shortcuts.dispose();
    updates.stop();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
