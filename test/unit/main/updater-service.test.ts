import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHECK_EVERY_MS, UpdaterService, type UpdaterCapability } from '../../../main/services/updater-service';

/** Stands in for electron-updater's autoUpdater (it needs the Electron binary). */
function fakeUpdater() {
  const calls: string[] = [];
  let downloaded: (version: string) => void = () => undefined;
  const updater: UpdaterCapability = {
    configure: ({ feedUrl }) => void calls.push(`configure ${feedUrl}`),
    checkForUpdates: async () => void calls.push('check'),
    onDownloaded: (listener) => (downloaded = listener),
    onError: () => undefined,
    quitAndInstall: () => void calls.push('quitAndInstall'),
  };
  return { updater, calls, download: (version: string) => downloaded(version) };
}

afterEach(() => vi.useRealTimers());

describe('auto-update', () => {
  it('stays off in development builds and without an https update server, saying why', () => {
    const { updater, calls } = fakeUpdater();
    expect(new UpdaterService(updater, { isPackaged: false, feedUrl: 'https://updates.example' }, () => undefined).start()).toMatchObject({ active: false, reason: expect.stringContaining('development') });
    expect(new UpdaterService(updater, { isPackaged: true, feedUrl: null }, () => undefined).start()).toMatchObject({ active: false, reason: expect.stringContaining('SWITCHBOARD_UPDATE_URL') });
    expect(new UpdaterService(updater, { isPackaged: true, feedUrl: 'http://updates.example' }, () => undefined).start()).toMatchObject({ active: false });
    expect(calls).toEqual([]);
  });

  it('checks at start and every few hours, tells the agent when a version is ready, and restarts only when asked', () => {
    vi.useFakeTimers();
    const { updater, calls, download } = fakeUpdater();
    const ready: string[] = [];
    const service = new UpdaterService(updater, { isPackaged: true, feedUrl: 'https://updates.example/switchboard' }, (v) => ready.push(v));
    expect(service.start()).toEqual({ active: true });
    expect(service.installNow()).toBe(false); // nothing downloaded yet
    vi.advanceTimersByTime(CHECK_EVERY_MS);
    expect(calls).toEqual(['configure https://updates.example/switchboard', 'check', 'check']);
    download('1.4.0');
    expect(ready).toEqual(['1.4.0']);
    expect(calls).not.toContain('quitAndInstall');
    expect(service.installNow()).toBe(true);
    expect(calls.at(-1)).toBe('quitAndInstall');
    service.stop();
  });
});
