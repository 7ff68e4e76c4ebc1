// `npm run bench`: builds the app, bundles the benchmark (test/bench, TypeScript) and runs it with Node.
// The figures and their targets are in docs/performance.md.
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { findChromium } from './find-chromium.mjs';

const root = new URL('..', import.meta.url).pathname;
const run = (args, env = process.env) => spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root, env });
if (run([`${root}scripts/build.mjs`]).status !== 0) process.exit(1);
await build({
  // The capacity bench forks its load processes from their own bundle beside this one.
  entryPoints: [`${root}test/bench/run-bench.ts`, `${root}test/bench/capacity-clients.ts`],
  outdir: `${root}dist/bench`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
const chromium = await findChromium();
process.exit(run([`${root}dist/bench/run-bench.js`], { ...process.env, CHROMIUM_PATH: chromium }).status ?? 1);
