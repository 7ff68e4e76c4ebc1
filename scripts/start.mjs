// `npm start`: builds what is missing, starts the sync server with its embedded SQLite store, and opens
// the desktop workstation when the Electron binary is installed (otherwise the same app in a browser).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = ['dist/renderer/index.html', 'dist/server/main.js', 'dist/main/main.cjs'].every((f) => existsSync(`${root}${f}`));
if (!built || process.env.SWITCHBOARD_REBUILD === '1') {
  const result = spawnSync(process.execPath, [`${root}scripts/build.mjs`], { stdio: 'inherit', cwd: root });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const server = spawn(process.execPath, ['--enable-source-maps', `${root}dist/server/main.js`, ...process.argv.slice(2)], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
});
let desktop;
let listening = false;
createInterface({ input: server.stdout }).on('line', (line) => {
  process.stdout.write(`${line}\n`);
  // Only the server's "listening" line starts the desktop; a busy server's other lines are passed through unread.
  if (listening || !line.includes('"listening"')) return;
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return;
  }
  if (entry.event !== 'listening') return;
  listening = true;
  const electronBinary = findElectronBinary();
  const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (electronBinary && hasDisplay && process.env.SWITCHBOARD_NO_DESKTOP !== '1') {
    desktop = spawn(electronBinary, [`${root}dist/main/main.cjs`], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, SWITCHBOARD_SERVER_URL: entry.url },
    });
    desktop.on('exit', () => server.kill('SIGTERM'));
  } else {
    const why = electronBinary ? 'no display' : 'the Electron binary is not installed';
    console.log(`\nSwitchboard is running at ${entry.url} (open it in a browser; desktop shell not started: ${why}). Ctrl+C stops it.\n`);
  }
});

function findElectronBinary() {
  const candidates = {
    linux: 'node_modules/electron/dist/electron',
    darwin: 'node_modules/electron/dist/Electron.app/Contents/MacOS/Electron',
    win32: 'node_modules/electron/dist/electron.exe',
  };
  const relative = candidates[process.platform];
  return relative && existsSync(`${root}${relative}`) ? `${root}${relative}` : null;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    desktop?.kill(signal);
    server.kill(signal);
  });
}
server.on('exit', (code) => process.exit(code ?? 0));
