import { describe, expect, it } from 'vitest';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import scheme from 'app-builder-lib/scheme.json' with { type: 'json' };

/**
 * electron-builder.yml read and checked by electron-builder's own loader and schema, offline: no
 * Electron download, no packaging. What the desktop app promises about its packages is asserted below.
 */
const projectDir = new URL('../../..', import.meta.url).pathname;
const load = () => getConfig(projectDir, 'electron-builder.yml', null);

describe('electron-builder configuration', () => {
  it('passes electron-builder’s own schema', async () => {
    await expect(validateConfiguration(await load(), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('builds AppImage and deb for Linux, NSIS for Windows, dmg and zip for macOS, and registers switchboard://', async () => {
    const config = await load();
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg', 'zip']);
    expect(config.protocols).toEqual([{ name: 'Switchboard', schemes: ['switchboard'] }]);
    expect(config.publish).toBeNull(); // nothing is uploaded from a developer's machine
  });

  it('states every Electron fuse this electron-builder knows, with the safe value', async () => {
    const fuses = (await load()).electronFuses as Record<string, boolean>;
    const known = Object.keys(scheme.definitions.FuseOptionsV1.properties);
    expect(Object.keys(fuses).sort()).toEqual(known.sort());
    expect(fuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('ships only the built desktop app: an allow-list without the server, sources, source maps or node_modules', async () => {
    // electron-builder's loader normalises `files` into one filter set.
    expect((await load()).files).toEqual([{ filter: ['package.json', 'dist/main/**', 'dist/preload/**', 'dist/renderer/**', '!**/*.map', '!node_modules/**'] }]);
    expect((await load()).asar).toBe(true);
  });
});
