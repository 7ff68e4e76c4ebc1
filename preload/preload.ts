// Runs in the sandboxed preload: only `contextBridge` and `ipcRenderer` are available, and only the
// DesktopApi object crosses into the page, never ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron';
import { DESKTOP_API_GLOBAL } from './contract';
import { createDesktopApi } from './desktop-api';

contextBridge.exposeInMainWorld(DESKTOP_API_GLOBAL, createDesktopApi(ipcRenderer));
