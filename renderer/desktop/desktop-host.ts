import { DESKTOP_API_GLOBAL, type DesktopApi } from '../../preload/contract';

/**
 * The desktop shell's API when the renderer runs in it (the preload exposes it), or null in a plain
 * browser. The renderer reaches the desktop only through this object.
 */
export function desktopApi(): DesktopApi | null {
  const candidate = (globalThis as Record<string, unknown>)[DESKTOP_API_GLOBAL];
  return typeof candidate === 'object' && candidate !== null && (candidate as { host?: unknown }).host === 'desktop' ? (candidate as DesktopApi) : null;
}
