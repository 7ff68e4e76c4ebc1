// Finds a Chromium for the end-to-end tests: CHROMIUM_PATH, then Debian's /usr/bin/chromium, then a
// browser Playwright downloaded itself. On a bare Debian machine, as root, installs Debian's package;
// anywhere else, says how to get one. Playwright's own download cannot run on machines without internet.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export async function findChromium({ install = true, log = console.log } = {}) {
  if (process.env.CHROMIUM_PATH) {
    if (existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
    throw new Error(`CHROMIUM_PATH is set to ${process.env.CHROMIUM_PATH}, but no file is there.`);
  }
  const system = SYSTEM_CHROMIUM.find((p) => existsSync(p));
  if (system) return system;
  try {
    const { chromium } = await import('@playwright/test');
    const own = chromium.executablePath();
    if (own && existsSync(own)) return own;
  } catch {
    // Playwright not installed or no browser of its own: fall through.
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (install && isRoot && existsSync('/etc/debian_version')) {
    log('e2e: no Chromium found; installing Debian\'s chromium package (apt-get install -y chromium)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const add = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env }) : update;
    const installed = SYSTEM_CHROMIUM.find((p) => existsSync(p));
    if (add.status === 0 && installed) return installed;
    throw new Error('Installing Debian\'s chromium package failed; see the apt-get output above.');
  }
  throw new Error(
    'No Chromium for the end-to-end tests. Install one (Debian/Ubuntu: sudo apt-get install chromium), ' +
      'or point CHROMIUM_PATH at a Chromium or Chrome binary, then run npm test again.',
  );
}
