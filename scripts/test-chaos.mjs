// `npm run test:chaos`: the long tier of the fault suite (issue 7), on demand. Builds the server the
// tests start, then runs test/integration/chaos with CHAOS_TIER=long (20 clients × 500 mutations with 5
// server kills, 2,000 hostile payloads per event, the authorization matrix), the browser-kill and
// dead-route tests in Chromium. `npm test` runs the short tier of the same files. Replay a run with CHAOS_SEED=<seed>.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findChromium } from './find-chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const env = { ...process.env, CHAOS_TIER: 'long' };
const run = (command, args, extra = {}) => spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...env, ...extra } }).status === 0;

if (!run(process.execPath, [`${root}scripts/build.mjs`])) process.exit(1);
const integration = run(npx, ['vitest', 'run', 'test/integration/chaos']);
const chromium = await findChromium();
const browser = run(npx, ['playwright', 'test', 'test/e2e/browser-kill.spec.ts', 'test/e2e/dead-route.spec.ts', '--reporter=list'], { CHROMIUM_PATH: chromium });
console.log(`\nchaos: integration ${integration ? 'passed' : 'FAILED'}, browser kill and dead route ${browser ? 'passed' : 'FAILED'}`);
process.exit(integration && browser ? 0 : 1);
