// Builds every runnable part into dist/: the renderer (Vite), the sync server, and the desktop shell's
// main and preload (esbuild). Plain JavaScript so it runs before anything is compiled.
import { readFile } from 'node:fs/promises';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const root = new URL('..', import.meta.url).pathname;
const define = { __SWITCHBOARD_VERSION__: JSON.stringify(pkg.version) };
const only = new Set(process.argv.slice(2));
const want = (part) => only.size === 0 || only.has(part);

const started = Date.now();
if (want('renderer')) {
  await viteBuild({ configFile: `${root}vite.config.ts`, logLevel: 'warn' });
}
if (want('server')) {
  await esbuild({
    entryPoints: [`${root}server/main.ts`],
    outfile: `${root}dist/server/main.js`,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    define,
    logLevel: 'warning',
  });
}
if (want('desktop')) {
  // Main and preload are CommonJS: Electron's sandboxed preload cannot load ES modules.
  await esbuild({
    entryPoints: [`${root}main/platform/electron-main.ts`],
    outfile: `${root}dist/main/main.cjs`,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron'],
    define,
    logLevel: 'warning',
  });
  await esbuild({
    entryPoints: [`${root}preload/preload.ts`],
    outfile: `${root}dist/preload/preload.cjs`,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron'],
    logLevel: 'warning',
  });
}
console.log(`build: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
