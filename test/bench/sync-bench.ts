import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { newId } from '../../core/ids';
import { MAX_PUSH_BATCH, type MutationArgs } from '../../core/protocol/sync-schemas';
import { loginAs } from '../support/api-client';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { DATABASE_FILE } from '../../server/storage/database';
import { beforeRun, insertRaw, rowsWritten } from './raw-same-rows';
import { SyncTestClient, ticketArgs } from '../support/sync-test-client';
import { Workstation } from '../support/workstation-harness';
import { escalationReach } from './escalation-bench';
import { fanOut } from './fan-out-bench';
import { summarise, type Figure } from './figures';

/** Push throughput: how many clients push at once, and how many batches each. */
const PUSH_CLIENTS = 4;
const PUSH_BATCHES = 25;
/**
 * Rounds of the push figure, each on a fresh server beside its own raw inserts. On this shared machine one
 * round's share of raw moved by a fifth from run to run; the figure is the median round.
 */
const PUSH_ROUNDS = 3;
/** Offline changes queued before the reconnect. */
const OUTBOX_SIZE = 1_000;
/** BENCH_SYNC=push,drain runs some of the sync figures while working on one (names as in MEASURES). */
const SYNC_ONLY = process.env.BENCH_SYNC?.split(',').map((part) => part.trim());

/**
 * Server-side figures on a fresh demo workspace: push throughput beside raw SQLite inserts of the rows it
 * stored, fan-out to 199 other clients beside a bare Socket.IO relay, an escalation's way to the
 * supervisor, and the drain of an outbox of 1,000 offline changes.
 */
export async function runSyncBench(): Promise<Figure[]> {
  const figures: Figure[] = [];
  // Each figure on its own fresh server, so one's leftovers (10,000 pushed tickets) do not weigh on the next.
  const measures: Record<string, (server: ServerProcess) => Promise<Figure>> = {
    push: pushRounds,
    fanout: (s) => fanOut(s.url),
    escalation: (s) => escalationReach(s.url),
    drain: (s) => outboxDrain(s.url),
  };
  for (const [name, measure] of Object.entries(measures)) {
    if (SYNC_ONLY && !SYNC_ONLY.includes(name)) continue;
    const server = await startServerProcess();
    try {
      figures.push(await measure(server));
    } finally {
      await server.stop();
    }
  }
  return figures;
}

/** What one round of the push figure measured. */
interface PushRound {
  readonly applied: number;
  readonly seconds: number;
  /** Mutations a second, and the same mutations' rows inserted raw. */
  readonly rate: number;
  readonly raw: number;
  readonly rows: string;
  readonly bare: number;
}

/** The push figure: the first round on the server it is given, the others each on a fresh one. */
async function pushRounds(first: ServerProcess): Promise<Figure> {
  const rounds = [await pushRound(first)];
  while (rounds.length < PUSH_ROUNDS) {
    const server = await startServerProcess();
    try {
      rounds.push(await pushRound(server));
    } finally {
      await server.stop();
    }
  }
  const share = (round: PushRound) => round.rate / round.raw;
  // The median round by its share of raw: its rate and its raw side were measured together.
  const median = [...rounds].sort((a, b) => share(a) - share(b))[Math.floor(rounds.length / 2)]!;
  const slowest = Math.min(...rounds.map((r) => r.rate));
  const pct = (round: PushRound) => `${(share(round) * 100).toFixed(1)} %`;
  return {
    name: `push: ${PUSH_CLIENTS} clients × ${PUSH_BATCHES} batches of ${MAX_PUSH_BATCH} ticket.create`,
    unit: 'ops/s', samples: rounds.reduce((n, r) => n + r.applied, 0), median: median.rate, p95: slowest, p99: slowest,
    target: '≥ 30 % of raw inserts', met: share(median) >= 0.3,
    raw: { name: 'raw better-sqlite3 inserts of the rows these mutations stored, same database and indexes, same transactions, synchronous=FULL', median: median.raw, p95: median.raw },
    note: `${pct(median)} of raw in the median of ${rounds.length} rounds on fresh servers (${rounds.map((r) => `${pct(r)}: ${r.applied} applied in ${r.seconds.toFixed(2)} s, raw ${r.raw.toFixed(0)} ops/s`).join('; ')}); p95 column: the slowest round; ${median.rows}; one bare row per mutation into an unindexed table: ${median.bare.toFixed(0)} ops/s (${(median.rate / median.bare * 100).toFixed(1)} %)`,
  };
}

/**
 * Mutations a second applied, committed with synchronous=FULL and acknowledged, from concurrent clients,
 * beside the rows those mutations stored inserted raw into the same database as it was before.
 */
async function pushRound(server: ServerProcess): Promise<PushRound> {
  const token = await loginAs(server.url, 'ada@demo.switchboard');
  const clients = await Promise.all(Array.from({ length: PUSH_CLIENTS }, () => SyncTestClient.connect(server.url, token)));
  const batches = clients.map(() => Array.from({ length: PUSH_BATCHES }, () => Array.from({ length: MAX_PUSH_BATCH }, () => ({ name: 'ticket.create' as const, args: ticketArgs() as MutationArgs<'ticket.create'> }))));
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'switchboard-raw-'));
  try {
    const databaseFile = path.join(server.dataDir, DATABASE_FILE);
    const before = beforeRun(databaseFile, path.join(scratch, 'before.sqlite'));
    const started = performance.now();
    let applied = 0;
    await Promise.all(
      clients.map(async (client, c) => {
        for (const batch of batches[c]!) {
          const response = await client.push(batch);
          if (!response.ok) throw new Error(`push refused: ${response.error.code}`);
          applied += response.outcomes.filter((o) => o.status === 'applied').length;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    for (const client of clients) client.socket.close();
    const rate = applied / seconds;
    const written = rowsWritten(databaseFile, before);
    const rows = [...written.values()].reduce((n, r) => n + r.length, 0);
    const raw = applied / (insertRaw(before, written, PUSH_CLIENTS * PUSH_BATCHES) / 1000);
    const bare = bareInserts(batches.flat(), scratch);
    const stored = `${rows} rows stored (${(rows / applied).toFixed(1)} per mutation, ${[...written].map(([t, r]) => `${t} ${r.length}`).join(', ')})`;
    return { applied, seconds, rate, raw, rows: stored, bare };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The floor of floors: one row per mutation (the ticket's fields) into a table without indexes, one transaction per batch. */
function bareInserts(batches: ReadonlyArray<ReadonlyArray<{ args: MutationArgs<'ticket.create'> }>>, scratch: string): number {
  const db = new Database(path.join(scratch, 'bare.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE tickets (id TEXT PRIMARY KEY, subject TEXT, description TEXT, channel TEXT, category_id TEXT, impact TEXT, urgency TEXT, team_id TEXT, created_at TEXT, data TEXT)');
    const insert = db.prepare('INSERT INTO tickets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const write = db.transaction((rows: ReadonlyArray<{ args: MutationArgs<'ticket.create'> }>) => {
      for (const { args: a } of rows) insert.run(newId(), a.subject, a.description, a.channel, a.categoryId, a.impact, a.urgency, a.teamId, a.createdAt, JSON.stringify(a));
    });
    const started = performance.now();
    for (const batch of batches) write(batch);
    return batches.reduce((n, b) => n + b.length, 0) / ((performance.now() - started) / 1000);
  } finally {
    db.close();
  }
}

/** 1,000 changes made offline in the real sync engine (fake-indexeddb in Node), from reconnect to all confirmed. */
async function outboxDrain(url: string): Promise<Figure> {
  const token = await loginAs(url, 'ben@demo.switchboard');
  const ben = new Workstation('', token);
  try {
    await ben.goOnline(url);
    await ben.sync();
    ben.goOffline();
    for (let i = 0; i < OUTBOX_SIZE; i++) {
      const made = await ben.engine.mutate('ticket.create', ticketArgs({ subject: `Offline call ${i}` }) as MutationArgs<'ticket.create'>);
      if (!made.ok) throw new Error(`offline change refused: ${JSON.stringify(made.error)}`);
    }
    const started = performance.now();
    await ben.goOnline(url);
    await ben.sync();
    const left = await ben.engine.pendingCount();
    const ms = performance.now() - started;
    if (left !== 0) throw new Error(`${left} changes still waiting after the drain`);
    return {
      name: `outbox drain: ${OUTBOX_SIZE.toLocaleString('en')} offline changes, reconnect → all confirmed`,
      unit: 'ms', ...summarise([ms]),
      target: '≤ 3000 ms', met: ms <= 3000,
      note: 'the real sync engine in Node over fake-indexeddb (slower than Chromium\'s IndexedDB), the real server and socket',
    };
  } finally {
    ben.close();
  }
}
