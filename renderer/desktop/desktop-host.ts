import { DESKTOP_API_GLOBAL, type DesktopApi } from '../../preload/contract';
import { createWebHost } from './web-host';

let webHost: DesktopApi | undefined;

/**
 * The host the renderer runs in, through the one contract: the desktop shell's API when its preload
 * exposed it, otherwise the browser implementation. Nothing else in the renderer reaches the host.
 */
export function hostApi(): DesktopApi {
  const candidate = (globalThis as Record<string, unknown>)[DESKTOP_API_GLOBAL];
  if (typeof candidate === 'object' && candidate !== null && (candidate as { host?: unknown }).host === 'desktop') return candidate as DesktopApi;
  webHost ??= createWebHost();
  return webHost;
}
