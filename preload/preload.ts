// Runs in the sandboxed preload: only `contextBridge` and `ipcRenderer` are available, and only the
// DesktopApi object crosses into the page, never ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron';
import { DESKTOP_API_GLOBAL, IPC_CHANNELS, type AppInfo, type DesktopApi } from './contract';

const api: DesktopApi = {
  host: 'desktop',
  getAppInfo: () => ipcRenderer.invoke(IPC_CHANNELS.appInfo) as Promise<AppInfo>,
};

contextBridge.exposeInMainWorld(DESKTOP_API_GLOBAL, api);
