import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from '@playwright/test';
import { startServerProcess } from '../support/server-process';
import { capacity } from './capacity-bench';
import { table, type Figure } from './figures';
import { seedLoadWorkspace } from './seed-load';
import { runSyncBench } from './sync-bench';
import { runUiBench, type OpenWorkstation } from './ui-bench';

/**
 * `npm run bench`: builds nothing itself (scripts/bench.mjs does), seeds a load workspace, starts the
 * built server on loopback and measures each figure beside its raw limit in the same run. Sizes can be
 * lowered for a quick look: BENCH_TICKETS=10000 npm run bench.
 */
const TICKETS = Number(process.env.BENCH_TICKETS ?? 100_000);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 5_000);
/** BENCH_ONLY=sync,capacity,ui runs a subset while working on one figure; the full run is all three. */
const ONLY = new Set((process.env.BENCH_ONLY ?? 'sync,capacity,ui').split(',').map((part) => part.trim()));
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

async function main(): Promise<void> {
  const started = Date.now();
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-'));
  const figures: Figure[] = [];
  try {
    if (ONLY.has('sync')) {
      console.log('bench: sync server (push throughput beside raw SQLite, fan-out, escalation reach, outbox drain)…');
      figures.push(...(await runSyncBench()));
    }
    if (ONLY.has('capacity')) {
      console.log('bench: capacity (1,000 socket clients on one server)…');
      figures.push(...(await capacity()));
    }
    if (ONLY.has('ui')) await uiFigures(dataDir, chromiumPath, figures);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }

  const chromiumVersion = execFileSync(chromiumPath, ['--version'], { encoding: 'utf8' }).trim();
  const results = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), platform: `${os.platform()} ${os.release()}` },
    node: process.version,
    chromium: chromiumVersion,
    sizes: { tickets: TICKETS, customers: CUSTOMERS },
    durationSeconds: Math.round((Date.now() - started) / 1000),
    figures,
  };
  mkdirSync('bench', { recursive: true });
  // A partial run (BENCH_ONLY) must not pass for a whole one.
  const file = ONLY.size === 3 ? 'results.json' : `results-${[...ONLY].join('-')}.json`;
  writeFileSync(path.join('bench', file), `${JSON.stringify({ ...results, parts: [...ONLY] }, null, 2)}\n`);
  console.log(`\n${table(figures)}\n`);
  for (const f of figures) if (f.note) console.log(`note: ${f.name}: ${f.note}`);
  console.log(`bench: ${results.chromium}, Node ${results.node}, ${results.machine.cpus} cores; wrote bench/${file} in ${results.durationSeconds} s`);
}

/** The workstation's figures in Chromium, on a seeded load workspace. */
async function uiFigures(dataDir: string, chromiumPath: string, figures: Figure[]): Promise<void> {
  console.log(`bench: seeding ${TICKETS.toLocaleString('en')} tickets and ${CUSTOMERS.toLocaleString('en')} customers…`);
  const seedStarted = Date.now();
  const { ada } = await seedLoadWorkspace(dataDir, { tickets: TICKETS, customers: CUSTOMERS });
  console.log(`bench: seeded in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);
  const server = await startServerProcess({ dataDir });
  // Each workstation in a profile on disk, as an agent's mirror is. Not an incognito context: its IndexedDB
  // lives in the browser process's memory, and in Chromium 150 its puts slow down with the store's size (20,000
  // and 40,000 1 KB rows took 9.4 and 27.0 s, against 4.1 and 7.0 s on disk); at 100,000 tickets the bench
  // ran past 20 minutes and the page was lost in the raw puts (docs/performance.md, "Eighteenth session").
  const open: Array<() => Promise<void>> = [];
  const openWorkstation: OpenWorkstation = async () => {
    const profile = mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-profile-'));
    const launched: { context?: BrowserContext } = {};
    let closed = false;
    // Registered before the launch: a profile of 100,000 tickets is hundreds of megabytes left on disk.
    const close = async () => {
      if (closed) return;
      closed = true;
      await launched.context?.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
    };
    open.push(close);
    const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, args: CHROMIUM_ARGS, headless: true, viewport: { width: 1400, height: 900 } });
    launched.context = context;
    return { context, close };
  };
  try {
    console.log('bench: workstation in Chromium (bootstrap, reload, triage, scroll, search)…');
    figures.push(...(await runUiBench(openWorkstation, { url: server.url, userId: ada, tickets: TICKETS, email: 'ada@demo.switchboard', password: 'switchboard-demo' })));
  } finally {
    for (const close of open) await close().catch((error: unknown) => console.error('bench: a browser profile was not removed:', error));
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
