// `npm test`: every test Switchboard has, in one command that works on a fresh clone.
// Stages: install dependencies if missing → typecheck → lint → build → unit and integration (vitest) →
// end-to-end in real Chromium (Playwright). Every stage runs; the exit code says if any failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findChromium } from './find-chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const reports = `${root}test-results/reports`;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const failures = [];
const counts = { passed: 0, failed: 0, skipped: 0 };

function run(stage, command, args, env = {}) {
  console.log(`\n── ${stage} ──`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`── ${stage}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (result.status !== 0) failures.push(stage);
  return result.status === 0;
}

if (!existsSync(`${root}node_modules/.package-lock.json`)) {
  // Electron's and Playwright's own downloads cannot run here; neither is needed to test.
  const installed = run('install dependencies (npm ci)', npm, ['ci'], {
    ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
  });
  if (!installed) process.exit(1);
}
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

run('typecheck', npm, ['run', '--silent', 'typecheck']);
run('lint', npm, ['run', '--silent', 'lint']);
// Built first: the crash tests and the end-to-end tests run the real dist/server/main.js.
const built = run('build', process.execPath, [`${root}scripts/build.mjs`]);
run('unit and integration tests (vitest)', npx, ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reports}/vitest.json`]);
addVitestCounts(`${reports}/vitest.json`);

if (built) {
  let chromium = null;
  try {
    chromium = await findChromium();
    console.log(`e2e: using ${chromium}`);
  } catch (error) {
    console.error(`\n${error.message}`);
    failures.push('find Chromium');
  }
  if (chromium) {
    run('end-to-end tests (Playwright, Chromium)', npx, ['playwright', 'test', '--reporter=list,json'], {
      CHROMIUM_PATH: chromium,
      PLAYWRIGHT_JSON_OUTPUT_NAME: `${reports}/playwright.json`,
    });
    addPlaywrightCounts(`${reports}/playwright.json`);
  }
}

console.log(`\n${failures.length ? `FAILED stages: ${failures.join(', ')}` : 'All stages passed.'}`);
// The plain closing line CI reads.
console.log(`tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(failures.length ? 1 : 0);

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

function addVitestCounts(path) {
  const report = readJson(path);
  if (!report) return;
  counts.passed += report.numPassedTests ?? 0;
  counts.failed += report.numFailedTests ?? 0;
  counts.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}

function addPlaywrightCounts(path) {
  const report = readJson(path);
  if (!report?.stats) return;
  counts.passed += report.stats.expected ?? 0;
  counts.failed += (report.stats.unexpected ?? 0) + (report.stats.flaky ?? 0);
  counts.skipped += report.stats.skipped ?? 0;
}
