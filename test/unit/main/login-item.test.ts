import { describe, expect, it } from 'vitest';
import { autostartEntry, LoginItemService, quoteExec, type LoginItemCapability } from '../../../main/services/login-item';

/** Stands in for Electron's login item API and the autostart folder (no Electron binary here). */
function fakeDesktop(platform: NodeJS.Platform) {
  const state = { openAtLogin: false, autostart: null as string | null };
  const login: LoginItemCapability = {
    platform,
    executable: '/home/ada/Apps/Switchboard-1.0.0.AppImage',
    getOpenAtLogin: () => state.openAtLogin,
    setOpenAtLogin: (enabled) => void (state.openAtLogin = enabled),
    autostart: {
      exists: async () => state.autostart !== null,
      write: async (text) => void (state.autostart = text),
      remove: async () => void (state.autostart = null),
    },
  };
  return { login, state };
}

describe('start at login', () => {
  it('uses the login item on macOS and Windows', async () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const { login, state } = fakeDesktop(platform);
      const service = new LoginItemService(login);
      expect(await service.set(true)).toBe(true);
      expect(state).toEqual({ openAtLogin: true, autostart: null });
      expect(await service.set(false)).toBe(false);
    }
  });

  it('writes and removes an XDG autostart entry on Linux, starting the AppImage itself', async () => {
    const { login, state } = fakeDesktop('linux');
    const service = new LoginItemService(login);
    expect(await service.enabled()).toBe(false);
    expect(await service.set(true)).toBe(true);
    expect(state.autostart).toBe(autostartEntry('/home/ada/Apps/Switchboard-1.0.0.AppImage'));
    expect(state.autostart).toContain('Exec="/home/ada/Apps/Switchboard-1.0.0.AppImage"');
    expect(await service.set(false)).toBe(false);
    expect(state.autostart).toBeNull();
  });

  it('quotes the program path as the desktop entry spec asks', () => {
    expect(quoteExec('/opt/My "Apps"/$HOME/switch`board\\')).toBe('"/opt/My \\"Apps\\"/\\$HOME/switch\\`board\\\\"');
  });
});
