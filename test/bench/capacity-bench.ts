import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { api, loginAs } from '../support/api-client';
import { startServerProcess } from '../support/server-process';
import { SyncTestClient } from '../support/sync-test-client';
import { SLOW_DELIVERY_MS, type CapacityOrder, type CapacityReport } from './capacity-clients';
import { summarise, type Figure } from './figures';

const CLIENTS = Number(process.env.BENCH_CAPACITY_CLIENTS ?? 1_000);
/** Each client sends one mutation about this often (spread at random, so they do not march in step). */
const EVERY_MS = Number(process.env.BENCH_CAPACITY_EVERY_MS ?? 5_000);
const DURATION_MS = Number(process.env.BENCH_CAPACITY_DURATION_MS ?? 30_000);
/**
 * Seconds of load before the counted run, on the fresh server and clients. Their first notes run cold code
 * on both sides: in runs of the figure alone, notes sent in the first second of the load were 95-100 % of
 * the deliveries over 200 ms, and enough to set the p99 (docs/performance.md, "Twenty-fifth session"). The
 * fan-out figure leaves its first rounds out for the same reason; the note gives the warm-up's own p99.
 */
const WARM_UP_MS = Number(process.env.BENCH_CAPACITY_WARM_UP_MS ?? 5_000);
/** Load processes the clients are spread over. */
const PROCESSES = Number(process.env.BENCH_CAPACITY_PROCESSES ?? 2);
const USERS = ['ada', 'ben', 'bea', 'carl', 'cleo'];

/** CPU seconds and resident memory of a process, from /proc (Linux). */
function usage(pid: number): { cpuSeconds: number; rssMiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]);
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return { cpuSeconds: ticks / 100, rssMiB: Number(rss ?? 0) / 1024 };
}

/** A forked load process and its answers, one at a time, in order. */
interface LoadProcess {
  readonly child: ChildProcess;
  ask(order: CapacityOrder): Promise<CapacityReport>;
}

function forkLoadProcess(): LoadProcess {
  const child = fork(path.join(path.dirname(fileURLToPath(import.meta.url)), 'capacity-clients.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
  // They stand in for a thousand other machines: where they and the server both want a core, the server
  // comes first (raising one's own niceness needs no privilege).
  const nice = Number(process.env.BENCH_CAPACITY_NICE ?? 10);
  if (child.pid !== undefined && nice !== 0) os.setPriority(child.pid, nice);
  const waiting: Array<{ resolve: (report: CapacityReport) => void; reject: (error: Error) => void }> = [];
  child.on('message', (report: CapacityReport) => waiting.shift()?.resolve(report));
  child.on('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`capacity load process exited with ${code}`));
  });
  return {
    child,
    ask: (order) =>
      new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        child.send(order);
      }),
  };
}

/**
 * 1,000 agents' connections on one server process, each adding a note to one of its team's tickets every
 * few seconds, every client pulling on each poke like the workstation does (one pull at a time). Reports
 * how many connected, the fan-out from a note to every other client of the team, and the server's CPU and
 * memory per connection. The clients run in forked load processes (capacity-clients.ts), each with its
 * own event loop, as real workstations would; they still share the two cores with the server.
 */
export async function capacity(): Promise<Figure[]> {
  const server = await startServerProcess({ args: ['--escalation-interval', '0'] });
  const loads = Array.from({ length: PROCESSES }, forkLoadProcess);
  try {
    const tokens = new Map<string, string>();
    const ticketsOf = new Map<string, string[]>();
    for (const user of USERS) {
      const token = await loginAs(server.url, `${user}@demo.switchboard`);
      tokens.set(user, token);
      const list = await api<{ tickets: Array<{ id: string; status: string }> }>(server.url, '/api/tickets?limit=50&status=open,new', { token });
      ticketsOf.set(user, list.body.tickets.map((t) => t.id));
    }
    const idle = usage(server.child.pid!);
    // Seats dealt round-robin over the agents, then over the load processes.
    const seats = Array.from({ length: CLIENTS }, (_, i) => {
      const user = USERS[i % USERS.length]!;
      return { token: tokens.get(user)!, tickets: ticketsOf.get(user)! };
    });
    let connectedCount = 0;
    let failed = 0;
    for (const [index, load] of loads.entries()) {
      const report = await load.ask({ step: 'connect', url: server.url, seats: seats.filter((_, i) => i % loads.length === index) });
      if (report.step !== 'connected') throw new Error('capacity load process answered out of turn');
      connectedCount += report.connected;
      failed += report.failed;
    }
    // Everyone starts at the end of the log, as a workstation does after its bootstrap.
    const probe = await SyncTestClient.connect(server.url, tokens.get(USERS[0]!)!);
    await probe.pullAll();
    const cursor = probe.cursor;
    probe.close();
    const connected = usage(server.child.pid!);

    const started = performance.now();
    const countFrom = performance.timeOrigin + started + WARM_UP_MS;
    const before = usage(server.child.pid!);
    const reports = await Promise.all(loads.map((load) => load.ask({ step: 'run', cursor, countFrom, durationMs: DURATION_MS, everyMs: EVERY_MS, settleMs: 2_000 })));
    const after = usage(server.child.pid!);
    const seconds = (performance.now() - started) / 1000;
    const acks: number[] = [];
    const fanOut: number[] = [];
    const warmUpFanOut: number[] = [];
    const slowBySecond = new Map<number, number>();
    let refused = 0;
    let loadCpuSeconds = 0;
    for (const report of reports) {
      if (report.step !== 'done') throw new Error('capacity load process answered out of turn');
      acks.push(...report.acks);
      for (const sample of report.fanOut) fanOut.push(sample);
      for (const sample of report.warmUpFanOut) warmUpFanOut.push(sample);
      for (const [second, count] of report.slowBySecond) slowBySecond.set(second, (slowBySecond.get(second) ?? 0) + count);
      refused += report.refused;
      loadCpuSeconds += report.cpuSeconds;
    }
    const ack = summarise(acks);
    const spread = summarise(fanOut);
    const perConnectionKiB = ((connected.rssMiB - idle.rssMiB) * 1024) / Math.max(connectedCount, 1);
    // Under load the server also holds socket buffers, pull pages and SQLite caches: the growth per client, all included.
    const perConnectionLoadedKiB = ((after.rssMiB - idle.rssMiB) * 1024) / Math.max(connectedCount, 1);
    const cpu = ((after.cpuSeconds - before.cpuSeconds) / seconds) * 100;
    // On two cores, what the load processes use the server cannot.
    const clientsCpu = (loadCpuSeconds / seconds) * 100;
    const note = `${connectedCount} of ${CLIENTS} connected (${failed} failed) from ${loads.length} load processes; ${acks.length} notes applied in the ${DURATION_MS / 1000} s counted (${(acks.length / (DURATION_MS / 1000)).toFixed(0)}/s), ${refused} refused or lost in flight over the whole run; server CPU ${cpu.toFixed(0)} % of one core, the load processes ${clientsCpu.toFixed(0)} % together (over the whole run, warm-up and settling included); RSS ${idle.rssMiB.toFixed(0)} MiB idle, ${connected.rssMiB.toFixed(0)} MiB with the clients connected (${perConnectionKiB.toFixed(0)} KiB per connection), ${after.rssMiB.toFixed(0)} MiB at the end (${perConnectionLoadedKiB.toFixed(0)} KiB per client, buffers and caches included)`;
    const tail = slowDeliveries(slowBySecond, fanOut.length);
    const warmUp = warmUpFanOut.length > 0 ? `the first ${WARM_UP_MS / 1000} s of load not counted (p99 ${summarise(warmUpFanOut).p99.toFixed(0)} ms over ${warmUpFanOut.length} deliveries)` : 'no warm-up';
    return [
      { name: `capacity: ${CLIENTS} clients connected`, unit: 'x', samples: CLIENTS, median: connectedCount, p95: connectedCount, p99: connectedCount, target: `${CLIENTS} of ${CLIENTS}`, met: connectedCount === CLIENTS, note },
      { name: `capacity: note pushed → acknowledged, ${CLIENTS} clients, one note each every ~${EVERY_MS / 1000} s`, unit: 'ms', ...ack, target: '(diagnostic)', met: null },
      { name: `capacity: note → in every other client of the team (fan-out), ${CLIENTS} clients`, unit: 'ms', ...spread, target: 'p99 ≤ 250 ms', met: spread.p99 <= 250, note: `server CPU ${cpu.toFixed(0)} % of one core, the load processes ${clientsCpu.toFixed(0)} %; RSS per client ${perConnectionKiB.toFixed(0)} KiB idle, ${perConnectionLoadedKiB.toFixed(0)} KiB under load; ${warmUp}; ${tail}` },
    ];
  } finally {
    for (const load of loads) if (load.child.exitCode === null) load.child.kill();
    await server.stop();
  }
}

/**
 * Where the fan-out's slow tail comes from: counted deliveries over SLOW_DELIVERY_MS by the second of the
 * counted run their note was sent in. A few seconds holding most of them is one stall (a pause of the
 * server or of the machine); a tail spread over the run is the load itself.
 */
function slowDeliveries(bySecond: ReadonlyMap<number, number>, deliveries: number): string {
  const slow = [...bySecond.values()].reduce((n, count) => n + count, 0);
  if (slow === 0) return `no delivery over ${SLOW_DELIVERY_MS} ms`;
  const worst = [...bySecond].sort((a, b) => b[1] - a[1]).slice(0, 5);
  const inWorst = worst.reduce((n, [, count]) => n + count, 0);
  const seconds = bySecond.size === 1 ? 'one second' : `${bySecond.size} seconds`;
  return `${slow} of ${deliveries} deliveries over ${SLOW_DELIVERY_MS} ms (${((slow / deliveries) * 100).toFixed(2)} %), from notes sent in ${seconds} of the counted run; ${((inWorst / slow) * 100).toFixed(0)} % of them in its worst five (second: deliveries): ${worst.map(([second, count]) => `${second}: ${count}`).join(', ')}`;
}
