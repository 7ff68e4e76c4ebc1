// Runs in the sandboxed preload: only `contextBridge` and `ipcRenderer` are available, and only the
// DesktopApi object crosses into the page, never ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron';
import { DESKTOP_API_GLOBAL, IPC_CHANNELS, type AppInfo, type DesktopApi, type IpcResult } from './contract';

const api: DesktopApi = {
  host: 'desktop',
  getAppInfo: async () => {
    const result = (await ipcRenderer.invoke(IPC_CHANNELS.appInfo)) as IpcResult<AppInfo>;
    if (!result.ok) throw new Error(result.error.message);
    return result.data;
  },
};

contextBridge.exposeInMainWorld(DESKTOP_API_GLOBAL, api);
